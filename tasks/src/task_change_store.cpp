// Moving a task from state to state: the office dispatches, closes and
// returns; the team starts and submits the filled template. Each change is
// one transaction with its task_events row.

#include <algorithm>

#include "envgrid/gis/error.hpp"
#include "envgrid/gis/log.hpp"
#include "envgrid/tasks/template_store.hpp"
#include "rows.hpp"
#include "task_rows.hpp"

namespace envgrid::tasks {

namespace {

bool is_field_role(const std::string& role) {
  return role == "grid_manager" || role == "investigator";
}

// Field users start and submit their own tasks, nothing else; the office
// (admin, analyst) and stores without viewer users do everything.
void check_actor(const Actor& actor, Action action, const Task& task) {
  if (!is_field_role(actor.role)) return;
  const bool field_action = action == Action::start || action == Action::submit;
  const bool own =
      std::find(task.team.begin(), task.team.end(), actor.user_name) != task.team.end();
  if (!field_action) {
    gis::throw_usage_error(actor.user_name + " (" + actor.role + ") may not " +
                           std::string(action_name(action)) + " a task; the office does");
  }
  if (!own) {
    gis::throw_usage_error(actor.user_name + " is not on the team of " + task.task_id + " (" +
                           join_team(task.team) + ")");
  }
}

void apply_dispatch(gis::Store& store, Task& task, const Change& change) {
  if (!change.team.empty()) task.team = change.team;
  if (!change.template_id.empty()) {
    if (!find_template(store, change.template_id)) {
      gis::throw_input_error("no template '" + change.template_id + "'",
                             {.step = gis::current_step(), .dataset = store.location()});
    }
    task.template_id = change.template_id;
  }
  if (task.team.empty()) {
    gis::throw_usage_error(task.task_id + " has no team: cell '" + task.cell_id +
                           "' has no manager in the store; give --team NAME[,NAME]");
  }
}

void apply_submit(gis::Store& store, Task& task, const Change& change) {
  if (task.template_id.empty()) {
    gis::throw_usage_error(task.task_id +
                           " has no template to fill; import one (task templates import) and "
                           "dispatch with --template ID");
  }
  const auto t = find_template(store, task.template_id);
  if (!t) {
    gis::throw_input_error(
        "the template '" + task.template_id + "' of " + task.task_id + " is not in the store",
        {.step = gis::current_step(), .dataset = store.location()});
  }
  task.result = fill_template(*t, change.answers, change.answers_source);
}

}  // namespace

Task change_task(gis::Store& store, const std::string& task_id, const Change& change,
                 const Actor& actor) {
  gis::StepScope step("task " + std::string(action_name(change.action)));
  Task task;
  store.transaction([&] {
    gis::FeaturePtr feature = task_rows::find_feature(store, task_id);
    if (!feature) {
      gis::throw_input_error("no task " + task_id,
                             {.step = gis::current_step(), .dataset = store.location()});
    }
    task = task_rows::task_from(*feature);
    const State from = task.state;
    if (!allowed(change.action, from)) {
      gis::throw_usage_error("cannot " + std::string(action_name(change.action)) + " " + task_id +
                             ": it is " + std::string(state_name(from)) + " (only a task " +
                             states_allowing(change.action) + " can be)");
    }
    check_actor(actor, change.action, task);
    if (change.action == Action::dispatch) apply_dispatch(store, task, change);
    if (change.action == Action::submit) apply_submit(store, task, change);
    task.state = state_after(change.action);
    task.updated_at = gis::utc_now_iso8601();
    task_rows::set_fields(*feature, task);
    rows::update(store, gis::store_layer(store, task_rows::tasks_layer), *feature);
    task_rows::add_event(store,
                         {task.task_id, task.updated_at, actor.user_name, actor.host,
                          std::string(action_name(change.action)), std::string(state_name(from)),
                          std::string(state_name(task.state)), join_team(task.team), change.note});
  });
  return task;
}

}  // namespace envgrid::tasks
