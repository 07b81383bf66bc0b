// envgrid task dispatch PROJECT TASK_ID... [--team NAME[,NAME]] [--template ID]
//   [--note TEXT] [--user NAME]: sends created tasks to their team (the drawn
//   pair, else the cell's manager, or the team given).

#include "envgrid/gis/error.hpp"
#include "registry.hpp"
#include "task_common.hpp"

namespace envgrid::cli {
namespace {

int run(const ParsedArgs& args) {
  tasks::Change change{.action = tasks::Action::dispatch};
  change.team = team_from(args.all("--team"));
  change.template_id = args.get_or("--template", "");
  return run_task_change(args, change);
}

const CommandRegistrar registrar(Command{
    .path = "task dispatch",
    .summary = "dispatch created tasks to their team",
    .usage = "PROJECT TASK_ID... [--team NAME[,NAME]] [--template ID] [--note TEXT] [--user NAME]",
    .options = {{"--team", "", true, "send to these people instead (names separated by ,)"},
                {"--template", "", true, "the template to fill instead"},
                {"--note", "", true, "a note kept with the change"},
                task_user_option()},
    .run = run,
});

}  // namespace
}  // namespace envgrid::cli
