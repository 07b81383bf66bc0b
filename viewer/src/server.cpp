// The Boost.Beast server: a few threads running one io_context, each
// connection on its own strand, parser limits on header (16 KiB) and body
// (ServerOptions::body_limit_bytes).

#include "envgrid/viewer/server.hpp"

#include <algorithm>
#include <array>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <thread>

#include "api.hpp"
#include "envgrid/gis/error.hpp"
#include "envgrid/gis/log.hpp"
#include "envgrid/gis/store.hpp"
#include "envgrid/tasks/photo_keep.hpp"
#include "envgrid/viewer/users.hpp"
#include "request_handler.hpp"

#ifndef ENVGRID_WEB_DIST
#define ENVGRID_WEB_DIST ""
#endif

namespace envgrid::viewer {

namespace {

namespace beast = boost::beast;
namespace http = beast::http;
namespace asio = boost::asio;
using tcp = asio::ip::tcp;

constexpr std::size_t header_limit_bytes = 16 * 1024;
constexpr std::chrono::seconds idle_timeout{30};
// A 20 MB photo from a phone on a slow mobile link.
constexpr std::chrono::seconds upload_timeout{300};

class Connection : public std::enable_shared_from_this<Connection> {
 public:
  Connection(tcp::socket socket, detail::RequestHandler& handler, std::size_t body_limit)
      : stream_(std::move(socket)), handler_(handler), body_limit_(body_limit) {
    beast::error_code ignored;
    auto endpoint = stream_.socket().remote_endpoint(ignored);
    client_ip_ = ignored ? "" : endpoint.address().to_string();
  }

  void start() { read(); }

 private:
  void read() {
    parser_.emplace();
    parser_->header_limit(header_limit_bytes);
    parser_->body_limit(std::max(body_limit_, tasks::max_photo_bytes));
    stream_.expires_after(idle_timeout);
    http::async_read_header(
        stream_, buffer_, *parser_,
        [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_header(ec); });
  }

  // The header decides the body's limit: a task photo may be larger than
  // any other body (tasks::max_photo_bytes). The parser compares a declared
  // Content-Length with the limit when the header ends, so the header is
  // read under the larger limit and other bodies are held to theirs here.
  void on_header(beast::error_code ec) {
    if (ec) return on_read(ec);
    const auto& header = parser_->get();
    const auto target = header.target();
    if (header.method() == http::verb::post &&
        detail::is_photo_upload(std::string_view(target.data(), target.size()))) {
      stream_.expires_after(upload_timeout);
    } else {
      if (parser_->content_length().value_or(0) > body_limit_)
        return reject(http::error::body_limit);
      parser_->body_limit(body_limit_);
    }
    http::async_read(
        stream_, buffer_, *parser_,
        [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_read(ec); });
  }

  void on_read(beast::error_code ec) {
    if (ec == http::error::end_of_stream || ec == beast::error::timeout ||
        ec == asio::error::connection_reset || ec == asio::error::operation_aborted) {
      return close();
    }
    if (ec) return reject(ec);
    detail::Request request = parser_->release();
    try {
      write(handler_.handle(request, client_ip_));
    } catch (const std::exception& error) {
      // The handler answers every error it knows; anything else must not
      // escape into io.run() and end the server for every user.
      gis::log_error(std::string("serve: unhandled: ") + error.what());
      write(detail::json_response(request, http::status::internal_server_error,
                                  {{"error", "internal error"}}));
    }
  }

  // A request the parser refused: answer once, then close.
  void reject(beast::error_code ec) {
    http::status status = http::status::bad_request;
    if (ec == http::error::body_limit) status = http::status::payload_too_large;
    if (ec == http::error::header_limit) status = http::status::request_header_fields_too_large;
    detail::Request request;
    request.version(11);
    request.keep_alive(false);
    detail::Response response =
        detail::json_response(request, status,
                              {{"error", status == http::status::payload_too_large
                                             ? "request body larger than the limit"
                                             : "malformed request: " + ec.message()}});
    response.keep_alive(false);
    rejected_ = true;
    write(std::move(response));
  }

  void write(detail::Response response) {
    response_ = std::make_shared<detail::Response>(std::move(response));
    stream_.expires_after(idle_timeout);
    http::async_write(
        stream_, *response_,
        [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_write(ec); });
  }

  void on_write(beast::error_code ec) {
    if (!ec && rejected_) return linger();
    if (ec || !response_->keep_alive()) return close();
    response_.reset();
    read();
  }

  // After refusing a request whose body is still arriving: stop sending,
  // then read and drop what the client sends for a moment before closing,
  // so the client reads the refusal instead of a connection reset.
  void linger() {
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
    stream_.expires_after(std::chrono::seconds(2));
    drop_input();
  }

  void drop_input() {
    stream_.async_read_some(asio::buffer(discard_),
                            [self = shared_from_this()](beast::error_code ec, std::size_t) {
                              if (ec) return self->close();
                              self->drop_input();
                            });
  }

