// Task visibility and the task's JSON.

#include "task_scope.hpp"

#include <algorithm>

#include "envgrid/gis/chinese_offsets.hpp"
#include "envgrid/tasks/photo_store.hpp"
#include "envgrid/tasks/task_store.hpp"

namespace envgrid::viewer::detail {

namespace {

bool on_team(const User& user, const tasks::Task& task) {
  return std::find(task.team.begin(), task.team.end(), user.user_name) != task.team.end();
}

bool is_field_role(Role role) { return role == Role::grid_manager || role == Role::investigator; }

}  // namespace

bool task_in_scope(const User& user, Scope scope, const tasks::Task& task) {
  return cell_in_scope(user, scope, task.cell_id) || (scope != Scope::none && on_team(user, task));
}

tasks::Task scoped_task(ApiState& state, const RequestContext& context, const std::string& task_id,
                        Action action) {
  const Scope scope = require_scope(context, action);
  auto task = tasks::find_task(state.store, task_id);
  if (!task) throw HttpError(http::status::not_found, "no task '" + task_id + "'");
  const User& user = *context.user;
  if (!task_in_scope(user, scope, *task)) {
    throw HttpError(http::status::forbidden, "task '" + task_id + "' is outside your cells");
  }
  if (action == Action::do_task && is_field_role(user.role) && !on_team(user, *task)) {
    throw HttpError(http::status::forbidden, "you are not on the team of task '" + task_id + "'");
  }
  return *task;
}

Json task_json(const tasks::Task& task, const gis::CoordinateTransformer& to_wgs84) {
  Json lon, lat, gcj_lon, gcj_lat;
  if (task.x && task.y) {
    double x = *task.x, y = *task.y;
    if (to_wgs84.transform(x, y)) {
      lon = x;
      lat = y;
      // Chinese map apps (Amap, Baidu with coord_type=gcj02) read GCJ-02: the
      // phone page's navigation links to them use these.
      const gis::LonLat gcj = gis::wgs84_to_gcj02({x, y});
      gcj_lon = gcj.lon;
      gcj_lat = gcj.lat;
    }
  }
  return {{"task_id", task.task_id},
          {"kind", tasks::kind_name(task.kind)},
          {"target_kind", tasks::target_kind_name(task.target_kind)},
          {"target_id", task.target_id},
          {"target_name", task.target_name},
          {"cell_id", task.cell_id},
          {"team", task.team},
          {"due", task.due},
          {"state", tasks::state_name(task.state)},
          {"source", task.source},
          {"template_id", task.template_id},
          {"result", task.result.empty() ? Json() : Json::parse(task.result, nullptr, false)},
          {"created_at", task.created_at},
          {"updated_at", task.updated_at},
          {"lon", lon},
          {"lat", lat},
          {"gcj02_lon", gcj_lon},
          {"gcj02_lat", gcj_lat}};
}

Json task_event_json(const tasks::TaskEvent& e) {
  return {{"at", e.at},
          {"user_name", e.user_name},
          {"host", e.host},
          {"action", e.action},
          {"old_state", e.old_state},
          {"new_state", e.new_state},
          {"team", e.team},
          {"note", e.note}};
}

// Never the server's file paths: the thumbnail by its route.
Json task_photo_json(const tasks::Task& task, const tasks::StoredTaskPhoto& p) {
  return {{"photo_id", p.photo_id},
          {"taken_at", p.photo.taken_at},
          {"lon", p.photo.lon ? Json(*p.photo.lon) : Json()},
          {"lat", p.photo.lat ? Json(*p.photo.lat) : Json()},
          {"position_source", p.photo.position_source},
          {"distance_m", p.distance_m ? Json(*p.distance_m) : Json()},
          {"added_at", p.added_at},
          {"user_name", p.user_name},
          {"thumbnail", "/api/tasks/" + task.task_id + "/photos/" + p.photo_id}};
}

}  // namespace envgrid::viewer::detail
