// grid/overlap_rule.hpp: `grid assign` (CellIndex, on cells in metres or in
// degrees) and `grid validate` call the same pairs of cells overlapping.

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "envgrid/gis/geodesy.hpp"
#include "envgrid/grid/cell_index.hpp"
#include "envgrid/grid/validate_cells.hpp"

namespace envgrid::grid {
namespace {

std::string box(double x0, double y0, double x1, double y1) {
  auto p = [](double x, double y) { return std::to_string(x) + " " + std::to_string(y); };
  return "POLYGON((" + p(x0, y0) + "," + p(x1, y0) + "," + p(x1, y1) + "," + p(x0, y1) + "," +
         p(x0, y0) + "))";
}

// validate_cells works in metres (the command projects the cells first).
std::size_t validate_overlaps(const std::vector<CellInput>& inputs) {
  std::vector<HierarchyCell> cells;
  for (const auto& input : inputs) {
    HierarchyCell c;
    c.id = input.id;
    c.row = input.row;
    c.wkt = input.wkt;
    cells.push_back(c);
  }
  std::size_t found = 0;
  for (const auto& problem : validate_cells(cells).problems)
    found += problem.kind == CellProblemKind::overlap;
  return found;
}

// Three cells in a row; A overlaps B by a strip `overlap_m` wide and 100 m
// high; C overlaps B by 5 m (500 m², always an overlap).
std::vector<CellInput> row_of_cells(double overlap_m, gis::MetresPerDegree unit) {
  auto x = [&](double metres) { return 114.0 + metres / unit.lon; };
  auto y = [&](double metres) { return 30.0 + metres / unit.lat; };
  return {{"A", 1, {}, box(x(0), y(0), x(100 + overlap_m), y(100))},
          {"B", 2, {}, box(x(100), y(0), x(200), y(100))},
          {"C", 3, {}, box(x(195), y(0), x(300), y(100))}};
}

TEST(OverlapRule, AssignAndValidateAgreeOnSliversAndOverlaps) {
  const gis::MetresPerDegree degrees = gis::metres_per_degree(30.0);
  for (const bool in_degrees : {false, true}) {
    const gis::MetresPerDegree unit = in_degrees ? degrees : gis::MetresPerDegree{1, 1};
    CellIndexOptions index_options;
    index_options.units = in_degrees ? CoordinateUnits::degrees : CoordinateUnits::metres;
    // 0.004 m x 100 m = 0.4 m²: noise; 0.05 m x 100 m = 5 m²: an overlap.
    for (const double overlap_m : {0.004, 0.05}) {
      const auto inputs = row_of_cells(overlap_m, unit);
      const std::size_t expected = overlap_m * 100 >= min_overlap_area_m2 ? 2 : 1;
      const auto index = CellIndex::build(inputs, index_options);
      EXPECT_EQ(index.overlaps().size(), expected) << overlap_m << " m, degrees " << in_degrees;
      EXPECT_EQ(validate_overlaps(row_of_cells(overlap_m, {1, 1})), expected) << overlap_m << " m";
    }
  }
}

// Two triangles halving a 100 m square along its diagonal, B pushed into A
// across the diagonal by `push_m`: the cells' boxes cover each other
// whatever the push, so only the shapes can tell touching from overlapping
// (the strip 141 m long: 0.004 m is 0.6 m², noise; 0.05 m is 7 m²).
std::vector<CellInput> diagonal_halves(double push_m, gis::MetresPerDegree unit) {
  const double shift = push_m / std::sqrt(2.0);
  auto p = [&](double x_m, double y_m) {  // 12 decimals: a push of 4 mm survives in degrees
    char text[64];
    std::snprintf(text, sizeof text, "%.12f %.12f", 114.0 + x_m / unit.lon, 30.0 + y_m / unit.lat);
    return std::string(text);
  };
  return {{"A",
           1,
           {},
           "POLYGON((" + p(0, 0) + "," + p(100, 0) + "," + p(100, 100) + "," + p(0, 0) + "))"},
          {"B",
           2,
           {},
           "POLYGON((" + p(shift, -shift) + "," + p(100 + shift, 100 - shift) + "," +
               p(shift, 100 - shift) + "," + p(shift, -shift) + "))"}};
}

TEST(OverlapRule, TiltedNeighboursTouchOrOverlapAsValidateSays) {
  const gis::MetresPerDegree degrees = gis::metres_per_degree(30.0);
  for (const bool in_degrees : {false, true}) {
    const gis::MetresPerDegree unit = in_degrees ? degrees : gis::MetresPerDegree{1, 1};
    CellIndexOptions index_options;
    index_options.units = in_degrees ? CoordinateUnits::degrees : CoordinateUnits::metres;
    for (const double push_m : {0.0, 0.004, 0.05}) {
      const std::size_t expected = push_m * 141.4 >= min_overlap_area_m2 ? 1 : 0;
      const auto index = CellIndex::build(diagonal_halves(push_m, unit), index_options);
      EXPECT_EQ(index.overlaps().size(), expected) << push_m << " m, degrees " << in_degrees;
      EXPECT_EQ(validate_overlaps(diagonal_halves(push_m, {1, 1})), expected) << push_m << " m";
    }
  }
}

}  // namespace
}  // namespace envgrid::grid
