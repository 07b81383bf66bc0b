// Access to the viewer API: no session -> 401, the role x action x scope
// table row by row, CSRF and Origin on writes, sessions and logout.

#include "viewer_fixture.hpp"

namespace envgrid::test {
namespace {

TEST_F(ViewerApiTest, EveryApiRouteRefusesARequestWithoutSession) {
  for (const std::string target :
       {"/api/session", "/api/flags", "/api/layers/cells", "/api/layers/flags",
        "/api/flags/F1/reviews", "/api/enterprises/E1", "/api/me/cells"}) {
    EXPECT_EQ(get(target).status, 401) << target;
  }
  EXPECT_EQ(
      send_request(port(), http::verb::post, "/api/flags/F1/review", R"({"status":"accepted"})")
          .status,
      401);
  // A made-up session token is no session either.
  EXPECT_EQ(get("/api/flags", "envgrid_session=" + std::string(64, 'a')).status, 401);
}

TEST_F(ViewerApiTest, LoginSetsAStrictHttpOnlyCookieWithARandomToken) {
  const Login first = fresh_login("a1", password_of("a1"));
  const Login second = fresh_login("a1", password_of("a1"));
  ASSERT_EQ(first.reply.status, 200) << first.reply.body;
  const std::string set_cookie = first.reply.header("Set-Cookie");
  EXPECT_NE(set_cookie.find("HttpOnly"), std::string::npos) << set_cookie;
  EXPECT_NE(set_cookie.find("SameSite=Strict"), std::string::npos) << set_cookie;
  EXPECT_NE(set_cookie.find("Path=/"), std::string::npos) << set_cookie;
  EXPECT_NE(set_cookie.find("Max-Age="), std::string::npos) << set_cookie;
  const std::string token = first.cookie.substr(first.cookie.find('=') + 1);
  EXPECT_GE(token.size() * 4, 128u) << "token of " << token.size() << " hex digits";
  EXPECT_NE(first.cookie, second.cookie);
  EXPECT_NE(first.csrf, second.csrf);
  const Reply session = get("/api/session", first.cookie);
  ASSERT_EQ(session.status, 200);
  EXPECT_EQ(session.json()["user_name"], "a1");
  EXPECT_EQ(session.json()["role"], "analyst");
}

TEST_F(ViewerApiTest, WrongPasswordIsRefusedAndLogoutEndsTheSession) {
  EXPECT_EQ(fresh_login("a2", "not-the-password").reply.status, 401);
  EXPECT_EQ(fresh_login("nobody", "whatever-password").reply.status, 401);
  const Login session = fresh_login("a2", password_of("a2"));
  ASSERT_EQ(get("/api/session", session.cookie).status, 200);
  const Reply logout = send_request(port(), http::verb::post, "/api/logout", "{}",
                                    {{"Cookie", session.cookie}, {"X-CSRF-Token", session.csrf}});
  EXPECT_EQ(logout.status, 200);
  EXPECT_EQ(get("/api/session", session.cookie).status, 401);
}

TEST_F(ViewerApiTest, LoginsAreRateLimitedPerUserAndAddress) {
  for (int attempt = 1; attempt <= 5; ++attempt) {
    EXPECT_EQ(fresh_login("locked", "wrong-password").reply.status, 401) << "attempt " << attempt;
  }
  // The sixth attempt is refused even with the right password.
  const Login sixth = fresh_login("locked", password_of("locked"));
  EXPECT_EQ(sixth.reply.status, 429);
  EXPECT_FALSE(sixth.reply.header("Retry-After").empty());
  // Another user from the same address is not affected.
  EXPECT_EQ(fresh_login("a2", password_of("a2")).reply.status, 200);
}

struct MatrixRow {
  std::string user;
  http::verb method;
  std::string target;
  int expected_status;
};

TEST_F(ViewerApiTest, RoleMatrixRowByRow) {
  const Json decision = {{"status", "field_check"}, {"comment", "matrix"}};
  const std::vector<MatrixRow> rows{
      // admin: everything, everywhere
      {"admin", http::verb::get, "/api/flags", 200},
      {"admin", http::verb::get, "/api/layers/patrols", 200},
      {"admin", http::verb::get, "/api/layers/traces", 200},
      {"admin", http::verb::get, "/api/enterprises/E2", 200},
      {"admin", http::verb::get, "/api/me/cells", 200},
      {"admin", http::verb::post, "/api/flags/F4/review", 200},
      // analyst: flags and reviews everywhere; no patrols, no grid manager view
      {"a1", http::verb::get, "/api/flags", 200},
      {"a1", http::verb::get, "/api/flags/F3/reviews", 200},
      {"a1", http::verb::post, "/api/flags/F3/review", 200},
      {"a1", http::verb::get, "/api/enterprises/E2", 200},
      {"a1", http::verb::get, "/api/layers/traces", 200},
      {"a1", http::verb::get, "/api/layers/patrols", 403},
      {"a1", http::verb::get, "/api/me/cells", 403},
      // grid manager of C1: only C1's flags, enterprises and patrols
      {"gm1", http::verb::get, "/api/flags", 200},
      {"gm1", http::verb::get, "/api/flags/F1/reviews", 200},
      {"gm1", http::verb::post, "/api/flags/F1/review", 200},
      {"gm1", http::verb::get, "/api/flags/F3/reviews", 403},
      {"gm1", http::verb::post, "/api/flags/F3/review", 403},
      {"gm1", http::verb::get, "/api/enterprises/E1", 200},
      {"gm1", http::verb::get, "/api/enterprises/E2", 403},
      {"gm1", http::verb::get, "/api/layers/patrols", 200},
      {"gm1", http::verb::get, "/api/layers/traces", 403},
      {"gm1", http::verb::get, "/api/me/cells", 200},
      // investigator: reads flags, enterprises and traces; decides nothing
      {"inv1", http::verb::get, "/api/flags", 200},
      {"inv1", http::verb::post, "/api/flags/F1/review", 403},
      {"inv1", http::verb::get, "/api/enterprises/E2", 200},
      {"inv1", http::verb::get, "/api/layers/traces", 200},
      {"inv1", http::verb::get, "/api/layers/patrols", 403},
      {"inv1", http::verb::get, "/api/me/cells", 403},
  };
  for (const auto& row : rows) {
    const Reply reply = row.method == http::verb::get ? get_as(row.user, row.target)
                                                      : post_as(row.user, row.target, decision);
    EXPECT_EQ(reply.status, row.expected_status) << row.user << " " << http::to_string(row.method)
                                                 << " " << row.target << ": " << reply.body;
  }
}

TEST_F(ViewerApiTest, GridManagerSeesOnlyTheirCells) {
  const Json queue = get_as("gm1", "/api/flags").json();
  EXPECT_EQ(queue["total"], 2);
  for (const auto& item : queue["items"]) EXPECT_EQ(item["properties"]["cell_id"], "C1");
  for (const std::string layer : {"flags", "enterprises", "outfalls"}) {
    const Json collection = get_as("gm1", "/api/layers/" + layer).json();
    ASSERT_FALSE(collection["features"].empty()) << layer;
    for (const auto& feature : collection["features"]) {
      EXPECT_EQ(feature["properties"]["cell_id"], "C1") << layer;
    }
  }
  // Cells whose manager field names gm1 are gm1's cells.
  const Json mine = get_as("gm1", "/api/me/cells").json();
  ASSERT_EQ(mine["cells"].size(), 1u);
  EXPECT_EQ(mine["cells"][0]["properties"]["cell_id"], "C1");
  // E1 (key risk, last inspected 2020-01-01, every 90 days) is overdue.
  ASSERT_EQ(mine["inspections_due"].size(), 1u);
  EXPECT_EQ(mine["inspections_due"][0]["enterprise_id"], "E1");
  EXPECT_EQ(mine["inspections_due"][0]["due_date"], "2020-03-31");
  EXPECT_TRUE(mine["inspections_due"][0]["overdue"].get<bool>());
}

TEST_F(ViewerApiTest, WritesNeedTheSessionsCsrfTokenAndOurOrigin) {
  const Login& a1 = login("a1");
  const std::string body = R"({"status":"accepted"})";
  const Reply missing =
      send_request(port(), http::verb::post, "/api/flags/F4/review", body, {{"Cookie", a1.cookie}});
  EXPECT_EQ(missing.status, 403) << missing.body;
  const Reply wrong = send_request(port(), http::verb::post, "/api/flags/F4/review", body,
                                   {{"Cookie", a1.cookie}, {"X-CSRF-Token", std::string(64, '0')}});
  EXPECT_EQ(wrong.status, 403);
  // Another user's CSRF token does not fit this session.
  const Reply other = send_request(port(), http::verb::post, "/api/flags/F4/review", body,
                                   {{"Cookie", a1.cookie}, {"X-CSRF-Token", login("a2").csrf}});
  EXPECT_EQ(other.status, 403);
  const Reply foreign = send_request(
      port(), http::verb::post, "/api/flags/F4/review", body,
      {{"Cookie", a1.cookie}, {"X-CSRF-Token", a1.csrf}, {"Origin", "http://evil.example"}});
  EXPECT_EQ(foreign.status, 403);
  // Nothing was recorded by the refused writes.
  const Json reviews = get_as("a1", "/api/flags/F4/reviews").json();
  for (const auto& review : reviews["reviews"]) EXPECT_NE(review["user_name"], "a1");
  const Reply good = send_request(port(), http::verb::post, "/api/flags/F4/review", body,
                                  {{"Cookie", a1.cookie},
                                   {"X-CSRF-Token", a1.csrf},
                                   {"Origin", "http://127.0.0.1:" + std::to_string(port())}});
  EXPECT_EQ(good.status, 200) << good.body;
}

// The server caches answers and sessions; what other processes write to the
// store must still reach the users (docs/viewer.md, "Load").
TEST_F(ViewerApiTest, CachedAnswersAndSessionsFollowOtherProcessesWrites) {
  EXPECT_EQ(get_as("a1", "/api/layers/cells").json()["features"].size(), 2u);
  EXPECT_EQ(get_as("a1", "/api/layers/cells").json()["features"].size(), 2u);  // cached
  write_text(temp_->file("cell.geojson"),
             R"({"type": "FeatureCollection", "features": [{"type": "Feature",
                 "properties": {"cell_id": "C3", "level": "cell"}, "geometry": {"type": "MultiPolygon",
                 "coordinates": [[[[113.2, 23.0], [113.3, 23.0], [113.3, 23.1], [113.2, 23.0]]]]}}]})");
  ASSERT_EQ(run_envgrid({"import", store_path(), "--layer", "cells", temp_->file("cell.geojson")})
                .exit_code,
            0);
  // Seen within the store version's poll interval (0.1 s).
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  EXPECT_EQ(get_as("a1", "/api/layers/cells").json()["features"].size(), 3u);
  // A user disabled from the command line loses the session within 5 s.
  ASSERT_EQ(get_as("a2", "/api/session").status, 200);
  ASSERT_EQ(run_envgrid({"user", "disable", store_path(), "a2"}).exit_code, 0);
  std::this_thread::sleep_for(std::chrono::milliseconds(5500));
  EXPECT_EQ(get_as("a2", "/api/session").status, 401);
}

}  // namespace
}  // namespace envgrid::test
