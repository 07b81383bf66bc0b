// GET /api/tasks (the user's tasks, open ones unless ?state= names one) and
// GET /api/tasks/{id}: the task, its template, trail and photos, and its
// target's history at hand (the enterprise with its permit and inspection
// dates, earlier tasks on the same target with their findings, flags near,
// the enterprise's alerts and a summary of its online data).

#include "api.hpp"
#include "dossier.hpp"
#include "envgrid/grid/grid_rows.hpp"
#include "envgrid/monitor/alert_store.hpp"
#include "envgrid/tasks/inspection_template.hpp"
#include "envgrid/tasks/photo_store.hpp"
#include "envgrid/tasks/task_store.hpp"
#include "envgrid/tasks/template_store.hpp"
#include "geojson.hpp"
#include "query_params.hpp"
#include "task_scope.hpp"

namespace envgrid::viewer::detail {

namespace {

gis::CoordinateTransformer to_wgs84(const gis::Store& store) {
  return gis::CoordinateTransformer(store.crs(), gis::Crs::wgs84());
}

// The enterprise a task is about: its target, the outfall's or the alert's.
std::string enterprise_of(gis::Store& store, const tasks::Task& task) {
  if (task.target_kind == tasks::TargetKind::enterprise) return task.target_id;
  if (task.target_kind == tasks::TargetKind::outfall) {
    if (auto outfall = grid::find_outfall(store, task.target_id))
      return outfall->GetFieldAsString("enterprise_id");
  }
  if (task.target_kind == tasks::TargetKind::alert) {
    if (auto alert = monitor::read_alert(store, task.target_id)) return alert->enterprise_id;
  }
  return "";
}

// What is known of the target before going there.
Json history_of(ApiState& state, const RequestContext& context, const tasks::Task& task,
                const gis::CoordinateTransformer& wgs84) {
  const User& user = *context.user;
  Json history = {{"enterprise", Json()}};
  if (task.target_kind == tasks::TargetKind::enterprise &&
      scope_for(user.role, Action::read_enterprises) != Scope::none) {
    if (auto enterprise = grid::find_enterprise(state.store, task.target_id)) {
      history["enterprise"] = feature_json(*enterprise);
    }
  }
  Json earlier = Json::array();
  for (const tasks::Task& other : tasks::read_tasks(state.store)) {
    if (other.target_id != task.target_id || other.task_id == task.task_id) continue;
    earlier.push_back(task_json(other, wgs84));
  }
  history["earlier_tasks"] = std::move(earlier);
  NearbyFlags near{Json::array(), Json::array()};
  if (task.x && task.y) near = flags_near(state.store, user, *task.x, *task.y);
  history["flags_nearby"] = std::move(near.flags);
  history["reviews"] = std::move(near.reviews);
  const std::string enterprise_id = enterprise_of(state.store, task);
  history["enterprise_id"] = enterprise_id;
  history["alerts"] =
      enterprise_id.empty() ? Json::array() : enterprise_alerts(state.store, user, enterprise_id);
  history["online"] =
      enterprise_id.empty() ? Json::array() : enterprise_online(state.store, enterprise_id);
  return history;
}

}  // namespace

Response get_tasks(ApiState& state, RequestContext& context) {
  const Scope scope = require_scope(context, Action::read_tasks);
  tasks::TaskFilter filter;
  const std::string wanted = query_text(context, "state");
  if (!wanted.empty()) {
    filter.state = tasks::parse_state(wanted);
    if (!filter.state) {
      throw HttpError(http::status::bad_request, "state must be one of " + tasks::state_names());
    }
  }
  const auto wgs84 = to_wgs84(state.store);
  Json list = Json::array();
  for (const tasks::Task& task : tasks::read_tasks(state.store, filter)) {
    if (!filter.state && !tasks::is_open(task.state)) continue;
    if (task_in_scope(*context.user, scope, task)) list.push_back(task_json(task, wgs84));
  }
  Response response = json_response(context.request, http::status::ok, {{"tasks", list}});
  response.set(http::field::cache_control, "no-store");
  return response;
}

Response get_task(ApiState& state, RequestContext& context, const std::string& task_id) {
  const tasks::Task task = scoped_task(state, context, task_id, Action::read_tasks);
  const auto wgs84 = to_wgs84(state.store);
  Json answer{{"task", task_json(task, wgs84)}};
  const auto t = tasks::find_template(state.store, task.template_id);
  answer["template"] = t ? Json::parse(tasks::template_json(*t)) : Json();
  Json events = Json::array();
  for (const auto& e : tasks::read_task_events(state.store, task_id))
    events.push_back(task_event_json(e));
  answer["events"] = std::move(events);
  Json photos = Json::array();
  for (const auto& p : tasks::read_task_photos(state.store, task_id))
    photos.push_back(task_photo_json(task, p));
  answer["photos"] = std::move(photos);
  answer["history"] = history_of(state, context, task, wgs84);
  Response response = json_response(context.request, http::status::ok, answer);
  response.set(http::field::cache_control, "no-store");
  return response;
}

}  // namespace envgrid::viewer::detail
