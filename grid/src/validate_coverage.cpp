// How children cover their parent: the parts of a child outside the parent
// (outside_parent) and the parts of the parent no child covers (gap).

#include <string>
#include <vector>

#include "validate_internal.hpp"

namespace envgrid::grid::detail {

namespace {

// Children with a geometry, grouped by parent index.
std::vector<std::vector<std::size_t>> children_of(const CheckedHierarchy& hierarchy) {
  std::vector<std::vector<std::size_t>> children(hierarchy.cells.size());
  for (std::size_t i = 0; i < hierarchy.cells.size(); ++i) {
    const auto& cell = hierarchy.cells[i];
    if (cell.parent != no_parent && cell.geometry) children[cell.parent].push_back(i);
  }
  return children;
}

void find_outside_parts(const CheckedHierarchy& hierarchy, const CheckedCell& parent,
                        const std::vector<std::size_t>& children, CheckContext& context) {
  gis::GeosContext& geos = context.geos;
  const auto prepared = gis::geos_prepare(geos, parent.geometry.get());
  for (const std::size_t c : children) {
    const auto& child = hierarchy.cells[c];
    if (GEOSPreparedCovers_r(geos.get(), prepared.get(), child.geometry.get()) == 1) continue;
    auto outside =
        polygonal_overlay(geos, Overlay::difference, child.geometry.get(), parent.geometry.get());
    const double area = area_of(geos, outside.get());
    if (!outside || area < context.options.min_area_m2) continue;
    context.add(CellProblemKind::outside_parent, child, parent.input->id, area,
                "lies partly outside its parent '" + parent.input->id + "'", std::move(outside));
  }
}

gis::GeosGeometryPtr union_of(const CheckedHierarchy& hierarchy,
                              const std::vector<std::size_t>& children, gis::GeosContext& geos) {
  GEOSContextHandle_t h = geos.get();
  std::vector<GEOSGeometry*> parts;
  parts.reserve(children.size());
  for (const std::size_t c : children) {
    parts.push_back(GEOSGeom_clone_r(h, hierarchy.cells[c].geometry.get()));
  }
  auto collection =
      gis::geos_take(geos, GEOSGeom_createCollection_r(h, GEOS_GEOMETRYCOLLECTION, parts.data(),
                                                       static_cast<unsigned>(parts.size())));
  GEOSGeometry* united = GEOSUnaryUnion_r(h, collection.get());
  // 1 mm grid when the exact union fails (see validate_overlay.cpp).
  if (!united) united = GEOSUnaryUnionPrec_r(h, collection.get(), 1e-3);
  return gis::geos_take(geos, united);
}

// One gap problem per polygon of the uncovered part.
void find_gaps(const CheckedHierarchy& hierarchy, const CheckedCell& parent,
               const std::vector<std::size_t>& children, CheckContext& context) {
  gis::GeosContext& geos = context.geos;
  GEOSContextHandle_t h = geos.get();
  const auto covered = union_of(hierarchy, children, geos);
  if (!covered) return;
  const auto gaps =
      polygonal_overlay(geos, Overlay::difference, parent.geometry.get(), covered.get());
  if (!gaps) return;
  const int count = GEOSGetNumGeometries_r(h, gaps.get());
  for (int i = 0; i < count; ++i) {
    const GEOSGeometry* gap = GEOSGetGeometryN_r(h, gaps.get(), i);
    const double area = area_of(geos, gap);
    if (area < context.options.min_area_m2) continue;
    context.add(CellProblemKind::gap, parent, "", area,
                "part of '" + parent.input->id + "' covered by none of its " +
                    std::to_string(children.size()) + " children",
                gis::geos_take(geos, GEOSGeom_clone_r(h, gap)));
  }
}

}  // namespace

void find_coverage_problems(const CheckedHierarchy& hierarchy, CheckContext& context) {
  const auto children = children_of(hierarchy);
  for (std::size_t p = 0; p < hierarchy.cells.size(); ++p) {
    if (children[p].empty()) continue;
    context.advance();
    const auto& parent = hierarchy.cells[p];
    if (!parent.geometry) continue;
    find_outside_parts(hierarchy, parent, children[p], context);
    find_gaps(hierarchy, parent, children[p], context);
  }
}

}  // namespace envgrid::grid::detail