  void close() {
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_both, ignored);
    stream_.close();
  }

  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  std::shared_ptr<detail::Response> response_;
  bool rejected_ = false;
  std::array<char, 16 * 1024> discard_{};
  detail::RequestHandler& handler_;
  std::size_t body_limit_;
  std::string client_ip_;
};

}  // namespace

std::optional<std::filesystem::path> default_web_root() {
  namespace fs = std::filesystem;
  std::vector<fs::path> candidates;
  if (std::string(ENVGRID_WEB_DIST).size() > 0) candidates.emplace_back(ENVGRID_WEB_DIST);
  std::error_code ec;
  const fs::path program = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) candidates.push_back(program.parent_path().parent_path() / "share/envgrid/web");
  for (const auto& candidate : candidates) {
    if (fs::is_regular_file(candidate / "index.html", ec)) return candidate;
  }
  return std::nullopt;
}

std::size_t thread_count(const ServerOptions& options) {
  if (options.threads > 0) return options.threads;
  // Handlers block (store reads; a photo's thumbnail takes a second of CPU):
  // with a thread per core two uploads would hold up every task list.
  return std::clamp<std::size_t>(4 * std::thread::hardware_concurrency(), 8, 32);
}

std::optional<std::string> photos_folder(const ServerOptions& options) {
  if (options.photos_dir) return std::filesystem::absolute(*options.photos_dir).string();
  if (gis::is_postgis_location(options.store_location)) return std::nullopt;
  return std::filesystem::absolute(options.store_location + ".photos").string();
}

struct Server::Impl {
  ServerOptions options;
  std::size_t threads;
  detail::StorePool stores;
  detail::SharedState shared;
  std::optional<std::string> first_admin_password;
  std::unique_ptr<detail::RequestHandler> handler;
  asio::io_context io;
  tcp::acceptor acceptor{io};

  Impl(ServerOptions opts)
      : options(std::move(opts)),
        threads(thread_count(options)),
        stores(options.store_location, threads),
        shared{.store_location = options.store_location,
               .session_lifetime = options.session_lifetime,
               .version = detail::StoreVersion(options.store_location),
               .photos_dir = photos_folder(options)},
        io(static_cast<int>(threads)) {}

  void accept() {
    acceptor.async_accept(asio::make_strand(io), [this](beast::error_code ec, tcp::socket socket) {
      if (ec == asio::error::operation_aborted) return;
      if (!ec) {
        std::make_shared<Connection>(std::move(socket), *handler, options.body_limit_bytes)
            ->start();
      }
      accept();
    });
  }
};

Server::Server(ServerOptions options) {
  gis::initialize_gdal();
  gis::StepScope step("serve");
  impl_ = std::make_unique<Impl>(std::move(options));
  {
    auto lease = impl_->stores.borrow();
    ensure_access_tables(lease->store());
    impl_->first_admin_password = create_first_admin(lease->store());
    impl_->shared.basemap = read_basemap(lease->store());
  }
  if (const auto& basemap = impl_->shared.basemap; basemap && !is_local_folder(*basemap)) {
    impl_->shared.basemap_csp = detail::content_security_policy(basemap_origins(*basemap));
  }

  detail::StaticFiles files;
  const auto web_root = impl_->options.web_root ? impl_->options.web_root : default_web_root();
  if (web_root && std::filesystem::is_directory(*web_root)) {
    files = detail::StaticFiles(*web_root);
  } else {
    gis::log_warning(
        "serve: no built web app found (run `npm run build` in viewer/web); "
        "serving the API only");
  }
  impl_->handler =
      std::make_unique<detail::RequestHandler>(impl_->stores, impl_->shared, std::move(files));

  beast::error_code ec;
  const auto address = asio::ip::make_address(impl_->options.bind_address, ec);
  if (ec)
    gis::throw_usage_error("--bind: '" + impl_->options.bind_address + "' is not an IP address");
  const tcp::endpoint endpoint{address, impl_->options.port};
  auto& acceptor = impl_->acceptor;
  acceptor.open(endpoint.protocol(), ec);
  if (!ec) acceptor.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) acceptor.bind(endpoint, ec);
  if (!ec) acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    gis::throw_output_error("cannot listen on " + impl_->options.bind_address + ":" +
                            std::to_string(impl_->options.port) + ": " + ec.message());
  }
}

Server::~Server() = default;

unsigned short Server::port() const { return impl_->acceptor.local_endpoint().port(); }

std::string Server::url() const {
  const auto address = impl_->acceptor.local_endpoint().address();
  const std::string host = address.is_v6() ? "[" + address.to_string() + "]" : address.to_string();
  return "http://" + host + ":" + std::to_string(port()) + "/";
}

const std::optional<std::string>& Server::first_admin_password() const {
  return impl_->first_admin_password;
}

std::size_t Server::web_file_count() const { return impl_->handler->web_file_count(); }

void Server::run() {
  impl_->accept();
  std::vector<std::thread> others;
  for (std::size_t i = 1; i < impl_->threads; ++i) others.emplace_back([this] { impl_->io.run(); });
  impl_->io.run();
  for (auto& thread : others) thread.join();
}

void Server::stop() { impl_->io.stop(); }

}  // namespace envgrid::viewer
