// GET /api/flags (the review queue), POST /api/flags/{id}/review,
// GET /api/flags/{id}/reviews.

#include <algorithm>

#include "api.hpp"
#include "geojson.hpp"
#include "query_params.hpp"
#include "reviews.hpp"
#include "store_tables.hpp"

namespace envgrid::viewer::detail {

namespace {

constexpr std::size_t max_comment_chars = 2000;

struct QueueFilter {
  std::string status, kind, cell;
  std::optional<double> min_score;
};

QueueFilter read_filter(const RequestContext& context) {
  QueueFilter filter{query_text(context, "status"), query_text(context, "kind"),
                     query_text(context, "cell"), query_double(context, "min_score")};
  if (!filter.status.empty() && !is_flag_status(filter.status)) {
    throw HttpError(http::status::bad_request,
                    "status must be one of new, accepted, rejected, field_check");
  }
  return filter;
}

bool matches(OGRFeature& flag, const QueueFilter& filter) {
  if (!filter.status.empty() && filter.status != flag.GetFieldAsString("status")) return false;
  if (!filter.kind.empty() && filter.kind != flag.GetFieldAsString("kind")) return false;
  if (!filter.cell.empty() && filter.cell != flag.GetFieldAsString("cell_id")) return false;
  return !filter.min_score || flag.GetFieldAsDouble("score") >= *filter.min_score;
}

Json queue_item(OGRFeature& flag, const std::vector<Review>* reviews) {
  Json item = feature_json(flag);
  Json& properties = item["properties"];
  properties["conflict"] = reviews && has_conflict(*reviews);
  properties["decisions"] = reviews ? reviews->size() : 0;
  properties["last_review"] = reviews && !reviews->empty() ? review_json(reviews->back()) : Json();
  return item;
}

// The flag with this id within the user's scope for the action: 404 when
// unknown, 403 when in another cell.
gis::FeaturePtr scoped_flag(ApiState& state, const RequestContext& context,
                            const std::string& flag_id, Action action) {
  const Scope scope = require_scope(context, action);
  gis::FeaturePtr flag = find_feature(state.store.layer("flags"), "flag_id", flag_id);
  if (!flag) throw HttpError(http::status::not_found, "no flag '" + flag_id + "'");
  if (!cell_in_scope(*context.user, scope, flag->GetFieldAsString("cell_id"))) {
    throw HttpError(http::status::forbidden, "flag '" + flag_id + "' is outside your cells");
  }
  return flag;
}

}  // namespace

Response get_flags(ApiState& state, RequestContext& context) {
  const Scope scope = require_scope(context, Action::read_flags);
  const QueueFilter filter = read_filter(context);
  const long long offset = query_int(context, "offset", 0, 0, 1'000'000'000);
  const long long limit = query_int(context, "limit", 50, 1, 500);

  std::vector<gis::FeaturePtr> selected;
  for_each_feature(state.store.layer("flags"), "", [&](OGRFeature& flag) {
    if (cell_in_scope(*context.user, scope, flag.GetFieldAsString("cell_id")) &&
        matches(flag, filter)) {
      selected.emplace_back(flag.Clone());
    }
  });
  // Highest score first; the id breaks ties so paging is stable.
  std::sort(selected.begin(), selected.end(), [](const auto& a, const auto& b) {
    const double sa = a->GetFieldAsDouble("score"), sb = b->GetFieldAsDouble("score");
    if (sa != sb) return sa > sb;
    return std::string(a->GetFieldAsString("flag_id")) < b->GetFieldAsString("flag_id");
  });
  const auto reviews = reviews_by_flag(state.store, "");
  Json items = Json::array();
  for (std::size_t i = offset; i < selected.size() && i < std::size_t(offset + limit); ++i) {
    auto it = reviews.find(selected[i]->GetFieldAsString("flag_id"));
    items.push_back(queue_item(*selected[i], it == reviews.end() ? nullptr : &it->second));
  }
  return json_response(context.request, http::status::ok,
                       {{"total", selected.size()},
                        {"offset", offset},
                        {"limit", limit},
                        {"items", std::move(items)}});
}

Response post_review(ApiState& state, RequestContext& context, const std::string& flag_id) {
  const Json body = parse_json_object(context.request);
  const std::string status = json_string(body, "status", true);
  const std::string comment = json_string(body, "comment", false);
  if (!is_flag_status(status)) {
    throw HttpError(http::status::bad_request,
                    "status must be one of new, accepted, rejected, field_check");
  }
  if (comment.size() > max_comment_chars) {
    throw HttpError(http::status::bad_request, "comment is longer than 2000 characters");
  }
  gis::FeaturePtr flag = scoped_flag(state, context, flag_id, Action::review_flag);
  const Review review =
      record_decision(state.store, *flag, context.user->user_name, status, comment);
  const auto reviews = reviews_by_flag(state.store, flag_id);
  const auto& history = reviews.at(flag_id);
  return json_response(context.request, http::status::ok,
                       {{"flag_id", flag_id},
                        {"status", status},
                        {"review", review_json(review)},
                        {"conflict", has_conflict(history)},
                        {"decisions", history.size()}});
}

Response get_reviews(ApiState& state, RequestContext& context, const std::string& flag_id) {
  (void)scoped_flag(state, context, flag_id, Action::read_flags);
  const auto reviews = reviews_by_flag(state.store, flag_id);
  Json list = Json::array();
  bool conflict = false;
  if (auto it = reviews.find(flag_id); it != reviews.end()) {
    for (const auto& review : it->second) list.push_back(review_json(review));
    conflict = has_conflict(it->second);
  }
  return json_response(context.request, http::status::ok,
                       {{"flag_id", flag_id}, {"conflict", conflict}, {"reviews", list}});
}

}  // namespace envgrid::viewer::detail
