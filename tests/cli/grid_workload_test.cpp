// envgrid grid workload on a real GeoPackage store with a 2x2 layout of cells.

#include <gtest/gtest.h>

#include "test_support.hpp"

using envgrid::test::import_layer;
using envgrid::test::read_text;
using envgrid::test::run_envgrid;
using envgrid::test::TempDir;
using envgrid::test::write_text;

namespace {

std::string square_wkt(double x, double y) {
  auto p = [](double px, double py) { return std::to_string(px) + " " + std::to_string(py); };
  return "\"POLYGON((" + p(x, y) + "," + p(x + 0.01, y) + "," + p(x + 0.01, y + 0.01) + "," +
         p(x, y + 0.01) + "," + p(x, y) + "))\"";
}

// Cells SW, SE, NE managed by wang and NW by li; 4 due inspections in SW,
// 3 in SE (one of them overdue), none in NE, 1 in NW; flags in SE.
std::string make_project(const TempDir& dir) {
  const std::string project = dir.file("project.gpkg");
  EXPECT_EQ(run_envgrid({"init", project}).exit_code, 0);
  write_text(dir.file("cells.csv"),
             "cell_id,manager,level,WKT\nSW,wang,cell," + square_wkt(114, 30) + "\nSE,wang,cell," +
                 square_wkt(114.01, 30) + "\nNE,wang,cell," + square_wkt(114.01, 30.01) +
                 "\nNW,li,cell," + square_wkt(114, 30.01) + "\n");
  import_layer(project, "cells", dir.file("cells.csv"));
  write_text(dir.file("enterprises.csv"),
             "enterprise_id,risk_class,last_inspected,cell_id,lon,lat\n"
             "E1,special,,SW,114.005,30.005\n"
             "E2,special,2026-08-01,SW,114.005,30.005\n"  // due 10-30
             "E3,key,2026-05-01,SW,114.005,30.005\n"      // due 10-30
             "E4,ordinary,,SW,114.005,30.005\n"
             "E5,key,2026-01-05,SE,114.015,30.005\n"       // due 07-06: overdue
             "E6,special,2026-09-20,SE,114.015,30.005\n"   // due 12-19
             "E7,ordinary,2026-03-01,SE,114.015,30.005\n"  // due 2027
             "E8,ordinary,2026-03-01,NE,114.015,30.015\n"
             "E9,key,,NW,114.005,30.015\n");
  import_layer(project, "enterprises", dir.file("enterprises.csv"));
  write_text(dir.file("outfalls.csv"),
             "outfall_id,registered,cell_id,lon,lat\nO1,1,SE,114.015,30.005\n"
             "O2,0,SE,114.016,30.005\n");
  import_layer(project, "outfalls", dir.file("outfalls.csv"));
  write_text(dir.file("flags.csv"), "flag_id,status,cell_id,WKT\nF1,field_check,SE," +
                                        square_wkt(114.012, 30.002) + "\nF2,new,SE," +
                                        square_wkt(114.012, 30.002) + "\n");
  import_layer(project, "flags", dir.file("flags.csv"));
  return project;
}

// The CSV line starting with `start`, without quotes (a spreadsheet reads "3" as 3).
std::string line_starting(const std::string& text, const std::string& start) {
  std::string unquoted;
  for (char c : text) {
    if (c != '"') unquoted += c;
  }
  const auto at = unquoted.find("\n" + start);
  if (at == std::string::npos) return "";
  return unquoted.substr(at + 1, unquoted.find('\n', at + 1) - at - 1);
}

}  // namespace

TEST(GridWorkloadCli, CountsLoadAndSuggestsAMoveToTheNeighbour) {
  TempDir dir;
  const std::string project = make_project(dir);
  const auto result = run_envgrid({"grid", "workload", project, "--period", "2026Q4",
                                   "--capacity-per-manager", "6", "-o", dir.file("workload.csv")});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  // wang: SW 4 + SE 2 due + 1 field check = 7 > 6. li (load 1, room 5) borders SW (load 4)
  // and NE (load 0: nothing to gain); SE touches NW only at a corner. SW moves to li.
  EXPECT_NE(result.out.find("move cell SW (load 4) from wang to li"), std::string::npos)
      << result.out;
  const std::string csv = read_text(dir.file("workload.csv"));
  EXPECT_EQ(csv.substr(0, csv.find('\n')),
            "period,scope,id,manager,enterprises_special,enterprises_key,enterprises_ordinary,"
            "enterprises_other,outfalls_registered,outfalls_unregistered,inspections_due,"
            "inspections_overdue,field_checks,load,capacity,suggestion");
  EXPECT_EQ(line_starting(csv, "2026Q4,cell,SE,"), "2026Q4,cell,SE,wang,1,1,1,0,1,1,2,1,1,3,,");
  EXPECT_EQ(line_starting(csv, "2026Q4,cell,SW,"), "2026Q4,cell,SW,wang,2,1,1,0,0,0,4,0,0,4,,");
  EXPECT_EQ(line_starting(csv, "2026Q4,manager,wang,"),
            "2026Q4,manager,wang,wang,3,2,3,0,1,1,6,1,1,7,6,move SW to li");
  EXPECT_EQ(line_starting(csv, "2026Q4,manager,li,"),
            "2026Q4,manager,li,li,0,1,0,0,0,0,1,0,0,1,6,");
}

TEST(GridWorkloadCli, FrequencyFileChangesWhatIsDue) {
  TempDir dir;
  const std::string project = make_project(dir);
  // Ordinary units every 200 days: E7 (2026-03-01) becomes overdue (due 09-17).
  write_text(dir.file("freq.csv"), "risk_class,interval_days\nordinary,200\n");
  const auto result = run_envgrid({"grid", "workload", project, "--period", "2026Q4",
                                   "--frequencies", dir.file("freq.csv"), "-o", dir.file("w.csv")});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(line_starting(read_text(dir.file("w.csv")), "2026Q4,cell,SE,"),
            "2026Q4,cell,SE,wang,1,1,1,0,1,1,3,2,1,4,,");

  write_text(dir.file("bad.csv"), "risk_class,interval_days\nkey,often\n");
  const auto bad = run_envgrid(
      {"grid", "workload", project, "--period", "2026Q4", "--frequencies", dir.file("bad.csv")});
  EXPECT_EQ(bad.exit_code, 100);
  EXPECT_NE(bad.err.find("often"), std::string::npos) << bad.err;
  EXPECT_NE(bad.err.find("row"), std::string::npos) << bad.err;
}

TEST(GridWorkloadCli, RejectsABadPeriod) {
  TempDir dir;
  const std::string project = make_project(dir);
  EXPECT_EQ(run_envgrid({"grid", "workload", project, "--period", "2026-10"}).exit_code, 2);
}
