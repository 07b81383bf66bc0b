// The same server on a PostGIS store (ENVGRID_TEST_PG; skipped without it):
// users and sessions tables made on first start, login, scope, a decision
// recorded with its review row.

#include "store_backends.hpp"
#include "viewer_fixture.hpp"

namespace envgrid::test {
namespace {

TEST(ViewerPostgis, ServesAndRecordsDecisionsOnAPostgisStore) {
  StoreLocation place(StoreBackend::postgis);
  if (!place.available()) GTEST_SKIP() << "ENVGRID_TEST_PG is not set (scripts/test.sh sets it)";
  make_sample_store(place.location());
  ViewerServer server(place.location(), place.dir().path());
  auto login = [&](const std::string& user) {
    const Reply reply =
        send_request(server.port(), http::verb::post, "/api/login",
                     Json{{"user_name", user}, {"password", password_of(user)}}.dump());
    EXPECT_EQ(reply.status, 200) << reply.body;
    const std::string cookie = reply.header("Set-Cookie");
    return std::make_pair(cookie.substr(0, cookie.find(';')), reply.json().value("csrf_token", ""));
  };
  const auto [gm_cookie, gm_csrf] = login("gm1");
  const Reply queue =
      send_request(server.port(), http::verb::get, "/api/flags", "", {{"Cookie", gm_cookie}});
  ASSERT_EQ(queue.status, 200);
  EXPECT_EQ(queue.json()["total"], 2);
  const Reply refused =
      send_request(server.port(), http::verb::post, "/api/flags/F3/review",
                   R"({"status":"accepted"})", {{"Cookie", gm_cookie}, {"X-CSRF-Token", gm_csrf}});
  EXPECT_EQ(refused.status, 403);
  const Reply decided = send_request(server.port(), http::verb::post, "/api/flags/F1/review",
                                     R"({"status":"field_check","comment":"on PostGIS"})",
                                     {{"Cookie", gm_cookie}, {"X-CSRF-Token", gm_csrf}});
  ASSERT_EQ(decided.status, 200) << decided.body;
  const Reply history = send_request(server.port(), http::verb::get, "/api/flags/F1/reviews", "",
                                     {{"Cookie", gm_cookie}});
  ASSERT_EQ(history.json()["reviews"].size(), 1u);
  EXPECT_EQ(history.json()["reviews"][0]["comment"], "on PostGIS");
  const Reply cells =
      send_request(server.port(), http::verb::get,
                   "/api/layers/cells?bbox=113.15,23.02,113.18,23.04", "", {{"Cookie", gm_cookie}});
  ASSERT_EQ(cells.json()["features"].size(), 1u);
  EXPECT_EQ(cells.json()["features"][0]["properties"]["cell_id"], "C2");
}

}  // namespace
}  // namespace envgrid::test
