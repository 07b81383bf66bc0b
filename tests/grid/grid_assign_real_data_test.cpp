// `envgrid grid assign` on real data: Hubei's 103 county polygons (GCJ-02,
// 25 invalid, 99 neighbouring pairs overlapping) against the WRI power
// plants of China (WGS 84, duplicated ids, missing coordinates). Skips with
// a message when ../shared is absent.

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <map>

#include "envgrid/gis/chinese_offsets.hpp"
#include "envgrid/gis/geometry_repair.hpp"
#include "envgrid/gis/geos_handles.hpp"
#include "envgrid/gis/log.hpp"
#include "envgrid/gis/vector_io.hpp"
#include "hubei_counties.hpp"
#include "test_support.hpp"

namespace envgrid {
namespace {

namespace fs = std::filesystem;

// How many counties cover each plant, by GEOS on the repaired polygons: an
// oracle independent of envgrid's point location.
std::vector<int> covering_counts(const std::vector<std::string>& files,
                                 const gis::FeatureTable& plants) {
  auto& context = gis::thread_geos_context();
  std::vector<gis::GeosGeometryPtr> counties;
  for (const auto& file : files) {
    const auto table = gis::read_layer(file);
    for (const auto& wkb : table.geometries) {
      auto raw = gis::geos_from_wkb(context, wkb.data(), wkb.size());
      auto repaired = gis::repair_geometry(context, raw.get());
      if (repaired.geometry) counties.push_back(std::move(repaired.geometry));
    }
  }
  std::vector<int> counts(plants.size(), -1);
  for (std::size_t i = 0; i < plants.size(); ++i) {
    if (!plants.problems[i].empty()) continue;
    const auto gcj = gis::wgs84_to_gcj02({plants.xs[i], plants.ys[i]});
    auto point =
        gis::geos_take(context, GEOSGeom_createPointFromXY_r(context.get(), gcj.lon, gcj.lat));
    counts[i] = 0;
    for (const auto& county : counties) {
      counts[i] += GEOSCovers_r(context.get(), county.get(), point.get()) == 1;
    }
  }
  return counts;
}

TEST(GridAssignRealData, HubeiCountiesAndChinasPowerPlants) {
  const auto data = test::shared_real_data();
  if (!data) GTEST_SKIP() << "shared real data not found (set ENVGRID_SHARED_DATA)";
  gis::initialize_gdal();
  const auto files = test::hubei_county_files(*data / "admin" / "hubei");
  ASSERT_EQ(files.size(), 17u);
  const std::string plants_csv = (*data / "admin" / "pointsources" / "wri_gppd_china.csv").string();
  test::TempDir dir;
  std::string outputs[2];
  for (int threads : {1, 2}) {
    std::vector<std::string> args = {"grid", "assign"};
    for (const auto& f : files) args.insert(args.end(), {"--cells", f});
    const std::string out = dir.file("plants" + std::to_string(threads) + ".csv");
    args.insert(args.end(), {"--cell-id", "adcode", "--cells-srs", "GCJ02", "--sites", plants_csv,
                             "--site-id", "Power Plant ID", "--sites-srs", "EPSG:4326", "--threads",
                             std::to_string(threads), "-o", out});
    const auto run = test::run_envgrid(args);
    ASSERT_EQ(run.exit_code, 1) << run.err;  // invalid counties and empty coordinates reported
    EXPECT_NE(run.err.find("cells: 103 from 103 rows"), std::string::npos) << run.err;
    outputs[threads - 1] = test::read_text(out);
  }
  EXPECT_TRUE(outputs[0] == outputs[1]) << "1 and 2 threads differ";

  gis::ReadOptions by_id;
  by_id.id_field = "Power Plant ID";
  const auto plants = gis::read_layer(plants_csv, by_id);
  const auto result = gis::read_layer(dir.file("plants1.csv"));
  ASSERT_EQ(result.size(), plants.size());  // none dropped
  const auto* site_id = result.column("site_id");
  const auto* match = result.column("match");
  const auto* cell = result.column("cell_id");
  ASSERT_TRUE(site_id && match && cell);
  const auto counts = covering_counts(files, plants);
  std::map<std::string, int> matches;
  for (std::size_t i = 0; i < plants.size(); ++i) {
    const auto& m = std::get<std::string>(match->values[i]);
    ++matches[m];
    EXPECT_EQ(std::get<std::string>(site_id->values[i]), plants.ids[i]) << i;  // input order
    if (counts[i] < 0) {
      EXPECT_EQ(m, "invalid") << i;
    } else if (counts[i] == 0) {
      EXPECT_EQ(m, "outside") << i;
    } else if (counts[i] == 1) {
      EXPECT_EQ(m, "inside") << i;
    } else {
      EXPECT_TRUE(m == "ambiguous" || m == "boundary") << i << " " << m;
    }
  }
  EXPECT_GT(matches["inside"], 50);  // Hubei has dozens of plants
  EXPECT_GT(matches["invalid"], 0);  // rows without coordinates
}

}  // namespace
}  // namespace envgrid
