// GET /api/alerts and POST /api/alerts/status: exceedance alerts for the
// people who must see them (docs/monitoring.md, "Exceedances and alerts").
// An alert id holds slashes (OUTFALL/PARAMETER/TIME), so it travels in the
// query or the body, never as a path segment.

#include "alert_json.hpp"
#include "api.hpp"
#include "api_bodies.hpp"
#include "envgrid/monitor/alert_store.hpp"
#include "query_params.hpp"

namespace envgrid::viewer::detail {

namespace {

Json event_json(const monitor::AlertEvent& e) {
  return {{"at", e.at},
          {"user_name", e.user_name},
          {"old_status", e.old_status},
          {"new_status", e.new_status},
          {"level", e.level},
          {"note", e.note}};
}

bool alert_in_scope(const User& user, Scope scope, const monitor::StoredAlert& alert) {
  if (scope == Scope::all) return true;
  return scope == Scope::own_cells && monitor::alert_seen_from(alert, user.cells);
}

}  // namespace

Json alert_json(gis::Store& store, const monitor::StoredAlert& a) {
  Json events = Json::array();
  for (const auto& e : monitor::read_alert_events(store, a.alert_id)) {
    events.push_back(event_json(e));
  }
  return {{"alert_id", a.alert_id},
          {"outfall_id", a.outfall_id},
          {"enterprise_id", a.enterprise_id},
          {"mn", a.mn},
          {"parameter", a.parameter},
          {"cell_id", a.cell_id},
          {"level", a.level},
          {"status", a.status},
          {"first_at", a.first_at},
          {"last_at", a.last_at},
          {"exceedance_count", a.exceedance_count},
          {"max_value", a.max_value},
          {"limit_value", a.limit_value},
          {"unit", a.unit},
          {"audience", a.audience},
          {"updated_at", a.updated_at},
          {"events", std::move(events)}};
}

Json alerts_in_scope(ApiState& state, const RequestContext& context, Scope scope,
                     bool include_closed) {
  const User& user = *context.user;
  Json list = Json::array();
  if (scope == Scope::none || (scope == Scope::own_cells && user.cells.empty())) return list;
  monitor::AlertFilter filter;
  filter.include_closed = include_closed;
  if (scope == Scope::own_cells) filter.any_of_cells = user.cells;
  for (const auto& a : monitor::read_alerts(state.store, filter)) {
    list.push_back(alert_json(state.store, a));
  }
  return list;
}

Response get_alerts(ApiState& state, RequestContext& context) {
  const Scope scope = require_scope(context, Action::read_alerts);
  const bool include_closed = query_text(context, "closed") == "1";
  return json_response(context.request, http::status::ok,
                       {{"alerts", alerts_in_scope(state, context, scope, include_closed)}});
}

Response post_alert_status(ApiState& state, RequestContext& context) {
  const AlertChangeBody change = parse_alert_change_body(context.request);
  const Scope scope = require_scope(context, Action::change_alert);
  const auto alert = monitor::read_alert(state.store, change.alert_id);
  if (!alert) throw HttpError(http::status::not_found, "no such alert");
  if (!alert_in_scope(*context.user, scope, *alert)) {
    throw HttpError(http::status::forbidden, "this alert is not for your cells");
  }
  if (alert->status == "closed") {
    throw HttpError(http::status::conflict, "the alert is closed; a closed alert stays closed");
  }
  const monitor::StoredAlert changed = monitor::change_alert_status(
      state.store, change.alert_id, change.status, context.user->user_name, change.note);
  return json_response(context.request, http::status::ok,
                       {{"alert", alert_json(state.store, changed)}});
}

}  // namespace envgrid::viewer::detail
