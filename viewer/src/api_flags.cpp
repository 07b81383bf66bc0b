// GET /api/flags (the review queue), POST /api/flags/{id}/review,
// GET /api/flags/{id}/reviews.

#include <algorithm>

#include "api.hpp"
#include "api_bodies.hpp"
#include "geojson.hpp"
#include "query_params.hpp"
#include "reviews.hpp"
#include "store_tables.hpp"

namespace envgrid::viewer::detail {

namespace {

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
  const QueueFilter filter = read_queue_filter(context);
  const auto [offset, limit] = read_queue_page(context);

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
  const auto [status, comment] = parse_review_body(context.request);
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
