// envgrid patrol plan on a real GeoPackage store: route, budget, GeoJSON,
// GPX and the patrols layer.

#include <gdal_priv.h>
#include <gtest/gtest.h>
#include <ogrsf_frmts.h>

#include "test_support.hpp"

using envgrid::test::import_layer;
using envgrid::test::read_text;
using envgrid::test::run_envgrid;
using envgrid::test::TempDir;
using envgrid::test::write_text;

namespace {

// One 4 km cell with 4 enterprises due on 2026-11-02 and one flag awaiting a
// field check; one enterprise is not due, one flag is only "new".
std::string make_project(const TempDir& dir) {
  const std::string project = dir.file("project.gpkg");
  envgrid::test::make_one_cell_project(
      project, dir,
      "enterprise_id,risk_class,last_inspected,cell_id,lon,lat\n"
      "E-ord,ordinary,,C1,114.030,30.030\n"
      "E-late,key,2026-01-01,C1,114.010,30.030\n"      // due 07-02: 123 days overdue
      "E-spec,special,2026-08-10,C1,114.030,30.010\n"  // due 11-08: due this quarter
      "E-key,key,,C1,114.010,30.010\n"
      "E-fresh,ordinary,2026-10-01,C1,114.020,30.020\n");  // due 2027: not planned
  write_text(dir.file("flags.csv"),
             "flag_id,status,score,cell_id,WKT\n"
             "F-check,field_check,0.8,C1,\"POLYGON((114.019 30.001,114.021 30.001,114.021 "
             "30.003,114.019 30.003,114.019 30.001))\"\n"
             "F-new,new,0.9,C1,\"POLYGON((114.019 30.001,114.021 30.001,114.021 30.003,114.019 "
             "30.003,114.019 30.001))\"\n");
  import_layer(project, "flags", dir.file("flags.csv"));
  return project;
}

int count(const std::string& text, const std::string& what) {
  int n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

}  // namespace

TEST(PatrolPlanCli, PlansWritesGeoJsonGpxAndTheStore) {
  TempDir dir;
  const std::string project = make_project(dir);
  const auto result =
      run_envgrid({"patrol", "plan", project, "--cell", "C1", "--date", "2026-11-02", "-o",
                   dir.file("plan.geojson"), "--gpx", dir.file("plan.gpx")});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.out.find("patrol C1-2026-11-02: 5 stops"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("exact"), std::string::npos);
  EXPECT_EQ(result.out.find("E-fresh"), std::string::npos) << "not due";
  EXPECT_EQ(result.out.find("F-new"), std::string::npos) << "not awaiting a field check";

  GDALAllRegister();
  // GPX: valid XML (GDAL parses it) with the 5 stops as waypoints and one route.
  GDALDatasetUniquePtr gpx(GDALDataset::Open(dir.file("plan.gpx").c_str(), GDAL_OF_VECTOR));
  ASSERT_TRUE(gpx) << read_text(dir.file("plan.gpx"));
  EXPECT_EQ(gpx->GetLayerByName("waypoints")->GetFeatureCount(), 5);
  EXPECT_EQ(gpx->GetLayerByName("routes")->GetFeatureCount(), 1);
  const std::string gpx_text = read_text(dir.file("plan.gpx"));
  for (const char* id : {"E-ord", "E-late", "E-spec", "E-key", "F-check"})
    EXPECT_EQ(count(gpx_text, id), 1) << id;

  GDALDatasetUniquePtr geojson(GDALDataset::Open(dir.file("plan.geojson").c_str(), GDAL_OF_VECTOR));
  ASSERT_TRUE(geojson);
  EXPECT_EQ(geojson->GetLayer(0)->GetFeatureCount(), 6);  // route + 5 stops

  GDALDatasetUniquePtr store(GDALDataset::Open(project.c_str(), GDAL_OF_VECTOR));
  OGRLayer* patrols = store->GetLayerByName("patrols");
  EXPECT_EQ(patrols->GetFeatureCount(), 5);
  std::vector<int> orders;
  for (auto& row : *patrols) {
    EXPECT_STREQ(row->GetFieldAsString("patrol_id"), "C1-2026-11-02");
    EXPECT_STREQ(row->GetFieldAsString("plan_date"), "2026-11-02");
    EXPECT_EQ(std::string(row->GetFieldAsString("eta")).rfind("2026-11-02T", 0), 0u);
    orders.push_back(row->GetFieldAsInteger("stop_order"));
  }
  std::sort(orders.begin(), orders.end());
  EXPECT_EQ(orders, (std::vector<int>{1, 2, 3, 4, 5}));
}

TEST(PatrolPlanCli, ShortDayLeavesTheLowestPriorityForTomorrowAndReplacesThePlan) {
  TempDir dir;
  const std::string project = make_project(dir);
  ASSERT_EQ(
      run_envgrid({"patrol", "plan", project, "--cell", "C1", "--date", "2026-11-02"}).exit_code,
      0);
  // 4 stops of 30 min + ~11 km at 30 km/h fit 2.5 hours; 5 stops (~13 km) do not.
  const auto result = run_envgrid(
      {"patrol", "plan", project, "--cell", "C1", "--date", "2026-11-02", "--hours", "2.5"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.out.find("4 stops"), std::string::npos) << result.out;
  // Priority: overdue days, then class (special > key > ordinary), then flags: the flag waits.
  EXPECT_NE(result.out.find("left for the next day: flag F-check"), std::string::npos)
      << result.out;
  GDALAllRegister();
  GDALDatasetUniquePtr store(GDALDataset::Open(project.c_str(), GDAL_OF_VECTOR));
  EXPECT_EQ(store->GetLayerByName("patrols")->GetFeatureCount(), 4) << "the plan was replaced";
}

TEST(PatrolPlanCli, FollowsOneWayRoads) {
  TempDir dir;
  const std::string project = make_project(dir);
  // A one-way loop road around the cell, counter-clockwise, and a one-way spur
  // leading away from the flag: the flag cannot be reached.
  write_text(dir.file("roads.csv"),
             "road,oneway,WKT\nloop,yes,\"LINESTRING(114.01 30.01,114.02 30.01,114.03 30.01,114.03 "
             "30.03,114.01 30.03,114.01 30.01)\"\n"
             "spur,yes,\"LINESTRING(114.02 30.002,114.02 30.01)\"\n");
  const auto result = run_envgrid({"patrol", "plan", project, "--cell", "C1", "--date",
                                   "2026-11-02", "--roads", dir.file("roads.csv"), "--start",
                                   "114.01,30.03", "-o", dir.file("road.geojson")});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.out.find("4 stops"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("left for the next day: flag F-check"), std::string::npos)
      << result.out;
  // From the north-west corner the loop only runs south, east, north, west.
  const auto at = [&](const char* id) { return result.out.find(id); };
  EXPECT_LT(at("E-key"), at("E-spec")) << result.out;
  EXPECT_LT(at("E-spec"), at("E-ord")) << result.out;
  // The tour is the loop: 2 x 0.02 degree of longitude and 2 x 0.02 of latitude at 30 N.
  EXPECT_NE(result.out.find("tour 8.3 km"), std::string::npos) << result.out;
}
