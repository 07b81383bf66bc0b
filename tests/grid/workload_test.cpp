// Workload rules: due dates per class, overdue counts, field checks, and the
// cell-move suggestion on a 2x2 layout of cells.

#include "envgrid/grid/workload.hpp"

#include <gtest/gtest.h>

#include "envgrid/gis/error.hpp"

using namespace envgrid::grid;

namespace {

Date day(const char* text) { return *parse_iso_date(text); }

std::string square(int column, int row) {
  const int x = column * 10;
  const int y = row * 10;
  auto point = [](int px, int py) { return std::to_string(px) + " " + std::to_string(py); };
  return "POLYGON((" + point(x, y) + "," + point(x + 10, y) + "," + point(x + 10, y + 10) + "," +
         point(x, y + 10) + "," + point(x, y) + "))";
}

}  // namespace

TEST(Workload, DueDateFollowsTheClassInterval) {
  const auto table = default_frequencies();
  const Date now = day("2026-10-01");
  EXPECT_EQ(format_iso_date(*next_due_date(day("2026-07-01"), "special", table, now)),
            "2026-09-29");  // 90 days
  EXPECT_EQ(format_iso_date(*next_due_date(day("2026-07-01"), "key", table, now)),
            "2026-12-30");  // 182 days
  EXPECT_EQ(format_iso_date(*next_due_date(day("2026-07-01"), "ordinary", table, now)),
            "2027-07-01");  // 365 days
  EXPECT_EQ(*next_due_date(std::nullopt, "ordinary", table, now), now) << "never inspected";
  EXPECT_FALSE(next_due_date(day("2026-07-01"), "unknown", table, now));
}

TEST(Workload, ParsesDatesAndQuarters) {
  EXPECT_FALSE(parse_iso_date("2026-02-30"));
  EXPECT_FALSE(parse_iso_date("2026/01/01"));
  const auto q = quarter_period("2026Q4");
  EXPECT_EQ(format_iso_date(q.first), "2026-10-01");
  EXPECT_EQ(format_iso_date(q.last), "2026-12-31");
  EXPECT_EQ(format_iso_date(quarter_period("2024Q1").last), "2024-03-31");
  EXPECT_THROW((void)quarter_period("2026Q5"), envgrid::gis::Error);
}

TEST(Workload, CountsDueOverdueAndFieldChecksPerCellAndManager) {
  WorkloadInput input;
  input.cells = {{"A", "wang", square(0, 0)}, {"B", "wang", square(1, 0)}};
  input.enterprises = {
      {"E1", "special", day("2026-06-01"), "A"},   // due 08-30: overdue
      {"E2", "key", day("2026-06-01"), "A"},       // due 11-30: due in Q4
      {"E3", "ordinary", day("2026-06-01"), "A"},  // due 2027: not due
      {"E4", "ordinary", std::nullopt, "B"},       // never inspected: due (not overdue)
      {"E5", "key", day("2026-01-02"), "B"},       // due 07-03: overdue
      {"E6", "key", day("2026-01-02"), ""},        // no cell: warned, not counted
  };
  input.outfalls = {{"O1", true, "A"}, {"O2", false, "A"}, {"O3", true, "B"}};
  input.flags = {{"F1", "field_check", "A"},
                 {"F2", "accepted", "B"},
                 {"F3", "new", "B"},
                 {"F4", "rejected", "A"}};
  const auto result = compute_workload(input, {quarter_period("2026Q4")});
  ASSERT_EQ(result.cells.size(), 2u);
  const auto& a = result.cells[0].counts;
  EXPECT_EQ(a.inspections_due, 2);
  EXPECT_EQ(a.inspections_overdue, 1);
  EXPECT_EQ(a.field_checks, 1);
  EXPECT_EQ(a.outfalls_registered, 1);
  EXPECT_EQ(a.outfalls_unregistered, 1);
  EXPECT_EQ(a.enterprises_by_class.at("special"), 1);
  const auto& b = result.cells[1].counts;
  EXPECT_EQ(b.inspections_due, 2);
  EXPECT_EQ(b.inspections_overdue, 1);
  EXPECT_EQ(b.field_checks, 1);
  ASSERT_EQ(result.managers.size(), 1u);
  EXPECT_EQ(result.managers[0].counts.load(), 6);
  ASSERT_EQ(result.warnings.size(), 1u);
  EXPECT_NE(result.warnings[0].find("E6"), std::string::npos);
}

