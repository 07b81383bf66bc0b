// What the server refuses: bodies over the limit, malformed JSON, unknown
// ids and routes, and paths that try to leave the web app's directory.

#include "viewer_fixture.hpp"

namespace envgrid::test {
namespace {

TEST_F(ViewerApiTest, BodyOverOneMebibyteIsRefusedWith413) {
  const Login& a1 = login("a1");
  const std::string huge =
      R"({"status":"accepted","comment":")" + std::string(2 * 1024 * 1024, 'x') + "\"}";
  const Reply reply = send_request(port(), http::verb::post, "/api/flags/F1/review", huge,
                                   {{"Cookie", a1.cookie}, {"X-CSRF-Token", a1.csrf}});
  EXPECT_EQ(reply.status, 413);
  // The server still answers afterwards.
  EXPECT_EQ(get_as("a1", "/api/flags").status, 200);
}

TEST_F(ViewerApiTest, HeaderOverTheLimitIsRefusedWith431) {
  const Reply reply = send_request(port(), http::verb::get, "/api/flags", "",
                                   {{"X-Padding", std::string(20 * 1024, 'x')}});
  EXPECT_EQ(reply.status, 431);
}

TEST_F(ViewerApiTest, MalformedJsonAndBadValuesAreRefusedWith400) {
  for (const std::string body : {"{not json", "[1,2]", "\"accepted\"", R"({"comment":"no status"})",
                                 R"({"status":"maybe"})", R"({"status":42})"}) {
    const Login& a1 = login("a1");
    const Reply reply = send_request(port(), http::verb::post, "/api/flags/F1/review", body,
                                     {{"Cookie", a1.cookie}, {"X-CSRF-Token", a1.csrf}});
    EXPECT_EQ(reply.status, 400) << body << ": " << reply.body;
  }
  EXPECT_EQ(send_request(port(), http::verb::post, "/api/login", "{oops").status, 400);
  EXPECT_EQ(get_as("a1", "/api/flags?min_score=abc").status, 400);
  EXPECT_EQ(get_as("a1", "/api/flags?status=sideways").status, 400);
  EXPECT_EQ(get_as("a1", "/api/flags?limit=0").status, 400);
  EXPECT_EQ(get_as("a1", "/api/layers/cells?bbox=1,2,3").status, 400);
  EXPECT_EQ(get_as("a1", "/api/layers/cells?bbox=5,5,1,1").status, 400);
  // The flag is untouched by all of it.
  EXPECT_TRUE(get_as("a1", "/api/flags/F1/reviews").json()["reviews"].empty());
}

TEST_F(ViewerApiTest, UnknownIdsAndLayersAre404) {
  EXPECT_EQ(get_as("a1", "/api/flags/NOPE/reviews").status, 404);
  EXPECT_EQ(post_as("a1", "/api/flags/NOPE/review", {{"status", "accepted"}}).status, 404);
  EXPECT_EQ(get_as("a1", "/api/enterprises/NOPE").status, 404);
  EXPECT_EQ(get_as("a1", "/api/nothing-here").status, 404);
  // Only the fixed list of map layers: the users and sessions tables are not in it.
  for (const std::string layer :
       {"users", "sessions", "envgrid_metadata", "..%2Fusers", "readings"}) {
    EXPECT_EQ(get_as("admin", "/api/layers/" + layer).status, 404) << layer;
  }
  EXPECT_EQ(get_as("a1", "/api/flags/F1%27%20OR%201=1--/reviews").status, 404);
}

TEST_F(ViewerApiTest, PathTraversalNeverReturnsFileContents) {
  for (const std::string target :
       {"/../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/..%2f..%2fetc%2fpasswd",
        "/assets/../../secret.txt", "/assets/%2e%2e/%2e%2e/secret.txt", "/../secret.txt",
        "/%2e%2e/secret.txt", "//etc/passwd", "/index.html/../../secret.txt", "/%00"}) {
    const Reply reply = get(target);
    EXPECT_TRUE(reply.status == 404 || reply.status == 400) << target << " -> " << reply.status;
    EXPECT_EQ(reply.body.find("root:"), std::string::npos) << target;
  }
}

TEST_F(ViewerApiTest, ServesTheWebAppWithSecurityHeaders) {
  const Reply index = get("/");
  ASSERT_EQ(index.status, 200);
  EXPECT_NE(index.body.find("test app"), std::string::npos);
  EXPECT_EQ(index.header("Content-Type"), "text/html; charset=utf-8");
  EXPECT_EQ(index.header("Content-Security-Policy"),
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
            "connect-src 'self'; object-src 'none'; frame-ancestors 'none'");
  EXPECT_EQ(index.header("X-Content-Type-Options"), "nosniff");
  EXPECT_EQ(get("/assets/app.js").status, 200);
  EXPECT_EQ(get("/assets/app.js").header("Content-Type"), "text/javascript; charset=utf-8");
  // API answers carry the same headers, errors too.
  EXPECT_EQ(get("/api/flags").header("X-Content-Type-Options"), "nosniff");
  EXPECT_EQ(send_request(port(), http::verb::delete_, "/index.html").status, 405);
}

}  // namespace
}  // namespace envgrid::test
