// The viewer's task API (docs/api.md, "Tasks"): who sees and acts on which
// task, the field user's start/submit and photos, the office's close, and
// retries that arrive once; on a GeoPackage and on a PostGIS store
// (ENVGRID_TEST_PG; skipped without it).

#include <filesystem>
#include <fstream>

#include "store_backends.hpp"
#include "task_fixture.hpp"
#include "viewer_fixture.hpp"

namespace envgrid::test {
namespace {

const char* const outfall_answers = R"({"template_id": "outfall_check", "answers": {
  "outfall_exists": "pass", "registered": {"result": "fail", "note": "no sign board"},
  "no_hidden_pipe": "pass", "ph": 7.2, "cod": {"value": 48, "unit": "mg/L"}, "nh3n": 3.1,
  "source": "grey water from the dye works"}})";

// The sample store with the outfall template and one dispatched complaint
// task per enterprise: E1 in C1 (to gm1), E2 in C2 (to gm2). On PostGIS the
// server is started again on a fresh schema, with a photo folder (a PostGIS
// store has no file beside it).
class TaskApiTest : public ViewerApiTest, public ::testing::WithParamInterface<StoreBackend> {
 protected:
  void SetUp() override {
    ViewerApiTest::SetUp();
    location_ = store_path();
    photos_ = store_path() + ".photos";
    if (GetParam() == StoreBackend::postgis) {
      place_ = std::make_unique<StoreLocation>(StoreBackend::postgis);
      if (!place_->available()) GTEST_SKIP() << "ENVGRID_TEST_PG is not set";
      make_sample_store(place_->location());
      location_ = place_->location();
      photos_ = place_->dir().file("photos");
      delete server_;
      server_ = new ViewerServer(location_, temp_->path() / "web", photos_);
    }
    const auto made = dispatched_tasks(location_, {"E1", "E2"});
    ASSERT_EQ(made.size(), 2u);
    own_ = made[0];
    other_ = made[1];
  }

  static Reply post_raw(const std::string& user, const std::string& target, const std::string& body,
                        std::map<std::string, std::string> headers = {}) {
    const Login& session = login(user);
    headers["Cookie"] = session.cookie;
    headers["X-CSRF-Token"] = session.csrf;
    return send_request(port(), http::verb::post, target, body, headers);
  }

  void TearDown() override {
    ViewerApiTest::TearDown();  // the server first: it holds the store
    place_.reset();
  }

  std::unique_ptr<StoreLocation> place_;
  std::string location_, photos_;
  std::string own_, other_;
};

TEST_P(TaskApiTest, GridManagerActsOnlyOnTheirOwnTasks) {
  const Json mine = get_as("gm1", "/api/tasks").json();
  ASSERT_EQ(mine["tasks"].size(), 1u) << mine.dump();
  EXPECT_EQ(mine["tasks"][0]["task_id"], own_);
  EXPECT_EQ(mine["tasks"][0]["target_id"], "E1");
  EXPECT_NEAR(mine["tasks"][0]["lon"].get<double>(), 113.05, 1e-9);
  // GCJ-02 for the Chinese map apps' links: some 500 m east in Guangdong.
  const double east = mine["tasks"][0]["gcj02_lon"].get<double>() - 113.05;
  EXPECT_GT(east, 0.003);
  EXPECT_LT(east, 0.007);
  EXPECT_EQ(get_as("a1", "/api/tasks").json()["tasks"].size(), 2u) << "the office sees all";

  // Another cell's task: not shown, not startable, not photographed.
  EXPECT_EQ(get_as("gm1", "/api/tasks/" + other_).status, 403);
  EXPECT_EQ(post_as("gm1", "/api/tasks/" + other_ + "/start", Json::object()).status, 403);
  EXPECT_EQ(post_raw("gm1", "/api/tasks/" + other_ + "/photos", "\xFF\xD8\xFF").status, 403);
  EXPECT_EQ(get_as("gm1", "/api/tasks/K999999").status, 404);
  // An analyst does not do field work; a grid manager does not close.
  EXPECT_EQ(post_as("a1", "/api/tasks/" + own_ + "/start", Json::object()).status, 403);
  // A write without the CSRF token is refused before anything changes.
  const Reply no_csrf = send_request(port(), http::verb::post, "/api/tasks/" + own_ + "/start",
                                     "{}", {{"Cookie", login("gm1").cookie}});
  EXPECT_EQ(no_csrf.status, 403);

  const Json shown = get_as("gm1", "/api/tasks/" + own_).json();
  EXPECT_EQ(shown["task"]["state"], "dispatched");
  EXPECT_EQ(shown["template"]["template_id"], "outfall_check");
  EXPECT_EQ(shown["history"]["enterprise"]["properties"]["permit_no"], "P-1");
  ASSERT_EQ(shown["history"]["flags_nearby"].size(), 1u) << "F1 lies within 500 m of E1, F2 not";
  EXPECT_EQ(shown["history"]["flags_nearby"][0]["properties"]["flag_id"], "F1");

  EXPECT_EQ(post_as("gm1", "/api/tasks/" + own_ + "/start", Json::object()).json()["task"]["state"],
            "in_progress");
  // The outbox sends the start again when its answer was lost: done, once.
  const Reply restart = post_as("gm1", "/api/tasks/" + own_ + "/start", Json::object());
  EXPECT_EQ(restart.status, 200) << restart.body;
  EXPECT_EQ(restart.json()["already_done"], true);
  const Reply bad = post_raw("gm1", "/api/tasks/" + own_ + "/submit",
                             R"({"template_id": "outfall_check", "answers": {"ph": 7}})");
  EXPECT_EQ(bad.status, 400) << bad.body;
  const Reply submitted = post_raw("gm1", "/api/tasks/" + own_ + "/submit", outfall_answers);
  ASSERT_EQ(submitted.status, 200) << submitted.body;
  EXPECT_EQ(submitted.json()["task"]["state"], "submitted");
  EXPECT_EQ(submitted.json()["already_done"], false);
  // The phone retries after a lost answer: done once, answered as done.
  const Reply retry = post_raw("gm1", "/api/tasks/" + own_ + "/submit", outfall_answers);
  EXPECT_EQ(retry.status, 200) << retry.body;
  EXPECT_EQ(retry.json()["already_done"], true);

  EXPECT_EQ(post_as("gm1", "/api/tasks/" + own_ + "/close", {{"note", "ok"}}).status, 403);
  EXPECT_EQ(post_as("a1", "/api/tasks/" + own_ + "/close", Json::object()).status, 400)
      << "closing needs a note";
  const Reply closed = post_as("a1", "/api/tasks/" + own_ + "/close", {{"note", "sign ordered"}});
  ASSERT_EQ(closed.status, 200) << closed.body;
  EXPECT_EQ(closed.json()["task"]["state"], "closed");
  EXPECT_EQ(post_as("a1", "/api/tasks/" + own_ + "/return", {{"note", "again"}}).status, 409)
      << "closed is final";

  const Json trail = get_as("admin", "/api/tasks/" + own_).json()["events"];
  ASSERT_EQ(trail.size(), 5u) << trail.dump();
  EXPECT_EQ(trail[2]["action"], "start");
  EXPECT_EQ(trail[2]["user_name"], "gm1");
  EXPECT_EQ(trail[2]["host"], "127.0.0.1");
  EXPECT_EQ(trail[3]["action"], "submit");
  EXPECT_EQ(trail[4]["user_name"], "a1");
  EXPECT_EQ(trail[4]["note"], "sign ordered");
  EXPECT_EQ(get_as("gm1", "/api/tasks").json()["tasks"].size(), 0u) << "closed: off the list";
  EXPECT_EQ(get_as("gm1", "/api/tasks?state=closed").json()["tasks"].size(), 1u);
}

