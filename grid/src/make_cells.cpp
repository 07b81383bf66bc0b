#include "envgrid/grid/make_cells.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <map>

#include "envgrid/gis/geometry_repair.hpp"
#include "envgrid/gis/geos_handles.hpp"
#include "envgrid/grid/cell_index.hpp"
#include "lattice.hpp"
#include "polygonal_part.hpp"

namespace envgrid::grid {

namespace {

using gis::GeosContext;
using gis::GeosGeometryPtr;

struct Feature {
  std::string id;
  GeosGeometryPtr geometry;
};

// One lattice cell clipped to one feature.
struct Piece {
  std::int32_t row = 0, column = 0;
  std::size_t feature = 0;
  GeosGeometryPtr geometry;
  double area_m2 = 0;
  double box[4] = {0, 0, 0, 0};
  bool alive = true;
};

std::string format_number(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.6g", value);
  return text;
}

void envelope(GEOSContextHandle_t h, const GEOSGeometry* g, double box[4]) {
  GEOSGeom_getXMin_r(h, g, &box[0]);
  GEOSGeom_getYMin_r(h, g, &box[1]);
  GEOSGeom_getXMax_r(h, g, &box[2]);
  GEOSGeom_getYMax_r(h, g, &box[3]);
}

std::vector<Feature> read_features(GeosContext& context, std::span<const BoundaryInput> inputs,
                                   const MakeCellsOptions& options, MakeCellsResult& result) {
  GEOSContextHandle_t h = context.get();
  std::vector<Feature> features;
  for (const auto& input : inputs) {
    GEOSGeometry* g = input.wkb.empty()
                          ? GEOSGeomFromWKT_r(h, input.wkt.c_str())
                          : GEOSGeomFromWKB_buf_r(h, input.wkb.data(), input.wkb.size());
    auto geometry = gis::geos_take(context, g);
    const std::string where =
        "boundary row " + std::to_string(input.row) + " (id " + input.id + ")";
    if (!geometry) {
      result.problems.push_back(where + ": unreadable geometry: skipped");
      continue;
    }
    auto repair = gis::repair_geometry(context, geometry.get(),
                                       {.max_area_change_ratio = options.max_area_change});
    const int type = repair.geometry ? GEOSGeomTypeId_r(h, repair.geometry.get()) : -1;
    if (repair.outcome == gis::RepairOutcome::rejected ||
        (type != GEOS_POLYGON && type != GEOS_MULTIPOLYGON)) {
      result.problems.push_back(
          where + ": " + (repair.reason.empty() ? "not a polygon" : repair.reason) + ": skipped");
      continue;
    }
    if (repair.outcome == gis::RepairOutcome::repaired) {
      result.problems.push_back(where + ": invalid (" + repair.defect + "), repaired with " +
                                repair.method + " (area " + format_number(repair.area_before) +
                                " -> " + format_number(repair.area_after) + " m2)");
    }
    features.push_back({input.id, std::move(repair.geometry)});
  }
  return features;
}

void clip_feature(GeosContext& context, const detail::Lattice& lattice, const Feature& feature,
                  std::size_t feature_index, std::vector<Piece>& pieces) {
  GEOSContextHandle_t h = context.get();
  double box[4];
  envelope(h, feature.geometry.get(), box);
  auto prepared = gis::geos_prepare(context, feature.geometry.get());
  const auto range = lattice.range(box[0], box[1], box[2], box[3]);
  for (auto row = range.row_begin; row < range.row_end; ++row) {
    for (auto column = range.column_begin; column < range.column_end; ++column) {
      auto cell = gis::geos_take(context, lattice.polygon(h, row, column));
      if (GEOSPreparedIntersects_r(h, prepared.get(), cell.get()) != 1) continue;
      GeosGeometryPtr part =
          GEOSPreparedContains_r(h, prepared.get(), cell.get()) == 1
              ? std::move(cell)
              : gis::geos_take(context,
                               detail::polygonal_part(
                                   h, GEOSIntersection_r(h, feature.geometry.get(), cell.get())));
      double area = 0;
      if (!part || GEOSArea_r(h, part.get(), &area) != 1 || !(area > 0)) continue;
      Piece piece{row, column, feature_index, std::move(part), area};
      envelope(h, piece.geometry.get(), piece.box);
      pieces.push_back(std::move(piece));
    }
  }
}

bool boxes_meet(const double a[4], const double b[4]) {
  return a[0] <= b[2] && b[0] <= a[2] && a[1] <= b[3] && b[1] <= a[3];
}

// Length of the edge two pieces share (0 when they only touch at points).
double shared_edge_m(GEOSContextHandle_t h, const Piece& a, const Piece& b) {
  GEOSGeometry* common = GEOSIntersection_r(h, a.geometry.get(), b.geometry.get());
  double length = 0;
  if (common) {
    GEOSLength_r(h, common, &length);
    GEOSGeom_destroy_r(h, common);
  }
  return length;
}

void merge_slivers(GeosContext& context, std::vector<Piece>& pieces, double min_area_m2,
                   MakeCellsResult& result, const std::vector<Feature>& features) {
  GEOSContextHandle_t h = context.get();
  std::vector<std::size_t> slivers;
  for (std::size_t i = 0; i < pieces.size(); ++i) {
    if (pieces[i].area_m2 < min_area_m2) slivers.push_back(i);
  }
  // Smallest first, then by position: the order does not depend on input order.
  std::sort(slivers.begin(), slivers.end(), [&](std::size_t a, std::size_t b) {
    const Piece &p = pieces[a], &q = pieces[b];
    return std::tie(p.area_m2, p.row, p.column, p.feature) <
           std::tie(q.area_m2, q.row, q.column, q.feature);
  });
  for (auto s : slivers) {
    Piece& sliver = pieces[s];
    if (!sliver.alive || sliver.area_m2 >= min_area_m2) continue;
    std::size_t best = pieces.size();
    double best_length = 0;
    for (std::size_t j = 0; j < pieces.size(); ++j) {
      const Piece& other = pieces[j];
      if (j == s || !other.alive || other.feature != sliver.feature ||
          !boxes_meet(sliver.box, other.box)) {
        continue;
      }
      const double length = shared_edge_m(h, sliver, other);
      if (length > best_length) best_length = length, best = j;
    }
    if (best == pieces.size()) {
      result.problems.push_back("sliver of " + format_number(sliver.area_m2) + " m2 at row " +
                                std::to_string(sliver.row) + ", column " +
                                std::to_string(sliver.column) + " in boundary " +
                                features[sliver.feature].id +
                                " shares no edge with another cell: kept");
      continue;
    }
    Piece& target = pieces[best];
    target.geometry = gis::geos_take(
        context,
        detail::polygonal_part(h, GEOSUnion_r(h, target.geometry.get(), sliver.geometry.get())));
    GEOSArea_r(h, target.geometry.get(), &target.area_m2);
    envelope(h, target.geometry.get(), target.box);
    sliver.alive = false;
    ++result.slivers_merged;
  }
}

int digits(std::int64_t value) {
  int n = 1;
  while (value >= 10) value /= 10, ++n;
  return n;
}

std::string zero_padded(std::int64_t value, int width) {
  std::string text = std::to_string(value);
  return std::string(
             static_cast<std::size_t>(std::max<int>(0, width - static_cast<int>(text.size()))),
             '0') +
         text;
}

void emit_cells(GeosContext& context, std::vector<Piece>& pieces,
                const std::vector<Feature>& features, const MakeCellsOptions& options,
                MakeCellsResult& result) {
  GEOSContextHandle_t h = context.get();
  std::vector<std::size_t> order;
  for (std::size_t i = 0; i < pieces.size(); ++i) {
    if (pieces[i].alive) order.push_back(i);
  }
  // Pieces of one lattice cell are numbered in the rule order of their features' ids.
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    const Piece &p = pieces[a], &q = pieces[b];
    if (p.row != q.row) return p.row < q.row;
    if (p.column != q.column) return p.column < q.column;
    return cell_id_less(features[p.feature].id, features[q.feature].id);
  });
  std::int32_t max_row = 0, max_column = 0, max_piece = 1;
  std::vector<std::int32_t> piece_numbers(order.size(), 1);
  for (std::size_t k = 1; k < order.size(); ++k) {
    const Piece &p = pieces[order[k - 1]], &q = pieces[order[k]];
    if (p.row == q.row && p.column == q.column) piece_numbers[k] = piece_numbers[k - 1] + 1;
  }
  for (std::size_t k = 0; k < order.size(); ++k) {
    max_row = std::max(max_row, pieces[order[k]].row);
    max_column = std::max(max_column, pieces[order[k]].column);
    max_piece = std::max(max_piece, piece_numbers[k]);
  }
  // At least four digits for rows and columns: codes keep their width as a grid grows.
  const int row_width = std::max(4, digits(max_row)),
            column_width = std::max(4, digits(max_column));
  const int piece_width = digits(max_piece);
  GEOSWKBWriter* writer = GEOSWKBWriter_create_r(h);
  for (std::size_t k = 0; k < order.size(); ++k) {
    Piece& piece = pieces[order[k]];
    MadeCell cell;
    cell.row = piece.row;
    cell.column = piece.column;
    cell.piece = piece_numbers[k];
    cell.code = options.code_prefix + zero_padded(piece.row, row_width) +
                zero_padded(piece.column, column_width) + zero_padded(cell.piece, piece_width);
    cell.boundary_id = features[piece.feature].id;
    cell.area_m2 = piece.area_m2;
    std::size_t size = 0;
    unsigned char* bytes = GEOSWKBWriter_write_r(h, writer, piece.geometry.get(), &size);
    cell.wkb.assign(bytes, bytes + size);
    GEOSFree_r(h, bytes);
    result.cells.push_back(std::move(cell));
  }
  GEOSWKBWriter_destroy_r(h, writer);
}

}  // namespace

