// `envgrid grid validate` end to end: a small hierarchy written by the test
// as CSV with WKT in metres (EPSG:4547, Gauss-Kruger 114E, so areas are
// exact), as files and as the store's cells.

#include <gtest/gtest.h>

#include <map>

#include "envgrid/gis/log.hpp"
#include "envgrid/gis/vector_io.hpp"
#include "test_support.hpp"

namespace envgrid {
namespace {

// x, y in metres from (500000, 3380000), near Wuhan.
std::string box(double x0, double y0, double x1, double y1) {
  auto p = [](double x, double y) {
    return std::to_string(500000 + x) + " " + std::to_string(3380000 + y);
  };
  return "\"POLYGON((" + p(x0, y0) + "," + p(x1, y0) + "," + p(x1, y1) + "," + p(x0, y1) + "," +
         p(x0, y0) + "))\"";
}

// County P with cells A, B (overlapping A by 10 x 100 m), C (a 10 x 100 m gap
// left between B and C), and D whose parent X does not exist.
std::string cells_csv() {
  return "cell_id,parent_id,level,WKT\n"
         "P,,county," +
         box(0, 0, 300, 100) + "\n" + "A,P,cell," + box(0, 0, 100, 100) + "\n" + "B,P,cell," +
         box(90, 0, 200, 100) + "\n" + "C,P,cell," + box(210, 0, 300, 100) + "\n" + "D,X,cell," +
         box(400, 0, 410, 10) + "\n";
}

double number(const gis::FieldValue& value) {
  if (const auto* i = std::get_if<std::int64_t>(&value)) return static_cast<double>(*i);
  return std::get<double>(value);
}

const char* expected_table =
    "problem\tcell_id\tother_id\tarea_m2\tdetail\n"
    "missing_parent\tD\tX\t100.00\tparent 'X' is not among the cells\n"
    "overlap\tA\tB\t1000.00\toverlaps 'B'\n"
    "gap\tP\t\t1000.00\tpart of 'P' covered by none of its 3 children\n";

TEST(GridValidateCli, ReportsEachProblemWithIdsAndAreas) {
  test::TempDir dir;
  test::write_text(dir.file("cells.csv"), cells_csv());
  const auto run =
      test::run_envgrid({"grid", "validate", "--cells", dir.file("cells.csv"), "--cell-id",
                         "cell_id", "--parent-field", "parent_id", "--level-field", "level",
                         "--cells-srs", "EPSG:4547", "-o", dir.file("problems.gpkg")});
  ASSERT_EQ(run.exit_code, 1) << run.err;
  EXPECT_EQ(run.out, expected_table);
  EXPECT_NE(run.err.find("areas in EPSG:4547"), std::string::npos) << run.err;

  gis::initialize_gdal();
  const auto problems = gis::read_layer(dir.file("problems.gpkg"));
  ASSERT_EQ(problems.size(), 3u);
  EXPECT_EQ(problems.crs.epsg(), 4547);
  const auto* problem = problems.column("problem");
  const auto* cell_id = problems.column("cell_id");
  const auto* other_id = problems.column("other_id");
  const auto* area = problems.column("area_m2");
  ASSERT_TRUE(problem && cell_id && other_id && area);
  EXPECT_EQ(std::get<std::string>(problem->values[2]), "gap");
  EXPECT_EQ(std::get<std::string>(cell_id->values[1]), "A");
  EXPECT_EQ(std::get<std::string>(other_id->values[1]), "B");
  EXPECT_DOUBLE_EQ(std::get<double>(area->values[1]), 1000);
  for (const auto& wkb : problems.geometries) EXPECT_FALSE(wkb.empty());
}

TEST(GridValidateCli, CleanCellsExitZeroWithAnEmptyTable) {
  test::TempDir dir;
  test::write_text(dir.file("cells.csv"),
                   "cell_id,parent_id,WKT\n"
                   "P,," +
                       box(0, 0, 200, 100) + "\n" + "A,P," + box(0, 0, 100, 100) + "\n" + "B,P," +
                       box(100, 0, 200, 100) + "\n");
  const auto run =
      test::run_envgrid({"grid", "validate", "--cells", dir.file("cells.csv"), "--cell-id",
                         "cell_id", "--parent-field", "parent_id", "--cells-srs", "EPSG:4547"});
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.out, "problem\tcell_id\tother_id\tarea_m2\tdetail\n");
}

TEST(GridValidateCli, MissingFieldAndBadOptionsAreRefused) {
  test::TempDir dir;
  test::write_text(dir.file("cells.csv"), cells_csv());
  auto run = test::run_envgrid({"grid", "validate", "--cells", dir.file("cells.csv"),
                                "--parent-field", "mother", "--cells-srs", "EPSG:4547"});
  EXPECT_EQ(run.exit_code, 100) << run.err;
  EXPECT_NE(run.err.find("no field 'mother'"), std::string::npos) << run.err;
  run = test::run_envgrid({"grid", "validate", dir.file("p.gpkg"), "--cells", "x.csv"});
  EXPECT_EQ(run.exit_code, 2) << run.err;
  run = test::run_envgrid(
      {"grid", "validate", "--cells", dir.file("cells.csv"), "--min-area-m2", "-1"});
  EXPECT_EQ(run.exit_code, 2) << run.err;
}

TEST(GridValidateCli, TheStoresCellsKeepTheirHierarchyAndAreValidated) {
  test::TempDir dir;
  test::write_text(dir.file("cells.csv"), cells_csv());
  const std::string project = dir.file("project.gpkg");
  ASSERT_EQ(test::run_envgrid({"init", project}).exit_code, 0);
  const auto import = test::run_envgrid(
      {"import", project, "--layer", "cells", dir.file("cells.csv"), "--s-srs", "EPSG:4547"});
  ASSERT_EQ(import.exit_code, 0) << import.err;
  const auto run = test::run_envgrid({"grid", "validate", project, "-o", dir.file("p.geojson")});
  ASSERT_EQ(run.exit_code, 1) << run.err;
  // The store is in EPSG:4490: areas come back through lon/lat (tolerance 0.01 m²).
  gis::initialize_gdal();
  const auto problems = gis::read_layer(dir.file("p.geojson"));
  ASSERT_EQ(problems.size(), 3u);
  const auto* problem = problems.column("problem");
  const auto* area = problems.column("area_m2");
  ASSERT_TRUE(problem && area);
  std::map<std::string, double> area_of;
  for (std::size_t i = 0; i < problems.size(); ++i) {
    area_of[std::get<std::string>(problem->values[i])] = number(area->values[i]);
  }
  EXPECT_NEAR(area_of["overlap"], 1000, 0.01);
  EXPECT_NEAR(area_of["gap"], 1000, 0.01);
  EXPECT_NEAR(area_of["missing_parent"], 100, 0.01);
}

}  // namespace
}  // namespace envgrid
