#pragma once
// Review decisions: appended to `reviews` in the same transaction as the flag
// status update, and read back per flag with the conflict rule: a flag is in
// conflict when different users decided different outcomes (the latest wins).

#include <map>
#include <string>
#include <vector>

#include "envgrid/gis/store.hpp"
#include "http_types.hpp"

namespace envgrid::viewer::detail {

struct Review {
  std::string review_id, flag_id, user_name, decided_at, old_status, new_status, comment;
};

[[nodiscard]] Json review_json(const Review& review);
// Reviews of one flag (flag_id given) or of all flags (""), oldest first.
[[nodiscard]] std::map<std::string, std::vector<Review>> reviews_by_flag(
    gis::Store& store, const std::string& flag_id);
[[nodiscard]] bool has_conflict(const std::vector<Review>& reviews);

// Sets the flag's status and appends the review, in one transaction.
// REQUIRES: status is one of new, accepted, rejected, field_check.
[[nodiscard]] Review record_decision(gis::Store& store, OGRFeature& flag,
                                     const std::string& user_name, const std::string& status,
                                     const std::string& comment);

[[nodiscard]] bool is_flag_status(const std::string& status);
// HttpError(400) unless is_flag_status(status).
void require_flag_status(const std::string& status);

}  // namespace envgrid::viewer::detail
