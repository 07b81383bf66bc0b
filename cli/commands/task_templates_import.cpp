// envgrid task templates import PROJECT FILE... [--user NAME]: reads
// inspection templates (JSON, docs/field-work.md "Templates") and stores
// them in the project; every file is checked before anything is stored.

#include <iostream>

#include "envgrid/gis/bounded_input.hpp"
#include "envgrid/gis/error.hpp"
#include "envgrid/tasks/template_store.hpp"
#include "registry.hpp"
#include "task_common.hpp"

namespace envgrid::cli {
namespace {

int run(const ParsedArgs& args) {
  if (args.positionals.size() < 2) gis::throw_usage_error("expected PROJECT FILE...");
  std::vector<std::pair<std::string, std::vector<tasks::InspectionTemplate>>> files;
  for (std::size_t i = 1; i < args.positionals.size(); ++i) {
    const std::string& file = args.positionals[i];
    const std::string text = gis::read_bounded_text_file(
        file, gis::max_text_file_bytes, {.step = "task templates import", .dataset = file});
    files.emplace_back(file, tasks::parse_templates(text, file));
  }
  gis::Store store = gis::Store::open(args.positionals[0], true);
  const tasks::Actor actor = task_actor(store, args);
  for (const auto& [file, templates] : files) {
    const auto report = tasks::import_templates(store, templates, file, actor);
    for (const auto& id : report.added) std::cout << id << "\tadded\t" << file << "\n";
    for (const auto& id : report.replaced) std::cout << id << "\treplaced\t" << file << "\n";
    for (const auto& id : report.unchanged) std::cout << id << "\tunchanged\t" << file << "\n";
  }
  return 0;
}

const CommandRegistrar registrar(Command{
    .path = "task templates import",
    .summary = "store inspection templates (JSON files) in the project",
    .usage = "PROJECT FILE... [--user NAME]",
    .options = {task_user_option()},
    .run = run,
});

}  // namespace
}  // namespace envgrid::cli
