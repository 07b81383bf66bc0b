// Overlaps between siblings (cells with the same parent code, or all top
// cells): candidates from a GEOS STRtree of the cells' envelopes, checked
// with a prepared geometry before the exact intersection.

#include <string>

#include "envgrid/gis/spatial_index.hpp"
#include "validate_internal.hpp"

namespace envgrid::grid::detail {

namespace {

void index_cells(const CheckedHierarchy& hierarchy, gis::GeosContext& geos, gis::StrTree& tree) {
  for (std::size_t i = 0; i < hierarchy.cells.size(); ++i) {
    const auto& geometry = hierarchy.cells[i].geometry;
    if (geometry) tree.insert(i, gis::envelope_of(geos, geometry.get()));
  }
}

void check_pair(const CheckedCell& a, const CheckedCell& b, CheckContext& context) {
  auto shared =
      polygonal_overlay(context.geos, Overlay::intersection, a.geometry.get(), b.geometry.get());
  const double area = area_of(context.geos, shared.get());
  if (!shared || area < context.options.min_area_m2) return;
  context.add(CellProblemKind::overlap, a, b.input->id, area, "overlaps '" + b.input->id + "'",
              std::move(shared));
}

}  // namespace

void find_sibling_overlaps(const CheckedHierarchy& hierarchy, CheckContext& context) {
  gis::GeosContext& geos = context.geos;
  gis::StrTree tree(geos);
  index_cells(hierarchy, geos, tree);
  const auto& cells = hierarchy.cells;
  for (std::size_t i = 0; i < cells.size(); ++i) {
    const auto& cell = cells[i];
    if (!cell.geometry) continue;
    context.advance();
    gis::GeosPreparedPtr prepared{nullptr, {geos.get()}};
    for (const std::size_t j : tree.query(gis::envelope_of(geos, cell.geometry.get()))) {
      const auto& other = cells[j];
      if (j <= i || other.input->parent_id != cell.input->parent_id) continue;
      if (!prepared) prepared = gis::geos_prepare(geos, cell.geometry.get());
      if (GEOSPreparedIntersects_r(geos.get(), prepared.get(), other.geometry.get()) != 1) continue;
      if (GEOSPreparedContainsProperly_r(geos.get(), prepared.get(), other.geometry.get()) == 1) {
        // Wholly inside: the overlap is the other cell itself.
        context.add(CellProblemKind::overlap, cell, other.input->id, other.area_m2,
                    "contains '" + other.input->id + "'",
                    gis::geos_take(geos, GEOSGeom_clone_r(geos.get(), other.geometry.get())));
        continue;
      }
      check_pair(cell, other, context);
    }
  }
}

}  // namespace envgrid::grid::detail
