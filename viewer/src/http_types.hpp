#pragma once
// The HTTP types shared by the viewer's server and its routes.

#include <boost/beast/http.hpp>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "envgrid/viewer/sessions.hpp"
#include "envgrid/viewer/users.hpp"

namespace envgrid::viewer::detail {

namespace http = boost::beast::http;
using Request = http::request<http::string_body>;
using Response = http::response<http::string_body>;
using Json = nlohmann::json;

// Thrown by a route to answer with this status and {"error": message}.
class HttpError : public std::runtime_error {
 public:
  HttpError(http::status status, const std::string& message)
      : std::runtime_error(message), status_(status) {}
  [[nodiscard]] http::status status() const noexcept { return status_; }

 private:
  http::status status_;
};

// One request as the routes see it.
struct RequestContext {
  const Request& request;
  std::string path;                          // percent-decoded, without the query
  std::map<std::string, std::string> query;  // percent-decoded
  std::string client_ip;
  std::string session_token;  // from the cookie, "" when none
  std::optional<Session> session;
  std::optional<User> user;  // set when the session is valid and the user enabled
};

// The user of the request, or HttpError(401).
const User& require_user(const RequestContext& context);

// JSON text of a value. Store text that is not valid UTF-8 (a GBK-encoded
// name from a county's spreadsheet, or bytes in a request path echoed in an
// error) becomes U+FFFD instead of an exception that would end the server.
[[nodiscard]] std::string json_text(const Json& value);

[[nodiscard]] Response json_response(const Request& request, http::status status, const Json& body);
[[nodiscard]] Response text_response(const Request& request, http::status status, std::string body,
                                     const std::string& content_type);
// The CSP: only this server, and images also from the basemap's origins.
[[nodiscard]] std::string content_security_policy(const std::vector<std::string>& image_origins);
// Headers every response carries (CSP without a basemap, nosniff, ...).
void add_security_headers(Response& response);

// Parses the body as a JSON object, or HttpError(400).
[[nodiscard]] Json parse_json_object(const Request& request);
// A string member of a JSON object: HttpError(400) when missing (and required) or not a string.
[[nodiscard]] std::string json_string(const Json& object, const std::string& key, bool required);

}  // namespace envgrid::viewer::detail
