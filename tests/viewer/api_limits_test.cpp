// What the server refuses: bodies over the limit, malformed JSON, unknown
// ids and routes, paths that try to leave the web app's directory or a
// route's parameter; the Content-Security-Policy on every response, and no
// input reflected as HTML. The route checks enumerate viewer::api_routes().

#include <cctype>
#include <set>
#include <sstream>

#include "route_samples.hpp"
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
            "connect-src 'self'; worker-src 'self'; object-src 'none'; frame-ancestors 'none'");
  EXPECT_EQ(index.header("X-Content-Type-Options"), "nosniff");
  EXPECT_EQ(get("/assets/app.js").status, 200);
  EXPECT_EQ(get("/assets/app.js").header("Content-Type"), "text/javascript; charset=utf-8");
  // API answers carry the same headers, errors too.
  EXPECT_EQ(get("/api/flags").header("X-Content-Type-Options"), "nosniff");
  EXPECT_EQ(send_request(port(), http::verb::delete_, "/index.html").status, 405);
}

TEST_F(ViewerApiTest, EveryWriteRouteRefusesABodyOverTheLimitWith413) {
  const Login& admin = login("admin");
  const std::string huge(1024 * 1024 + 1, ' ');
  // A task photo may be 20 MiB (docs/api.md, "Tasks"); one byte more is refused.
  const std::string huge_photo((std::size_t{20} << 20) + 1, ' ');
  for (const auto& route : viewer::api_routes()) {
    if (!is_write(route)) continue;
    const std::string target =
        fill_samples(route.pattern, true).value_or(fill_all(route.pattern, "X1"));
    const bool photo = std::string(route.pattern).ends_with("/photos");
    const Reply reply =
        send_request(port(), http::string_to_verb(route.method), target, photo ? huge_photo : huge,
                     {{"Cookie", admin.cookie}, {"X-CSRF-Token", admin.csrf}});
    EXPECT_EQ(reply.status, 413) << describe(route);
  }
  EXPECT_EQ(get_as("admin", "/api/session").status, 200);
}

TEST_F(ViewerApiTest, LoginsFromOneAddressAreLimitedAcrossUserNames) {
  // Password spraying: one wrong password each for many user names.
  for (int attempt = 0; attempt < 30; ++attempt) {
    const int status =
        fresh_login("sprayed" + std::to_string(attempt), "wrong-password").reply.status;
    ASSERT_EQ(status, 401) << "attempt " << attempt;
  }
  EXPECT_EQ(fresh_login("a1", password_of("a1")).reply.status, 429);
}

TEST_F(ViewerApiTest, AHugeUserNameIsAnOrdinaryFailedLogin) {
  const Login attempt = fresh_login(std::string(900 * 1024, 'u'), "wrong-password");
  EXPECT_EQ(attempt.reply.status, 401) << attempt.reply.body;
  EXPECT_EQ(fresh_login("a1", password_of("a1")).reply.status, 200);
}

// Names and ids a client may send to get out of a route's parameter: parent
// directories plain and encoded (once and twice), encoded slashes and
// backslashes, absolute paths, NUL bytes, SQL quotes.
const std::vector<std::string> traversal_attempts{
    "..",
    "%2e%2e",
    "%2E%2E",
    "..%2f..%2f..%2fetc%2fpasswd",
    "%2e%2e%2f%2e%2e%2fsecret.txt",
    "%252e%252e%252fsecret.txt",
    "..%5c..%5csecret.txt",
    "%2Fetc%2Fpasswd",
    "/etc/passwd",
    "%2F..%2F..%2Fsecret.txt",
    "%00",
    "F1%00",
    "F1%00.txt",
    "F1%27%20OR%20%271%27=%271",
    "users",
    "..%2Fusers",
};

