// Whole API requests through the viewer's request handler, on a small store
// with one analyst logged in: method, target (path and query), session
// cookie, CSRF and Origin headers, body. The oracle besides the sanitizers:
// no request may end in 500, which the handler answers only to an exception
// no route expected.

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>

#include "api.hpp"
#include "envgrid/gis/store.hpp"
#include "envgrid/viewer/sessions.hpp"
#include "envgrid/viewer/users.hpp"
#include "fuzz_support.hpp"
#include "request_handler.hpp"
#include "store_pool.hpp"

using namespace envgrid;
using namespace envgrid::viewer::detail;

namespace {

struct Server {
  std::string store_path;
  viewer::NewSession session;
  std::unique_ptr<StorePool> stores;
  std::unique_ptr<SharedState> shared;
  std::unique_ptr<RequestHandler> handler;  // refers to stores and shared
};

std::filesystem::path fresh_dir() {
  const auto dir =
      std::filesystem::temp_directory_path() / ("envgrid_api_fuzz_" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir / "web");
  std::ofstream(dir / "web" / "index.html") << "<!doctype html><title>envgrid</title>";
  static const std::filesystem::path removed_at_exit = dir;
  std::atexit([] {
    std::error_code ignored;
    std::filesystem::remove_all(removed_at_exit, ignored);
  });
  return dir;
}

// The analyst's session on a new store at path.
viewer::NewSession store_with_analyst(const std::string& path) {
  gis::Store store = gis::Store::create(path);
  viewer::ensure_access_tables(store);
  viewer::add_user(store, "a1", viewer::Role::analyst, "password-a1", {"C1"});
  return viewer::start_session(store, "a1", std::chrono::hours(1));
}

Server& server() {
  static Server* instance = [] {
    fuzz::quiet_logging();
    const auto dir = fresh_dir();
    auto* s = new Server{(dir / "store.gpkg").string(), {}, nullptr, nullptr, nullptr};
    s->session = store_with_analyst(s->store_path);
    s->stores = std::make_unique<StorePool>(s->store_path, 1);
    // SharedState holds mutexes: made in place.
    s->shared.reset(new SharedState{.store_location = s->store_path,
                                    .session_lifetime = std::chrono::hours(1),
                                    .version = StoreVersion(s->store_path)});
    s->handler = std::make_unique<RequestHandler>(*s->stores, *s->shared, StaticFiles(dir / "web"));
    return s;
  }();
  return *instance;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 2) return 0;
  Server& s = server();
  static const http::verb methods[] = {http::verb::get, http::verb::post, http::verb::head,
                                       http::verb::put, http::verb::delete_};
  const std::string text = fuzz::as_text(data + 2, size - 2);
  const std::size_t newline = text.find('\n');
  Request request{methods[data[0] % 5], text.substr(0, newline), 11};
  request.set(http::field::host, "127.0.0.1:8080");
  if (data[1] & 1) request.set(http::field::cookie, "envgrid_session=" + s.session.token);
  if (data[1] & 2) request.set("X-CSRF-Token", s.session.session.csrf_token);
  if (data[1] & 4) request.set(http::field::origin, "http://127.0.0.1:8080");
  if (newline != std::string::npos) request.body() = text.substr(newline + 1);
  request.prepare_payload();
  const Response response = s.handler->handle(request, "127.0.0.1");
  if (response.result() == http::status::internal_server_error) {
    std::fprintf(stderr, "500 for %s %s: %s\n", std::string(request.method_string()).c_str(),
                 std::string(request.target()).c_str(), response.body().c_str());
    __builtin_trap();
  }
  // A logout ends the session the next inputs use: start another.
  if (const auto lease = s.stores->borrow();
      request.method() == http::verb::post &&
      !viewer::find_session(lease->store(), s.session.token)) {
    s.session = viewer::start_session(lease->store(), "a1", std::chrono::hours(1));
  }
  return 0;
}
