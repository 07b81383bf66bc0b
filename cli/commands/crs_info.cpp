// envgrid crs info CRS: what envgrid understands a CRS definition to be;
// docs/cli/crs-info.md.

#include <iostream>

#include "envgrid/gis/crs.hpp"
#include "envgrid/gis/error.hpp"
#include "registry.hpp"

namespace envgrid::cli {

namespace {

std::string kind_text(gis::Crs::Kind kind) {
  switch (kind) {
    case gis::Crs::Kind::gcj02:
      return "GCJ-02 (shifted; converted by envgrid, not PROJ)";
    case gis::Crs::Kind::bd09:
      return "BD-09 (shifted; converted by envgrid, not PROJ)";
    case gis::Crs::Kind::proj:
      break;
  }
  return "PROJ";
}

std::string wkt_of(const gis::Crs& crs) {
  char* wkt = nullptr;
  const char* const options[] = {"FORMAT=WKT2_2019", "MULTILINE=YES", nullptr};
  const auto srs = crs.to_ogr();
  std::string text = srs->exportToWkt(&wkt, options) == OGRERR_NONE && wkt ? wkt : "";
  CPLFree(wkt);
  return text;
}

int run_info(const ParsedArgs& args) {
  if (args.positionals.size() != 1) gis::throw_usage_error("expected exactly one CRS");
  const gis::Crs crs = gis::Crs::parse(args.positionals.front());
  std::cout << "name: " << crs.name() << "\n"
            << "kind: " << kind_text(crs.kind()) << "\n"
            << "type: "
            << (crs.is_geographic() ? "geographic (x = lon, y = lat, degrees)"
                                    : "projected (x = easting, y = northing)")
            << "\n"
            << "epsg: " << (crs.epsg() ? std::to_string(crs.epsg()) : "none") << "\n";
  if (crs.kind() != gis::Crs::Kind::proj) {
    std::cout << "declared in files as: EPSG:4326 (no GIS knows this system)\n";
  }
  std::cout << "wkt:\n" << wkt_of(crs) << "\n";
  return 0;
}

const CommandRegistrar registrar{Command{
    .path = "crs info",
    .summary = "show how envgrid understands a CRS definition",
    .usage = "CRS",
    .options = {},
    .run = run_info,
}};

}  // namespace

}  // namespace envgrid::cli
