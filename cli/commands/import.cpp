// envgrid import PROJECT --layer LAYER SOURCE [...]: loads a source into a
// store layer; rejected rows are reported on stderr (exit 1 when any).

#include <iostream>

#include "envgrid/gis/error.hpp"
#include "envgrid/gis/log.hpp"
#include "envgrid/gis/store_import.hpp"
#include "envgrid/gis/text.hpp"
#include "registry.hpp"

namespace envgrid::cli {
namespace {

gis::ImportOptions import_options(const ParsedArgs& args) {
  gis::ImportOptions options;
  options.layer = args.require("--layer");
  (void)gis::store_import_schema(options.layer);  // a usage error before any slow step
  options.source_layer = args.get_or("--source-layer", "");
  if (auto srs = args.get("--s-srs")) options.source_crs = gis::Crs::parse(*srs);
  options.crs_option = "--s-srs";
  options.x_field = args.get("--x-field");
  options.y_field = args.get("--y-field");
  if (options.x_field.has_value() != options.y_field.has_value()) {
    gis::throw_usage_error("--x-field and --y-field go together");
  }
  options.id_field = args.get("--id-field");
  options.where = args.get_or("--where", "");
  return options;
}

void print_report(const gis::ImportReport& report, const std::string& source,
                  const std::string& layer) {
  if (!report.ignored_fields.empty()) {
    gis::log_warning(source + ": fields not in layer " + layer +
                     " are ignored: " + gis::join(report.ignored_fields, ", "));
  }
  for (const auto& row : report.repaired) {
    std::cerr << "envgrid import: repaired " << row.where << ": " << row.reason << "\n";
  }
  for (const auto& row : report.rejected) {
    std::cerr << "envgrid import: rejected " << row.where << ": " << row.reason << "\n";
  }
  std::cerr << "envgrid import: " << layer << ": read " << report.rows_read << " rows, loaded "
            << report.loaded << ", rejected " << report.rejected.size();
  if (!report.repaired.empty()) {
    std::cerr << " (" << report.repaired.size() << " geometries repaired)";
  }
  std::cerr << "\n";
}

int run_import(const ParsedArgs& args) {
  if (args.positionals.size() != 2) gis::throw_usage_error("expected PROJECT and SOURCE");
  const gis::ImportOptions options = import_options(args);
  const std::string& source = args.positionals[1];
  gis::Store store = gis::Store::open(args.positionals[0], true);
  const gis::ImportReport report = gis::import_into_store(store, source, options);
  store.close();
  print_report(report, source, options.layer);
  const bool clean = report.rejected.empty() && report.repaired.empty();
  return clean ? 0 : static_cast<int>(gis::ExitCode::data_problems);
}

const CommandRegistrar registrar(Command{
    .path = "import",
    .summary = "load a vector source (CSV, GeoPackage, GeoJSON, Shapefile, PostGIS ...) into a "
               "store layer",
    .usage = "PROJECT --layer LAYER SOURCE [--s-srs CRS] [--x-field F --y-field F] "
             "[--id-field F] [--where SQL] [--source-layer NAME]",
    .options =
        {
            {"--layer", "", true, "store layer to load: cells, enterprises, outfalls, ..."},
            {"--s-srs", "", true, "CRS of the source (EPSG:n, GCJ02, BD09, ...), overriding it"},
            {"--x-field", "", true, "source field with x / longitude"},
            {"--y-field", "", true, "source field with y / latitude"},
            {"--id-field", "", true, "source field with the layer's id (DEFAULT: same name)"},
            {"--where", "", true, "OGR SQL WHERE clause selecting source rows"},
            {"--source-layer", "", true, "layer of a multi-layer source (DEFAULT: the first)"},
        },
    .run = run_import,
});

}  // namespace
}  // namespace envgrid::cli
