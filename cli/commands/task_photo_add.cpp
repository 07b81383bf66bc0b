// envgrid task photo add PROJECT TASK_ID FILE [--photos DIR] [--lon X --lat Y]
//   [--user NAME]: keeps a photo of a task (JPEG or PNG, at most 20 MB) with
//   its time and position (EXIF, else the device's --lon/--lat), its distance
//   to the task's point and a thumbnail made here; the same photo once.

#include <filesystem>
#include <iostream>

#include "envgrid/gis/atomic_file.hpp"
#include "envgrid/gis/bounded_input.hpp"
#include "envgrid/gis/error.hpp"
#include "envgrid/grid/draw.hpp"
#include "envgrid/imagery/photo_metadata.hpp"
#include "envgrid/imagery/thumbnail.hpp"
#include "envgrid/tasks/photo_store.hpp"
#include "registry.hpp"
#include "task_common.hpp"

namespace envgrid::cli {
namespace {

constexpr std::size_t max_photo_bytes = std::size_t{20} << 20;

// The type from the bytes, never from the name: "jpg", "png", or "".
std::string sniffed_type(const std::string& bytes) {
  if (bytes.rfind("\xFF\xD8\xFF", 0) == 0) return "jpg";
  if (bytes.rfind("\x89PNG\r\n\x1A\n", 0) == 0) return "png";
  return "";
}

std::string photos_folder(const ParsedArgs& args, const gis::Store& store) {
  if (auto dir = args.get("--photos")) return std::filesystem::absolute(*dir).string();
  if (store.is_postgis()) gis::throw_usage_error("a PostGIS store needs --photos DIR");
  return std::filesystem::absolute(store.location() + ".photos").string();
}

// EXIF time and position of a JPEG; the device's position when EXIF has none.
void fill_when_and_where(const ParsedArgs& args, const std::string& file, const std::string& type,
                         tasks::PhotoInput& photo) {
  if (type == "jpg") {
    const imagery::PhotoMetadata exif = imagery::read_photo_metadata(file);
    photo.taken_at = exif.taken_at;
    if (exif.lon_deg && exif.lat_deg) {
      photo.lon = exif.lon_deg;
      photo.lat = exif.lat_deg;
      photo.position_source = "exif";
    }
  }
  if (photo.taken_at.empty()) photo.taken_at = gis::utc_now_iso8601();
  if (!photo.lon && args.has("--lon") != args.has("--lat")) {
    gis::throw_usage_error("--lon and --lat go together");
  }
  if (!photo.lon && args.has("--lon")) {
    photo.lon = args.get_double("--lon");
    photo.lat = args.get_double("--lat");
    photo.position_source = "device";
  }
}

int run(const ParsedArgs& args) {
  if (args.positionals.size() != 3) gis::throw_usage_error("expected PROJECT TASK_ID FILE");
  const std::string& task_id = args.positionals[1];
  const std::string& file = args.positionals[2];
  const std::string bytes = gis::read_bounded_text_file(
      file, max_photo_bytes, {.step = "task photo add", .dataset = file});
  const std::string type = sniffed_type(bytes);
  if (type.empty()) {
    gis::throw_input_error("is neither a JPEG nor a PNG image",
                           {.step = "task photo add", .dataset = file});
  }
  gis::Store store = gis::Store::open(args.positionals[0], true);
  const tasks::Actor actor = task_actor(store, args);
  tasks::PhotoInput photo;
  photo.sha256 = grid::sha256_hex(bytes);
  fill_when_and_where(args, file, type, photo);
  const std::string folder = photos_folder(args, store) + "/" + task_id;
  const std::string name = tasks::photo_id_for(task_id, photo.sha256);
  photo.file = folder + "/" + name + "." + type;
  photo.thumbnail = folder + "/" + name + ".thumb.jpg";
  const std::string thumbnail = imagery::thumbnail_jpeg(file);
  // Same bytes, same names: a photo already kept is written over with itself.
  const bool kept_before = std::filesystem::exists(photo.file);
  std::filesystem::create_directories(folder);
  gis::write_file_atomically(photo.file, bytes);
  gis::write_file_atomically(photo.thumbnail, thumbnail);
  tasks::TaskPhoto stored;
  try {
    stored = tasks::record_task_photo(store, task_id, photo, actor);
  } catch (...) {
    // Refused (no such task, not with its team): no file without its row.
    if (!kept_before) {
      std::error_code ignored;
      std::filesystem::remove(photo.file, ignored);
      std::filesystem::remove(photo.thumbnail, ignored);
    }
    throw;
  }
  std::cout << stored.photo_id << "\t" << (stored.added ? "added" : "already_stored") << "\t"
            << photo.taken_at << "\t" << photo.position_source << "\t";
  if (stored.distance_m) std::cout << *stored.distance_m;
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