MakeCellsResult make_cells(std::span<const BoundaryInput> boundaries,
                           const MakeCellsOptions& options) {
  GeosContext context;
  MakeCellsResult result;
  auto features = read_features(context, boundaries, options, result);
  if (features.empty()) return result;
  double extent[4] = {
      std::numeric_limits<double>::infinity(), std::numeric_limits<double>::infinity(),
      -std::numeric_limits<double>::infinity(), -std::numeric_limits<double>::infinity()};
  for (const auto& f : features) {
    double box[4];
    envelope(context.get(), f.geometry.get(), box);
    extent[0] = std::min(extent[0], box[0]), extent[1] = std::min(extent[1], box[1]);
    extent[2] = std::max(extent[2], box[2]), extent[3] = std::max(extent[3], box[3]);
  }
  const detail::Lattice lattice(options.shape, options.cell_size_m, extent[0], extent[1], extent[2],
                                extent[3]);
  // 10 % of a whole cell: smaller pieces are cut-offs of the lattice, not territory
  // anyone would patrol as a cell of its own.
  result.min_area_m2 = options.min_area_m2 > 0 ? options.min_area_m2 : 0.1 * lattice.cell_area_m2();
  std::vector<Piece> pieces;
  for (std::size_t f = 0; f < features.size(); ++f) {
    clip_feature(context, lattice, features[f], f, pieces);
  }
  merge_slivers(context, pieces, result.min_area_m2, result, features);
  emit_cells(context, pieces, features, options, result);
  return result;  // pieces and features die before the context that made them
}

}  // namespace envgrid::grid