TEST_F(ViewerApiTest, EveryRouteWithANameRefusesTraversal) {
  const Login& admin = login("admin");
  int tried = 0;
  for (const auto& route : viewer::api_routes()) {
    if (parameters_of(route.pattern).empty()) continue;
    const http::verb method = http::string_to_verb(route.method);
    for (const auto& attempt : traversal_attempts) {
      const std::string target = fill_all(route.pattern, attempt);
      const Reply reply = send_request(port(), method, target, R"({"status":"accepted"})",
                                       {{"Cookie", admin.cookie}, {"X-CSRF-Token", admin.csrf}});
      ++tried;
      EXPECT_TRUE(reply.status == 400 || reply.status == 404)
          << describe(route) << " as " << target << " -> " << reply.status << " " << reply.body;
      EXPECT_EQ(reply.body.find("root:"), std::string::npos) << target;
      EXPECT_EQ(reply.body.find("password_hash"), std::string::npos) << target;
    }
  }
  std::cout << "traversal: " << tried << " requests" << std::endl;
  EXPECT_GT(tried, 0);
  // Nothing was decided by any of them, and the server still answers.
  EXPECT_TRUE(get_as("admin", "/api/flags/F1/reviews").json()["reviews"].empty());
}

// A Content-Security-Policy that allows no inline script or style, no eval
// and no other origin: every source is 'self', 'none', data: or blob:, and
// script-src (or default-src) is there.
std::string csp_problem(const std::string& policy) {
  if (policy.empty()) return "no Content-Security-Policy";
  std::map<std::string, std::vector<std::string>> directives;
  std::stringstream list(policy);
  for (std::string directive; std::getline(list, directive, ';');) {
    std::stringstream words(directive);
    std::string name, source;
    if (!(words >> name)) continue;
    auto& sources = directives[name];
    while (words >> source) sources.push_back(source);
  }
  const std::set<std::string> allowed{"'self'", "'none'", "data:", "blob:"};
  for (const auto& [name, sources] : directives) {
    for (const auto& source : sources) {
      if (!allowed.count(source)) return name + " allows " + source;
    }
  }
  const auto scripts =
      directives.count("script-src") ? directives["script-src"] : directives["default-src"];
  if (scripts.empty()) return "no script-src or default-src";
  for (const auto& source : scripts) {
    if (source != "'self'" && source != "'none'") return "scripts from " + source;
  }
  if (!directives.count("default-src")) return "no default-src";
  return "";
}

TEST_F(ViewerApiTest, EveryResponseCarriesAContentSecurityPolicyWithoutInlineOrForeignSources) {
  std::vector<std::pair<std::string, Reply>> replies;
  for (const auto& route : viewer::api_routes()) {
    const Login& admin = live_login("admin");
    const http::verb method = http::string_to_verb(route.method);
    const std::string target =
        fill_samples(route.pattern, true).value_or(fill_all(route.pattern, "X1"));
    replies.emplace_back(describe(route) + " without session",
                         send_request(port(), method, target, "{}"));
    replies.emplace_back(describe(route) + " as admin",
                         send_request(port(), method, target, R"({"status":"field_check"})",
                                      {{"Cookie", admin.cookie}, {"X-CSRF-Token", admin.csrf}}));
  }
  replies.emplace_back("the app", get("/"));
  replies.emplace_back("a script", get("/assets/app.js"));
  replies.emplace_back("a missing file", get("/missing.html"));
  replies.emplace_back("a missing route", get_as("admin", "/api/missing"));
  replies.emplace_back("a wrong method", send_request(port(), http::verb::put, "/api/flags"));
  replies.emplace_back("a malformed path", get("/%zz"));
  replies.emplace_back(
      "an oversized header",
      send_request(port(), http::verb::get, "/", "", {{"X-Padding", std::string(20 * 1024, 'x')}}));
  replies.emplace_back("an oversized body", send_request(port(), http::verb::post, "/api/login",
                                                         std::string(1024 * 1024 + 1, ' ')));
  for (const auto& [what, reply] : replies) {
    ASSERT_NE(reply.status, 0) << what << ": no answer";
    EXPECT_EQ(csp_problem(reply.header("Content-Security-Policy")), "")
        << what << ": " << reply.header("Content-Security-Policy");
    EXPECT_EQ(reply.header("X-Content-Type-Options"), "nosniff") << what;
  }
}

std::string percent_encode(const std::string& text) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