TEST(Workload, AdjacencyNeedsASharedEdgeNotACorner) {
  const std::vector<WorkloadCell> cells{{"SW", "a", square(0, 0)},
                                        {"SE", "b", square(1, 0)},
                                        {"NW", "c", square(0, 1)},
                                        {"NE", "d", square(1, 1)}};
  const auto pairs = adjacent_cells(cells);
  ASSERT_EQ(pairs.size(), 4u);  // SW-SE, SW-NW, SE-NE, NW-NE; not SW-NE or SE-NW
  for (const auto& p : pairs) {
    EXPECT_NEAR(p.shared_edge_length, 10, 1e-9);
    EXPECT_FALSE((cells[p.a].cell_id == "SW" && cells[p.b].cell_id == "NE"));
    EXPECT_FALSE((cells[p.a].cell_id == "SE" && cells[p.b].cell_id == "NW"));
  }
}

TEST(Workload, OverloadedManagerGetsABorderCellMoveToANeighbourWithRoom) {
  // 2x2 cells: wang manages SW, SE and NE; li manages NW; zhao manages a far cell.
  WorkloadInput input;
  input.cells = {{"SW", "wang", square(0, 0)},
                 {"SE", "wang", square(1, 0)},
                 {"NE", "wang", square(1, 1)},
                 {"NW", "li", square(0, 1)},
                 {"FAR", "zhao", square(5, 5)}};
  auto due_in = [&](const std::string& cell, int n) {
    for (int i = 0; i < n; ++i)
      input.enterprises.push_back({cell + "-" + std::to_string(i), "special", std::nullopt, cell});
  };
  due_in("SW", 3);
  due_in("SE", 4);
  due_in("NE", 2);
  due_in("NW", 1);
  WorkloadRequest request{quarter_period("2026Q4")};
  request.capacity_per_manager = 6;
  const auto result = compute_workload(input, request);
  ASSERT_EQ(result.managers.size(), 3u);
  EXPECT_TRUE(result.managers[1].over_capacity()) << result.managers[1].manager;  // wang: 9 > 6
  // li (load 1, room 5) borders SW (3) and NE (2): the larger fitting cell moves.
  ASSERT_EQ(result.suggestions.size(), 1u);
  EXPECT_EQ(result.suggestions[0].cell_id, "SW");
  EXPECT_EQ(result.suggestions[0].from_manager, "wang");
  EXPECT_EQ(result.suggestions[0].to_manager, "li");
  EXPECT_EQ(result.suggestions[0].cell_load, 3);
  // zhao has room but borders nobody: never suggested.
  for (const auto& s : result.suggestions) EXPECT_NE(s.to_manager, "zhao");
}

TEST(Workload, NoSuggestionWhenNeighboursHaveNoRoom) {
  WorkloadInput input;
  input.cells = {{"W", "wang", square(0, 0)}, {"E", "li", square(1, 0)}};
  for (int i = 0; i < 5; ++i) {
    input.enterprises.push_back({"W" + std::to_string(i), "key", std::nullopt, "W"});
    input.enterprises.push_back({"E" + std::to_string(i), "key", std::nullopt, "E"});
  }
  WorkloadRequest request{quarter_period("2026Q4")};
  request.capacity_per_manager = 4;
  const auto result = compute_workload(input, request);
  EXPECT_TRUE(result.managers[0].over_capacity());
  EXPECT_TRUE(result.suggestions.empty());
}
