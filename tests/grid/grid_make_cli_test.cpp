// `envgrid grid make` end to end on a small county written by the test in
// lon/lat (GeoJSON), areas checked against PROJ's geodesic polygon area.

#include <geodesic.h>
#include <gtest/gtest.h>

#include <algorithm>

#include "envgrid/gis/log.hpp"
#include "envgrid/gis/vector_io.hpp"
#include "test_support.hpp"

namespace envgrid {
namespace {

// A county of about 6 x 4 km east of Wuhan, with a slanted north-east side.
const std::vector<std::pair<double, double>> county_ring = {{114.300, 30.500}, {114.362, 30.500},
                                                            {114.362, 30.520}, {114.340, 30.537},
                                                            {114.300, 30.537}, {114.300, 30.500}};

std::string county_geojson() {
  std::string coordinates;
  for (const auto& [lon, lat] : county_ring) {
    coordinates += (coordinates.empty() ? "" : ",") + std::string("[") + std::to_string(lon) + "," +
                   std::to_string(lat) + "]";
  }
  return R"({"type": "FeatureCollection", "features": [{"type": "Feature", "properties": )"
         R"({"code": "420102"}, "geometry": {"type": "Polygon", "coordinates": [[)" +
         coordinates + "]]}}]}";
}

double geodesic_area_m2() {
  geod_geodesic wgs84;
  geod_init(&wgs84, 6378137, 1 / 298.257223563);
  std::vector<double> lats, lons;
  for (std::size_t i = 0; i + 1 < county_ring.size(); ++i) {
    lons.push_back(county_ring[i].first);
    lats.push_back(county_ring[i].second);
  }
  double area = 0;
  geod_polygonarea(&wgs84, lats.data(), lons.data(), static_cast<int>(lats.size()), &area, nullptr);
  return std::abs(area);
}

TEST(GridMakeCli, CellsCoverTheCountyWithPositionCodes) {
  test::TempDir dir;
  test::write_text(dir.file("county.geojson"), county_geojson());
  const auto run = test::run_envgrid({"grid", "make", "--boundary", dir.file("county.geojson"),
                                      "--boundary-id", "code", "--cell-size-m", "1000",
                                      "--code-prefix", "420102", "-o", dir.file("cells.gpkg")});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.err.find("cells built in EPSG:4547"), std::string::npos) << run.err;  // GK 114E
  gis::initialize_gdal();
  const auto cells = gis::read_layer(dir.file("cells.gpkg"));
  ASSERT_GT(cells.size(), 20u);
  const auto* code = cells.column("code");
  const auto* area = cells.column("area_m2");
  const auto* boundary = cells.column("boundary_id");
  ASSERT_TRUE(code && area && boundary);
  double total_m2 = 0;
  std::vector<std::string> codes;
  for (std::size_t i = 0; i < cells.size(); ++i) {
    total_m2 += std::get<double>(area->values[i]);
    codes.push_back(std::get<std::string>(code->values[i]));
    EXPECT_EQ(std::get<std::string>(boundary->values[i]), "420102");
    EXPECT_EQ(codes.back().rfind("420102", 0), 0u);
    EXPECT_GE(std::get<double>(area->values[i]), 1e5);  // slivers under 10 % merged
  }
  EXPECT_TRUE(std::is_sorted(codes.begin(), codes.end()));
  EXPECT_EQ(std::adjacent_find(codes.begin(), codes.end()), codes.end());
  // Gauss-Krueger areas within 20 km of the central meridian differ from the
  // geodesic area by less than 1e-4; tolerance 0.1 %.
  EXPECT_NEAR(total_m2, geodesic_area_m2(), geodesic_area_m2() * 1e-3);
}

TEST(GridMakeCli, HexagonsAndBadOptions) {
  test::TempDir dir;
  test::write_text(dir.file("county.geojson"), county_geojson());
  const auto run =
      test::run_envgrid({"grid", "make", "--boundary", dir.file("county.geojson"), "--cell-size-m",
                         "800", "--shape", "hex", "-o", dir.file("hex.csv")});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(test::read_text(dir.file("hex.csv")).find("MULTIPOLYGON"), std::string::npos);
  EXPECT_EQ(test::run_envgrid({"grid", "make", "--boundary", dir.file("county.geojson"), "--shape",
                               "triangle", "-o", dir.file("x.gpkg")})
                .exit_code,
            2);
  EXPECT_EQ(test::run_envgrid({"grid", "make", "--boundary", dir.file("county.geojson"),
                               "--cell-size-m", "0", "-o", dir.file("x.gpkg")})
                .exit_code,
            2);
}

}  // namespace
}  // namespace envgrid
