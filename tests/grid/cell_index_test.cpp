// grid/src/cell_index.cpp: the checks on cell layers (invalid, overlapping,
// empty and duplicate-id cells) and the point location against GEOS.

#include <gtest/gtest.h>

#include <cstdio>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "envgrid/gis/geos_handles.hpp"
#include "envgrid/grid/cell_index.hpp"

namespace envgrid::grid {
namespace {

const CellProblem* problem_of(const CellIndex& index, const std::string& id) {
  for (const auto& p : index.problems()) {
    if (p.id == id) return &p;
  }
  return nullptr;
}

TEST(CellIndex, BadCellsAreReportedAndTheOthersKept) {
  const std::vector<CellInput> cells = {
      {"ok", 1, {}, "POLYGON((0 0,1 0,1 1,0 1,0 0))"},
      // A bow-tie: MakeValid changes its digitized area (0) by far more than 1 %.
      {"bowtie", 2, {}, "POLYGON((2 0,3 1,3 0,2 1,2 0))"},
      // A square with a 1e-6 spike: repaired, area kept within 1 %.
      {"spike", 3, {}, "POLYGON((4 0,5 0,5 1,5.5 1.0000001,5 1,4 1,4 0))"},
      {"empty", 4, {}, "POLYGON EMPTY"},
      {"line", 5, {}, "LINESTRING(0 0,1 1)"},
      {"dup", 6, {}, "POLYGON((0 2,1 2,1 3,0 3,0 2))"},
      {"dup", 7, {}, "POLYGON((1 2,2 2,2 3,1 3,1 2))"},
      {"overlaps-ok", 8, {}, "POLYGON((0.5 0.5,1.5 0.5,1.5 1.5,0.5 1.5,0.5 0.5))"},
      {"garbage", 9, {}, "POLYGON((0 0,"},
      {"", 10, {}, "POLYGON((5 5,6 5,6 6,5 6,5 5))"},
  };
  auto index = CellIndex::build(cells);
  EXPECT_EQ(index.size(), 4u);  // ok, spike, dup (joined), overlaps-ok

  const auto* bowtie = problem_of(index, "bowtie");
  ASSERT_TRUE(bowtie);
  EXPECT_TRUE(bowtie->rejected);
  EXPECT_EQ(bowtie->row, 2);
  EXPECT_NE(bowtie->message.find("Self-intersection"), std::string::npos) << bowtie->message;
  const auto* spike = problem_of(index, "spike");
  ASSERT_TRUE(spike);
  EXPECT_FALSE(spike->rejected);
  EXPECT_NE(spike->message.find("repaired"), std::string::npos) << spike->message;
  for (const char* id : {"empty", "line", "garbage", ""}) {
    ASSERT_TRUE(problem_of(index, id)) << id;
    EXPECT_TRUE(problem_of(index, id)->rejected) << id;
  }
  const auto* dup = problem_of(index, "dup");
  ASSERT_TRUE(dup);
  EXPECT_NE(dup->message.find("rows 6, 7"), std::string::npos) << dup->message;

  ASSERT_EQ(index.overlaps().size(), 1u);
  EXPECT_EQ(index.id(index.overlaps()[0].first), "ok");
  EXPECT_EQ(index.id(index.overlaps()[0].second), "overlaps-ok");

  // The joined duplicate covers both of its squares; the edge between them is interior.
  std::vector<CellHit> hits;
  index.cells_covering(1.0, 2.5, hits);
  ASSERT_EQ(hits.size(), 1u);
  EXPECT_EQ(index.id(hits[0].cell), "dup");
  EXPECT_FALSE(hits[0].on_edge);
}

// A tiling large enough to be checked on several threads: shared edges and
// corners are no overlap; three cells shifted onto their neighbours are, and
// the pairs come in cell order as on one thread.
TEST(CellIndex, OverlapsInALargeTilingAreFoundInCellOrder) {
  std::vector<CellInput> cells;
  const int side = 40;  // 1600 cells of 0.01 degree
  for (int row = 0; row < side; ++row) {
    for (int column = 0; column < side; ++column) {
      const double shift = (row * side + column) % 500 == 7 ? 0.004 : 0;
      const double x = 114 + column * 0.01 + shift, y = 30 + row * 0.01;
      char wkt[200];
      std::snprintf(wkt, sizeof wkt, "POLYGON((%.6f %.6f,%.6f %.6f,%.6f %.6f,%.6f %.6f,%.6f %.6f))",
                    x, y, x + 0.01, y, x + 0.01, y + 0.01, x, y + 0.01, x, y);
      cells.push_back({"C" + std::to_string(row * side + column), 0, {}, wkt});
    }
  }
  const auto index = CellIndex::build(cells);
  std::vector<std::pair<std::string, std::string>> found;
  for (const auto& overlap : index.overlaps()) {
    found.emplace_back(index.id(overlap.first), index.id(overlap.second));
  }
  // C7, C507, C1007 and C1507 moved 0.004 degree east onto C8, C508, C1008,
  // C1508; cells are ordered by id.
  EXPECT_EQ(found, (std::vector<std::pair<std::string, std::string>>{
                       {"C1007", "C1008"}, {"C1507", "C1508"}, {"C507", "C508"}, {"C7", "C8"}}));
}

TEST(CellIndex, IdsCompareNumericallyWhenBothAreNumbers) {
  EXPECT_TRUE(cell_id_less("9", "10"));
  EXPECT_TRUE(cell_id_less("009", "10"));
  EXPECT_FALSE(cell_id_less("10", "9"));
  EXPECT_TRUE(cell_id_less("10", "9a"));  // text: byte order
  EXPECT_TRUE(cell_id_less("A2", "B1"));
}

// The slab ray casting agrees with GEOS's Covers on random points in a
// polygon with a hole and many vertices.
TEST(CellIndex, PointLocationAgreesWithGeos) {
  std::string ring;
  const int n = 200;
  for (int i = 0; i <= n; ++i) {
    const double a = 2 * 3.141592653589793 * (i % n) / n;
    const double r = 1 + 0.3 * std::sin(7 * a);
    ring +=
        (i ? "," : "") + std::to_string(r * std::cos(a)) + " " + std::to_string(r * std::sin(a));
  }
  const std::string wkt = "POLYGON((" + ring + "),(-0.2 -0.2,-0.2 0.2,0.2 0.2,0.2 -0.2,-0.2 -0.2))";
  auto index = CellIndex::build(std::vector<CellInput>{{"star", 1, {}, wkt}},
                                {.units = CoordinateUnits::metres});
  ASSERT_EQ(index.size(), 1u);
  auto& context = gis::thread_geos_context();
  auto geometry = gis::geos_from_wkt(context, wkt);
  std::mt19937 random(7);
  std::uniform_real_distribution<double> coordinate(-1.4, 1.4);
  auto boundary = gis::geos_take(context, GEOSBoundary_r(context.get(), geometry.get()));
  std::vector<CellHit> hits;
  for (int i = 0; i < 20000; ++i) {
    const double x = coordinate(random), y = coordinate(random);
    GEOSGeometry* point = GEOSGeom_createPointFromXY_r(context.get(), x, y);
    const bool covered = GEOSCovers_r(context.get(), geometry.get(), point) == 1;
    double to_edge = 0;
    GEOSDistance_r(context.get(), boundary.get(), point, &to_edge);
    GEOSGeom_destroy_r(context.get(), point);
    index.cells_covering(x, y, hits);
    // Points within the edge tolerance of the boundary are on the edge, whichever side.
    const bool near_edge = to_edge <= index.edge_tolerance();
    if (!near_edge) ASSERT_EQ(!hits.empty(), covered) << x << " " << y;
    ASSERT_EQ(!hits.empty() && hits[0].on_edge, near_edge) << x << " " << y << " " << to_edge;
  }
  // A point exactly on a vertex and on an edge of the hole.
  index.cells_covering(-0.2, 0.0, hits);
  ASSERT_EQ(hits.size(), 1u);
  EXPECT_TRUE(hits[0].on_edge);
}

}  // namespace
}  // namespace envgrid::grid
