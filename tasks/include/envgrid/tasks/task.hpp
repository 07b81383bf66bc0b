#pragma once
// Inspection tasks (docs/field-work.md): what a task is, its states and the
// changes of state allowed. Plain data; the store side is task_store.hpp.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace envgrid::tasks {

// Why a team goes out; with the target, what makes two open tasks duplicates.
enum class Kind {
  random_inspection,
  flag_check,
  alert_response,
  complaint,
  trace_follow_up,
  cross_check
};
enum class TargetKind { enterprise, outfall, flag, alert, point };
enum class State { created, dispatched, in_progress, submitted, returned, closed };

[[nodiscard]] std::string_view kind_name(Kind kind);
[[nodiscard]] std::string_view target_kind_name(TargetKind kind);
[[nodiscard]] std::string_view state_name(State state);
// nullopt for a name that is not one of the above.
[[nodiscard]] std::optional<Kind> parse_kind(std::string_view name);
[[nodiscard]] std::optional<TargetKind> parse_target_kind(std::string_view name);
[[nodiscard]] std::optional<State> parse_state(std::string_view name);
// "created, dispatched, ..." for messages.
[[nodiscard]] std::string state_names();

// Every state but closed: a task still to be done or reviewed.
[[nodiscard]] bool is_open(State state);

// What people do to a task; each moves it to one state (docs/field-work.md).
enum class Action { dispatch, start, submit, return_, close };
[[nodiscard]] std::string_view action_name(Action action);
[[nodiscard]] State state_after(Action action);
// True when the action may be taken in that state, e.g. close only a submitted task.
[[nodiscard]] bool allowed(Action action, State from);
// The states an action may be taken in, for the refusal's message.
[[nodiscard]] std::string states_allowing(Action action);

// A task to make: where it comes from and who should go.
struct TaskDraft {
  Kind kind = Kind::random_inspection;
  TargetKind target_kind = TargetKind::enterprise;
  std::string target_id;
  std::string target_name;
  std::string cell_id;
  std::vector<std::string> team;  // the drawn pair; empty: the cell's manager
  std::string due;                // YYYY-MM-DD or ""
  std::string source;             // "draw:2026Q4-...", "trace:T1", "flag:F1", "cli"
  std::string industry;           // the enterprise's, to choose a template
  std::optional<double> x, y;     // position in the store CRS
};

struct Task {
  std::string task_id;
  Kind kind = Kind::random_inspection;
  TargetKind target_kind = TargetKind::enterprise;
  std::string target_id;
  std::string target_name;
  std::string cell_id;
  std::vector<std::string> team;
  std::string due;
  State state = State::created;
  std::string source;
  std::string template_id;
  std::string result;  // the filled template (JSON), "" before a submission
  std::string created_at;
  std::string created_by;
  std::string updated_at;
  std::optional<double> x, y;
};

// One change of a task, as kept in task_events (nothing is ever deleted).
struct TaskEvent {
  std::string task_id;
  std::string at;         // ISO 8601 UTC
  std::string user_name;  // who
  std::string host;       // from where: the machine the change was made on
  std::string action;     // create, dispatch, start, submit, return, close
  std::string old_state;  // "" at creation
  std::string new_state;
  std::string team;  // the team after the change, names joined by ';'
  std::string note;
};

// Team names as stored: joined by ';' (user names hold no ';').
[[nodiscard]] std::string join_team(const std::vector<std::string>& team);
[[nodiscard]] std::vector<std::string> split_team(std::string_view text);

}  // namespace envgrid::tasks
