// envgrid imagery publish PROJECT [--chips DIR]... [--ortho FILE --raster-id ID [--name N]]:
// records review chips and orthomosaics in the project store, where the
// viewer finds them by id (docs/cli/imagery-publish.md).

#include <iostream>

#include "envgrid/gis/error.hpp"
#include "envgrid/gis/log.hpp"
#include "envgrid/gis/store.hpp"
#include "envgrid/imagery/publish.hpp"
#include "registry.hpp"

namespace envgrid::cli {

namespace {

int run(const ParsedArgs& args) {
  if (args.positionals.size() != 1) gis::throw_usage_error("give one PROJECT store");
  const bool has_ortho = args.has("--ortho");
  if (!has_ortho && !args.has("--chips"))
    gis::throw_usage_error("give --chips DIR or --ortho FILE");
  if (has_ortho != args.has("--raster-id"))
    gis::throw_usage_error("--ortho and --raster-id go together");
  gis::StepScope step("imagery publish");
  gis::Store store = gis::Store::open(args.positionals[0], true);
  int exit_code = 0;
  for (const auto& dir : args.all("--chips")) {
    const auto result = imagery::publish_chips(store, dir);
    for (const auto& reason : result.skipped) gis::log_warning("skipped " + reason);
    if (!result.skipped.empty()) exit_code = 1;
    std::cout << "chips: " << result.recorded << " recorded from " << dir << ", "
              << result.skipped.size() << " skipped\n";
  }
  if (has_ortho) {
    imagery::publish_raster(store, {.file = args.require("--ortho"),
                                    .raster_id = args.require("--raster-id"),
                                    .name = args.get_or("--name", "")});
    std::cout << "raster " << args.require("--raster-id") << ": " << args.require("--ortho")
              << " published\n";
  }
  return exit_code;
}

const CommandRegistrar registrar{Command{
    "imagery publish",
    "record review chips and orthomosaics in the project store for the viewer",
    "PROJECT [--chips DIR]... [--ortho FILE --raster-id ID [--name TEXT]]",
    {
        {"--chips", "", true,
         "a chips folder with index.csv (imagery changes/outfalls OUT.chips); repeatable"},
        {"--ortho", "", true, "an orthomosaic (GeoTIFF/COG, 1, 3 or 4 bands, georeferenced)"},
        {"--raster-id", "", true, "the id of the orthomosaic in the viewer: letters, digits, - _"},
        {"--name", "", true, "its label in the viewer (DEFAULT: the file name)"},
    },
    run}};

}  // namespace

}  // namespace envgrid::cli
