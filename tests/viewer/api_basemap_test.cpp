// The project's basemap (docs/viewer.md, "Basemap"): off by default, the CSP
// then the same as ever; a remote template adds exactly its hosts to
// img-src and nothing else; a local tile folder is served by the viewer
// under its own origin.

#include <filesystem>
#include <fstream>

#include "envgrid/viewer/basemap.hpp"
#include "viewer_fixture.hpp"

namespace envgrid::test {
namespace {

constexpr const char* default_csp =
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
    "connect-src 'self'; worker-src 'self'; object-src 'none'; frame-ancestors 'none'";

class BasemapApiTest : public ViewerApiTest {
 protected:
  // Sets the basemap in the store and starts a second server on it (the
  // viewer reads the basemap when it starts).
  std::unique_ptr<ViewerServer> serve_with(const std::optional<viewer::Basemap>& basemap) {
    {
      gis::Store store = gis::Store::open(store_path(), true);
      viewer::write_basemap(store, basemap);
    }
    return std::make_unique<ViewerServer>(store_path(), temp_->path() / "web");
  }
  static Reply get_on(unsigned short on, const std::string& target, const std::string& user) {
    const Login session = [&] {
      Login result;
      result.reply =
          send_request(on, http::verb::post, "/api/login",
                       Json{{"user_name", user}, {"password", password_of(user)}}.dump());
      const std::string set_cookie = result.reply.header("Set-Cookie");
      result.cookie = set_cookie.substr(0, set_cookie.find(';'));
      return result;
    }();
    return send_request(on, http::verb::get, target, "", {{"Cookie", session.cookie}});
  }
};

TEST_F(BasemapApiTest, NoBasemapByDefaultAndTheCspIsUnchanged) {
  for (const std::string target : {"/", "/api/session", "/api/basemap", "/api/nope"}) {
    EXPECT_EQ(get_as("gm1", target).header("Content-Security-Policy"), default_csp) << target;
  }
  EXPECT_TRUE(get_as("gm1", "/api/basemap").json()["basemap"].is_null());
  EXPECT_EQ(get_as("gm1", "/api/basemap/1/1/1.png").status, 404);
}

TEST_F(BasemapApiTest, ARemoteTemplateAddsExactlyItsHostsToImgSrc) {
  const auto basemap = viewer::make_basemap(
      "https://t{0-2}.tianditu.gov.cn/vec_w/wmts?TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&tk=K",
      "天地图", 18);
  const auto server = serve_with(basemap);
  const std::string expected =
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob: "
      "https://t0.tianditu.gov.cn https://t1.tianditu.gov.cn https://t2.tianditu.gov.cn; "
      "connect-src 'self'; worker-src 'self'; object-src 'none'; frame-ancestors 'none'";
  const Reply index = send_request(server->port(), http::verb::get, "/");
  EXPECT_EQ(index.header("Content-Security-Policy"), expected);
  const Reply answer = get_on(server->port(), "/api/basemap", "gm1");
  EXPECT_EQ(answer.header("Content-Security-Policy"), expected);
  const Json b = answer.json()["basemap"];
  EXPECT_EQ(b["url"], basemap.source);
  EXPECT_EQ(b["attribution"], "天地图");
  EXPECT_EQ(b["local"], false);
  // The server this fixture started before the basemap was set keeps its policy.
  EXPECT_EQ(get_as("gm1", "/").header("Content-Security-Policy"), default_csp);
}

TEST_F(BasemapApiTest, ALocalFolderIsServedByTheViewerItself) {
  const auto folder = temp_->path() / "tiles";
  std::filesystem::create_directories(folder / "3" / "6");
  const std::string png = std::string("\x89PNG\r\n\x1a\n", 8) + "tile bytes";
  std::ofstream(folder / "3" / "6" / "2.png", std::ios::binary) << png;
  std::ofstream(temp_->path() / "secret.png", std::ios::binary) << png;
  const auto server = serve_with(viewer::make_basemap(folder.string(), "", 5));
  const Reply answer = get_on(server->port(), "/api/basemap", "gm1");
  EXPECT_EQ(answer.header("Content-Security-Policy"), default_csp) << "tiles come from 'self'";
  EXPECT_EQ(answer.json()["basemap"]["url"], "/api/basemap/{z}/{x}/{y}.png");
  const Reply tile = get_on(server->port(), "/api/basemap/3/6/2.png", "gm1");
  EXPECT_EQ(tile.status, 200);
  EXPECT_EQ(tile.body, png);
  EXPECT_EQ(tile.header("Content-Type"), "image/png");
  for (const std::string bad :
       {"/api/basemap/3/6/9.png", "/api/basemap/3/6/2.gif", "/api/basemap/../../secret.png",
        "/api/basemap/3/..%2F..%2F/2.png", "/api/basemap/-1/6/2.png"}) {
    const int status = get_on(server->port(), bad, "gm1").status;
    EXPECT_TRUE(status == 404 || status == 400) << bad << ": " << status;
  }
  EXPECT_EQ(send_request(server->port(), http::verb::get, "/api/basemap/3/6/2.png").status, 401);
}

}  // namespace
}  // namespace envgrid::test
