#pragma once
// Who may do what, and where: ONE table of role x action -> scope, checked by
// the server on every route (docs/viewer.md prints the same table).

#include <optional>
#include <string>
#include <string_view>

namespace envgrid::viewer {

enum class Role { admin, analyst, grid_manager, investigator };

enum class Action {
  read_context,      // cells, reaches and sections: the map's background
  read_flags,        // flags layer, the queue, a flag's reviews
  review_flag,       // POST a decision
  read_enterprises,  // enterprises and outfalls layers, dossiers
  read_patrols,      // patrols layer, patrol routes and their GPX
  read_traces,       // traces and suspects layers, GET /api/traces
  run_trace,         // POST /api/traces: trace an exceedance to its suspects
  read_my_cells,     // the grid manager view
  read_alerts,       // exceedance alerts whose audience holds one of the user's cells
  change_alert,      // acknowledge or close an alert with a note
  read_tasks,        // GET /api/tasks, a task with its target's history and photos
  do_task,           // start, submit, add a photo (field roles: only their team's tasks)
  review_task,       // close or return a submitted task with a note
};

enum class Scope {
  none,       // refused (403)
  own_cells,  // only objects whose cell_id is one of the user's cells
  all,
};

[[nodiscard]] Scope scope_for(Role role, Action action);

[[nodiscard]] std::string_view role_name(Role role);
// nullopt for an unknown name.
[[nodiscard]] std::optional<Role> parse_role(std::string_view name);

}  // namespace envgrid::viewer
