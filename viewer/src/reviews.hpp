#pragma once
// Review decisions from the viewer: the rows and the conflict rule are
// imagery's (envgrid/imagery/flag_rows.hpp); here the JSON form and the
// decision a reviewer makes through the API.

#include <string>

#include "envgrid/gis/store.hpp"
#include "envgrid/imagery/flag_rows.hpp"
#include "http_types.hpp"

namespace envgrid::viewer::detail {

using imagery::has_conflict;
using imagery::is_flag_status;
using imagery::Review;
using imagery::reviews_by_flag;
using imagery::reviews_of_flags;

[[nodiscard]] Json review_json(const Review& review);

// Sets the flag's status and appends the review (a new id, now), in one
// transaction. REQUIRES: status is one of new, accepted, rejected, field_check.
[[nodiscard]] Review record_decision(gis::Store& store, OGRFeature& flag,
                                     const std::string& user_name, const std::string& status,
                                     const std::string& comment);

// HttpError(400) unless is_flag_status(status).
void require_flag_status(const std::string& status);

}  // namespace envgrid::viewer::detail
