#include "reviews.hpp"

#include "envgrid/gis/store.hpp"
#include "envgrid/viewer/sessions.hpp"

namespace envgrid::viewer::detail {

void require_flag_status(const std::string& status) {
  if (!is_flag_status(status)) {
    throw HttpError(http::status::bad_request,
                    "status must be one of new, accepted, rejected, field_check");
  }
}

Json review_json(const Review& review) {
  return {{"review_id", review.review_id},   {"flag_id", review.flag_id},
          {"user_name", review.user_name},   {"decided_at", review.decided_at},
          {"old_status", review.old_status}, {"new_status", review.new_status},
          {"comment", review.comment}};
}

Review record_decision(gis::Store& store, OGRFeature& flag, const std::string& user_name,
                       const std::string& status, const std::string& comment) {
  Review review{.review_id = "R" + random_hex(8),
                .flag_id = flag.GetFieldAsString("flag_id"),
                .user_name = user_name,
                .decided_at = gis::utc_now_iso8601(),
                .old_status = flag.GetFieldAsString("status"),
                .new_status = status,
                .comment = comment};
  imagery::record_review(store, flag, review);
  return review;
}

}  // namespace envgrid::viewer::detail