TEST_P(TaskApiTest, PhotoUploadIsSniffedCappedAndStoredOnce) {
  ASSERT_EQ(post_as("gm1", "/api/tasks/" + own_ + "/start", Json::object()).status, 200);
  const std::string target = "/api/tasks/" + own_ + "/photos";
  const Reply fake = post_raw("gm1", target, "this is text saved as photo.jpg");
  EXPECT_EQ(fake.status, 415) << fake.body;
  std::string huge(21u << 20, '\0');
  huge.replace(0, 3, "\xFF\xD8\xFF");
  EXPECT_EQ(post_raw("gm1", target, huge).status, 413);

  const std::string jpeg = read_bytes(source_dir() / "data/drone/DJI_0018.JPG");
  const std::map<std::string, std::string> where{
      {"X-Device-Lon", "113.0502"}, {"X-Device-Lat", "23.0501"}, {"Content-Type", "image/jpeg"}};
  const Reply first = post_raw("gm1", target, jpeg, where);
  ASSERT_EQ(first.status, 201) << first.body;
  EXPECT_EQ(first.json()["added"], true);
  EXPECT_EQ(first.json()["position_source"], "exif") << "EXIF wins over the browser's position";
  EXPECT_GT(first.json()["distance_m"].get<double>(), 1e6) << "taken in Wisconsin";
  const Reply again = post_raw("gm1", target, jpeg, where);
  EXPECT_EQ(again.status, 200) << again.body;
  EXPECT_EQ(again.json()["added"], false);
  EXPECT_EQ(again.json()["photo_id"], first.json()["photo_id"]);

  const Json photos = get_as("gm1", "/api/tasks/" + own_).json()["photos"];
  ASSERT_EQ(photos.size(), 1u) << "the same upload twice is stored once";
  EXPECT_EQ(photos[0]["user_name"], "gm1");
  const auto folder = std::filesystem::path(photos_) / own_;
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(folder),
                          std::filesystem::directory_iterator()),
            2)
      << "the photo and its thumbnail";
  const Reply thumb = get_as("gm1", photos[0]["thumbnail"].get<std::string>());
  EXPECT_EQ(thumb.status, 200);
  EXPECT_EQ(thumb.header("Content-Type"), "image/jpeg");
  EXPECT_EQ(thumb.body.rfind("\xFF\xD8\xFF", 0), 0u);
  EXPECT_LT(thumb.body.size(), jpeg.size() / 10);
  EXPECT_EQ(get_as("gm1", "/api/tasks/" + own_ + "/photos/nope").status, 404);

  // Submitted, then the photo arrives again (its answer was lost and the
  // outbox sent it after the submission): answered as done, still one.
  ASSERT_EQ(post_raw("gm1", "/api/tasks/" + own_ + "/submit", outfall_answers).status, 200);
  const Reply late = post_raw("gm1", target, jpeg, where);
  EXPECT_EQ(late.status, 200) << late.body;
  EXPECT_EQ(late.json()["added"], false);
  EXPECT_EQ(get_as("gm1", "/api/tasks/" + own_).json()["photos"].size(), 1u);
  // A new photo on a submitted task is still refused.
  const std::string other = jpeg + '\0';  // other bytes, the same picture
  EXPECT_EQ(post_raw("gm1", target, other, where).status, 409);
}

ENVGRID_INSTANTIATE_STORE_BACKENDS(TaskApiTest);

}  // namespace
}  // namespace envgrid::test
