// Keeping a task photo: sniffed, capped, named by task and hash, EXIF read,
// thumbnail made, row recorded.

#include "envgrid/tasks/photo_keep.hpp"

#include <filesystem>

#include "envgrid/gis/atomic_file.hpp"
#include "envgrid/gis/error.hpp"
#include "envgrid/gis/log.hpp"
#include "envgrid/grid/draw.hpp"
#include "envgrid/imagery/photo_metadata.hpp"
#include "envgrid/imagery/thumbnail.hpp"

namespace envgrid::tasks {

namespace {

// EXIF time and position of a JPEG; the device's position when EXIF has none.
void fill_when_and_where(const PhotoUpload& upload, const std::string& type, PhotoInput& photo) {
  if (type == "jpg") {
    try {
      const imagery::PhotoMetadata exif = imagery::read_photo_metadata(photo.file);
      photo.taken_at = exif.taken_at;
      if (exif.lon_deg && exif.lat_deg) {
        photo.lon = exif.lon_deg;
        photo.lat = exif.lat_deg;
        photo.position_source = "exif";
      }
    } catch (const gis::Error&) {
      // No EXIF (a browser's or a messenger's re-encoded JPEG): the time of
      // arrival and the device's position. A photo that is not an image at
      // all is refused by the thumbnail below.
    }
  }
  if (photo.taken_at.empty()) photo.taken_at = gis::utc_now_iso8601();
  if (!photo.lon && upload.device_lon && upload.device_lat) {
    photo.lon = upload.device_lon;
    photo.lat = upload.device_lat;
    photo.position_source = "device";
  }
}

}  // namespace

std::string sniff_photo_type(const std::string& bytes) {
  if (bytes.rfind("\xFF\xD8\xFF", 0) == 0) return "jpg";
  if (bytes.rfind("\x89PNG\r\n\x1A\n", 0) == 0) return "png";
  return "";
}

std::optional<std::string> default_photo_folder(const gis::Store& store) {
  if (store.is_postgis()) return std::nullopt;
  return std::filesystem::absolute(store.location() + ".photos").string();
}

namespace {

// Refused: no file without its row (unless the same bytes were kept before).
void forget_files(const PreparedPhoto& prepared) {
  if (prepared.kept_before) return;
  std::error_code ignored;
  std::filesystem::remove(prepared.photo.file, ignored);
  std::filesystem::remove(prepared.photo.thumbnail, ignored);
}

}  // namespace

PreparedPhoto prepare_task_photo(gis::Store& store, const std::string& task_id,
                                 const PhotoUpload& upload) {
  const gis::ErrorContext where{.step = "task photo", .dataset = upload.source};
  if (upload.bytes.size() > max_photo_bytes) {
    gis::throw_input_error("is larger than 20 MB", where);
  }
  const std::string type = sniff_photo_type(upload.bytes);
  if (type.empty()) gis::throw_input_error("is neither a JPEG nor a PNG image", where);
  // Before anything is written: the task id names a folder.
  if (!find_task(store, task_id)) gis::throw_input_error("no task '" + task_id + "'", where);
  PreparedPhoto prepared;
  PhotoInput& photo = prepared.photo;
  photo.sha256 = grid::sha256_hex(upload.bytes);
  const std::string folder = upload.folder + "/" + task_id;
  const std::string name = photo_id_for(task_id, photo.sha256);
  photo.file = folder + "/" + name + "." + type;
  photo.thumbnail = folder + "/" + name + ".thumb.jpg";
  // Same bytes, same names: a photo already kept is written over with itself.
  prepared.kept_before = std::filesystem::exists(photo.file);
  std::filesystem::create_directories(folder);
  try {
    gis::write_file_atomically(photo.file, upload.bytes);
    fill_when_and_where(upload, type, photo);
    gis::write_file_atomically(photo.thumbnail, imagery::thumbnail_jpeg(photo.file));
  } catch (...) {
    forget_files(prepared);  // undecodable
    throw;
  }
  return prepared;
}

KeptPhoto record_prepared_photo(gis::Store& store, const std::string& task_id,
                                const PreparedPhoto& prepared, const Actor& actor) {
  try {
    return {record_task_photo(store, task_id, prepared.photo, actor), prepared.photo};
  } catch (...) {
    forget_files(prepared);  // not with its team
    throw;
  }
}

KeptPhoto keep_task_photo(gis::Store& store, const std::string& task_id, const PhotoUpload& upload,
                          const Actor& actor) {
  return record_prepared_photo(store, task_id, prepare_task_photo(store, task_id, upload), actor);
}

}  // namespace envgrid::tasks
