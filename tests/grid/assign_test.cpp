// grid/src/assign.cpp: every match kind on WKT fixtures in degrees near Wuhan.
//
//   30.01 +-------+-------+---+-----+
//         |   1   |   2   |2+10| 10 |     cell 10 overlaps cell 2 between
//         |       |       |    |    |     114.015 and 114.02
//   30.00 +-------+-------+---+-----+
//       114.00  114.01  114.015 114.02 114.03

#include <gtest/gtest.h>

#include "geodesic.hpp"

#include <cmath>
#include <limits>
#include <random>

#include "envgrid/gis/geos_handles.hpp"
#include "envgrid/grid/assign.hpp"

namespace envgrid::grid {
namespace {

using test::geodesic_m;

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

CellIndex fixture_cells() {
  const std::vector<CellInput> cells = {
      {"10", 3, {}, "POLYGON((114.015 30,114.03 30,114.03 30.01,114.015 30.01,114.015 30))"},
      {"1", 1, {}, "POLYGON((114 30,114.01 30,114.01 30.01,114 30.01,114 30))"},
      {"2", 2, {}, "POLYGON((114.01 30,114.02 30,114.02 30.01,114.01 30.01,114.01 30))"},
  };
  return CellIndex::build(cells);
}

struct PointCase {
  std::vector<double> xs, ys;
  std::vector<std::string> problems;
  AssignResult run(const CellIndex& cells, AssignOptions options = {}) const {
    return assign_to_cells(cells, {xs, ys, {}, problems}, options);
  }
};

TEST(Assign, InsideOneCell) {
  auto cells = fixture_cells();
  PointCase sites{{114.005}, {30.005}, {}};
  auto result = sites.run(cells);
  EXPECT_EQ(result.sites[0].match, Match::inside);
  EXPECT_EQ(cells.id(result.sites[0].cell), "1");
  EXPECT_EQ(result.other_cell_ids(cells, 0), "");
  EXPECT_EQ(result.sites[0].distance_m, 0);
}

TEST(Assign, SharedEdgeGoesToSmallestId) {
  auto cells = fixture_cells();
  // On the edge shared by 1 and 2, and on the corner vertex of both.
  PointCase sites{{114.01, 114.01}, {30.005, 30.0}, {}};
  auto result = sites.run(cells);
  for (std::size_t i = 0; i < 2; ++i) {
    EXPECT_EQ(result.sites[i].match, Match::boundary) << i;
    EXPECT_EQ(cells.id(result.sites[i].cell), "1") << i;
    EXPECT_EQ(result.other_cell_ids(cells, i), "2") << i;
  }
}

TEST(Assign, OverlapIsAmbiguousAndIdsCompareNumerically) {
  auto cells = fixture_cells();
  PointCase sites{{114.017}, {30.005}, {}};
  auto result = sites.run(cells);
  EXPECT_EQ(result.sites[0].match, Match::ambiguous);
  EXPECT_EQ(cells.id(result.sites[0].cell), "2");  // 2 < 10 numerically
  EXPECT_EQ(result.other_cell_ids(cells, 0), "10");
}

TEST(Assign, NearestWithinSnapDistanceInMetres) {
  auto cells = fixture_cells();
  // 0.001 degree south of cell 1's southern edge: about 111 m.
  PointCase sites{{114.005, 114.005}, {29.999, 29.99}, {}};
  auto result = sites.run(cells, {.snap_distance_m = 200});
  ASSERT_EQ(result.sites[0].match, Match::nearest);
  EXPECT_EQ(cells.id(result.sites[0].cell), "1");
  // Tolerance 0.1 % of the distance: the local tangent plane against the geodesic.
  const double expected_m = geodesic_m(114.005, 29.999, 114.005, 30.0);
  EXPECT_NEAR(result.sites[0].distance_m, expected_m, expected_m * 1e-3);
  // About 1.1 km away: outside the snap distance.
  EXPECT_EQ(result.sites[1].match, Match::outside);
  EXPECT_EQ(result.sites[1].cell, -1);
  EXPECT_TRUE(std::isnan(result.sites[1].distance_m));
}

TEST(Assign, NoSnapDistanceMeansOutside) {
  auto cells = fixture_cells();
  PointCase sites{{114.005}, {29.999}, {}};
  EXPECT_EQ(sites.run(cells).sites[0].match, Match::outside);
}

TEST(Assign, InvalidRowsGiveReasonsAndOthersGoOn) {
  auto cells = fixture_cells();
  PointCase sites{{nan, 114.005, 512345.0, 30.005, 114.005},
                  {30.0, 30.005, 3323456.0, 114.005, 30.005},
                  {"", "", "", "", "empty longitude"}};
  auto result = sites.run(cells);
  EXPECT_EQ(result.sites[0].match, Match::invalid);
  EXPECT_EQ(result.sites[1].match, Match::inside);
  EXPECT_EQ(result.sites[2].match, Match::invalid);
  EXPECT_EQ(result.sites[3].match, Match::invalid);
  EXPECT_EQ(result.sites[4].match, Match::invalid);
  ASSERT_EQ(result.invalid_reasons.size(), 4u);
  EXPECT_EQ(result.invalid_reasons[0].first, 0u);
  EXPECT_NE(result.invalid_reasons[1].second.find("projected metres"), std::string::npos);
  EXPECT_NE(result.invalid_reasons[2].second.find("swapped"), std::string::npos);
  EXPECT_EQ(result.invalid_reasons[3].second, "empty longitude");
  EXPECT_EQ(result.count(Match::invalid), 4u);
  EXPECT_EQ(result.count(Match::inside), 1u);
}

std::vector<unsigned char> wkb_of(const std::string& wkt) {
  auto& context = gis::thread_geos_context();
  auto geometry = gis::geos_from_wkt(context, wkt);
  std::size_t size = 0;
  unsigned char* bytes = GEOSGeomToWKB_buf_r(context.get(), geometry.get(), &size);
  std::vector<unsigned char> out(bytes, bytes + size);
  GEOSFree_r(context.get(), bytes);
  return out;
}

TEST(Assign, FootprintsGoToTheLargestOverlap) {
  auto cells = fixture_cells();
  const std::vector<std::vector<unsigned char>> footprints = {
      // 3/7 in cell 1, 4/7 in cell 2.
      wkb_of(
          "POLYGON((114.007 30.004,114.014 30.004,114.014 30.006,114.007 30.006,114.007 30.004))"),
      // Wholly inside the overlap of 2 and 10.
      wkb_of(
          "POLYGON((114.016 30.004,114.018 30.004,114.018 30.006,114.016 30.006,114.016 30.004))"),
      // Wholly inside cell 1.
      wkb_of("POLYGON((114.002 30.002,114.003 30.002,114.003 30.003,114.002 30.002))"),
      // South of cell 1, 0.0005 degree away.
      wkb_of("POLYGON((114.002 29.999,114.003 29.999,114.003 29.9995,114.002 29.999))"),
  };
  const std::vector<double> none(4, nan);
  auto result = assign_to_cells(cells, {none, none, footprints, {}}, {.snap_distance_m = 100});
  EXPECT_EQ(result.sites[0].match, Match::boundary);
  EXPECT_EQ(cells.id(result.sites[0].cell), "2");
  EXPECT_EQ(result.other_cell_ids(cells, 0), "1");
  EXPECT_EQ(result.sites[1].match, Match::ambiguous);
  EXPECT_EQ(cells.id(result.sites[1].cell), "2");  // equal overlaps: smallest id
  EXPECT_EQ(result.other_cell_ids(cells, 1), "10");
  EXPECT_EQ(result.sites[2].match, Match::inside);
  EXPECT_EQ(cells.id(result.sites[2].cell), "1");
  EXPECT_EQ(result.sites[3].match, Match::nearest);
  const double expected_m = geodesic_m(114.003, 29.9995, 114.003, 30.0);
  EXPECT_NEAR(result.sites[3].distance_m, expected_m, expected_m * 1e-3);
}

TEST(Assign, ThreadCountDoesNotChangeResults) {
  auto cells = fixture_cells();
  std::mt19937 random(42);
  std::uniform_real_distribution<double> lon(113.995, 114.035), lat(29.995, 30.015);
  PointCase sites;
  for (int i = 0; i < 20000; ++i) {
    // Every tenth point exactly on a shared edge.
    sites.xs.push_back(i % 10 == 0 ? 114.01 : lon(random));
    sites.ys.push_back(lat(random));
  }
  auto one = sites.run(cells, {.snap_distance_m = 300, .threads = 1});
  for (unsigned threads : {2u, 7u}) {
    auto many = sites.run(cells, {.snap_distance_m = 300, .threads = threads});
    ASSERT_EQ(one.sites.size(), many.sites.size());
    for (std::size_t i = 0; i < one.sites.size(); ++i) {
      ASSERT_EQ(one.sites[i].match, many.sites[i].match) << i;
      ASSERT_EQ(one.sites[i].cell, many.sites[i].cell) << i;
      ASSERT_EQ(one.other_cell_ids(cells, i), many.other_cell_ids(cells, i)) << i;
    }
    EXPECT_EQ(one.counts, many.counts);
  }
  for (auto m :
       {Match::inside, Match::boundary, Match::ambiguous, Match::nearest, Match::outside}) {
    EXPECT_GT(one.count(m), 0u) << match_name(m);
  }
}

}  // namespace
}  // namespace envgrid::grid
