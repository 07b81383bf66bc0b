// Task photos in a real store, GeoPackage and PostGIS: one row per photo and
// task, the distance to the task's point, refused before a dispatch.

#include <gtest/gtest.h>

#include "envgrid/gis/error.hpp"
#include "envgrid/tasks/photo_store.hpp"
#include "envgrid/tasks/task_sources.hpp"
#include "store_backends.hpp"
#include "tasks_test_support.hpp"

namespace envgrid::test {
namespace {

class TaskPhotos : public StoreBackendTest {};

TEST_P(TaskPhotos, OneRowPerPhotoWithItsDistanceToTheTask) {
  make_tasks_store(location(), dir());
  gis::Store store = gis::Store::open(location(), true);
  const auto made = tasks::create_tasks(
      store, tasks::drafts_for_enterprises(store, {"E1"}, tasks::Kind::complaint), office());
  const std::string id = made.created.at(0);
  // E1 is at 114.005, 30.005; the photo 0.001 degrees east of it.
  tasks::PhotoInput photo{"/photos/a.jpg",
                          "/photos/a.thumb.jpg",
                          std::string(64, 'a'),
                          "2026-12-07T09:30:00",
                          114.006,
                          30.005,
                          "device"};
  EXPECT_THROW((void)tasks::record_task_photo(store, id, photo, office()), gis::Error)
      << "a created task is not with its team yet";
  (void)tasks::change_task(store, id, {.action = tasks::Action::dispatch}, office());
  const auto first = tasks::record_task_photo(store, id, photo, office());
  EXPECT_TRUE(first.added);
  ASSERT_TRUE(first.distance_m);
  // 0.001 degree of longitude at 30.005 N on the CGCS2000 ellipsoid: 96.4 m.
  EXPECT_NEAR(*first.distance_m, 96.4, 0.2);
  EXPECT_FALSE(tasks::record_task_photo(store, id, photo, office()).added);
  photo.sha256 = std::string(64, 'b');
  photo.lon.reset();
  photo.lat.reset();
  photo.position_source.clear();
  const auto second = tasks::record_task_photo(store, id, photo, office());
  EXPECT_TRUE(second.added);
  EXPECT_FALSE(second.distance_m) << "no position, no distance";
  const auto stored = tasks::read_task_photos(store, id);
  ASSERT_EQ(stored.size(), 2u);
  EXPECT_EQ(stored[0].photo_id, id + "-aaaaaaaaaaaa");
  EXPECT_EQ(stored[0].photo.position_source, "device");
  EXPECT_EQ(stored[0].photo.taken_at, "2026-12-07T09:30:00");
  EXPECT_FALSE(stored[1].photo.lon);
}

ENVGRID_INSTANTIATE_STORE_BACKENDS(TaskPhotos);

}  // namespace
}  // namespace envgrid::test
