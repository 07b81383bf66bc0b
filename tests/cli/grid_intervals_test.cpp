// envgrid grid intervals: a project's own inspection intervals, used by
// patrol plan (and grid workload) without --frequencies, until reset.

#include <gtest/gtest.h>

#include "test_support.hpp"

using envgrid::test::run_envgrid;
using envgrid::test::TempDir;
using envgrid::test::write_text;

namespace {

// One cell; E-fresh (ordinary, inspected 2026-10-01) is not due on
// 2026-11-02 under the default 365 days, and 2 days overdue under 30.
std::string make_project(const TempDir& dir) {
  const std::string project = dir.file("project.gpkg");
  envgrid::test::make_one_cell_project(project, dir,
                                       "enterprise_id,risk_class,last_inspected,cell_id,lon,lat\n"
                                       "E-key,key,,C1,114.010,30.010\n"
                                       "E-fresh,ordinary,2026-10-01,C1,114.020,30.020\n");
  return project;
}

bool plans(const std::string& project, const std::string& enterprise) {
  const auto plan =
      run_envgrid({"patrol", "plan", project, "--cell", "C1", "--date", "2026-11-02"});
  EXPECT_EQ(plan.exit_code, 0) << plan.err;
  return plan.out.find(enterprise) != std::string::npos;
}

}  // namespace

TEST(GridIntervalsCli, AProjectsOwnIntervalsAreUsedUntilReset) {
  TempDir dir;
  const std::string project = make_project(dir);
  auto shown = run_envgrid({"grid", "intervals", project});
  ASSERT_EQ(shown.exit_code, 0) << shown.err;
  EXPECT_NE(shown.out.find("ordinary\t365\tdefault"), std::string::npos) << shown.out;
  EXPECT_FALSE(plans(project, "E-fresh"));

  write_text(dir.file("intervals.csv"), "risk_class,interval_days\nordinary,30\n");
  shown = run_envgrid({"grid", "intervals", project, "--set", dir.file("intervals.csv")});
  ASSERT_EQ(shown.exit_code, 0) << shown.err;
  EXPECT_NE(shown.out.find("ordinary\t30\tproject"), std::string::npos) << shown.out;
  EXPECT_NE(shown.out.find("key\t182\tdefault"), std::string::npos) << shown.out;
  EXPECT_TRUE(plans(project, "E-fresh"));

  // A bad table is refused and the project keeps the table it had.
  write_text(dir.file("bad.csv"), "risk_class,interval_days\nordinary,0\n");
  const auto refused = run_envgrid({"grid", "intervals", project, "--set", dir.file("bad.csv")});
  EXPECT_NE(refused.exit_code, 0);
  EXPECT_NE(refused.err.find("bad.csv"), std::string::npos) << refused.err;
  EXPECT_NE(run_envgrid({"grid", "intervals", project}).out.find("ordinary\t30\tproject"),
            std::string::npos);

  // --frequencies still wins for one run.
  write_text(dir.file("yearly.csv"), "risk_class,interval_days\nordinary,365\n");
  const auto one_run = run_envgrid({"patrol", "plan", project, "--cell", "C1", "--date",
                                    "2026-11-02", "--frequencies", dir.file("yearly.csv")});
  EXPECT_EQ(one_run.out.find("E-fresh"), std::string::npos) << one_run.out;

  shown = run_envgrid({"grid", "intervals", project, "--reset"});
  ASSERT_EQ(shown.exit_code, 0) << shown.err;
  EXPECT_NE(shown.out.find("ordinary\t365\tdefault"), std::string::npos) << shown.out;
  EXPECT_FALSE(plans(project, "E-fresh"));
}
