// envgrid task templates list PROJECT [--items]: the stored templates, what
// they are for, and with --items each item with its unit and legal basis.

#include <iostream>

#include "envgrid/gis/error.hpp"
#include "envgrid/gis/text.hpp"
#include "envgrid/tasks/template_store.hpp"
#include "registry.hpp"

namespace envgrid::cli {
namespace {

int run(const ParsedArgs& args) {
  if (args.positionals.size() != 1) gis::throw_usage_error("expected one PROJECT");
  gis::Store store = gis::Store::open(args.positionals[0], false);
  std::cout << "template_id\titems\tindustries\ttask_kinds\tname\n";
  for (const auto& t : tasks::read_templates(store)) {
    std::cout << t.template_id << "\t" << t.items.size() << "\t" << gis::join(t.industries, ",")
              << "\t" << gis::join(t.task_kinds, ",") << "\t" << t.name << "\n";
    if (!args.has("--items")) continue;
    for (const auto& item : t.items) {
      std::cout << "  item\t" << item.item_id << "\t" << tasks::item_type_name(item.type) << "\t"
                << item.unit << "\t" << item.text << "\t" << item.legal_basis << "\n";
    }
  }
  return 0;
}

const CommandRegistrar registrar(Command{
    .path = "task templates list",
    .summary = "list the inspection templates stored in the project",
    .usage = "PROJECT [--items]",
    .options = {{"--items", "", false, "also list each template's items"}},
    .run = run,
});

}  // namespace
}  // namespace envgrid::cli
