// grid/src/validate_*.cpp: each problem kind of `grid validate` on small WKT
// hierarchies in metres (so the expected areas are exact: tolerance 1e-6 m²).

#include <gtest/gtest.h>

#include <algorithm>

#include "envgrid/grid/validate_cells.hpp"

namespace envgrid::grid {
namespace {

HierarchyCell cell(std::string id, std::string parent, std::string wkt, std::string level = "") {
  static std::int64_t row = 0;
  HierarchyCell c;
  c.id = std::move(id);
  c.parent_id = std::move(parent);
  c.level = std::move(level);
  c.row = ++row;
  c.wkt = std::move(wkt);
  return c;
}

std::string box(double x0, double y0, double x1, double y1) {
  auto p = [](double x, double y) { return std::to_string(x) + " " + std::to_string(y); };
  return "POLYGON((" + p(x0, y0) + "," + p(x1, y0) + "," + p(x1, y1) + "," + p(x0, y1) + "," +
         p(x0, y0) + "))";
}

std::vector<const HierarchyProblem*> of_kind(const ValidationReport& report, CellProblemKind kind) {
  std::vector<const HierarchyProblem*> found;
  for (const auto& p : report.problems) {
    if (p.kind == kind) found.push_back(&p);
  }
  return found;
}

TEST(ValidateCells, CleanHierarchyHasNoProblems) {
  const std::vector<HierarchyCell> cells = {
      cell("42", "", box(0, 0, 200, 100), "county"),
      cell("4201", "42", box(0, 0, 100, 100), "township"),
      cell("4202", "42", box(100, 0, 200, 100), "township"),
      cell("420101", "4201", box(0, 0, 100, 50), "cell"),
      cell("420102", "4201", box(0, 50, 100, 100), "cell"),
  };
  ValidateOptions options;
  options.check_levels = true;
  const auto report = validate_cells(cells, options);
  EXPECT_TRUE(report.problems.empty()) << problem_name(report.problems.front().kind);
  EXPECT_EQ(report.cells_checked, 5u);
  EXPECT_EQ(report.parents_checked, 2u);
}

TEST(ValidateCells, SiblingsThatOverlapAreReportedWithTheSharedArea) {
  const std::vector<HierarchyCell> cells = {
      cell("P", "", box(0, 0, 300, 100)),    cell("A", "P", box(0, 0, 100, 100)),
      cell("B", "P", box(90, 0, 200, 100)),   // overlaps A by 10 x 100
      cell("C", "P", box(200, 0, 300, 100)),  // touches B only
      cell("D", "P", box(20, 20, 30, 30)),    // wholly inside A
  };
  const auto report = validate_cells(cells);
  const auto overlaps = of_kind(report, CellProblemKind::overlap);
  ASSERT_EQ(overlaps.size(), 2u);
  EXPECT_EQ(overlaps[0]->cell_id, "A");
  EXPECT_EQ(overlaps[0]->other_id, "B");
  EXPECT_NEAR(overlaps[0]->area_m2, 1000, 1e-6);
  EXPECT_EQ(overlaps[1]->cell_id, "A");
  EXPECT_EQ(overlaps[1]->other_id, "D");
  EXPECT_NEAR(overlaps[1]->area_m2, 100, 1e-6);
  ASSERT_TRUE(overlaps[0]->geometry);
  EXPECT_EQ(report.problems.size(), 2u);
}

TEST(ValidateCells, CellsOfDifferentParentsMayOverlapWithoutBeingSiblings) {
  // Two townships overlap (reported), their cells overlap across the line (not siblings).
  const std::vector<HierarchyCell> cells = {
      cell("T1", "", box(0, 0, 105, 100)),
      cell("T2", "", box(100, 0, 200, 100)),
      cell("T1-1", "T1", box(0, 0, 105, 100)),
      cell("T2-1", "T2", box(100, 0, 200, 100)),
  };
  const auto report = validate_cells(cells);
  const auto overlaps = of_kind(report, CellProblemKind::overlap);
  ASSERT_EQ(overlaps.size(), 1u);
  EXPECT_EQ(overlaps[0]->cell_id, "T1");
  EXPECT_NEAR(overlaps[0]->area_m2, 500, 1e-6);
}

TEST(ValidateCells, GapsInsideTheParentAndPartsOutsideItAreReported) {
  const std::vector<HierarchyCell> cells = {
      cell("P", "", box(0, 0, 200, 100)),
      cell("A", "P", box(0, 0, 100, 100)),
      cell("B", "P", box(110, 0, 200, 100)),  // leaves 100..110 uncovered
      cell("C", "Q", box(0, 0, 10, 10)),      // other parent: no effect on P
      cell("Q", "", box(300, 0, 400, 100)),   // C lies wholly outside Q
      cell("R", "", box(500, 0, 600, 100)),
      cell("R1", "R", box(500, 0, 560, 100)),  // two gaps: 560..570, 580..600
      cell("R2", "R", box(570, 0, 580, 100)),
  };
  const auto report = validate_cells(cells);
  // Sorted by parent code, then by decreasing area.
  const auto gaps = of_kind(report, CellProblemKind::gap);
  ASSERT_EQ(gaps.size(), 4u);
  EXPECT_EQ(gaps[0]->cell_id, "P");
  EXPECT_NEAR(gaps[0]->area_m2, 1000, 1e-6);
  EXPECT_EQ(gaps[1]->cell_id, "Q");  // Q's only child lies outside it
  EXPECT_NEAR(gaps[1]->area_m2, 10000, 1e-6);
  EXPECT_EQ(gaps[2]->cell_id, "R");
  EXPECT_NEAR(gaps[2]->area_m2, 2000, 1e-6);
  EXPECT_EQ(gaps[3]->cell_id, "R");
  EXPECT_NEAR(gaps[3]->area_m2, 1000, 1e-6);
  const auto outside = of_kind(report, CellProblemKind::outside_parent);
  ASSERT_EQ(outside.size(), 1u);
  EXPECT_EQ(outside[0]->cell_id, "C");
  EXPECT_EQ(outside[0]->other_id, "Q");
  EXPECT_NEAR(outside[0]->area_m2, 100, 1e-6);
  EXPECT_EQ(report.problems.size(), 5u);
}

TEST(ValidateCells, ParentWithAChildPartlyOutside) {
  const std::vector<HierarchyCell> cells = {
      cell("P", "", box(0, 0, 100, 100)), cell("A", "P", box(0, 0, 100, 100)),
      cell("B", "P", box(95, 0, 120, 10)),  // 20 x 10 outside, 5 x 10 overlaps A
  };
  const auto report = validate_cells(cells);
  const auto outside = of_kind(report, CellProblemKind::outside_parent);
  ASSERT_EQ(outside.size(), 1u);
  EXPECT_EQ(outside[0]->cell_id, "B");
  EXPECT_NEAR(outside[0]->area_m2, 200, 1e-6);
  EXPECT_EQ(of_kind(report, CellProblemKind::overlap).size(), 1u);
  EXPECT_TRUE(of_kind(report, CellProblemKind::gap).empty());
}

TEST(ValidateCells, InvalidGeometriesAreRepairedOrRejectedByThePolicy) {
  const std::vector<HierarchyCell> cells = {
      // The ring touches itself at (50 100): repaired by buffer(0), area kept.
      cell("touch", "", "POLYGON((0 0,100 0,100 100,50 100,60 50,40 50,50 100,0 100,0 0))"),
      // A bow-tie: digitized area 0, no repair keeps it.
      cell("bowtie", "", "POLYGON((200 0,300 100,300 0,200 100,200 0))"),
      cell("garbage", "", "POLYGON((0 0,"),
      cell("fine", "", box(400, 0, 500, 100)),
  };
  const auto report = validate_cells(cells);
  const auto repaired = of_kind(report, CellProblemKind::invalid_repaired);
  ASSERT_EQ(repaired.size(), 1u);
  EXPECT_EQ(repaired[0]->cell_id, "touch");
  EXPECT_NEAR(repaired[0]->area_m2, 10000 - 500, 1e-6);  // square minus the 100 x 50 / 2 notch
  EXPECT_NE(repaired[0]->detail.find("repaired by"), std::string::npos) << repaired[0]->detail;
  const auto rejected = of_kind(report, CellProblemKind::invalid_rejected);
  ASSERT_EQ(rejected.size(), 2u);
  EXPECT_EQ(rejected[0]->cell_id, "bowtie");
  EXPECT_EQ(rejected[1]->cell_id, "garbage");
  EXPECT_NE(rejected[1]->detail.find("WKT"), std::string::npos) << rejected[1]->detail;
  EXPECT_EQ(report.cells_checked, 2u);  // touch (repaired) and fine
}

TEST(ValidateCells, DuplicateCodesMissingParentsAndCycles) {
  const std::vector<HierarchyCell> cells = {
      cell("A", "", box(0, 0, 10, 10)),
      cell("A", "", box(100, 0, 110, 10)),  // duplicate: reported, not checked further
      cell("B", "X", box(20, 0, 30, 10)),   // X does not exist
      cell("C", "D", box(40, 0, 50, 10)),   // C -> D -> C
      cell("D", "C", box(60, 0, 70, 10)),
      cell("E", "E", box(80, 0, 90, 10)),  // its own parent
  };
  const auto report = validate_cells(cells);
  const auto duplicates = of_kind(report, CellProblemKind::duplicate_code);
  ASSERT_EQ(duplicates.size(), 1u);
  EXPECT_EQ(duplicates[0]->cell_id, "A");
  EXPECT_NEAR(duplicates[0]->area_m2, 100, 1e-6);
  EXPECT_NE(duplicates[0]->detail.find("row " + std::to_string(cells[0].row)), std::string::npos)
      << duplicates[0]->detail;
  const auto missing = of_kind(report, CellProblemKind::missing_parent);
  ASSERT_EQ(missing.size(), 1u);
  EXPECT_EQ(missing[0]->cell_id, "B");
  EXPECT_EQ(missing[0]->other_id, "X");
  const auto cycles = of_kind(report, CellProblemKind::parent_cycle);
  ASSERT_EQ(cycles.size(), 3u);
  EXPECT_EQ(cycles[0]->cell_id, "C");
  EXPECT_EQ(cycles[0]->other_id, "D");
  EXPECT_EQ(cycles[1]->cell_id, "D");
  EXPECT_EQ(cycles[2]->cell_id, "E");
  EXPECT_EQ(cycles[2]->other_id, "E");
  EXPECT_TRUE(of_kind(report, CellProblemKind::overlap).empty());
}

TEST(ValidateCells, LevelsMustBeKnownAndDescend) {
  const std::vector<HierarchyCell> cells = {
      cell("420000", "", box(0, 0, 100, 100), "province"),
      cell("420100", "420000", box(0, 0, 100, 100), "city"),
      cell("420102", "420100", box(0, 0, 50, 100), "district"),    // district = county level
      cell("420103", "420100", box(50, 0, 100, 100), "province"),  // not below city
      cell("c1", "420102", box(0, 0, 50, 100), "ward"),            // unknown
  };
  ValidateOptions options;
  options.check_levels = true;
  const auto report = validate_cells(cells, options);
  const auto levels = of_kind(report, CellProblemKind::level_inconsistent);
  ASSERT_EQ(levels.size(), 2u);
  EXPECT_EQ(levels[0]->cell_id, "420103");
  EXPECT_EQ(levels[0]->other_id, "420100");
  EXPECT_EQ(levels[1]->cell_id, "c1");
  EXPECT_EQ(levels[1]->other_id, "");
  EXPECT_EQ(report.problems.size(), 2u);
  options.check_levels = false;
  EXPECT_TRUE(validate_cells(cells, options).problems.empty());
}

TEST(ValidateCells, AreasBelowTheMinimumAreNotReported) {
  const std::vector<HierarchyCell> cells = {
      cell("P", "", box(0, 0, 200, 100)),
      cell("A", "P", box(0, 0, 100.004, 100)),    // overlap 0.4 m²
      cell("B", "P", box(100, 0, 199.995, 100)),  // gap 0.5 m²
  };
  EXPECT_TRUE(validate_cells(cells).problems.empty());  // DEFAULT 1 m²
  ValidateOptions options;
  options.min_area_m2 = 0.1;
  const auto report = validate_cells(cells, options);
  ASSERT_EQ(report.problems.size(), 2u);
  EXPECT_EQ(report.problems[0].kind, CellProblemKind::overlap);
  EXPECT_NEAR(report.problems[0].area_m2, 0.4, 1e-6);
  EXPECT_EQ(report.problems[1].kind, CellProblemKind::gap);
  EXPECT_NEAR(report.problems[1].area_m2, 0.5, 1e-6);
}

TEST(ValidateCells, LevelDepths) {
  EXPECT_EQ(level_depth("province"), 1);
  EXPECT_EQ(level_depth("district"), level_depth("county"));
  EXPECT_EQ(level_depth("7"), 7);
  EXPECT_FALSE(level_depth(""));
  EXPECT_FALSE(level_depth("City"));
}

}  // namespace
}  // namespace envgrid::grid
