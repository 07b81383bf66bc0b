#pragma once
// A viewer on a small store made by the test, served in-process on a free
// loopback port, and a plain HTTP client (Boost.Beast) to talk to it.
//
// The store: two cells side by side (C1 managed by gm1, C2), an enterprise
// and an outfall in each, four flags (F1, F2 in C1; F3, F4 in C2), and the
// users admin, a1, a2 (analysts), gm1 (grid manager of C1), inv1
// (investigator), each with password "password-<name>".

#include <gtest/gtest.h>
#include <ogrsf_frmts.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <fstream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>

#include "envgrid/gis/gdal_handles.hpp"
#include "envgrid/gis/log.hpp"
#include "envgrid/gis/store.hpp"
#include "envgrid/gis/store_tables.hpp"
#include "envgrid/viewer/server.hpp"
#include "envgrid/viewer/users.hpp"
#include "test_support.hpp"

namespace envgrid::test {

namespace http = boost::beast::http;
using Json = nlohmann::json;

struct Reply {
  int status = 0;
  std::string body;
  std::map<std::string, std::string> headers;
  [[nodiscard]] Json json() const { return Json::parse(body, nullptr, false); }
  [[nodiscard]] std::string header(const std::string& name) const {
    auto it = headers.find(name);
    return it == headers.end() ? "" : it->second;
  }
};

// One request on a fresh connection; target is sent exactly as given.
inline Reply send_request(unsigned short port, http::verb method, const std::string& target,
                          const std::string& body = "",
                          const std::map<std::string, std::string>& headers = {}) {
  boost::asio::io_context io;
  boost::beast::tcp_stream stream(io);
  stream.connect(boost::asio::ip::tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), port));
  http::request<http::string_body> request{method, target, 11};
  request.set(http::field::host, "127.0.0.1:" + std::to_string(port));
  for (const auto& [name, value] : headers) request.set(name, value);
  if (!body.empty() || method == http::verb::post) {
    request.set(http::field::content_type, "application/json");
    request.body() = body;
    request.prepare_payload();
  }
  http::write(stream, request);
  boost::beast::flat_buffer buffer;
  http::response_parser<http::string_body> parser;
  parser.body_limit(64 * 1024 * 1024);
  boost::beast::error_code ec;
  http::read(stream, buffer, parser, ec);
  Reply reply;
  if (ec) return reply;
  auto response = parser.release();
  reply.status = response.result_int();
  reply.body = response.body();
  for (const auto& field : response) {
    reply.headers[std::string(field.name_string())] = std::string(field.value());
  }
  return reply;
}

// A logged-in user: the session cookie and CSRF token.
struct Login {
  std::string cookie;  // "envgrid_session=..."
  std::string csrf;
  Reply reply;
};

inline std::string password_of(const std::string& user) { return "password-" + user; }

class ViewerServer {
 public:
  explicit ViewerServer(const std::string& store_path, std::filesystem::path web_root,
                        std::optional<std::string> photos_dir = std::nullopt) {
    viewer::ServerOptions options;
    options.store_location = store_path;
    options.port = 0;
    options.web_root = std::move(web_root);
    options.photos_dir = std::move(photos_dir);
    server_ = std::make_unique<viewer::Server>(options);
    thread_ = std::thread([this] { server_->run(); });
  }
  ~ViewerServer() {
    server_->stop();
    thread_.join();
  }
  [[nodiscard]] viewer::Server& server() { return *server_; }
  [[nodiscard]] unsigned short port() const { return server_->port(); }

 private:
  std::unique_ptr<viewer::Server> server_;
  std::thread thread_;
};

inline void add_feature(OGRLayer& layer, const std::map<std::string, std::string>& fields,
                        const std::string& wkt) {
  gis::FeaturePtr feature(OGRFeature::CreateFeature(layer.GetLayerDefn()));
  for (const auto& [name, value] : fields) feature->SetField(name.c_str(), value.c_str());
  if (!wkt.empty()) feature->SetGeometry(gis::geometry_from_wkt(wkt).get());
  ASSERT_EQ(layer.CreateFeature(feature.get()), OGRERR_NONE) << layer.GetName();
}

// A square polygon, lon/lat degrees.
inline std::string square(double lon, double lat, double size) {
  auto p = [](double x, double y) { return std::to_string(x) + " " + std::to_string(y); };
  return "POLYGON((" + p(lon, lat) + "," + p(lon + size, lat) + "," + p(lon + size, lat + size) +
         "," + p(lon, lat + size) + "," + p(lon, lat) + "))";
}

