// `envgrid hydro impact` on a store made by init + hydro build + import: the
// sections a spill reaches downstream, from a point or from an outfall.

#include <gtest/gtest.h>

#include <sstream>

#include "envgrid/gis/gdal_handles.hpp"
#include "project_fixture.hpp"

namespace {

using envgrid::test::run_envgrid;
using envgrid::test::TempDir;

// A main stem r1 -> r2 -> r3 flowing south along 114 E, 0.01 degree of
// latitude each, and a tributary t1 joining at the top of r3. X (an intake)
// is half-way down r3, U on r1 above the spill, W on the tributary. The
// outfall O1 is half-way down r2; the store is not snapped.
std::string make_impact_project(const TempDir& dir) {
  return envgrid::test::make_project(
      dir, envgrid::test::main_stem_with_tributary_geojson(),
      {{"sections",
        "section_id,name,target_class,kind,lon,lat\n"
        "X,town,2,drinking_water_intake,114.0003,30.005\n"
        "U,upstream,3,monitoring,114.0003,30.025\n"
        "W,tributary,3,,114.005,30.0102\n"},
       {"outfalls", "outfall_id,registered,lon,lat\nO1,0,114.0002,30.015\n"}});
}

std::vector<std::string> row_of(const std::string& table, const std::string& id) {
  std::istringstream lines(table);
  for (std::string line; std::getline(lines, line);) {
    std::istringstream words(line);
    std::vector<std::string> row;
    for (std::string w; words >> w;) row.push_back(w);
    if (!row.empty() && row[0] == id) return row;
  }
  return {};
}

// From the middle of r2 to X: the lower half of r2 and the upper half of r3,
// 0.01 degree of latitude = 1108.5 m (a degree of latitude is 110.85 km at
// 30 N). r2 is first order (0.3 m/s), r3 second order (0.4 m/s) by the
// Strahler velocity rule: 554.3 / 0.3 + 554.3 / 0.4 s = 0.898 h.
// Tolerance 1 %: the snapped measures are planar, the lengths geodesic.
void expect_x_only(const std::string& table) {
  const auto x = row_of(table, "X");
  ASSERT_EQ(x.size(), 6u) << table;
  EXPECT_EQ(x[1], "drinking_water_intake");
  EXPECT_NEAR(std::stod(x[2]), 1.1085, 0.011) << table;
  EXPECT_NEAR(std::stod(x[3]), 0.898, 0.009) << table;
  EXPECT_EQ(x[4], "r3");
  EXPECT_EQ(x[5], "town");
  EXPECT_TRUE(row_of(table, "U").empty()) << "U is upstream of the spill\n" << table;
  EXPECT_TRUE(row_of(table, "W").empty()) << "W is on a tributary\n" << table;
}

TEST(HydroImpactCli, FromAPointListsTheIntakeDownstream) {
  TempDir dir;
  const std::string project = make_impact_project(dir);
  const auto r = run_envgrid({"hydro", "impact", project, "--from", "114.0002,30.015"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  expect_x_only(r.out);
  EXPECT_NE(r.err.find("1 sections reached, 1 drinking-water intakes"), std::string::npos) << r.err;
}

TEST(HydroImpactCli, FromAnUnsnappedOutfallSnapsIt) {
  TempDir dir;
  const std::string project = make_impact_project(dir);
  const auto r = run_envgrid({"hydro", "impact", project, "--outfall", "O1"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  expect_x_only(r.out);
}

TEST(HydroImpactCli, HoursLimitAndFileOutput) {
  TempDir dir;
  const std::string project = make_impact_project(dir);
  const auto soon =
      run_envgrid({"hydro", "impact", project, "--from", "114.0002,30.015", "--hours", "0.8"});
  ASSERT_EQ(soon.exit_code, 0) << soon.err;
  EXPECT_TRUE(row_of(soon.out, "X").empty()) << "X is 0.9 h away\n" << soon.out;

  const std::string out = dir.file("impact.geojson");
  const auto r =
      run_envgrid({"hydro", "impact", project, "--outfall", "O1", "--hours", "1", "-o", out});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto file = envgrid::gis::open_dataset(out, GDAL_OF_VECTOR);
  OGRLayer* layer = file->GetLayer(0);
  ASSERT_EQ(layer->GetFeatureCount(), 1);
  envgrid::gis::FeaturePtr f(layer->GetNextFeature());
  EXPECT_STREQ(f->GetFieldAsString("section_id"), "X");
  EXPECT_STREQ(f->GetFieldAsString("kind"), "drinking_water_intake");
  EXPECT_NEAR(f->GetFieldAsDouble("flow_distance_km"), 1.1085, 0.011);
  EXPECT_NEAR(f->GetFieldAsDouble("travel_hours"), 0.898, 0.009);
  EXPECT_STREQ(f->GetFieldAsString("reach_id"), "r3");
  const auto* point = f->GetGeometryRef()->toPoint();
  EXPECT_NEAR(point->getX(), 114.0003, 1e-7);
  EXPECT_NEAR(point->getY(), 30.005, 1e-7);
}

TEST(HydroImpactCli, UsageAndInputErrors) {
  TempDir dir;
  const std::string project = make_impact_project(dir);
  EXPECT_EQ(run_envgrid({"hydro", "impact", project}).exit_code, 2);
  EXPECT_EQ(
      run_envgrid({"hydro", "impact", project, "--from", "114,30", "--outfall", "O1"}).exit_code,
      2);
  EXPECT_EQ(run_envgrid({"hydro", "impact", project, "--from", "east"}).exit_code, 2);
  const auto far = run_envgrid({"hydro", "impact", project, "--from", "114.2,30.2"});
  EXPECT_EQ(far.exit_code, 100);
  EXPECT_NE(far.err.find("--from 114.2,30.2 is farther than the snapping distance"),
            std::string::npos)
      << far.err;
  const auto unknown = run_envgrid({"hydro", "impact", project, "--outfall", "O9"});
  EXPECT_EQ(unknown.exit_code, 100);
  EXPECT_NE(unknown.err.find("no outfall 'O9'"), std::string::npos) << unknown.err;
}

}  // namespace