// HTML is only ever the web app's own files; an API answer or an error that
// carries what the client sent is JSON (with nosniff), so a browser never
// runs it.
void expect_not_html(const std::string& what, const Reply& reply, const std::string& payload) {
  const std::string type = reply.header("Content-Type");
  const bool json = type == "application/json" || type == "application/geo+json";
  if (reply.body.find(payload) != std::string::npos) {
    EXPECT_TRUE(json) << what << " reflects the payload as " << type;
  }
  EXPECT_EQ(type.find("html"), std::string::npos) << what << " answers " << type;
}

TEST_F(ViewerApiTest, NoRouteReflectsInputAsHtml) {
  const std::string payload = "<script>alert(1)</script>";
  const std::string encoded = percent_encode(payload);
  const std::string query = "?status=" + encoded + "&kind=" + encoded + "&cell=" + encoded +
                            "&bbox=" + encoded + "&min_score=" + encoded + "&" + encoded + "=1";
  for (const auto& route : viewer::api_routes()) {
    const http::verb method = http::string_to_verb(route.method);
    const std::string sample =
        fill_samples(route.pattern, true).value_or(fill_all(route.pattern, "X1"));
    const std::string body = Json{
        {"status", payload},
        {"comment", payload},
        {"user_name", payload},
        {"password", payload}}.dump();
    auto headers = [] {
      const Login& admin = live_login("admin");
      return std::map<std::string, std::string>{{"Cookie", admin.cookie},
                                                {"X-CSRF-Token", admin.csrf}};
    };
    expect_not_html(describe(route) + " with the payload as its parameters",
                    send_request(port(), method, fill_all(route.pattern, encoded), body, headers()),
                    payload);
    expect_not_html(describe(route) + " with the payload in the query",
                    send_request(port(), method, sample + query, body, headers()), payload);
    expect_not_html(describe(route) + " without session",
                    send_request(port(), method, fill_all(route.pattern, encoded) + query, body),
                    payload);
  }
  expect_not_html("a static path", get("/" + encoded), payload);
  expect_not_html("an API path", get_as("admin", "/api/" + encoded), payload);
  // A stored comment comes back JSON-encoded in the reviews and the queue.
  const Json decision{{"status", "field_check"}, {"comment", payload}};
  ASSERT_EQ(post_as("admin", "/api/flags/F1/review", decision).status, 200);
  for (const std::string target : {"/api/flags/F1/reviews", "/api/flags", "/api/enterprises/E1"}) {
    const Reply reply = get_as("admin", target);
    EXPECT_EQ(reply.status, 200) << target;
    expect_not_html(target + " with a stored comment", reply, payload);
  }
}

TEST_F(ViewerApiTest, TextThatIsNotUtf8NeverEndsTheServer) {
  // Bytes that are not UTF-8 in an id the error message names...
  const Reply unknown = get_as("a1", "/api/flags/%FF%FE/reviews");
  EXPECT_EQ(unknown.status, 404) << unknown.body;
  EXPECT_FALSE(unknown.json().is_discarded()) << unknown.body;
  // ... and a GBK-encoded name in the store (一个县的表格, 工厂 in GBK).
  {
    gis::DatasetPtr dataset = gis::open_dataset(store_path(), GDAL_OF_VECTOR | GDAL_OF_UPDATE);
    OGRLayer* result = dataset->ExecuteSQL(
        "UPDATE enterprises SET name = CAST(X'B9A4B3A7' AS TEXT) WHERE enterprise_id = 'E1'",
        nullptr, nullptr);
    if (result) dataset->ReleaseResultSet(result);
  }
  for (const std::string target :
       {"/api/enterprises/E1", "/api/layers/enterprises", "/api/me/cells"}) {
    const Reply reply = get_as("admin", target);
    EXPECT_EQ(reply.status, 200) << target << ": " << reply.body;
    EXPECT_FALSE(reply.json().is_discarded()) << target;
  }
  EXPECT_EQ(get_as("a1", "/api/flags").status, 200) << "the server still answers";
}

}  // namespace
}  // namespace envgrid::test
