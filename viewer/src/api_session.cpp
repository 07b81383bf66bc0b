// GET /api/session, POST /api/login, POST /api/logout.

#include "api.hpp"
#include "api_bodies.hpp"

namespace envgrid::viewer::detail {

namespace {

constexpr const char* cookie_name = "envgrid_session";

Json user_json(const User& user, const Session& session) {
  return {{"user_name", user.user_name},
          {"role", role_name(user.role)},
          {"cells", user.cells},
          {"csrf_token", session.csrf_token},
          {"expires_at", session.expires_at_unix_s}};
}

std::string session_cookie(const std::string& token, long long max_age_s) {
  return std::string(cookie_name) + "=" + token +
         "; HttpOnly; SameSite=Strict; Path=/; Max-Age=" + std::to_string(max_age_s);
}

}  // namespace

Response get_session(ApiState&, RequestContext& context) {
  const User& user = require_user(context);
  return json_response(context.request, http::status::ok, user_json(user, *context.session));
}

Response post_login(ApiState& state, RequestContext& context) {
  const auto [user_name, password] = parse_login_body(context.request);
  if (long long wait_s = state.shared.login_limiter.retry_after_s(user_name, context.client_ip);
      wait_s > 0) {
    Response response = json_response(
        context.request, http::status::too_many_requests,
        {{"error", "too many failed logins; try again in " + std::to_string(wait_s) + " s"}});
    response.set(http::field::retry_after, std::to_string(wait_s));
    return response;
  }
  std::optional<User> user = check_password(state.store, user_name, password);
  if (!user) {
    state.shared.login_limiter.record_failure(user_name, context.client_ip);
    throw HttpError(http::status::unauthorized, "wrong user name or password");
  }
  state.shared.login_limiter.record_success(user_name, context.client_ip);
  // The password check (argon2id, slow on purpose) ran without the write
  // lock: only the session's row waits for it.
  std::unique_lock<std::mutex> write;
  if (state.write_lock) write = std::unique_lock(*state.write_lock);
  NewSession created = start_session(state.store, user->user_name, state.shared.session_lifetime);
  if (write) write.unlock();
  Response response =
      json_response(context.request, http::status::ok, user_json(*user, created.session));
  response.set(http::field::set_cookie,
               session_cookie(created.token, state.shared.session_lifetime.count()));
  return response;
}

Response post_logout(ApiState& state, RequestContext& context) {
  end_session(state.store, context.session_token);
  state.shared.sessions.forget(context.session_token);
  Response response = json_response(context.request, http::status::ok, {{"logged_out", true}});
  response.set(http::field::set_cookie, session_cookie("", 0));
  return response;
}

}  // namespace envgrid::viewer::detail
