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

// What the queue sorts and filters by: a few fields, not whole features.
struct QueueEntry {
  double score;
  std::string flag_id;
  GIntBig fid;
};

Json queue_page(gis::Store& store, const User& user, Scope scope, const QueueFilter& filter,
                long long offset, long long limit) {
  OGRLayer& flags = store.layer("flags");
  std::vector<QueueEntry> selected;
  // The geometry is not needed to filter and sort: not read.
  const char* geometry_ignored[] = {"OGR_GEOMETRY", nullptr};
  flags.SetIgnoredFields(geometry_ignored);
  // The indexed fields are filtered by the store, the rest here.
  std::string where;
  if (!filter.status.empty()) where = "status = " + sql_quote(filter.status);
  if (!filter.cell.empty())
    where += (where.empty() ? "" : " AND ") + std::string("cell_id = ") + sql_quote(filter.cell);
  for_each_feature(flags, where, [&](OGRFeature& flag) {
    if (cell_in_scope(user, scope, flag.GetFieldAsString("cell_id")) && matches(flag, filter)) {
      selected.push_back(
          {flag.GetFieldAsDouble("score"), flag.GetFieldAsString("flag_id"), flag.GetFID()});
    }
  });
  flags.SetIgnoredFields(nullptr);
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
    gis::FeaturePtr flag{flags.GetFeature(selected[i].fid)};
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
  gis::FeaturePtr flag = find_feature(state.store.layer("flags"), "flag_id", flag_id);
  if (!flag) throw HttpError(http::status::not_found, "no flag '" + flag_id + "'");
  if (!cell_in_scope(*context.user, scope, flag->GetFieldAsString("cell_id"))) {
    throw HttpError(http::status::forbidden, "flag '" + flag_id + "' is outside your cells");
  }
  return flag;
}

Response get_flags(ApiState& state, RequestContext& context) {
  const Scope scope = require_scope(context, Action::read_flags);
  const QueueFilter filter = read_filter(context);
  const long long offset = query_int(context, "offset", 0, 0, 1'000'000'000);
  const long long limit = query_int(context, "limit", 50, 1, 500);

  return cached_answer(state, context, "application/json", [&] {
    return queue_page(state.store, *context.user, scope, filter, offset, limit).dump();
  });
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
