#include "api_bodies.hpp"

#include "reviews.hpp"

namespace envgrid::viewer::detail {

LoginBody parse_login_body(const Request& request) {
  const Json body = parse_json_object(request);
  return {json_string(body, "user_name", true), json_string(body, "password", true)};
}

ReviewBody parse_review_body(const Request& request) {
  const Json body = parse_json_object(request);
  ReviewBody review{json_string(body, "status", true), json_string(body, "comment", false)};
  require_flag_status(review.status);
  if (review.comment.size() > max_comment_chars) {
    throw HttpError(http::status::bad_request,
                    "comment is longer than " + std::to_string(max_comment_chars) + " characters");
  }
  return review;
}

AlertChangeBody parse_alert_change_body(const Request& request) {
  const Json body = parse_json_object(request);
  AlertChangeBody change{json_string(body, "alert_id", true), json_string(body, "status", true),
                         json_string(body, "note", false)};
  if (change.status != "acknowledged" && change.status != "closed") {
    throw HttpError(http::status::bad_request, "status must be acknowledged or closed");
  }
  if (change.note.empty()) throw HttpError(http::status::bad_request, "a note is required");
  if (change.note.size() > max_comment_chars) {
    throw HttpError(http::status::bad_request,
                    "note is longer than " + std::to_string(max_comment_chars) + " characters");
  }
  return change;
}

}  // namespace envgrid::viewer::detail
