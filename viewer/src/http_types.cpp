#include "http_types.hpp"

namespace envgrid::viewer::detail {

const User& require_user(const RequestContext& context) {
  if (!context.user) throw HttpError(http::status::unauthorized, "log in first");
  return *context.user;
}

std::string content_security_policy(const std::vector<std::string>& image_origins) {
  std::string images;
  for (const std::string& origin : image_origins) images += " " + origin;
  return "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:" +
         images +
         "; connect-src 'self'; worker-src 'self'; object-src 'none'; frame-ancestors 'none'";
}

void add_security_headers(Response& response) {
  response.set("Content-Security-Policy", content_security_policy({}));
  response.set("X-Content-Type-Options", "nosniff");
  response.set("X-Frame-Options", "DENY");
  response.set("Referrer-Policy", "no-referrer");
  response.set(http::field::server, "envgrid");
}

Response text_response(const Request& request, http::status status, std::string body,
                       const std::string& content_type) {
  Response response{status, request.version()};
  response.set(http::field::content_type, content_type);
  response.keep_alive(request.keep_alive());
  response.body() = std::move(body);
  response.prepare_payload();
  add_security_headers(response);
  return response;
}

std::string json_text(const Json& value) {
  return value.dump(-1, ' ', false, Json::error_handler_t::replace);
}

Response json_response(const Request& request, http::status status, const Json& body) {
  Response response = text_response(request, status, json_text(body), "application/json");
  response.set(http::field::cache_control, "no-store");
  return response;
}

Json parse_json_object(const Request& request) {
  Json body = Json::parse(request.body(), nullptr, /*allow_exceptions=*/false);
  if (body.is_discarded() || !body.is_object()) {
    throw HttpError(http::status::bad_request, "the body must be a JSON object");
  }
  return body;
}

std::string json_string(const Json& object, const std::string& key, bool required) {
  auto it = object.find(key);
  if (it == object.end() || it->is_null()) {
    if (required) throw HttpError(http::status::bad_request, "missing '" + key + "'");
    return "";
  }
  if (!it->is_string())
    throw HttpError(http::status::bad_request, "'" + key + "' must be a string");
  return it->get<std::string>();
}

}  // namespace envgrid::viewer::detail
