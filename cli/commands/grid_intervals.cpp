// envgrid grid intervals PROJECT [--set FILE | --reset]: shows the
// inspection intervals the project uses, sets its own from a table, or goes
// back to envgrid's defaults. docs/cli/grid-intervals.md.

#include <iostream>

#include "envgrid/gis/error.hpp"
#include "envgrid/gis/log.hpp"
#include "envgrid/gis/store.hpp"
#include "envgrid/grid/project_intervals.hpp"
#include "envgrid/grid/workload_store.hpp"
#include "registry.hpp"

namespace envgrid::cli {
namespace {

void print_table(gis::Store& store) {
  const bool own = grid::project_sets_frequencies(store);
  const grid::FrequencyTable table = grid::project_frequencies(store);
  const grid::FrequencyTable defaults = grid::default_frequencies();
  std::cout << "risk_class\tinterval_days\tsource\n";
  for (const auto& [risk_class, days] : table.interval_days) {
    const auto fallback = defaults.interval_days.find(risk_class);
    const bool is_default = fallback != defaults.interval_days.end() && fallback->second == days;
    std::cout << risk_class << '\t' << days << '\t' << (own && !is_default ? "project" : "default")
              << '\n';
  }
}

int run(const ParsedArgs& args) {
  if (args.positionals.size() != 1) gis::throw_usage_error("give one PROJECT");
  gis::StepScope step("grid intervals");
  const auto file = args.get("--set");
  const bool reset = args.has("--reset");
  if (file && reset) gis::throw_usage_error("give --set FILE or --reset, not both");
  // Read and check the table before the store is opened for writing.
  std::optional<grid::FrequencyTable> table;
  if (file) table = grid::read_frequencies(*file);
  auto store = gis::Store::open(args.positionals[0], file || reset);
  if (file || reset) {
    grid::set_project_frequencies(store, table);
    gis::log_info(file ? "the project now uses the intervals of " + *file
                       : std::string("the project now uses envgrid's default intervals"));
  }
  print_table(store);
  return 0;
}

const CommandRegistrar registrar{{
    "grid intervals",
    "the inspection intervals by risk class the project uses; set its own or reset",
    "PROJECT [--set FILE | --reset]",
    {
        {"--set", "", true,
         "risk_class,interval_days table (any format GDAL reads) to use from now on"},
        {"--reset", "", false, "go back to envgrid's defaults (docs/grid-workload.md)"},
    },
    run,
}};

}  // namespace
}  // namespace envgrid::cli
