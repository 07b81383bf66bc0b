// Answers of read routes kept until the store changes (StoreVersion): the
// load of many analysts asking for the same layers and queue pages.

#include "api.hpp"
#include "gzip.hpp"

namespace envgrid::viewer::detail {

namespace {

// Smaller answers are not worth a Content-Encoding.
constexpr std::size_t gzip_min_bytes = 1024;

// Everything the answer depends on: the store version, the route and its
// query, and the user's scope (role and cells; never the user's name, so
// analysts share answers).
std::string answer_key(std::uint64_t version, const RequestContext& context) {
  std::string key = std::to_string(version) + "|" + context.path + "?";
  for (const auto& [name, value] : context.query) key += name + "=" + value + "&";
  const User& user = require_user(context);
  key += "|" + std::string(role_name(user.role)) + "|";
  for (const auto& cell : user.cells) key += cell + ",";
  return key;
}

}  // namespace

Response cached_answer(ApiState& state, const RequestContext& context,
                       const std::string& content_type,
                       const std::function<std::string()>& make_body) {
  // The version is read BEFORE the body is made: a write committed meanwhile
  // gives a newer version, so a body made from older data is never found
  // under it.
  const std::string key = answer_key(state.shared.version.current(), context);
  ByteCache::Value body = state.shared.answers.find(key);
  if (!body) {
    body = std::make_shared<const std::string>(make_body());
    state.shared.answers.put(key, body);
  }
  // Browsers ask for gzip; the compressed answer is cached beside the plain one.
  const bool compress = body->size() >= gzip_min_bytes && accepts_gzip(context.request);
  if (compress) {
    ByteCache::Value packed = state.shared.answers.find(key + "|gzip");
    if (!packed) {
      packed = std::make_shared<const std::string>(gzip(*body));
      state.shared.answers.put(key + "|gzip", packed);
    }
    body = packed;
  }
  Response response = text_response(context.request, http::status::ok, *body, content_type);
  response.set(http::field::cache_control, "no-store");
  response.set(http::field::vary, "Accept-Encoding");
  if (compress) response.set(http::field::content_encoding, "gzip");
  return response;
}

}  // namespace envgrid::viewer::detail
