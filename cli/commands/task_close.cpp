// envgrid task close PROJECT TASK_ID... --note TEXT [--user NAME]: the office
// accepts a submitted result; the task is done.

#include "registry.hpp"
#include "task_common.hpp"

namespace envgrid::cli {
namespace {

const CommandRegistrar registrar(Command{
    .path = "task close",
    .summary = "accept submitted results: the tasks are done",
    .usage = "PROJECT TASK_ID... --note TEXT [--user NAME]",
    .options = {review_note_option(), task_user_option()},
    .run = [](const ParsedArgs& args) { return run_task_review(args, tasks::Action::close); },
});

}  // namespace
}  // namespace envgrid::cli
