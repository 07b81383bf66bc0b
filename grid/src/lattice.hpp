#pragma once
// The square or hexagonal lattice behind `grid make`, anchored at multiples
// of the cell size in the metric CRS so that the same area always gives the
// same lattice. Row 0 is the northernmost row, column 0 the westernmost.

#include "envgrid/gis/geos_handles.hpp"
#include "envgrid/grid/make_cells.hpp"

namespace envgrid::grid::detail {

struct LatticeRange {
  std::int32_t row_begin = 0, row_end = 0;  // half-open
  std::int32_t column_begin = 0, column_end = 0;
};

class Lattice {
 public:
  // Covers the extent [min_x, max_x] x [min_y, max_y] in metres.
  Lattice(CellShape shape, double cell_size_m, double min_x, double min_y, double max_x,
          double max_y);

  // Lattice cells whose polygons may meet the box.
  [[nodiscard]] LatticeRange range(double min_x, double min_y, double max_x, double max_y) const;
  [[nodiscard]] GEOSGeometry* polygon(GEOSContextHandle_t h, std::int32_t row,
                                      std::int32_t column) const;
  [[nodiscard]] double cell_area_m2() const;

 private:
  CellShape shape_;
  double size_;
  double radius_ = 0;    // hex: centre to vertex (= side)
  double row_step_ = 0;  // distance between row centres (square: size)
  double origin_x_ = 0;  // west edge (square) / centre x of column 0 in even rows (hex)
  double top_y_ = 0;     // north edge (square) / centre y of row 0 (hex)
};

}  // namespace envgrid::grid::detail
