#pragma once
// Photos of a task in the store (layer task_photos): where the photo and its
// thumbnail are kept, when and where it was taken, how far from the task's
// point. The same photo (same bytes) is stored once per task.

#include <optional>
#include <string>
#include <vector>

#include "envgrid/gis/store.hpp"
#include "envgrid/tasks/task_store.hpp"

namespace envgrid::tasks {

struct PhotoInput {
  std::string file;                // where the photo is kept (absolute path)
  std::string thumbnail;           // where its thumbnail is kept
  std::string sha256;              // hex SHA-256 of the photo's bytes
  std::string taken_at;            // ISO 8601
  std::optional<double> lon, lat;  // WGS 84, where it was taken
  std::string position_source;     // "exif", "device" or "" (unknown)
};

struct TaskPhoto {
  std::string photo_id;              // TASK_ID-first 12 hex digits of the SHA-256
  bool added = false;                // false: the same photo was already stored
  std::optional<double> distance_m;  // to the task's point; none without both positions
};

struct StoredTaskPhoto {
  std::string photo_id;
  PhotoInput photo;
  std::optional<double> distance_m;
  std::string added_at;
  std::string user_name;
};
// Oldest first.
[[nodiscard]] std::vector<StoredTaskPhoto> read_task_photos(gis::Store& store,
                                                            const std::string& task_id);

// The id a photo of these bytes gets on this task.
[[nodiscard]] std::string photo_id_for(const std::string& task_id, const std::string& sha256);

// Records the photo, in one transaction. Throws Error(input) for an unknown
// task, Error(usage) when the task is not with its team (dispatched,
// in_progress or returned).
TaskPhoto record_task_photo(gis::Store& store, const std::string& task_id, const PhotoInput& photo,
                            const Actor& actor);

}  // namespace envgrid::tasks
