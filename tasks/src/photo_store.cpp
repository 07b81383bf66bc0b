// Task photos in the store's task_photos layer.

#include "envgrid/tasks/photo_store.hpp"

#include <algorithm>

#include "envgrid/gis/error.hpp"
#include "envgrid/gis/geodesy.hpp"
#include "envgrid/gis/log.hpp"
#include "rows.hpp"

namespace envgrid::tasks {

namespace {

constexpr const char* photos_layer = "task_photos";

// Metres along the ellipsoid from the task's point (store CRS) to the photo.
std::optional<double> distance_to_task(gis::Store& store, const Task& task,
                                       const PhotoInput& photo) {
  if (!task.x || !task.y || !photo.lon || !photo.lat) return std::nullopt;
  double x = *task.x, y = *task.y;
  const gis::CoordinateTransformer to_wgs84(store.crs(), gis::Crs::wgs84());
  if (!to_wgs84.transform(x, y)) return std::nullopt;
  return gis::geodesic_distance_m({x, y}, {*photo.lon, *photo.lat});
}

void insert_photo(gis::Store& store, const std::string& id, const Task& task,
                  const PhotoInput& photo, const std::optional<double>& distance,
                  const Actor& actor) {
  OGRLayer& layer = gis::store_layer(store, photos_layer);
  OGRFeature f(layer.GetLayerDefn());
  const std::pair<const char*, std::string> texts[] = {{"photo_id", id},
                                                       {"task_id", task.task_id},
                                                       {"file", photo.file},
                                                       {"thumbnail", photo.thumbnail},
                                                       {"sha256", photo.sha256},
                                                       {"taken_at", photo.taken_at},
                                                       {"position_source", photo.position_source},
                                                       {"added_at", gis::utc_now_iso8601()},
                                                       {"user_name", actor.user_name},
                                                       {"host", actor.host}};
  for (const auto& [name, value] : texts) {
    if (!value.empty()) f.SetField(name, value.c_str());
  }
  if (photo.lon && photo.lat) {
    f.SetField("lon", *photo.lon);
    f.SetField("lat", *photo.lat);
    double x = *photo.lon, y = *photo.lat;
    const gis::CoordinateTransformer to_store(gis::Crs::wgs84(), store.crs());
    if (to_store.transform(x, y)) f.SetGeometry(std::make_unique<OGRPoint>(x, y).get());
  }
  if (distance) f.SetField("distance_m", *distance);
  rows::insert(store, layer, f);
}

}  // namespace

std::vector<StoredTaskPhoto> read_task_photos(gis::Store& store, const std::string& task_id) {
  std::vector<std::pair<GIntBig, StoredTaskPhoto>> photos;
  rows::for_each(
      gis::store_layer(store, photos_layer), "task_id = " + rows::sql_quote(task_id),
      [&](OGRFeature& f) {
        StoredTaskPhoto p;
        p.photo_id = rows::text(f, "photo_id");
        p.photo = {
            rows::text(f, "file"),           rows::text(f, "thumbnail"), rows::text(f, "sha256"),
            rows::text(f, "taken_at"),       rows::real(f, "lon"),       rows::real(f, "lat"),
            rows::text(f, "position_source")};
        p.distance_m = rows::real(f, "distance_m");
        p.added_at = rows::text(f, "added_at");
        p.user_name = rows::text(f, "user_name");
        photos.emplace_back(f.GetFID(), std::move(p));
      });
  std::sort(photos.begin(), photos.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<StoredTaskPhoto> out;
  for (auto& [fid, p] : photos) out.push_back(std::move(p));
  return out;
}

std::string photo_id_for(const std::string& task_id, const std::string& sha256) {
  return task_id + "-" + sha256.substr(0, 12);
}

TaskPhoto record_task_photo(gis::Store& store, const std::string& task_id, const PhotoInput& photo,
                            const Actor& actor) {
  gis::StepScope step("task photo add");
  TaskPhoto stored{photo_id_for(task_id, photo.sha256), false, std::nullopt};
  store.transaction([&] {
    const auto task = find_task(store, task_id);
    if (!task) {
      gis::throw_input_error("no task " + task_id,
                             {.step = gis::current_step(), .dataset = store.location()});
    }
    // A photo sent again (its answer was lost) is done whatever the task's
    // state is now: the phone's outbox may resend it after the submission.
    bool known = false;
    rows::for_each(gis::store_layer(store, photos_layer),
                   "photo_id = " + rows::sql_quote(stored.photo_id),
                   [&](OGRFeature&) { known = true; });
    if (known) return;
    if (task->state != State::dispatched && task->state != State::in_progress &&
        task->state != State::returned) {
      gis::throw_usage_error("cannot add a photo to " + task_id + ": it is " +
                             std::string(state_name(task->state)) +
                             " (only a task dispatched, in_progress or returned takes photos)");
    }
    stored.distance_m = distance_to_task(store, *task, photo);
    insert_photo(store, stored.photo_id, *task, photo, stored.distance_m, actor);
    stored.added = true;
  });
  return stored;
}

}  // namespace envgrid::tasks
