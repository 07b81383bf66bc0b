// envgrid grid assign --cells CELLS --sites SITES -o OUT: every site (point
// or footprint) into its supervision cell, one output row per input row;
// envgrid grid assign PROJECT: the same for the store's enterprises, outfalls
// and flags, updating their cell_id in place; docs/cli/grid-assign.md.

#include <iostream>
#include <optional>
#include <string>

#include "envgrid/gis/crs.hpp"
#include "envgrid/gis/error.hpp"
#include "envgrid/gis/log.hpp"
#include "envgrid/gis/parallel.hpp"
#include "envgrid/gis/progress.hpp"
#include "envgrid/grid/assign.hpp"
#include "envgrid/grid/assign_io.hpp"
#include "envgrid/grid/assign_store.hpp"
#include "registry.hpp"

namespace envgrid::cli {

namespace {

struct AssignArgs {
  std::vector<std::string> cells;
  std::string sites;
  std::string output;
  std::string format;
  grid::CellSourceOptions cell_options;
  grid::SiteSourceOptions site_options;
  grid::AssignOptions assign_options;
};

std::optional<gis::Crs> optional_crs(const ParsedArgs& args, const std::string& name) {
  auto text = args.get(name);
  if (!text) return std::nullopt;
  return gis::Crs::parse(*text);
}

// --snap-distance-m and --threads, shared by both forms.
grid::AssignOptions assign_options(const ParsedArgs& args) {
  grid::AssignOptions options;
  const double snap_m = args.get_double("--snap-distance-m").value_or(0);
  if (!(snap_m >= 0)) gis::throw_usage_error("--snap-distance-m must be >= 0");
  options.snap_distance_m = snap_m;
  const long long threads = args.get_int("--threads").value_or(gis::hardware_threads());
  if (threads < 1 || threads > 256) gis::throw_usage_error("--threads must be 1..256");
  options.threads = static_cast<unsigned>(threads);
  return options;
}

// Everything checked before the first file is read.
AssignArgs validate(const ParsedArgs& args) {
  AssignArgs a;
  a.cells = args.all("--cells");
  if (a.cells.empty()) gis::throw_usage_error("missing required option --cells");
  a.sites = args.require("--sites");
  a.output = args.require("--output");
  a.format = args.get_or("--format", "");
  (void)gis::output_driver(a.output, a.format);  // unknown formats fail before reading
  a.cell_options.id_field = args.get("--cell-id");
  a.cell_options.crs = optional_crs(args, "--cells-srs");
  a.cell_options.crs_option = "--cells-srs";
  a.site_options.id_field = args.get("--site-id");
  a.site_options.x_field = args.get("--x-field");
  a.site_options.y_field = args.get("--y-field");
  if (a.site_options.x_field.has_value() != a.site_options.y_field.has_value()) {
    gis::throw_usage_error("--x-field and --y-field go together");
  }
  a.site_options.crs = optional_crs(args, "--sites-srs");
  a.site_options.crs_option = "--sites-srs";
  a.assign_options = assign_options(args);
  return a;
}

std::string summary(const grid::AssignResult& result) {
  std::string text;
  for (std::size_t m = 0; m < grid::match_kind_count; ++m) {
    const auto match = static_cast<grid::Match>(m);
    text += (text.empty() ? "" : ", ") + std::string(grid::match_name(match)) + " " +
            std::to_string(result.count(match));
  }
  return text;
}

// Names the first sites of a store layer that got no cell, and counts the
// rest in one line: a register with 39,000 sites outside the grid would
// otherwise bury every other message.
void warn_unmatched_sites(const grid::LayerAssignment& layer) {
  constexpr std::size_t sites_named = 10;
  std::size_t unmatched = 0;
  for (std::size_t i = 0; i < layer.result.sites.size(); ++i) {
    const grid::Match match = layer.result.sites[i].match;
    if (match != grid::Match::outside && match != grid::Match::ambiguous) continue;
    if (++unmatched > sites_named) continue;
    gis::log_warning(layer.sites.table.describe_row(i) + ": " +
                     std::string(grid::match_name(match)));
  }
  if (unmatched > sites_named) {
    gis::log_warning(std::to_string(unmatched - sites_named) + " more " + layer.layer +
                     " are outside every cell or ambiguous; they keep an empty cell_id (the file "
                     "form, `grid assign --cells ... --sites ... -o OUT`, lists each with its "
                     "match)");
  }
}

// The store form: options that only make sense with files are refused.
int run_store_assign(const ParsedArgs& args) {
  if (args.positionals.size() != 1) gis::throw_usage_error("give one PROJECT");
  for (const char* option : {"--cells", "--sites", "--output", "--format", "--cell-id",
                             "--cells-srs", "--site-id", "--sites-srs", "--x-field", "--y-field"}) {
    if (args.get(option)) {
      gis::throw_usage_error(std::string(option) +
                             " is for the file form; `grid assign PROJECT` reads the store");
    }
  }
  grid::AssignOptions options = assign_options(args);
  gis::StepScope step("grid assign");
  gis::PhaseTimes times("grid assign");
  const auto assigned = grid::assign_store(args.positionals[0], options, &times);
  times.total();
  for (const auto& message : assigned.cells.messages) gis::log_warning(message);
  bool problems = !assigned.cells.messages.empty();
  for (const auto& layer : assigned.layers) {
    for (const auto& [site, reason] : layer.result.invalid_reasons) {
      gis::log_warning(layer.sites.table.describe_row(site) + ": " + reason);
    }
    warn_unmatched_sites(layer);
    std::cout << layer.layer << ": " << summary(layer.result) << "\n";
    problems = problems || layer.result.count(grid::Match::outside) > 0 ||
               layer.result.count(grid::Match::ambiguous) > 0 ||
               layer.result.count(grid::Match::invalid) > 0;
  }
  return static_cast<int>(problems ? gis::ExitCode::data_problems : gis::ExitCode::done);
}

int run_assign(const ParsedArgs& args) {
  if (!args.positionals.empty()) return run_store_assign(args);
  AssignArgs a = validate(args);
  gis::StepScope step("grid assign");
  gis::PhaseTimes times("grid assign");
  auto cells = grid::load_cells(a.cells, a.cell_options);
  times.done("read and index " + std::to_string(cells.index.size()) + " cells");
  for (const auto& message : cells.messages) gis::log_warning(message);
  gis::log_info("cells: " + std::to_string(cells.index.size()) + " from " +
                std::to_string(cells.rows_read) + " rows in " + cells.crs.name());
  if (cells.index.size() == 0) gis::throw_input_error("no usable cell", {.dataset = a.cells[0]});

  auto sites = grid::load_sites(a.sites, a.site_options, cells.crs);
  times.done("read " + std::to_string(sites.table.size()) + " sites");
  gis::log_info("sites: " + std::to_string(sites.table.size()) + " rows in " +
                sites.table.crs.name() + ", joined in " + cells.crs.name());
  gis::Progress progress(sites.table.size());
  a.assign_options.on_progress = [&](std::uint64_t done, std::uint64_t) { progress.set(done); };
  const auto result = grid::assign_to_cells(cells.index, sites.columns(), a.assign_options);
  progress.done();
  times.done("assign");
  for (const auto& [site, reason] : result.invalid_reasons) {
    gis::log_warning(sites.table.describe_row(site) + ": " + reason);
  }
  grid::write_assignments(a.output, a.format, sites, result, cells.index);
  times.done("write " + a.output);
  times.total();
  gis::log_info("sites: " + summary(result));
  const bool problems = !cells.messages.empty() || result.count(grid::Match::invalid) > 0;
  return static_cast<int>(problems ? gis::ExitCode::data_problems : gis::ExitCode::done);
}

const CommandRegistrar registrar({
    .path = "grid assign",
    .summary = "put sites (points or footprints) into supervision cells",
    .usage = "PROJECT [--snap-distance-m D] [--threads N] | --cells CELLS [--cell-id FIELD] "
             "[--cells-srs CRS] --sites SITES [--site-id FIELD] "
             "[--sites-srs CRS] [--x-field F --y-field F] [--snap-distance-m D] [--threads N] "
             "-o OUT [-f FORMAT]",
    .options =
        {
            {"--cells", "", true, "cell polygons (any GDAL vector source; repeat to pool several)"},
            {"--cell-id", "", true, "field holding the cell id (DEFAULT: the feature id)"},
            {"--cells-srs", "", true,
             "CRS of the cells, overriding the file (EPSG:4490, EPSG:4326, GCJ02, BD09, PROJ, "
             "WKT)"},
            {"--sites", "", true, "sites: points, CSV with coordinate columns, or footprints"},
            {"--site-id", "", true, "field holding the site id (DEFAULT: the feature id)"},
            {"--sites-srs", "", true, "CRS of the sites, overriding the file"},
            {"--x-field", "", true, "column of x / longitude (DEFAULT: detected)"},
            {"--y-field", "", true, "column of y / latitude (DEFAULT: detected)"},
            {"--snap-distance-m", "", true,
             "sites outside every cell but within D metres of one are `nearest` (DEFAULT 0)"},
            {"--threads", "", true, "threads for point location (DEFAULT: the number of cores)"},
            {"--output", "-o", true,
             "output (GeoPackage, GeoJSON, FlatGeobuf, CSV, Shapefile, PG:)"},
            {"--format", "-f", true, "output format when the extension does not tell"},
        },
    .run = run_assign,
});

}  // namespace

}  // namespace envgrid::cli
