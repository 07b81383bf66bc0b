// envgrid task start PROJECT TASK_ID... [--note TEXT] [--user NAME]: the team
// is on it (in_progress), after a dispatch or a return.

#include "registry.hpp"
#include "task_common.hpp"

namespace envgrid::cli {
namespace {

const CommandRegistrar registrar(Command{
    .path = "task start",
    .summary = "mark dispatched or returned tasks in progress",
    .usage = "PROJECT TASK_ID... [--note TEXT] [--user NAME]",
    .options = {{"--note", "", true, "a note kept with the change"}, task_user_option()},
    .run =
        [](const ParsedArgs& args) {
          return run_task_change(args, {.action = tasks::Action::start});
        },
});

}  // namespace
}  // namespace envgrid::cli
