#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>

#include "envgrid/gis/error.hpp"
#include "envgrid/gis/log.hpp"
#include "envgrid/grid/assign_io.hpp"

namespace envgrid::grid {

namespace {

constexpr double not_a_number = std::numeric_limits<double>::quiet_NaN();

// Coordinates that cannot be right for the declared CRS: degrees out of
// range (projected metres declared as degrees), or values that look like
// degrees in a projected CRS (degrees declared as metres).
std::string crs_mismatch(double x, double y, const gis::Crs& crs) {
  if (crs.is_geographic()) return point_problem(x, y, CoordinateUnits::degrees);
  if (std::abs(x) <= 180 && std::abs(y) <= 90) {
    return "coordinates (" + std::to_string(x) + ", " + std::to_string(y) +
           ") look like degrees but " + crs.name() + " is a projected CRS";
  }
  return "";
}

void convert_points(LoadedSites& sites, const gis::Crs& target) {
  const auto& table = sites.table;
  std::optional<gis::CoordinateTransformer> transformer;
  // In the cells' CRS already, the table's coordinates are used as they are
  // (LoadedSites::columns): no copy of 16 MB per 10^6 sites.
  if (!table.crs.same_as(target)) {
    transformer.emplace(table.crs, target);
    sites.xs = table.xs;
    sites.ys = table.ys;
  }
  for (std::size_t i = 0; i < table.size(); ++i) {
    if (!sites.problems[i].empty() || !std::isfinite(table.xs[i])) continue;
    auto problem = crs_mismatch(table.xs[i], table.ys[i], table.crs);
    if (!problem.empty()) {
      // Degrees out of range between two geographic CRSs stay as read:
      // assign_to_cells names them, and tests whether they are swapped.
      if (!(table.crs.is_geographic() && target.is_geographic())) {
        sites.problems[i] = std::move(problem);
      }
      continue;
    }
    if (transformer && !transformer->transform(sites.xs[i], sites.ys[i])) {
      sites.problems[i] = "cannot convert (" + std::to_string(table.xs[i]) + ", " +
                          std::to_string(table.ys[i]) + ") from " + table.crs.name() + " to " +
                          target.name();
      sites.xs[i] = sites.ys[i] = not_a_number;
    }
  }
}

void convert_footprints(LoadedSites& sites, const gis::Crs& target) {
  const auto& table = sites.table;
  sites.xs.assign(table.size(), not_a_number);
  sites.ys.assign(table.size(), not_a_number);
  sites.footprints = table.geometries;
  std::optional<gis::CoordinateTransformer> transformer;
  if (!table.crs.same_as(target)) transformer.emplace(table.crs, target);
  for (std::size_t i = 0; i < table.size(); ++i) {
    auto& wkb = sites.footprints[i];
    if (wkb.empty() || !sites.problems[i].empty()) continue;
    OGRGeometry* parsed = nullptr;
    OGRGeometryFactory::createFromWkb(wkb.data(), nullptr, &parsed, wkb.size());
    gis::GeometryPtr geometry(parsed);
    if (!geometry || (transformer && !transformer->transform(*geometry))) {
      sites.problems[i] = "cannot read or convert the geometry to " + target.name();
      wkb.clear();
      continue;
    }
    if (wkbFlatten(geometry->getGeometryType()) == wkbPoint) {  // a point in a mixed layer
      sites.xs[i] = geometry->toPoint()->getX();
      sites.ys[i] = geometry->toPoint()->getY();
      wkb.clear();
      continue;
    }
    wkb.resize(geometry->WkbSize());
    geometry->exportToWkb(wkbNDR, wkb.data(), wkbVariantIso);
  }
}

}  // namespace

LoadedSites load_sites(const std::string& source, const SiteSourceOptions& options,
                       const gis::Crs& cells_crs) {
  gis::ReadOptions read;
  read.id_field = options.id_field;
  read.x_field = options.x_field;
  read.y_field = options.y_field;
  read.source_crs = options.crs;
  read.crs_option = options.crs_option;
  read.layer = options.layer;
  read.fields = std::vector<std::string>{};  // the assignment needs no attribute
  LoadedSites sites;
  sites.table = gis::read_layer(source, read);
  // Moved, not copied (32 MB at 10^6 sites): the table's own copy is not read again.
  sites.problems = std::move(sites.table.problems);
  const auto& geometries = sites.table.geometries;
  if (!sites.table.points && sites.table.size() > 0 &&
      std::all_of(geometries.begin(), geometries.end(), [](const auto& g) { return g.empty(); })) {
    gis::throw_input_error(
        "the sites have neither geometries nor coordinate columns that envgrid recognises "
        "(lon/lat, x/y, longitude/latitude, 经度/纬度); name them with --x-field and --y-field",
        {.step = "read sites", .dataset = source});
  }
  if (sites.table.points) {
    convert_points(sites, cells_crs);
  } else {
    convert_footprints(sites, cells_crs);
  }
  return sites;
}

}  // namespace envgrid::grid
