// Crash consistency of review decisions: `envgrid serve` on a loopback port
// takes decisions from a logged-in analyst and is killed with SIGKILL at a
// random moment, many times over (ENVGRID_CRASH_KILLS, DEFAULT 30), on
// GeoPackage and PostGIS. After every kill the store passes store_problems()
// (crash_checks.hpp), holds every review the server acknowledged with 2xx,
// holds at most the one decision in flight besides them, each flag's status
// is the outcome of its latest review (flag and review are written in one
// transaction), and the analyst's session outlives the kills.

#include <atomic>
#include <set>

#include "crash_checks.hpp"
#include "envgrid/gis/store_tables.hpp"
#include "serve_process.hpp"
#include "store_backends.hpp"
#include "viewer_fixture.hpp"

namespace envgrid::test {
namespace {

struct Decision {
  std::string review_id, flag_id, status;
};

// Posts decisions one after another until the server stops answering;
// records those it acknowledged with 2xx.
void decide_until_refused(unsigned short port, const Login& session, int kill,
                          std::vector<Decision>& acknowledged, std::atomic<bool>& posting) {
  static const char* statuses[] = {"accepted", "rejected", "field_check", "new"};
  for (int n = 0;; ++n) {
    const std::string flag = "F" + std::to_string(1 + n % 4);
    const std::string status = statuses[(n / 4 + kill) % 4];
    Reply reply;
    try {
      reply =
          send_request(port, http::verb::post, "/api/flags/" + flag + "/review",
                       Json{{"status", status}, {"comment", "kill " + std::to_string(kill)}}.dump(),
                       {{"Cookie", session.cookie}, {"X-CSRF-Token", session.csrf}});
    } catch (const std::exception&) {
      break;  // connection refused or reset: the server is gone
    }
    posting = true;
    if (reply.status < 200 || reply.status >= 300) break;
    acknowledged.push_back({reply.json()["review"]["review_id"].get<std::string>(), flag, status});
  }
}

// review_id -> (flag_id, new_status), in the order written (fid order).
std::vector<Decision> stored_reviews(const std::string& location) {
  gis::Store store = gis::Store::open(location, false);
  std::vector<Decision> reviews;
  OGRLayer& layer = gis::store_layer(store, "reviews");
  layer.SetAttributeFilter(nullptr);
  std::map<GIntBig, Decision> by_fid;
  for (const auto& feature : layer) {
    by_fid[feature->GetFID()] = {feature->GetFieldAsString("review_id"),
                                 feature->GetFieldAsString("flag_id"),
                                 feature->GetFieldAsString("new_status")};
  }
  for (auto& [fid, review] : by_fid) reviews.push_back(std::move(review));
  return reviews;
}

std::map<std::string, std::string> flag_statuses(const std::string& location) {
  gis::Store store = gis::Store::open(location, false);
  std::map<std::string, std::string> statuses;
  for (const auto& feature : gis::store_layer(store, "flags")) {
    statuses[feature->GetFieldAsString("flag_id")] = feature->GetFieldAsString("status");
  }
  return statuses;
}

class ServerCrashTest : public StoreBackendTest {};

TEST_P(ServerCrashTest, EveryAcknowledgedReviewSurvivesAKilledServer) {
  make_sample_store(location());
  KillSchedule schedule(std::string("review server on ") + (postgis() ? "PostGIS" : "GeoPackage"));
  std::vector<Decision> acknowledged;
  int kills_while_posting = 0;
  Login session;
  for (int kill = 1; kill <= schedule.kills(); ++kill) {
    ServeProcess server(location());
    ASSERT_NE(server.port(), 0) << "the server did not start:\n" << server.output();
    if (session.cookie.empty()) {
      session = log_in(server.port(), "a1");
      ASSERT_EQ(session.reply.status, 200) << session.reply.body;
    } else {
      // The session is in the store: it outlives the killed server, as a
      // browser's cookie does.
      const Reply again = send_request(server.port(), http::verb::get, "/api/session", "",
                                       {{"Cookie", session.cookie}});
      ASSERT_EQ(again.status, 200) << "kill " << kill << ": the session was lost";
    }

    std::vector<Decision> this_run;
    std::atomic<bool> posting{false};
    std::thread client(decide_until_refused, server.port(), std::cref(session), kill,
                       std::ref(this_run), std::ref(posting));
    sleep_for(schedule.moment(std::chrono::milliseconds(400)));
    const int status = server.kill_now();
    client.join();
    kills_while_posting += posting;
    acknowledged.insert(acknowledged.end(), this_run.begin(), this_run.end());
    const std::string after = "kill " + std::to_string(kill) + " (" + describe_status(status) +
                              ", seed " + std::to_string(schedule.seed()) + ")";
    EXPECT_TRUE(WIFSIGNALED(status)) << after;

    for (const auto& problem : store_problems(location()))
      ADD_FAILURE() << after << ": " << problem;
    const auto stored = stored_reviews(location());
    std::set<std::string> stored_ids;
    for (const auto& review : stored) stored_ids.insert(review.review_id);
    for (const auto& decision : acknowledged) {
      EXPECT_EQ(stored_ids.count(decision.review_id), 1u)
          << after << ": acknowledged review " << decision.review_id << " of " << decision.flag_id
          << " is lost";
    }
    // The client waits for each answer: at most one unacknowledged decision per kill.
    EXPECT_LE(stored.size(), acknowledged.size() + kill) << after;
    // A flag's status and its review are one transaction.
    std::map<std::string, std::string> latest{
        {"F1", "new"}, {"F2", "new"}, {"F3", "new"}, {"F4", "new"}};
    for (const auto& review : stored) latest[review.flag_id] = review.status;
    EXPECT_EQ(flag_statuses(location()), latest) << after;
    if (HasFailure()) break;
  }
  std::cout << "review server: " << schedule.kills() << " kills, " << kills_while_posting
            << " while decisions were being posted, " << acknowledged.size()
            << " acknowledged reviews, all kept" << std::endl;
  if (schedule.kills() >= 10) EXPECT_GT(kills_while_posting, schedule.kills() / 2);
}

ENVGRID_INSTANTIATE_STORE_BACKENDS(ServerCrashTest);

}  // namespace
}  // namespace envgrid::test
