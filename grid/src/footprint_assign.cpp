#include "footprint_assign.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "envgrid/gis/geos_handles.hpp"
#include "local_scale.hpp"

namespace envgrid::grid::detail {

namespace {

struct Overlap {
  std::uint32_t cell;
  double area;
  gis::GeosGeometryPtr part;
};

using GeometryPtr = std::unique_ptr<GEOSGeometry, gis::GeosGeometryDeleter>;

GeometryPtr take(GEOSContextHandle_t h, GEOSGeometry* g) {
  return GeometryPtr(g, gis::GeosGeometryDeleter{h});
}

std::vector<Overlap> overlaps_of(const CellIndex& cells, const GEOSGeometry* footprint) {
  GEOSContextHandle_t h = cells.geos_context();
  double box[4];
  GEOSGeom_getXMin_r(h, footprint, &box[0]);
  GEOSGeom_getYMin_r(h, footprint, &box[1]);
  GEOSGeom_getXMax_r(h, footprint, &box[2]);
  GEOSGeom_getYMax_r(h, footprint, &box[3]);
  std::vector<std::uint32_t> candidates;
  cells.cells_in_box(box[0], box[1], box[2], box[3], candidates);
  std::vector<Overlap> overlaps;
  for (auto c : candidates) {
    auto part = take(h, GEOSIntersection_r(h, footprint, cells.geometry(c)));
    double area = 0;
    if (part && GEOSArea_r(h, part.get(), &area) == 1 && area > 0) {
      overlaps.push_back({c, area, std::move(part)});
    }
  }
  // Largest overlap first; the smaller index (rule order) breaks ties.
  std::sort(overlaps.begin(), overlaps.end(), [](const Overlap& a, const Overlap& b) {
    return a.area != b.area ? a.area > b.area : a.cell < b.cell;
  });
  return overlaps;
}

// True when the overlapping cells overlap each other inside the footprint:
// the parts' areas then add up to more than the area of their union.
bool cells_overlap_inside(GEOSContextHandle_t h, std::vector<Overlap>& overlaps) {
  std::vector<GEOSGeometry*> parts;
  double sum = 0;
  for (auto& o : overlaps) {
    parts.push_back(GEOSGeom_clone_r(h, o.part.get()));
    sum += o.area;
  }
  auto collection = take(h, GEOSGeom_createCollection_r(h, GEOS_GEOMETRYCOLLECTION, parts.data(),
                                                        static_cast<unsigned>(parts.size())));
  auto merged = take(h, GEOSUnaryUnion_r(h, collection.get()));
  double union_area = sum;
  if (merged) GEOSArea_r(h, merged.get(), &union_area);
  // 1e-6 relative: above the rounding of overlay areas, far below any real overlap.
  return sum > union_area * (1 + 1e-6);
}

double nearest_distance_m(const CellIndex& cells, const GEOSGeometry* footprint,
                          double snap_distance_m, std::int32_t& cell) {
  GEOSContextHandle_t h = cells.geos_context();
  double x = 0, y = 0;
  auto centroid = take(h, GEOSGetCentroid_r(h, footprint));
  GEOSGeomGetX_r(h, centroid.get(), &x);
  GEOSGeomGetY_r(h, centroid.get(), &y);
  double box[4];
  GEOSGeom_getXMin_r(h, footprint, &box[0]);
  GEOSGeom_getYMin_r(h, footprint, &box[1]);
  GEOSGeom_getXMax_r(h, footprint, &box[2]);
  GEOSGeom_getYMax_r(h, footprint, &box[3]);
  double margin[4];
  cells.box_around(x, y, snap_distance_m, margin);
  std::vector<std::uint32_t> candidates;
  cells.cells_in_box(box[0] - (x - margin[0]), box[1] - (y - margin[1]), box[2] + (margin[2] - x),
                     box[3] + (margin[3] - y), candidates);
  const LocalScale scale =
      cells.units() == CoordinateUnits::degrees ? degree_scale_at(y) : LocalScale{};
  double best = std::numeric_limits<double>::infinity();
  for (auto c : candidates) {
    GEOSCoordSequence* pair = GEOSNearestPoints_r(h, footprint, cells.geometry(c));
    if (!pair) continue;
    double ax = 0, ay = 0, bx = 0, by = 0;
    GEOSCoordSeq_getXY_r(h, pair, 0, &ax, &ay);
    GEOSCoordSeq_getXY_r(h, pair, 1, &bx, &by);
    GEOSCoordSeq_destroy_r(h, pair);
    const double d = std::hypot((bx - ax) * scale.x_m_per_unit, (by - ay) * scale.y_m_per_unit);
    if (d < best) best = d, cell = static_cast<std::int32_t>(c);
  }
  return best;
}

void set_invalid(AssignResult& result, std::size_t site, std::string reason) {
  result.sites[site] = {Match::invalid, -1, 0, 0, std::numeric_limits<double>::quiet_NaN()};
  result.invalid_reasons.emplace_back(site, std::move(reason));
}

}  // namespace

void assign_footprint(const CellIndex& cells, const SiteColumns& sites, std::size_t site,
                      const AssignOptions& options, AssignResult& result) {
  if (site < sites.problems.size() && !sites.problems[site].empty()) {
    return set_invalid(result, site, sites.problems[site]);
  }
  GEOSContextHandle_t h = cells.geos_context();
  const auto& wkb = sites.footprints[site];
  auto parsed = take(h, GEOSGeomFromWKB_buf_r(h, wkb.data(), wkb.size()));
  if (!parsed) return set_invalid(result, site, "unreadable footprint geometry");
  if (GEOSisValid_r(h, parsed.get()) != 1) {
    auto made = take(h, GEOSMakeValid_r(h, parsed.get()));
    if (!made) return set_invalid(result, site, "invalid footprint that MakeValid cannot repair");
    parsed = std::move(made);
  }
  SiteAssignment& out = result.sites[site];
  auto overlaps = overlaps_of(cells, parsed.get());
  if (overlaps.empty()) {
    std::int32_t cell = -1;
    const double d = options.snap_distance_m > 0
                         ? nearest_distance_m(cells, parsed.get(), options.snap_distance_m, cell)
                         : std::numeric_limits<double>::infinity();
    out = d <= options.snap_distance_m
              ? SiteAssignment{Match::nearest, cell, 0, 0, d}
              : SiteAssignment{Match::outside, -1, 0, 0, std::numeric_limits<double>::quiet_NaN()};
    return;
  }
  out = {Match::inside, static_cast<std::int32_t>(overlaps.front().cell), 0, 0, 0};
  if (overlaps.size() == 1) return;
  out.match = cells_overlap_inside(h, overlaps) ? Match::ambiguous : Match::boundary;
  out.others_begin = static_cast<std::uint32_t>(result.other_cells.size());
  for (std::size_t k = 1; k < overlaps.size(); ++k) result.other_cells.push_back(overlaps[k].cell);
  out.others_count = static_cast<std::uint32_t>(overlaps.size() - 1);
}

}  // namespace envgrid::grid::detail
