#pragma once
// Shared by the `envgrid task ...` verbs: who acts, the options every verb
// that changes a task takes, and running one change of state.

#include <string>
#include <vector>

#include "envgrid/gis/store.hpp"
#include "envgrid/tasks/task_store.hpp"
#include "options.hpp"

namespace envgrid::cli {

// --user NAME, else $USER; checked against the store's users when it has
// some (then the name must be an enabled viewer user; Error(input) otherwise).
[[nodiscard]] tasks::Actor task_actor(gis::Store& store, const ParsedArgs& args);
[[nodiscard]] OptionSpec task_user_option();

// "a,b" or "a;b" (or the option given twice) -> names.
[[nodiscard]] std::vector<std::string> team_from(const std::vector<std::string>& values);

// PROJECT TASK_ID...: applies the action to each task (--note kept with
// each); prints "TASK_ID STATE" per task. Stops at the first refusal (the
// tasks before it stay changed: each change is its own transaction).
[[nodiscard]] int run_task_change(const ParsedArgs& args, tasks::Change change);
// close and return: run_task_change with the --note they require.
[[nodiscard]] int run_task_review(const ParsedArgs& args, tasks::Action action);
[[nodiscard]] OptionSpec review_note_option();

}  // namespace envgrid::cli
