#pragma once
// Keeping a photo of a task (docs/field-work.md, "Photos"), shared by
// `envgrid task photo add` and the viewer's upload: the type sniffed from
// the bytes, the size capped, the file named by the task and the photo's
// SHA-256 (never by the sender), time and position from EXIF (else the
// device's), a thumbnail made here, and the task_photos row.

#include <cstddef>
#include <optional>
#include <string>

#include "envgrid/gis/store.hpp"
#include "envgrid/tasks/photo_store.hpp"

namespace envgrid::tasks {

// The largest photo kept: 20 MiB.
inline constexpr std::size_t max_photo_bytes = std::size_t{20} << 20;

// The type from the bytes, never from a name: "jpg", "png", or "".
[[nodiscard]] std::string sniff_photo_type(const std::string& bytes);

struct PhotoUpload {
  std::string bytes;
  std::string folder;  // the project's photo folder; the photo goes to folder/TASK_ID/
  // Where the device was, used when the photo's EXIF has no position.
  std::optional<double> device_lon, device_lat;
  std::string source;  // what to name in errors: a file name or "upload"
};

struct KeptPhoto {
  TaskPhoto stored;  // id, added (false: the same bytes were kept before), distance
  PhotoInput photo;  // file, thumbnail, time and position as kept
};

// Keeps the photo, in one transaction for its row. Throws Error(input) when
// the task is unknown, the bytes are neither JPEG nor PNG or larger than
// max_photo_bytes; Error(usage) as record_task_photo. Nothing stays on disk
// when it is refused.
KeptPhoto keep_task_photo(gis::Store& store, const std::string& task_id, const PhotoUpload& upload,
                          const Actor& actor);

// keep_task_photo in two steps, for a server that writes its store under a
// lock: prepare_task_photo checks the bytes, writes the photo and its
// thumbnail and reads its EXIF (a large photo's CPU; no store write), and
// record_prepared_photo records the row, the one store write, removing the
// files when it is refused. Throws as keep_task_photo.
struct PreparedPhoto {
  PhotoInput photo;
  bool kept_before = false;  // the same bytes were already on disk
};
[[nodiscard]] PreparedPhoto prepare_task_photo(gis::Store& store, const std::string& task_id,
                                               const PhotoUpload& upload);
KeptPhoto record_prepared_photo(gis::Store& store, const std::string& task_id,
                                const PreparedPhoto& prepared, const Actor& actor);

// The folder photos are kept in by default: PROJECT.photos beside a
// GeoPackage; nullopt for PostGIS (the caller must name one).
[[nodiscard]] std::optional<std::string> default_photo_folder(const gis::Store& store);

}  // namespace envgrid::tasks
