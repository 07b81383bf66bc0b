// envgrid task submit PROJECT TASK_ID --result FILE [--note TEXT] [--user NAME]:
// the team's answers, checked against the task's template and stored as the
// filled template (docs/field-work.md, "Results").

#include "envgrid/gis/bounded_input.hpp"
#include "envgrid/gis/error.hpp"
#include "registry.hpp"
#include "task_common.hpp"

namespace envgrid::cli {
namespace {

int run(const ParsedArgs& args) {
  if (args.positionals.size() != 2) gis::throw_usage_error("expected PROJECT TASK_ID");
  const std::string file = args.require("--result");
  tasks::Change change{.action = tasks::Action::submit};
  change.answers = gis::read_bounded_text_file(file, gis::max_text_file_bytes,
                                               {.step = "task submit", .dataset = file});
  change.answers_source = file;
  return run_task_change(args, change);
}

const CommandRegistrar registrar(Command{
    .path = "task submit",
    .summary = "submit a task's result: the answers to its template (JSON)",
    .usage = "PROJECT TASK_ID --result FILE [--note TEXT] [--user NAME]",
    .options = {{"--result", "", true, "the answers, JSON (docs/field-work.md)"},
                {"--note", "", true, "a note kept with the change"},
                task_user_option()},
    .run = run,
});

}  // namespace
}  // namespace envgrid::cli
