// envgrid grid validate --cells SOURCE ...: checks agency-drawn cells and
// their hierarchy (overlapping siblings, gaps inside parents, cells outside
// their parent, invalid geometries, missing parents, duplicate codes, level
// inconsistencies); envgrid grid validate PROJECT: the same on the store's
// cells. docs/cli/grid-validate.md.

#include <iostream>
#include <optional>
#include <string>

#include "envgrid/gis/crs.hpp"
#include "envgrid/gis/error.hpp"
#include "envgrid/gis/log.hpp"
#include "envgrid/gis/progress.hpp"
#include "envgrid/gis/vector_io.hpp"
#include "envgrid/grid/validate_cells.hpp"
#include "envgrid/grid/validate_io.hpp"
#include "registry.hpp"

namespace envgrid::cli {

namespace {

grid::ValidateOptions validate_options(const ParsedArgs& args) {
  grid::ValidateOptions options;
  options.min_area_m2 = args.get_double("--min-area-m2").value_or(options.min_area_m2);
  if (!(options.min_area_m2 >= 0)) gis::throw_usage_error("--min-area-m2 must be >= 0");
  return options;
}

grid::LoadedHierarchy load(const ParsedArgs& args, grid::ValidateOptions& options) {
  if (!args.positionals.empty()) {
    if (args.positionals.size() != 1) gis::throw_usage_error("give one PROJECT");
    for (const char* option :
         {"--cells", "--cell-id", "--parent-field", "--level-field", "--cells-srs"}) {
      if (args.get(option)) {
        gis::throw_usage_error(std::string(option) +
                               " is for the file form; `grid validate PROJECT` reads the store");
      }
    }
    auto cells = grid::load_store_hierarchy(args.positionals[0]);
    for (const auto& cell : cells.cells) options.check_levels |= !cell.level.empty();
    return cells;
  }
  const auto& sources = args.all("--cells");
  if (sources.empty()) gis::throw_usage_error("give PROJECT or --cells SOURCE");
  grid::HierarchySourceOptions source;
  source.id_field = args.get("--cell-id");
  source.parent_field = args.get("--parent-field");
  source.level_field = args.get("--level-field");
  if (auto crs = args.get("--cells-srs")) source.crs = gis::Crs::parse(*crs);
  source.crs_option = "--cells-srs";
  options.check_levels = source.level_field.has_value();
  return grid::load_hierarchy(sources, source);
}

std::string counts(const grid::ValidationReport& report) {
  std::size_t by_kind[static_cast<int>(grid::CellProblemKind::gap) + 1] = {};
  for (const auto& problem : report.problems) ++by_kind[static_cast<int>(problem.kind)];
  std::string text;
  for (int k = 0; k <= static_cast<int>(grid::CellProblemKind::gap); ++k) {
    if (by_kind[k] == 0) continue;
    text += (text.empty() ? "" : ", ") +
            std::string(grid::problem_name(static_cast<grid::CellProblemKind>(k))) + " " +
            std::to_string(by_kind[k]);
  }
  return text.empty() ? "no problems" : text;
}

int run_validate(const ParsedArgs& args) {
  grid::ValidateOptions options = validate_options(args);
  const std::string output = args.get_or("--output", "");
  const std::string format = args.get_or("--format", "");
  if (!output.empty()) (void)gis::output_driver(output, format);  // fail before reading
  gis::StepScope step("grid validate");
  const auto cells = load(args, options);
  gis::log_info("cells: " + std::to_string(cells.cells.size()) + " rows in " + cells.crs.name() +
                ", areas in " + cells.metric.description);
  gis::Progress progress(cells.cells.size());
  options.on_progress = [&](std::uint64_t done, std::uint64_t total) {
    progress.set(total ? done * cells.cells.size() / total : 0);
  };
  const auto report = grid::validate_cells(cells.cells, options);
  progress.done();
  std::cout << grid::problems_table(report);
  if (!output.empty()) grid::write_problems(output, format, report, cells);
  gis::log_info("checked " + std::to_string(report.cells_checked) + " cells and " +
                std::to_string(report.parents_checked) + " parents: " + counts(report));
  return static_cast<int>(report.problems.empty() ? gis::ExitCode::done
                                                  : gis::ExitCode::data_problems);
}

const CommandRegistrar registrar({
    .path = "grid validate",
    .summary = "check agency-drawn cells and their hierarchy (overlaps, gaps, parents, levels)",
    .usage = "PROJECT [--min-area-m2 A] [-o REPORT] | --cells SOURCE [--cell-id F] "
             "[--parent-field F] [--level-field F] [--cells-srs CRS] [--min-area-m2 A] "
             "[-o REPORT [-f FORMAT]]",
    .options =
        {
            {"--cells", "", true, "cell polygons (any GDAL vector source; repeat to pool several)"},
            {"--cell-id", "", true, "field holding the cell code (DEFAULT: the feature id)"},
            {"--parent-field", "", true,
             "field holding the parent's code; a.b reads member b of JSON field a (DEFAULT: "
             "none, all cells are siblings)"},
            {"--level-field", "", true, "field holding the level (DEFAULT: levels not checked)"},
            {"--cells-srs", "", true,
             "CRS of the cells, overriding the file (GCJ02, EPSG:4490...)"},
            {"--min-area-m2", "", true,
             "overlaps, gaps and parts outside the parent smaller than this are not reported "
             "(DEFAULT 1)"},
            {"--output", "-o", true,
             "problem geometries (GeoPackage, GeoJSON, FlatGeobuf, CSV, PG:)"},
            {"--format", "-f", true, "output format when the extension does not tell"},
        },
    .run = run_validate,
});

}  // namespace

}  // namespace envgrid::cli