inline void make_sample_store(const std::string& path) {
  gis::initialize_gdal();
  gis::Store store = gis::Store::create(path);
  store.transaction([&] {
    auto& cells = gis::store_layer(store, "cells");
    add_feature(cells,
                {{"cell_id", "C1"}, {"level", "cell"}, {"name", "East bank"}, {"manager", "gm1"}},
                "MULTIPOLYGON(((113.0 23.0,113.1 23.0,113.1 23.1,113.0 23.1,113.0 23.0)))");
    add_feature(cells,
                {{"cell_id", "C2"}, {"level", "cell"}, {"name", "West bank"}, {"manager", "gm2"}},
                "MULTIPOLYGON(((113.1 23.0,113.2 23.0,113.2 23.1,113.1 23.1,113.1 23.0)))");
    auto& enterprises = gis::store_layer(store, "enterprises");
    add_feature(enterprises,
                {{"enterprise_id", "E1"},
                 {"name", "Dye works"},
                 {"risk_class", "key"},
                 {"permit_no", "P-1"},
                 {"last_inspected", "2020-01-01"},
                 {"cell_id", "C1"}},
                "POINT(113.05 23.05)");
    add_feature(enterprises,
                {{"enterprise_id", "E2"},
                 {"name", "Tannery"},
                 {"risk_class", "ordinary"},
                 {"cell_id", "C2"}},
                "POINT(113.15 23.05)");
    auto& outfalls = gis::store_layer(store, "outfalls");
    add_feature(
        outfalls,
        {{"outfall_id", "O1"}, {"enterprise_id", "E1"}, {"registered", "1"}, {"cell_id", "C1"}},
        "POINT(113.051 23.051)");
    add_feature(
        outfalls,
        {{"outfall_id", "O2"}, {"enterprise_id", "E2"}, {"registered", "0"}, {"cell_id", "C2"}},
        "POINT(113.151 23.051)");
    auto& flags = gis::store_layer(store, "flags");
    const std::vector<std::tuple<std::string, std::string, std::string, std::string, double>> rows{
        {"F1", "construction", "C1", "0.9", 113.052},
        {"F2", "outfall", "C1", "0.7", 113.06},
        {"F3", "construction", "C2", "0.8", 113.152},
        {"F4", "outfall", "C2", "0.4", 113.16}};
    for (const auto& [id, kind, cell, score, lon] : rows) {
      add_feature(flags,
                  {{"flag_id", id},
                   {"kind", kind},
                   {"score", score},
                   {"status", "new"},
                   {"source", "test"},
                   {"cell_id", cell},
                   {"created_at", "2026-11-01T08:00:00Z"}},
                  square(lon, 23.052, 0.0005));
    }
  });
  viewer::ensure_access_tables(store);
  viewer::add_user(store, "admin", viewer::Role::admin, password_of("admin"));
  viewer::add_user(store, "a1", viewer::Role::analyst, password_of("a1"));
  viewer::add_user(store, "a2", viewer::Role::analyst, password_of("a2"));
  viewer::add_user(store, "gm1", viewer::Role::grid_manager, password_of("gm1"));
  viewer::add_user(store, "inv1", viewer::Role::investigator, password_of("inv1"));
  viewer::add_user(store, "locked", viewer::Role::analyst, password_of("locked"));
}

// Each test gets its own copy of one sample store (made once per suite:
// argon2id hashing of the users' passwords takes a moment on purpose) and
// its own server, so tests never see each other's decisions.
class ViewerApiTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    suite_dir_ = new TempDir();
    make_sample_store(suite_dir_->file("template.gpkg"));
  }
  static void TearDownTestSuite() {
    delete suite_dir_;
    suite_dir_ = nullptr;
  }
  void SetUp() override {
    temp_ = new TempDir();
    std::filesystem::copy_file(suite_dir_->file("template.gpkg"), temp_->file("project.gpkg"));
    const auto web = temp_->path() / "web";
    std::filesystem::create_directories(web / "assets");
    std::ofstream(web / "index.html") << "<!doctype html><title>test app</title>";
    std::ofstream(web / "assets" / "app.js") << "console.log('app');";
    std::ofstream(temp_->path() / "secret.txt") << "root:x:0:0 secret outside the web root";
    server_ = new ViewerServer(temp_->file("project.gpkg"), web);
  }
  void TearDown() override {
    delete server_;
    delete temp_;
    server_ = nullptr;
    temp_ = nullptr;
    logins_.clear();
  }

  static unsigned short port() { return server_->port(); }
  static std::string store_path() { return temp_->file("project.gpkg"); }

  static Reply get(const std::string& target, const std::string& cookie = "") {
    std::map<std::string, std::string> headers;
    if (!cookie.empty()) headers["Cookie"] = cookie;
    return send_request(port(), http::verb::get, target, "", headers);
  }
  static Reply get_as(const std::string& user, const std::string& target) {
    return get(target, login(user).cookie);
  }
  static Reply post_as(const std::string& user, const std::string& target, const Json& body) {
    const Login& session = login(user);
    return send_request(port(), http::verb::post, target, body.dump(),
                        {{"Cookie", session.cookie}, {"X-CSRF-Token", session.csrf}});
  }

  static Login fresh_login(const std::string& user, const std::string& password) {
    Login result;
    result.reply = send_request(port(), http::verb::post, "/api/login",
                                Json{{"user_name", user}, {"password", password}}.dump());
    const std::string set_cookie = result.reply.header("Set-Cookie");
    result.cookie = set_cookie.substr(0, set_cookie.find(';'));
    const Json body = result.reply.json();
    if (body.is_object() && body.contains("csrf_token")) result.csrf = body["csrf_token"];
    return result;
  }
  static const Login& login(const std::string& user) {
    auto it = logins_.find(user);
    if (it == logins_.end()) it = logins_.emplace(user, fresh_login(user, password_of(user))).first;
    return it->second;
  }

  // login(user), logged in again when a route under test (the logout) has
  // ended the session.
  static const Login& live_login(const std::string& user) {
    auto it = logins_.find(user);
    if (it != logins_.end() && get("/api/session", it->second.cookie).status != 200) {
      logins_.erase(it);
    }
    return login(user);
  }

  inline static TempDir* suite_dir_ = nullptr;
  inline static TempDir* temp_ = nullptr;
  inline static ViewerServer* server_ = nullptr;
  inline static std::map<std::string, Login> logins_;
};

}  // namespace envgrid::test
