// envgrid init PROJECT [--crs CRS]: creates a project store.
// envgrid init --upgrade PROJECT: brings a store of schema version 2 to the current one.

#include <iostream>

#include "envgrid/gis/error.hpp"
#include "envgrid/gis/log.hpp"
#include "envgrid/gis/store.hpp"
#include "registry.hpp"

namespace envgrid::cli {
namespace {

int run_init(const ParsedArgs& args) {
  if (args.positionals.size() != 1) gis::throw_usage_error("expected one PROJECT");
  const std::string& location = args.positionals[0];
  if (args.has("--upgrade")) {
    if (args.has("--crs")) gis::throw_usage_error("--upgrade keeps the store's CRS; drop --crs");
    // Opening for writing upgrades a version-2 store (gis/store.hpp).
    gis::Store store = gis::Store::open(location, true);
    gis::log_info("store " + location + " is at schema version " +
                  std::to_string(gis::store_schema_version));
    return 0;
  }
  const gis::Crs crs =
      args.has("--crs") ? gis::Crs::parse(args.require("--crs")) : gis::Crs::cgcs2000();
  gis::Store store = gis::Store::create(location, crs);
  gis::log_info("created store " + location + " (" +
                (store.is_postgis() ? "PostGIS" : "GeoPackage, WAL") + ", CRS " +
                store.crs().name() + ", schema version " +
                std::to_string(gis::store_schema_version) + ", " +
                std::to_string(gis::store_schema().size()) + " layers)");
  return 0;
}

const CommandRegistrar registrar(Command{
    .path = "init",
    .summary = "create a project store (GeoPackage file, or PostGIS with a PG: string)",
    .usage = "PROJECT [--crs CRS] | --upgrade PROJECT",
    .options = {{"--crs", "", true, "store CRS (DEFAULT: EPSG:4490, CGCS2000 geographic)"},
                {"--upgrade", "", false,
                 "bring an existing store of schema version 2 to this version (adds the task "
                 "layers)"}},
    .run = run_init,
});

}  // namespace
}  // namespace envgrid::cli
