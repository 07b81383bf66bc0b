#pragma once
// The viewer's HTTP server (Boost.Beast): the JSON API of docs/api.md and the
// built web app, on one project store. A few threads serve the connections,
// each request with a store handle of its own (docs/viewer.md, "Load").

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>

namespace envgrid::viewer {

struct ServerOptions {
  std::string store_location;  // GeoPackage path or "PG:..." string
  // DEFAULT: loopback only; another address is a deliberate choice.
  std::string bind_address = "127.0.0.1";
  unsigned short port = 8080;  // 0: any free port (see Server::port)
  // The built web app (viewer/web/dist). DEFAULT: default_web_root().
  std::optional<std::filesystem::path> web_root;
  std::chrono::seconds session_lifetime{std::chrono::hours(8)};
  std::size_t body_limit_bytes = 1024 * 1024;  // larger bodies get 413 (task photos: 20 MiB)
  // Where uploaded task photos are kept. DEFAULT: PROJECT.photos beside a
  // GeoPackage; a PostGIS store without it refuses uploads (503).
  std::optional<std::string> photos_dir;
  // Threads serving requests, each with its own store handle.
  // DEFAULT 0: four per core, at least 8, at most 32.
  std::size_t threads = 0;
};

// viewer/web/dist of the source tree when built there, else
// <prefix>/share/envgrid/web next to the installed program; nullopt if neither exists.
[[nodiscard]] std::optional<std::filesystem::path> default_web_root();

class Server {
 public:
  // Opens the store, creates the users/sessions tables when missing and the
  // first admin when there is no user, loads the web app and binds the port.
  explicit Server(ServerOptions options);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  [[nodiscard]] unsigned short port() const;
  [[nodiscard]] std::string url() const;
  // The first admin's password when this start created it, else nullopt.
  [[nodiscard]] const std::optional<std::string>& first_admin_password() const;
  // Number of web app files served (0 when no build was found).
  [[nodiscard]] std::size_t web_file_count() const;

  // Serves until stop() is called (from any thread).
  void run();
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace envgrid::viewer
