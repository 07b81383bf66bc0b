// A store whose cells layer holds the cells and the townships and county
// above them (as the schema allows and the demo imports): the verbs that work
// on "the grid's cells" see only the rows of level 'cell'.

#include <gtest/gtest.h>

#include <string>

#include "test_support.hpp"

using envgrid::test::read_text;
using envgrid::test::run_envgrid;
using envgrid::test::TempDir;
using envgrid::test::write_text;

namespace {

// A box from x0 to x1 (lon) and 30 to 30.01 (lat), with a vertex every 0.01
// degrees along its long edges: where the cells inside meet its border, so
// the parents share the cells' vertices (a straight edge in degrees is not
// straight in the metric CRS validate measures in).
std::string box_wkt(int x0_hundredths, int x1_hundredths) {
  auto lon = [](int hundredths) { return std::to_string(114 + hundredths / 100.0); };
  std::string ring;
  for (int x = x0_hundredths; x <= x1_hundredths; ++x) ring += lon(x) + " 30,";
  for (int x = x1_hundredths; x >= x0_hundredths; --x) ring += lon(x) + " 30.01,";
  return "\"POLYGON((" + ring + lon(x0_hundredths) + " 30))\"";
}

// Cells C0, C1 (township T1) and C2 (township T2), 0.01 degrees each; T1 and
// T2 (headed by chief-1, chief-2) in county K; enterprises in C0 and C2.
std::string make_project(const TempDir& dir) {
  const std::string project = dir.file("project.gpkg");
  EXPECT_EQ(run_envgrid({"init", project}).exit_code, 0);
  write_text(dir.file("cells.csv"),
             "cell_id,parent_id,manager,level,WKT\n"
             "C0,T1,manager-0,cell," +
                 box_wkt(0, 1) +
                 "\n"
                 "C1,T1,manager-1,cell," +
                 box_wkt(1, 2) +
                 "\n"
                 "C2,T2,manager-2,cell," +
                 box_wkt(2, 3) +
                 "\n"
                 "T1,K,chief-1,township," +
                 box_wkt(0, 2) +
                 "\n"
                 "T2,K,chief-2,township," +
                 box_wkt(2, 3) +
                 "\n"
                 "K,,,county," +
                 box_wkt(0, 3) + "\n");
  auto imported = run_envgrid(
      {"import", project, "--layer", "cells", dir.file("cells.csv"), "--s-srs", "EPSG:4490"});
  EXPECT_EQ(imported.exit_code, 0) << imported.err;
  write_text(dir.file("enterprises.csv"),
             "enterprise_id,risk_class,cell_id,lon,lat\n"
             "E1,special,C0,114.005,30.005\n"
             "E2,special,C2,114.025,30.005\n");
  imported = run_envgrid({"import", project, "--layer", "enterprises", dir.file("enterprises.csv"),
                          "--s-srs", "EPSG:4490"});
  EXPECT_EQ(imported.exit_code, 0) << imported.err;
  return project;
}

}  // namespace

TEST(GridCellLevels, ValidateSeesTheHierarchyWhole) {
  TempDir dir;
  const auto run = run_envgrid({"grid", "validate", make_project(dir)});
  EXPECT_EQ(run.exit_code, 0) << run.out << run.err;
}

TEST(GridCellLevels, AssignPutsSitesInsideCellsNotAmbiguous) {
  TempDir dir;
  const auto run = run_envgrid({"grid", "assign", make_project(dir)});
  EXPECT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_NE(run.out.find("enterprises: inside 2, boundary 0, ambiguous 0"), std::string::npos)
      << run.out;
}

TEST(GridCellLevels, DrawTeamsAreCellManagersOnly) {
  TempDir dir;
  const auto run = run_envgrid({"grid", "draw", make_project(dir), "--period", "2026Q4", "--seed",
                                "3", "-o", dir.file("draw.csv")});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const std::string csv = read_text(dir.file("draw.csv"));
  EXPECT_NE(csv.find("manager-"), std::string::npos) << csv;
  EXPECT_EQ(csv.find("chief-"), std::string::npos) << "a township head is no cell manager\n" << csv;
}

TEST(GridCellLevels, CrossCheckUnitsAreTheCellsParents) {
  TempDir dir;
  const auto run = run_envgrid(
      {"grid", "draw", make_project(dir), "--period", "2026Q4", "--seed", "3", "--cross-check"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.out.find("T1,T2"), std::string::npos) << run.out;
  EXPECT_EQ(run.out.find('K'), std::string::npos) << "the county is no unit of the cells\n"
                                                  << run.out;
}

TEST(GridCellLevels, PatrolPlansOnlyForACell) {
  TempDir dir;
  const auto run = run_envgrid({"patrol", "plan", make_project(dir), "--cell", "T1", "--date",
                                "2026-11-02", "-o", dir.file("plan.geojson")});
  EXPECT_EQ(run.exit_code, 100) << run.out << run.err;
  EXPECT_NE(run.err.find("no cell T1"), std::string::npos) << run.err;
}

TEST(GridCellLevels, WorkloadCountsCellManagersOnly) {
  TempDir dir;
  const auto run = run_envgrid({"grid", "workload", make_project(dir), "--period", "2026Q4"});
  ASSERT_LE(run.exit_code, 1) << run.err;
  EXPECT_NE(run.out.find("manager-0"), std::string::npos) << run.out;
  EXPECT_EQ(run.out.find("chief-"), std::string::npos) << run.out;
}
