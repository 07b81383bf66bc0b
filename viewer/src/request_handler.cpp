#include "request_handler.hpp"

#include "envgrid/gis/error.hpp"
#include "envgrid/gis/log.hpp"

namespace envgrid::viewer::detail {

namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

Response error_response(const Request& request, http::status status, const std::string& message) {
  return json_response(request, status, {{"error", message}});
}

}  // namespace

std::optional<std::string> percent_decode(std::string_view text, bool plus_is_space) {
  std::string decoded;
  decoded.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '%') {
      if (i + 2 >= text.size()) return std::nullopt;
      const int high = hex_value(text[i + 1]), low = hex_value(text[i + 2]);
      if (high < 0 || low < 0) return std::nullopt;
      c = static_cast<char>(high * 16 + low);
      i += 2;
    } else if (c == '+' && plus_is_space) {
      c = ' ';
    }
    if (c == '\0') return std::nullopt;
    decoded += c;
  }
  return decoded;
}

std::map<std::string, std::string> parse_query(std::string_view query) {
  std::map<std::string, std::string> values;
  while (!query.empty()) {
    const std::size_t amp = query.find('&');
    std::string_view pair = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
    const std::size_t eq = pair.find('=');
    auto key = percent_decode(pair.substr(0, eq), true);
    auto value = percent_decode(eq == std::string_view::npos ? "" : pair.substr(eq + 1), true);
    if (!key || !value) throw HttpError(http::status::bad_request, "malformed query string");
    values[*key] = *value;
  }
  return values;
}

std::string session_cookie_value(const Request& request) {
  auto header = request.find(http::field::cookie);
  if (header == request.end()) return "";
  const std::string cookies(header->value());
  const std::string name = "envgrid_session=";
  std::size_t at = 0;
  while ((at = cookies.find(name, at)) != std::string::npos) {
    if (at == 0 || cookies[at - 1] == ' ' || cookies[at - 1] == ';') {
      const std::size_t start = at + name.size();
      return cookies.substr(start, cookies.find(';', start) - start);
    }
    at += name.size();
  }
  return "";
}

RequestHandler::RequestHandler(StorePool& stores, SharedState& shared, StaticFiles files)
    : stores_(stores), shared_(shared), files_(std::move(files)) {}

Response RequestHandler::handle(const Request& request, const std::string& client_ip) {
  Response response = answer(request, client_ip);
  // A project with a basemap: its tile hosts join img-src, on every answer.
  if (!shared_.basemap_csp.empty()) response.set("Content-Security-Policy", shared_.basemap_csp);
  return response;
}

Response RequestHandler::answer(const Request& request, const std::string& client_ip) {
  const std::string_view target(request.target().data(), request.target().size());
  const std::size_t question = target.find('?');
  auto path = percent_decode(target.substr(0, question), false);
  if (!path || path->empty() || (*path)[0] != '/') {
    return error_response(request, http::status::bad_request, "malformed request path");
  }
  if (path->rfind("/api/", 0) != 0) return handle_static(request, *path);
  try {
    RequestContext context{request, *path, {}, client_ip, session_cookie_value(request), {}, {}};
    if (question != std::string_view::npos)
      context.query = parse_query(target.substr(question + 1));
    return handle_api(context);
  } catch (const HttpError& error) {
    return error_response(request, error.status(), error.what());
  } catch (const std::exception& error) {
    gis::log_error(std::string("serve: ") + request.method_string().to_string() + " " +
                   std::string(target) + ": " + error.what());
    return error_response(request, http::status::internal_server_error, "internal error");
  }
}

void RequestHandler::find_session_user(ApiState& state, RequestContext& context) {
  const std::string& token = context.session_token;
  if (token.empty()) return;
  std::optional<KnownSession> known = shared_.sessions.find(token);
  if (!known) {
    std::optional<Session> session = find_session(state.store, token);
    if (!session) return;
    known = KnownSession{*session, find_user(state.store, session->user_name)};
    if (known->user && known->user->disabled) known->user.reset();
    shared_.sessions.remember(token, *known);
  }
  context.session = known->session;
  context.user = known->user;
}

Response RequestHandler::handle_api(RequestContext& context) {
  const auto lease = stores_.borrow();
  ApiState state{lease->store(), shared_};
  find_session_user(state, context);
  const http::verb method = context.request.method();
  if (method == http::verb::get || method == http::verb::head) return route_api(state, context);
  struct BumpAfter {
    StoreVersion& version;
    ~BumpAfter() { version.bump(); }
  } bump{shared_.version};
  if (is_photo_upload(context.path) || context.path == "/api/login") {
    state.write_lock = &stores_.write_mutex();
    return route_api(state, context);
  }
  const std::lock_guard write(stores_.write_mutex());
  return route_api(state, context);
}

Response RequestHandler::handle_static(const Request& request, const std::string& path) const {
  if (request.method() != http::verb::get && request.method() != http::verb::head) {
    return error_response(request, http::status::method_not_allowed, "method not allowed");
  }
  const StaticFile* file = files_.find(path);
  if (!file) return error_response(request, http::status::not_found, "not found");
  Response response = text_response(request, http::status::ok, file->content, file->content_type);
  // Vite names assets by content hash: they never change under one name.
  response.set(http::field::cache_control,
               path.rfind("/assets/", 0) == 0 ? "public, max-age=31536000, immutable" : "no-cache");
  return response;
}

}  // namespace envgrid::viewer::detail
