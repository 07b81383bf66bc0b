// GET /api/flags (the review queue), POST /api/flags/{id}/review,
// GET /api/flags/{id}/reviews.

#include <algorithm>

#include "api.hpp"
#include "api_bodies.hpp"
#include "envgrid/imagery/flag_rows.hpp"
#include "geojson.hpp"
#include "query_params.hpp"
#include "reviews.hpp"

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

// What the queue sorts and filters by: a few fields, not whole features.
struct QueueEntry {
  double score;
  std::string flag_id;
  GIntBig fid;
};

Json queue_page(gis::Store& store, const User& user, Scope scope, const QueueFilter& filter,
                long long offset, long long limit) {
  std::vector<QueueEntry> selected;
  // The indexed fields are filtered by the store, the rest here. The
  // geometry is not needed to filter and sort: not read.
  imagery::FlagFilter indexed;
  if (!filter.status.empty()) indexed.statuses = {filter.status};
  indexed.cell_id = filter.cell;
  indexed.geometry = false;
  imagery::for_each_flag(store, indexed, [&](OGRFeature& flag) {
    if (cell_in_scope(user, scope, flag.GetFieldAsString("cell_id")) && matches(flag, filter)) {
      selected.push_back(
          {flag.GetFieldAsDouble("score"), flag.GetFieldAsString("flag_id"), flag.GetFID()});
    }
  });
  // Highest score first; the id breaks ties so paging is stable.
  std::sort(selected.begin(), selected.end(), [](const QueueEntry& a, const QueueEntry& b) {
    if (a.score != b.score) return a.score > b.score;
    return a.flag_id < b.flag_id;
  });
  const std::size_t first = std::min<std::size_t>(offset, selected.size());
  const std::size_t last = std::min<std::size_t>(offset + limit, selected.size());
  std::vector<std::string> page_ids;
  for (std::size_t i = first; i < last; ++i) page_ids.push_back(selected[i].flag_id);
  const auto reviews = reviews_of_flags(store, page_ids);
  Json items = Json::array();
  for (std::size_t i = first; i < last; ++i) {
    gis::FeaturePtr flag = imagery::flag_by_fid(store, selected[i].fid);
    if (!flag) continue;
    auto it = reviews.find(selected[i].flag_id);
    items.push_back(queue_item(*flag, it == reviews.end() ? nullptr : &it->second));
  }
  return {{"total", selected.size()}, {"offset", offset}, {"limit", limit}, {"items", items}};
}

}  // namespace

// The flag with this id within the user's scope for the action: 404 when
// unknown, 403 when in another cell.
gis::FeaturePtr scoped_flag(ApiState& state, const RequestContext& context,
                            const std::string& flag_id, Action action) {
  const Scope scope = require_scope(context, action);
  gis::FeaturePtr flag = imagery::find_flag(state.store, flag_id);
  if (!flag) throw HttpError(http::status::not_found, "no flag '" + flag_id + "'");
  if (!cell_in_scope(*context.user, scope, flag->GetFieldAsString("cell_id"))) {
    throw HttpError(http::status::forbidden, "flag '" + flag_id + "' is outside your cells");
  }
  return flag;
}

Response get_flags(ApiState& state, RequestContext& context) {
  const Scope scope = require_scope(context, Action::read_flags);
  const QueueFilter filter = read_queue_filter(context);
  const QueuePage page = read_queue_page(context);

  return cached_answer(state, context, "application/json", [&] {
    return queue_page(state.store, *context.user, scope, filter, page.offset, page.limit).dump();
  });
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
