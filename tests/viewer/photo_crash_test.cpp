// Crash consistency of task photo uploads (issue #16 section 6): `envgrid
// serve` takes a grid manager's 4 MB photos from three uploads at once and is
// killed with SIGKILL at a random moment within 1.5 s of the round's first
// answer, again and again
// (ENVGRID_CRASH_KILLS, DEFAULT 5 here), on GeoPackage and PostGIS. Before
// each round the photos whose answer never came are sent again, as the
// phone's outbox does. After every kill: the store passes store_problems(),
// every photo the server answered with 2xx has exactly one task_photos row,
// every row's file holds exactly the bytes of its SHA-256 with a whole
// thumbnail, and no photo file under its final name is half-written.

#include <atomic>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <set>

#include "envgrid/grid/draw.hpp"
#include "envgrid/tasks/inspection_template.hpp"
#include "envgrid/tasks/photo_store.hpp"
#include "envgrid/tasks/task_sources.hpp"
#include "envgrid/tasks/template_store.hpp"
#include "serve_process.hpp"
#include "store_backends.hpp"

namespace envgrid::test {
namespace {

namespace fs = std::filesystem;

std::string read_bytes(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// One dispatched, started task of gm1 (E1 in C1); its id.
std::string started_task(const std::string& location) {
  gis::Store store = gis::Store::open(location, true);
  const tasks::Actor office{"admin", "test", "admin"};
  const std::string file = (source_dir() / "data/templates/outfall_check.json").string();
  (void)tasks::import_templates(store, tasks::parse_templates(read_bytes(file), file), file,
                                office);
  const auto report = tasks::create_tasks(
      store, tasks::drafts_for_enterprises(store, {"E1"}, tasks::Kind::complaint), office,
      "outfall_check");
  const std::string id = report.created.at(0);
  (void)tasks::change_task(store, id, {.action = tasks::Action::dispatch}, office);
  (void)tasks::change_task(store, id, {.action = tasks::Action::start},
                           {"gm1", "test", "grid_manager"});
  return id;
}

// The photos sent so far: those answered 2xx, and those sent without an answer.
struct Uploads {
  std::mutex lock;
  std::set<std::string> acknowledged;  // SHA-256 of the bytes
  std::set<std::string> unanswered;
  std::atomic<int> next{0};
};

std::size_t acknowledged_count(Uploads& uploads) {
  const std::lock_guard guard(uploads.lock);
  return uploads.acknowledged.size();
}

// A distinct 4 MB photo: the real drone JPEG with a number after its end
// (decoders stop at the end-of-image marker).
std::string photo_number(const std::string& jpeg, int n) { return jpeg + std::to_string(n); }

// Sends photos until the server stops answering.
void upload_until_refused(unsigned short port, const Login& session, const std::string& task,
                          const std::string& jpeg, std::vector<std::string> resend,
                          Uploads& uploads) {
  for (;;) {
    std::string bytes;
    if (!resend.empty()) {
      bytes = std::move(resend.back());
      resend.pop_back();
    } else {
      bytes = photo_number(jpeg, uploads.next++);
    }
    const std::string sha = grid::sha256_hex(bytes);
    {
      const std::lock_guard guard(uploads.lock);
      uploads.unanswered.insert(sha);
    }
    Reply reply;
    try {
      reply = send_request(port, http::verb::post, "/api/tasks/" + task + "/photos", bytes,
                           {{"Cookie", session.cookie}, {"X-CSRF-Token", session.csrf}});
    } catch (const std::exception&) {
      return;  // the server is gone: this photo stays unanswered
    }
    if (reply.status < 200 || reply.status >= 300) return;
    const std::lock_guard guard(uploads.lock);
    uploads.unanswered.erase(sha);
    uploads.acknowledged.insert(sha);
  }
}

// What is wrong with the kept photos: rows of the same bytes twice, a row
// whose file is missing or differs from its SHA-256, a broken thumbnail, a
// photo file whose bytes are not those its name says.
std::vector<std::string> photo_problems(const std::string& location, const std::string& task,
                                        const fs::path& folder, const Uploads& uploads) {
  std::vector<std::string> problems;
  gis::Store store = gis::Store::open(location, false);
  std::map<std::string, int> rows_of;
  for (const auto& row : tasks::read_task_photos(store, task)) {
    ++rows_of[row.photo.sha256];
    if (grid::sha256_hex(read_bytes(row.photo.file)) != row.photo.sha256)
      problems.push_back(row.photo_id + ": its file is missing or not its bytes");
    const std::string thumb = read_bytes(row.photo.thumbnail);
    if (thumb.rfind("\xFF\xD8", 0) != 0 || thumb.size() < 4 ||
        thumb.substr(thumb.size() - 2) != "\xFF\xD9")
      problems.push_back(row.photo_id + ": its thumbnail is not a whole JPEG");
  }
  for (const auto& [sha, count] : rows_of)
    if (count != 1) problems.push_back(sha + " is stored " + std::to_string(count) + " times");
  for (const auto& sha : uploads.acknowledged)
    if (!rows_of.count(sha)) problems.push_back("acknowledged photo " + sha + " is not stored");
  for (const auto& entry : fs::directory_iterator(folder)) {
    const std::string name = entry.path().filename().string();
    // A kill may leave the atomic writer's temporary (.partial-PID-...):
    // never under a photo's name, never in a row.
    if (name.rfind(".partial-", 0) == 0) continue;
    if (name.find(".thumb.") != std::string::npos || entry.path().extension() != ".jpg") continue;
    const std::string id = entry.path().stem().string();
    if (tasks::photo_id_for(task, grid::sha256_hex(read_bytes(entry.path()))) != id)
      problems.push_back(name + " is half-written");
  }
  return problems;
}

class PhotoCrashTest : public StoreBackendTest {};

TEST_P(PhotoCrashTest, EveryAcknowledgedPhotoIsStoredOnceAfterAKilledServer) {
  make_sample_store(location());
  const std::string task = started_task(location());
  const fs::path photos = dir().path() / "photos";
  const std::string jpeg = read_bytes(source_dir() / "data/drone/DJI_0018.JPG");
  KillSchedule schedule(std::string("photo uploads on ") + (postgis() ? "PostGIS" : "GeoPackage"),
                        5);
  Uploads uploads;
  Login session;
  for (int kill = 1; kill <= schedule.kills(); ++kill) {
    ServeProcess server(location(), {"--photos", photos.string()});
    ASSERT_NE(server.port(), 0) << "the server did not start:\n" << server.output();
    if (session.cookie.empty()) session = log_in(server.port(), "gm1");
    ASSERT_EQ(session.reply.status, 200) << session.reply.body;
    // The outbox sends again what got no answer, three uploads at once.
    std::vector<std::vector<std::string>> resend(3);
    int n = 0;
    for (int i = 0; i < uploads.next; ++i) {
      const std::string bytes = photo_number(jpeg, i);
      if (uploads.unanswered.count(grid::sha256_hex(bytes))) resend[n++ % 3].push_back(bytes);
    }
    std::vector<std::thread> clients;
    for (auto& list : resend)
      clients.emplace_back(upload_until_refused, server.port(), std::cref(session), task,
                           std::cref(jpeg), list, std::ref(uploads));
    // Once this round's first photo is answered, uploads are surely in flight:
    // the kill comes within the next 1.5 s.
    const std::size_t before = acknowledged_count(uploads);
    for (int waited = 0; acknowledged_count(uploads) == before && waited < 3000; ++waited)
      sleep_for(std::chrono::milliseconds(10));
    sleep_for(schedule.moment(std::chrono::milliseconds(1500)));
    const int status = server.kill_now();
    for (auto& client : clients) client.join();
    const std::string after = "kill " + std::to_string(kill) + " (" + describe_status(status) +
                              ", seed " + std::to_string(schedule.seed()) + ")";
    for (const auto& problem : store_problems(location()))
      ADD_FAILURE() << after << ": " << problem;
    for (const auto& problem : photo_problems(location(), task, photos / task, uploads))
      ADD_FAILURE() << after << ": " << problem;
    if (HasFailure()) break;
  }
  std::cout << "photo uploads: " << schedule.kills() << " kills, " << uploads.next
            << " photos sent, " << uploads.acknowledged.size() << " acknowledged, each stored once"
            << std::endl;
  EXPECT_GT(uploads.acknowledged.size(), 0u);
}

ENVGRID_INSTANTIATE_STORE_BACKENDS(PhotoCrashTest);

}  // namespace
}  // namespace envgrid::test
