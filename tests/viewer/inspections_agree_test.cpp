// The viewer's "inspections due" and `envgrid grid workload` use one table
// of intervals (grid/include/envgrid/grid/risk_classes.hpp): for the sample
// store's E1 (key, last inspected 2020-01-01) the viewer's due date falls in
// the quarter where the workload counts E1's inspection as due and not
// overdue, and the quarter before counts nothing.

#include <sstream>

#include "viewer_fixture.hpp"

namespace envgrid::test {
namespace {

// The workload CSV's row for cell C1: its inspections_due and inspections_overdue.
std::pair<std::string, std::string> c1_due_and_overdue(const std::string& project,
                                                       const std::string& period,
                                                       const std::vector<std::string>& extra,
                                                       const std::string& out) {
  std::vector<std::string> args{"grid", "workload", project, "--period", period, "-o", out};
  args.insert(args.end(), extra.begin(), extra.end());
  const auto result = run_envgrid(args);
  EXPECT_EQ(result.exit_code, 0) << result.err;
  std::istringstream csv(read_text(out));
  std::string line;
  std::getline(csv, line);  // header: ...,inspections_due,inspections_overdue,... (11th, 12th)
  while (std::getline(csv, line)) {
    if (line.rfind(period + ",cell,C1,", 0) != 0) continue;
    std::vector<std::string> fields;
    std::istringstream row(line);
    // The workload CSV quotes its count columns ("1"); compare the values.
    for (std::string field; std::getline(row, field, ',');) {
      if (field.size() >= 2 && field.front() == '"' && field.back() == '"') {
        field = field.substr(1, field.size() - 2);
      }
      fields.push_back(field);
    }
    if (fields.size() > 11) return {fields[10], fields[11]};
  }
  ADD_FAILURE() << "no row for C1 in " << read_text(out);
  return {};
}

// "2020-07-01" -> "2020Q3"; the quarter before -> "2020Q2".
std::string quarter_of(const std::string& date, int shift = 0) {
  int year = std::stoi(date.substr(0, 4));
  int quarter = (std::stoi(date.substr(5, 2)) - 1) / 3 + 1 + shift;
  while (quarter < 1) quarter += 4, --year;
  return std::to_string(year) + "Q" + std::to_string(quarter);
}

void expect_viewer_and_workload_agree(const std::string& project, const std::string& due_date,
                                      const std::vector<std::string>& extra, TempDir& dir) {
  const auto [due, overdue] =
      c1_due_and_overdue(project, quarter_of(due_date), extra, dir.file("in.csv"));
  EXPECT_EQ(due, "1") << "E1 due " << due_date << " must count in " << quarter_of(due_date);
  EXPECT_EQ(overdue, "0");
  const auto [due_before, overdue_before] =
      c1_due_and_overdue(project, quarter_of(due_date, -1), extra, dir.file("before.csv"));
  EXPECT_EQ(due_before, "0") << "E1 due " << due_date << " must not count before it";
  EXPECT_EQ(overdue_before, "0");
}

TEST_F(ViewerApiTest, InspectionsDueAgreeWithGridWorkload) {
  const Json mine = get_as("gm1", "/api/me/cells").json();
  ASSERT_EQ(mine["inspections_due"].size(), 1u) << mine.dump();
  const std::string due_date = mine["inspections_due"][0]["due_date"];
  // The documented default for key units: 182 days (docs/grid-workload.md).
  EXPECT_EQ(due_date, "2020-07-01");
  EXPECT_EQ(get_as("a1", "/api/enterprises/E1").json()["inspection"]["due_date"], due_date);
  TempDir dir;
  expect_viewer_and_workload_agree(store_path(), due_date, {}, dir);
}

// A project's own table (`grid intervals --set`) moves both alike.
TEST_F(ViewerApiTest, InspectionsDueFollowTheProjectsIntervals) {
  TempDir dir;
  write_text(dir.file("intervals.csv"), "risk_class,interval_days\nkey,400\n");
  const auto set =
      run_envgrid({"grid", "intervals", store_path(), "--set", dir.file("intervals.csv")});
  ASSERT_EQ(set.exit_code, 0) << set.err;
  const Json mine = get_as("gm1", "/api/me/cells").json();
  ASSERT_EQ(mine["inspections_due"].size(), 1u) << mine.dump();
  const std::string due_date = mine["inspections_due"][0]["due_date"];
  EXPECT_EQ(due_date, "2021-02-04");  // 2020-01-01 + 400 days
  EXPECT_EQ(get_as("a1", "/api/enterprises/E1").json()["inspection"]["due_date"], due_date);
  expect_viewer_and_workload_agree(store_path(), due_date, {}, dir);
}

}  // namespace
}  // namespace envgrid::test
