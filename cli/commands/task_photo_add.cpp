// envgrid task photo add PROJECT TASK_ID FILE [--photos DIR] [--lon X --lat Y]
//   [--user NAME]: keeps a photo of a task (JPEG or PNG, at most 20 MB) with
//   its time and position (EXIF, else the device's --lon/--lat), its distance
//   to the task's point and a thumbnail made here; the same photo once.

#include <filesystem>
#include <iostream>

#include "envgrid/gis/bounded_input.hpp"
#include "envgrid/gis/error.hpp"
#include "envgrid/tasks/photo_keep.hpp"
#include "registry.hpp"
#include "task_common.hpp"

namespace envgrid::cli {
namespace {

std::string photos_folder(const ParsedArgs& args, const gis::Store& store) {
  if (auto dir = args.get("--photos")) return std::filesystem::absolute(*dir).string();
  if (auto folder = tasks::default_photo_folder(store)) return *folder;
  gis::throw_usage_error("a PostGIS store needs --photos DIR");
}

int run(const ParsedArgs& args) {
  if (args.positionals.size() != 3) gis::throw_usage_error("expected PROJECT TASK_ID FILE");
  const std::string& task_id = args.positionals[1];
  const std::string& file = args.positionals[2];
  if (args.has("--lon") != args.has("--lat")) gis::throw_usage_error("--lon and --lat go together");
  tasks::PhotoUpload upload;
  upload.bytes = gis::read_bounded_text_file(file, tasks::max_photo_bytes,
                                             {.step = "task photo add", .dataset = file});
  upload.source = file;
  if (tasks::sniff_photo_type(upload.bytes).empty()) {
    gis::throw_input_error("is neither a JPEG nor a PNG image",
                           {.step = "task photo add", .dataset = file});
  }
  if (args.has("--lon")) {
    upload.device_lon = args.get_double("--lon");
    upload.device_lat = args.get_double("--lat");
  }
  gis::Store store = gis::Store::open(args.positionals[0], true);
  const tasks::Actor actor = task_actor(store, args);
  upload.folder = photos_folder(args, store);
  const tasks::KeptPhoto kept = tasks::keep_task_photo(store, task_id, upload, actor);
  const tasks::PhotoInput& photo = kept.photo;
  std::cout << kept.stored.photo_id << "\t" << (kept.stored.added ? "added" : "already_stored")
            << "\t" << photo.taken_at << "\t" << photo.position_source << "\t";
  if (kept.stored.distance_m) std::cout << *kept.stored.distance_m;
  std::cout << "\t" << photo.file << "\n";
  return 0;
}

const CommandRegistrar registrar(Command{
    .path = "task photo add",
    .summary = "keep a photo of a task with its time, position, distance and a thumbnail",
    .usage = "PROJECT TASK_ID FILE [--photos DIR] [--lon X --lat Y] [--user NAME]",
    .options = {{"--photos", "", true,
                 "folder the photos are kept in (DEFAULT: PROJECT.photos beside a GeoPackage)",
                 true},
                {"--lon", "", true, "WGS 84 longitude where it was taken, when EXIF has none"},
                {"--lat", "", true, "WGS 84 latitude, with --lon"},
                task_user_option()},
    .run = run,
});

}  // namespace
}  // namespace envgrid::cli
