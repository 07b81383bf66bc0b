#include "lattice.hpp"

#include <algorithm>
#include <array>
#include <cmath>

namespace envgrid::grid::detail {

namespace {
const double sqrt3 = std::sqrt(3.0);
}

Lattice::Lattice(CellShape shape, double cell_size_m, double min_x, double, double, double max_y)
    : shape_(shape), size_(cell_size_m) {
  if (shape_ == CellShape::square) {
    row_step_ = size_;
    origin_x_ = std::floor(min_x / size_) * size_;
    top_y_ = std::ceil(max_y / size_) * size_;
  } else {
    radius_ = size_ / sqrt3;
    row_step_ = 1.5 * radius_;
    // One cell of margin so the first row and column cover the extent's edge.
    origin_x_ = std::floor(min_x / size_) * size_ - size_;
    top_y_ = std::ceil(max_y / row_step_) * row_step_ + row_step_;
  }
}

LatticeRange Lattice::range(double min_x, double min_y, double max_x, double max_y) const {
  LatticeRange r;
  if (shape_ == CellShape::square) {
    r.row_begin = static_cast<std::int32_t>(std::floor((top_y_ - max_y) / size_));
    r.row_end = static_cast<std::int32_t>(std::ceil((top_y_ - min_y) / size_));
    r.column_begin = static_cast<std::int32_t>(std::floor((min_x - origin_x_) / size_));
    r.column_end = static_cast<std::int32_t>(std::ceil((max_x - origin_x_) / size_));
  } else {
    // Centres within one radius (rows) or one cell (columns, with the odd-row offset) of the box.
    r.row_begin = static_cast<std::int32_t>(std::floor((top_y_ - max_y - radius_) / row_step_));
    r.row_end = static_cast<std::int32_t>(std::ceil((top_y_ - min_y + radius_) / row_step_)) + 1;
    r.column_begin = static_cast<std::int32_t>(std::floor((min_x - origin_x_) / size_)) - 1;
    r.column_end = static_cast<std::int32_t>(std::ceil((max_x - origin_x_) / size_)) + 1;
  }
  r.row_begin = std::max(r.row_begin, 0);
  r.column_begin = std::max(r.column_begin, 0);
  r.row_end = std::max(r.row_end, r.row_begin);
  r.column_end = std::max(r.column_end, r.column_begin);
  return r;
}

GEOSGeometry* Lattice::polygon(GEOSContextHandle_t h, std::int32_t row, std::int32_t column) const {
  std::array<double, 7> xs{}, ys{};
  std::size_t n = 0;
  if (shape_ == CellShape::square) {
    const double x0 = origin_x_ + column * size_, y1 = top_y_ - row * size_;
    const double x1 = x0 + size_, y0 = y1 - size_;
    xs = {x0, x1, x1, x0, x0};
    ys = {y0, y0, y1, y1, y0};
    n = 5;
  } else {
    const double cx = origin_x_ + column * size_ + (row % 2 ? size_ / 2 : 0);
    const double cy = top_y_ - row * row_step_;
    // Pointy-top: vertices at 30, 90, ..., 330 degrees, counter-clockwise.
    for (int k = 0; k < 6; ++k) {
      const double a = (30.0 + 60.0 * k) * 3.14159265358979323846 / 180.0;
      xs[k] = cx + radius_ * std::cos(a);
      ys[k] = cy + radius_ * std::sin(a);
    }
    xs[6] = xs[0], ys[6] = ys[0];
    n = 7;
  }
  GEOSCoordSequence* seq =
      GEOSCoordSeq_copyFromArrays_r(h, xs.data(), ys.data(), nullptr, nullptr, n);
  GEOSGeometry* ring = GEOSGeom_createLinearRing_r(h, seq);
  return GEOSGeom_createPolygon_r(h, ring, nullptr, 0);
}

double Lattice::cell_area_m2() const {
  return shape_ == CellShape::square ? size_ * size_ : sqrt3 / 2 * size_ * size_;
}

}  // namespace envgrid::grid::detail
