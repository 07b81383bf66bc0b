// envgrid grid draw on a real GeoPackage store: recorded, reproducible, verifiable.

#include <gtest/gtest.h>

#include "test_support.hpp"

using envgrid::test::read_text;
using envgrid::test::run_envgrid;
using envgrid::test::TempDir;
using envgrid::test::write_text;

namespace {

// A store with 3 cells, each with its own manager (manager-i manages Ci), and 24 enterprises.
std::string make_project(const TempDir& dir) {
  const std::string project = dir.file("project.gpkg");
  EXPECT_EQ(run_envgrid({"init", project}).exit_code, 0);
  std::string cells = "cell_id,manager,level,WKT\n";
  for (int i = 0; i < 3; ++i) {
    const double x = 114 + 0.01 * i;
    cells += "C" + std::to_string(i) + ",manager-" + std::to_string(i) + ",cell,\"POLYGON((" +
             std::to_string(x) + " 30," + std::to_string(x + 0.01) + " 30," +
             std::to_string(x + 0.01) + " 30.01," + std::to_string(x) + " 30.01," +
             std::to_string(x) + " 30))\"\n";
  }
  write_text(dir.file("cells.csv"), cells);
  auto imported = run_envgrid(
      {"import", project, "--layer", "cells", dir.file("cells.csv"), "--s-srs", "EPSG:4490"});
  EXPECT_EQ(imported.exit_code, 0) << imported.err;
  std::string enterprises = "enterprise_id,risk_class,cell_id,lon,lat\n";
  const char* classes[] = {"special", "key", "key", "ordinary"};
  for (int i = 0; i < 24; ++i) {
    enterprises += "E" + std::to_string(100 + i) + "," + classes[i % 4] + ",C" +
                   std::to_string(i % 3) + ",114.005,30.005\n";
  }
  write_text(dir.file("enterprises.csv"), enterprises);
  imported =
      run_envgrid({"import", project, "--layer", "enterprises", dir.file("enterprises.csv")});
  EXPECT_EQ(imported.exit_code, 0) << imported.err;
  return project;
}

std::string draw_id_of(const std::string& out) {
  const auto start = out.find("draw ") + 5;
  return out.substr(start, out.find(':', start) - start);
}

}  // namespace

TEST(GridDrawCli, RecordsReproducesAndVerifies) {
  TempDir dir;
  const std::string project = make_project(dir);
  const auto first = run_envgrid({"grid", "draw", project, "--period", "2026Q4", "--seed", "77",
                                  "--user", "chen", "-o", dir.file("draw.csv")});
  ASSERT_EQ(first.exit_code, 0) << first.err;
  const std::string draw_id = draw_id_of(first.out);
  EXPECT_EQ(draw_id.rfind("2026Q4-", 0), 0u) << first.out;
  // 6 special (100 %), ceil(25 % of 12 key) = 3, ceil(5 % of 6 ordinary) = 1.
  EXPECT_NE(first.out.find(": 10 targets from 24 enterprises"), std::string::npos) << first.out;

  const std::string csv = read_text(dir.file("draw.csv"));
  EXPECT_EQ(csv.substr(0, csv.find('\n')),
            "draw_id,rank,enterprise_id,risk_class,cell_id,inspector_1,inspector_2,rank_key");
  // Each target's team is the two managers of the other cells (回避).
  std::size_t lines = 0;
  for (std::size_t at = csv.find('\n') + 1; at < csv.size(); at = csv.find('\n', at) + 1, ++lines) {
    const std::string line = csv.substr(at, csv.find('\n', at) - at);
    for (const std::string cell : {"0", "1", "2"}) {
      if (line.find(",C" + cell + ",") == std::string::npos) continue;
      EXPECT_EQ(line.find("manager-" + cell), std::string::npos) << line;
      const auto second = line.find("manager-", line.find("manager-") + 1);
      EXPECT_NE(second, std::string::npos) << "a team of two: " << line;
    }
  }
  EXPECT_EQ(lines, 10u);

  const auto verified = run_envgrid({"grid", "draw", project, "--verify", draw_id});
  EXPECT_EQ(verified.exit_code, 0) << verified.out << verified.err;
  EXPECT_NE(verified.out.find("verified"), std::string::npos);
  EXPECT_NE(verified.out.find("by chen"), std::string::npos);
}

TEST(GridDrawCli, VerifyNoticesChangedData) {
  TempDir dir;
  const std::string project = make_project(dir);
  const auto first = run_envgrid({"grid", "draw", project, "--period", "2026Q4", "--seed", "77"});
  ASSERT_EQ(first.exit_code, 0) << first.err;
  write_text(dir.file("more.csv"),
             "enterprise_id,risk_class,cell_id,lon,lat\nE999,special,C1,114.015,30.005\n");
  ASSERT_EQ(
      run_envgrid({"import", project, "--layer", "enterprises", dir.file("more.csv")}).exit_code,
      0);
  const auto verified = run_envgrid({"grid", "draw", project, "--verify", draw_id_of(first.out)});
  EXPECT_EQ(verified.exit_code, 1);
  EXPECT_NE(verified.out.find("inputs: CHANGED"), std::string::npos) << verified.out;
}

TEST(GridDrawCli, UsageErrors) {
  TempDir dir;
  const std::string project = make_project(dir);
  EXPECT_EQ(run_envgrid({"grid", "draw", project, "--period", "2026-10", "--seed", "1"}).exit_code,
            2);
  EXPECT_EQ(run_envgrid({"grid", "draw", project, "--seed", "1"}).exit_code, 2);
  write_text(dir.file("rules.csv"), "key,2.5,1\n");
  const auto bad_rules = run_envgrid({"grid", "draw", project, "--period", "2026Q4", "--seed", "1",
                                      "--rules", dir.file("rules.csv")});
  EXPECT_EQ(bad_rules.exit_code, 100);
  EXPECT_NE(bad_rules.err.find("rules.csv, line 1"), std::string::npos) << bad_rules.err;
}

TEST(GridDrawCli, CrossCheckNeverInspectsItself) {
  TempDir dir;
  const std::string project = make_project(dir);
  const auto result = run_envgrid({"grid", "draw", project, "--period", "2026Q4", "--seed", "5",
                                   "--cross-check", "--cross-field", "cell_id"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.out.find("inspecting_unit,inspected_unit\n"), std::string::npos);
  for (const char* self : {"C0,C0", "C1,C1", "C2,C2"})
    EXPECT_EQ(result.out.find(self), std::string::npos);
}
