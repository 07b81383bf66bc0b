#include "cells.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <tuple>

namespace envgrid::synth::detail {

namespace {

// Every vertex of the cells lies on a 1 mm grid: far below any map scale,
// and enough for GEOS to see shared edges as shared.
constexpr double grid_m = 0.001;

// A piece of a township inside one grid square.
struct Piece {
  std::size_t township = 0;
  long column = 0, row = 0;
  gis::GeosGeometryPtr area;
  double area_m2 = 0;
};

gis::GeosGeometryPtr square(gis::GeosContext& geos, double x0, double y0, double size) {
  GEOSContextHandle_t h = geos.get();
  return gis::geos_take(geos, GEOSGeom_createRectangle_r(h, x0, y0, x0 + size, y0 + size));
}

std::vector<Piece> cut_townships(gis::GeosContext& geos, const County& county, double size) {
  GEOSContextHandle_t h = geos.get();
  const gis::Envelope& e = county.envelope();
  const long columns = static_cast<long>(std::ceil((e.max_x - e.min_x) / size));
  const long rows = static_cast<long>(std::ceil((e.max_y - e.min_y) / size));
  std::vector<Piece> pieces;
  for (std::size_t t = 0; t < county.townships().size(); ++t) {
    const Township& township = county.townships()[t];
    gis::GeosPreparedPtr prepared = gis::geos_prepare(geos, township.area.get());
    for (long row = 0; row < rows; ++row) {
      for (long column = 0; column < columns; ++column) {
        const double x0 = e.min_x + column * size, y0 = e.min_y + row * size;
        if (!overlaps(township.envelope, {x0, y0, x0 + size, y0 + size})) continue;
        gis::GeosGeometryPtr box = square(geos, x0, y0, size);
        if (GEOSPreparedIntersects_r(h, prepared.get(), box.get()) != 1) continue;
        gis::GeosGeometryPtr piece =
            GEOSPreparedContains_r(h, prepared.get(), box.get()) == 1
                ? std::move(box)
                : gis::geos_take(geos, GEOSIntersection_r(h, township.area.get(), box.get()));
        // On the county's millimetre grid, so neighbouring pieces share
        // their edges exactly and a merge dissolves them.
        if (piece) piece = gis::geos_take(geos, GEOSGeom_setPrecision_r(h, piece.get(), grid_m, 0));
        const double area = piece ? area_of(geos, piece.get()) : 0;
        // Below 1 m2 a piece is a numerical crumb of the clipping, not land.
        if (area < 1.0) continue;
        pieces.push_back({t, column, row, std::move(piece), area});
      }
    }
  }
  return pieces;
}

// Pieces under 30 % of a full square join the largest neighbouring piece of
// the same township, so no cell is a sliver along a township border.
void merge_slivers(gis::GeosContext& geos, std::vector<Piece>& pieces, double size) {
  const double sliver_m2 = 0.3 * size * size;
  std::map<std::tuple<std::size_t, long, long>, std::size_t> at;
  for (std::size_t i = 0; i < pieces.size(); ++i) {
    at[{pieces[i].township, pieces[i].column, pieces[i].row}] = i;
  }
  constexpr long offsets[4][2] = {{1, 0}, {-1, 0}, {0, 1}, {0, -1}};
  for (std::size_t i = 0; i < pieces.size(); ++i) {
    Piece& sliver = pieces[i];
    if (!sliver.area || sliver.area_m2 >= sliver_m2) continue;
    Piece* target = nullptr;
    for (const auto& offset : offsets) {
      auto it = at.find({sliver.township, sliver.column + offset[0], sliver.row + offset[1]});
      if (it == at.end() || !pieces[it->second].area) continue;
      Piece& candidate = pieces[it->second];
      if (!target || candidate.area_m2 > target->area_m2) target = &candidate;
    }
    if (!target) continue;
    gis::GeosGeometryPtr merged = gis::geos_take(
        geos, GEOSUnionPrec_r(geos.get(), target->area.get(), sliver.area.get(), grid_m));
    if (!merged) continue;
    target->area = std::move(merged);
    target->area_m2 += sliver.area_m2;
    sliver.area.reset();
  }
  std::erase_if(pieces, [](const Piece& p) { return !p.area; });
}

std::string manager_name(std::uint64_t number) {
  char text[32];
  std::snprintf(text, sizeof text, "manager-%03llu", static_cast<unsigned long long>(number));
  return text;
}

}  // namespace

std::vector<Cell> make_cells(gis::GeosContext& geos, const County& county,
                             std::uint64_t target_count, std::uint64_t seed) {
  // Clipping adds pieces along township borders; calibrate the square size
  // once from a first cut so that the count lands near the target.
  double size = std::sqrt(county.area_m2() / static_cast<double>(target_count));
  std::vector<Piece> pieces = cut_townships(geos, county, size);
  merge_slivers(geos, pieces, size);
  const double ratio = static_cast<double>(pieces.size()) / static_cast<double>(target_count);
  if (std::abs(ratio - 1) > 0.03) {
    size *= std::sqrt(ratio);
    pieces = cut_townships(geos, county, size);
    merge_slivers(geos, pieces, size);
  }
  // Serials run row by row from the north within each township.
  std::stable_sort(pieces.begin(), pieces.end(), [](const Piece& a, const Piece& b) {
    return std::tie(a.township, b.row, a.column) < std::tie(b.township, a.row, b.column);
  });
  Random random(seed, "cells");
  std::vector<Cell> cells;
  std::uint64_t manager = 0;
  int cells_left_for_manager = 0;
  std::size_t serial = 0;
  for (std::size_t i = 0; i < pieces.size(); ++i) {
    const Township& township = county.townships()[pieces[i].township];
    const bool new_township = i == 0 || pieces[i - 1].township != pieces[i].township;
    if (new_township) serial = 0;
    if (new_township || cells_left_for_manager == 0) {
      ++manager;
      cells_left_for_manager = 1 + static_cast<int>(random.index(3));
    }
    --cells_left_for_manager;
    char id[32];
    std::snprintf(id, sizeof id, "%s-%03zu", township.code.c_str(), ++serial);
    cells.push_back({id, township.code, township.name + "第" + std::to_string(serial) + "网格",
                     manager_name(manager), pieces[i].area_m2, std::move(pieces[i].area)});
  }
  return cells;
}

gis::GeosGeometryPtr union_of_cells(gis::GeosContext& geos, const std::vector<Cell>& cells,
                                    const std::string& parent_id) {
  GEOSContextHandle_t h = geos.get();
  std::vector<GEOSGeometry*> parts;
  for (const Cell& cell : cells) {
    if (parent_id.empty() || cell.parent_id == parent_id) {
      parts.push_back(GEOSGeom_clone_r(h, cell.area.get()));
    }
  }
  gis::GeosGeometryPtr collection =
      gis::geos_take(geos, GEOSGeom_createCollection_r(h, GEOS_GEOMETRYCOLLECTION, parts.data(),
                                                       static_cast<unsigned>(parts.size())));
  return gis::geos_take(geos, GEOSUnaryUnionPrec_r(h, collection.get(), grid_m));
}

}  // namespace envgrid::synth::detail
