// envgrid task return PROJECT TASK_ID... --note TEXT [--user NAME]: the office
// sends a submitted result back to the team, saying why; they start again.

#include "registry.hpp"
#include "task_common.hpp"

namespace envgrid::cli {
namespace {

const CommandRegistrar registrar(Command{
    .path = "task return",
    .summary = "send submitted results back to the team, saying why",
    .usage = "PROJECT TASK_ID... --note TEXT [--user NAME]",
    .options = {review_note_option(), task_user_option()},
    .run = [](const ParsedArgs& args) { return run_task_review(args, tasks::Action::return_); },
});

}  // namespace
}  // namespace envgrid::cli
