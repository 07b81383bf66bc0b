#pragma once
// Tasks in the project store (layers tasks and task_events, docs/store.md):
// made once per target and reason, moved from state to state by people,
// every change kept with who, when and from where. Nothing is deleted.

#include <optional>
#include <string>
#include <vector>

#include "envgrid/gis/store.hpp"
#include "envgrid/tasks/task.hpp"

namespace envgrid::tasks {

// Who acts, and from where.
struct Actor {
  std::string user_name;
  std::string host;  // the machine the change is made on (CLI) or the client's address (viewer)
  // The viewer role of the user ("admin", "grid_manager", ...); "" when the
  // store has no viewer users (then anyone may do anything, as with any
  // other verb on a store one can write).
  std::string role;
};

struct CreateReport {
  std::vector<std::string> created;  // new task ids, in the order of the drafts
  // Targets skipped because an open task of the same kind exists: target id, task id.
  std::vector<std::pair<std::string, std::string>> already_open;
};

// Makes one task per draft, in one transaction, state created, each with a
// `create` event; a draft whose target already has an open task of the same
// kind (or that repeats an earlier draft) is reported, not made again.
// template_id: "" chooses per task from the stored templates (industry,
// then kind). Task ids are K + 6 digits, in order of creation.
CreateReport create_tasks(gis::Store& store, const std::vector<TaskDraft>& drafts,
                          const Actor& actor, const std::string& template_id = "");

struct TaskFilter {
  std::optional<State> state;
  std::string cell_id;  // "" = every cell
  std::string member;   // "" = every team; else tasks whose team holds this name
};
[[nodiscard]] std::vector<Task> read_tasks(gis::Store& store, const TaskFilter& filter = {});
[[nodiscard]] std::optional<Task> find_task(gis::Store& store, const std::string& task_id);
// Oldest first.
[[nodiscard]] std::vector<TaskEvent> read_task_events(gis::Store& store,
                                                      const std::string& task_id);

struct Change {
  Action action = Action::dispatch;
  std::string note;
  std::vector<std::string> team;  // dispatch: send to these people instead
  std::string template_id;        // dispatch: use this template instead
  std::string answers;            // submit: the team's answers (JSON text)
  std::string answers_source;     // submit: where they came from, for messages
};

// Applies one action in one transaction and records its event. Throws
// Error(usage) when the state does not allow the action or the actor may not
// take it, Error(input) when the task or template is unknown or the answers
// do not fill the template.
Task change_task(gis::Store& store, const std::string& task_id, const Change& change,
                 const Actor& actor);

}  // namespace envgrid::tasks
