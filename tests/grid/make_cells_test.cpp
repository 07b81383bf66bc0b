// grid/src/make_cells.cpp on small WKT boundaries in metres (a UTM-like CRS).
//
//   3303950          ___                       county "A" (west) and "B" (east)
//                 __/   \__                    share the line x = 503400;
//   3302600      |   A     |  B  |             A starts 50 m east of a lattice
//                |         |     |             line: its westernmost column is a
//   3300200      |_________|_____|             50 m sliver, merged eastwards.
//             499950    503400  504600

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>

#include "envgrid/gis/geos_handles.hpp"
#include "envgrid/grid/make_cells.hpp"

namespace envgrid::grid {
namespace {

const std::vector<BoundaryInput> counties = {
    {"B",
     2,
     {},
     "POLYGON((503400 3300200,504600 3300200,504600 3302600,503400 3302600,503400 3300200))"},
    {"A",
     1,
     {},
     "POLYGON((499950 3300200,503400 3300200,503400 3302600,501500 3303950,499950 3302600,499950 "
     "3300200))"},
};

double area_of(const std::string& wkt) {
  auto& context = gis::thread_geos_context();
  auto g = gis::geos_from_wkt(context, wkt);
  double area = 0;
  GEOSArea_r(context.get(), g.get(), &area);
  return area;
}

gis::GeosGeometryPtr geometry_of(const MadeCell& cell) {
  return gis::geos_from_wkb(gis::thread_geos_context(), cell.wkb.data(), cell.wkb.size());
}

TEST(MakeCells, SquareCellsCoverTheBoundariesAndSortByPosition) {
  auto result = make_cells(counties, {.cell_size_m = 1000, .code_prefix = "420102"});
  ASSERT_FALSE(result.cells.empty());
  EXPECT_TRUE(result.problems.empty());
  EXPECT_DOUBLE_EQ(result.min_area_m2, 1e5);  // 10 % of a 1 km square

  // Areas add up to the counties' area; tolerance 1e-6 relative (overlay rounding).
  double total_m2 = 0;
  for (const auto& c : result.cells) total_m2 += c.area_m2;
  const double expected_m2 = area_of(counties[0].wkt) + area_of(counties[1].wkt);
  EXPECT_NEAR(total_m2, expected_m2, expected_m2 * 1e-6);

  // Codes are unique, start with the prefix, and sort like (row, column, piece);
  // a larger row lies further south.
  auto& context = gis::thread_geos_context();
  for (std::size_t i = 0; i < result.cells.size(); ++i) {
    const auto& c = result.cells[i];
    EXPECT_EQ(c.code.rfind("420102", 0), 0u) << c.code;
    EXPECT_GE(c.area_m2, result.min_area_m2) << c.code;
    if (i == 0) continue;
    const auto& p = result.cells[i - 1];
    EXPECT_LT(p.code, c.code);
    EXPECT_LT(std::tie(p.row, p.column, p.piece), std::tie(c.row, c.column, c.piece));
    if (c.row > p.row) {
      double p_max_y = 0, c_max_y = 0;
      GEOSGeom_getYMax_r(context.get(), geometry_of(p).get(), &p_max_y);
      GEOSGeom_getYMax_r(context.get(), geometry_of(c).get(), &c_max_y);
      EXPECT_LT(c_max_y, p_max_y) << p.code << " " << c.code;
    }
  }
}

TEST(MakeCells, SliversMergeIntoTheNeighbourWithTheLongestEdge) {
  auto result = make_cells(counties, {.cell_size_m = 1000});
  EXPECT_GT(result.slivers_merged, 0u);
  // The 50 m strip between x = 499950 and the lattice line 500000 joins the
  // cells east of it, which then reach from 499950 to 501000.
  auto& context = gis::thread_geos_context();
  bool found_widened = false;
  for (const auto& c : result.cells) {
    double min_x = 0, max_x = 0;
    auto g = geometry_of(c);
    GEOSGeom_getXMin_r(context.get(), g.get(), &min_x);
    GEOSGeom_getXMax_r(context.get(), g.get(), &max_x);
    if (min_x == 499950 && max_x == 501000) found_widened = true;
    EXPECT_EQ(GEOSGeomTypeId_r(context.get(), g.get()), GEOS_POLYGON) << c.code;
  }
  EXPECT_TRUE(found_widened);
}

TEST(MakeCells, EachCellLiesInOneBoundaryAndSplitSquaresGetPieces) {
  // The shared line x = 503400 runs inside the lattice squares 503000..504000:
  // each is split into an A piece and a B piece.
  auto result = make_cells(counties, {.cell_size_m = 1000});
  auto& context = gis::thread_geos_context();
  auto a = gis::geos_from_wkt(context, counties[1].wkt);
  auto b = gis::geos_from_wkt(context, counties[0].wkt);
  std::map<std::pair<int, int>, std::vector<const MadeCell*>> by_square;
  for (const auto& c : result.cells) {
    auto g = geometry_of(c);
    const auto* boundary = c.boundary_id == "A" ? a.get() : b.get();
    // Outside its boundary by at most overlay rounding: 1e-9 of its area.
    auto outside = gis::geos_take(context, GEOSDifference_r(context.get(), g.get(), boundary));
    double outside_m2 = 0;
    GEOSArea_r(context.get(), outside.get(), &outside_m2);
    EXPECT_LE(outside_m2, c.area_m2 * 1e-9) << c.code;
    by_square[{c.row, c.column}].push_back(&c);
  }
  int split = 0;
  for (const auto& [square, cells] : by_square) {
    if (cells.size() < 2) continue;
    ++split;
    ASSERT_EQ(cells.size(), 2u);
    EXPECT_EQ(cells[0]->boundary_id, "A");  // pieces numbered in boundary id order
    EXPECT_EQ(cells[0]->piece, 1);
    EXPECT_EQ(cells[1]->boundary_id, "B");
    EXPECT_EQ(cells[1]->piece, 2);
  }
  EXPECT_GT(split, 0);
}

TEST(MakeCells, HexagonsCoverTheBoundaries) {
  auto result = make_cells(counties, {.cell_size_m = 500, .shape = CellShape::hex});
  double total_m2 = 0, largest_m2 = 0;
  for (const auto& c : result.cells) {
    total_m2 += c.area_m2;
    largest_m2 = std::max(largest_m2, c.area_m2);
  }
  const double expected_m2 = area_of(counties[0].wkt) + area_of(counties[1].wkt);
  EXPECT_NEAR(total_m2, expected_m2, expected_m2 * 1e-6);
  // A whole hexagon 500 m across the flats has sqrt(3)/2 * 500^2 m2; merged
  // slivers may add to it, never more than one more whole hexagon.
  const double hexagon_m2 = std::sqrt(3.0) / 2 * 500 * 500;
  EXPECT_GE(largest_m2, hexagon_m2 * (1 - 1e-9));
  EXPECT_LT(largest_m2, 2 * hexagon_m2);
}

TEST(MakeCells, BadBoundariesAreReported) {
  const std::vector<BoundaryInput> bad = {
      counties[0],
      {"bowtie", 3, {}, "POLYGON((0 0,1000 1000,1000 0,0 1000,0 0))"},
      {"none", 4, {}, "POINT(1 2)"},
  };
  auto result = make_cells(bad, {.cell_size_m = 1000});
  EXPECT_FALSE(result.cells.empty());
  ASSERT_EQ(result.problems.size(), 2u);
  EXPECT_NE(result.problems[0].find("row 3 (id bowtie)"), std::string::npos) << result.problems[0];
  EXPECT_NE(result.problems[1].find("row 4 (id none)"), std::string::npos) << result.problems[1];
}

}  // namespace
}  // namespace envgrid::grid
