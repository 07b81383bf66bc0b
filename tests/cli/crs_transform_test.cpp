// Golden tests of `envgrid crs transform` and `envgrid crs info`:
// arguments, standard input, expected standard output and exit code.

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>
#include <sstream>
#include <string>

#include "envgrid/gis/gdal_handles.hpp"

#include "test_support.hpp"

namespace envgrid::test {
namespace {

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// Shanghai and Beijing from googollee/eviltransform's c/test.c: WGS 84
// lon/lat and the same places in GCJ-02. The WGS 84 values have 7 decimals,
// so printed with 9 they end in "00".
constexpr const char* shanghai_gcj = "121.531541859215 31.17530398364597";
constexpr const char* beijing_gcj = "116.38404722455657,39.91334545536069";

TEST(CrsTransformCli, Gcj02ToWgs84WithCommentsBlankLinesAndExtraColumns) {
  const std::string input = std::string("# outfalls from a web map\n") + shanghai_gcj +
                            " SH-001 pipe\n\n" + beijing_gcj + "\n";
  const RunResult r =
      run_envgrid({"crs", "transform", "--s-srs", "GCJ-02", "--t-srs", "EPSG:4326"}, input);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out,
            "# outfalls from a web map\n"
            "121.527210600\t31.177427600\tSH-001 pipe\n"
            "\n"
            "116.377817000\t39.911954000\n");
}

TEST(CrsTransformCli, ProjectedOutputOnTheCentralMeridian) {
  // CGCS2000 (lon 114, lat 0) on Gauss-Kruger CM 114E: the false easting
  // and the equator, exactly.
  const RunResult r =
      run_envgrid({"crs", "transform", "--s-srs", "EPSG:4490", "--t-srs", "EPSG:4547"}, "114 0\n");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "500000.000000000\t0.000000000\n");
}

TEST(CrsTransformCli, AcceptsCommasPlusSignsAndWindowsLineEnds) {
  const RunResult r =
      run_envgrid({"crs", "transform", "--s-srs", "EPSG:4490", "--t-srs", "EPSG:4547"},
                  "+114, +0\r\n  114\t0,label\r\n");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "500000.000000000\t0.000000000\n500000.000000000\t0.000000000\tlabel\n");
}

TEST(CrsTransformCli, BadLinesAreNamedAndTheRestGoOn) {
  const std::string input = std::string(shanghai_gcj) + "\n" +  // line 1
                            "abc def\n" +                       // line 2: not numbers
                            "116.4 95\n" +                      // line 3: no such latitude
                            beijing_gcj + "\n";                 // line 4
  const RunResult r =
      run_envgrid({"crs", "transform", "--s-srs", "gcj02", "--t-srs", "wgs84"}, input);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.out,
            "121.527210600\t31.177427600\n"
            "*\t*\n"
            "*\t*\n"
            "116.377817000\t39.911954000\n");
  EXPECT_TRUE(contains(r.err, "line 2")) << r.err;
  EXPECT_TRUE(contains(r.err, "abc def")) << r.err;
  EXPECT_TRUE(contains(r.err, "line 3")) << r.err;
  EXPECT_FALSE(contains(r.err, "line 1")) << r.err;
  EXPECT_FALSE(contains(r.err, "line 4")) << r.err;
}

TEST(CrsTransformCli, UnknownCrsIsAUsageError) {
  const RunResult r =
      run_envgrid({"crs", "transform", "--s-srs", "EPSG:99999", "--t-srs", "EPSG:4326"}, "1 2\n");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(contains(r.err, "EPSG:99999")) << r.err;
  EXPECT_EQ(r.out, "");

  const RunResult missing = run_envgrid({"crs", "transform", "--s-srs", "EPSG:4326"}, "1 2\n");
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_TRUE(contains(missing.err, "--t-srs")) << missing.err;
}

TEST(CrsTransformCli, Bd09RoundTripThroughTheCli) {
  const RunResult to_bd =
      run_envgrid({"crs", "transform", "--s-srs", "EPSG:4326", "--t-srs", "BD09"}, "114.3 30.6\n");
  ASSERT_EQ(to_bd.exit_code, 0) << to_bd.err;
  EXPECT_NE(to_bd.out, "114.300000000\t30.600000000\n");  // BD-09 is shifted in China
  const RunResult back =
      run_envgrid({"crs", "transform", "--s-srs", "BD-09", "--t-srs", "EPSG:4326"}, to_bd.out);
  ASSERT_EQ(back.exit_code, 0) << back.err;
  // 9 decimals printed: the round trip agrees to 1e-9 degree (0.1 mm).
  EXPECT_EQ(back.out, "114.300000000\t30.600000000\n");
}

long count_of(const std::string& text, const std::string& part) {
  long n = 0;
  for (auto at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) ++n;
  return n;
}

// The WRI power plants of China: 3,137 rows, 11 without coordinates
// (shared data SOURCE.md). Every row goes through; the 11 are reported.
TEST(CrsTransformCli, RealPowerPlantsToGcj02ReportRowsWithoutCoordinates) {
  const auto data = shared_real_data();
  if (!data) GTEST_SKIP() << "shared real data not found (set ENVGRID_SHARED_DATA)";
  const auto csv = *data / "admin" / "pointsources" / "wri_gppd_china.csv";
  auto dataset = gis::open_dataset(csv.string(), GDAL_OF_VECTOR);
  std::string input;
  std::vector<std::pair<double, double>> wgs;  // lon, lat; NaN where the row has none
  for (auto& feature : *dataset->GetLayer(0)) {
    const std::string lon = feature->GetFieldAsString("Longitude");
    const std::string lat = feature->GetFieldAsString("Latitude");
    input += lon + " " + lat + " id=" + feature->GetFieldAsString("Power Plant ID") + "\n";
    wgs.emplace_back(lon.empty() ? NAN : std::stod(lon), lat.empty() ? NAN : std::stod(lat));
  }
  ASSERT_EQ(wgs.size(), 3137u);
  const RunResult r =
      run_envgrid({"crs", "transform", "--s-srs", "EPSG:4326", "--t-srs", "GCJ02"}, input);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(count_of(r.err, "envgrid error:"), 11) << r.err;
  std::istringstream out(r.out);
  std::string line;
  std::size_t row = 0;
  long placeholders = 0;
  while (std::getline(out, line)) {
    ASSERT_LT(row, wgs.size());
    const auto [lon, lat] = wgs[row++];
    if (std::isnan(lon)) {
      EXPECT_EQ(line, "*\t*");  // not two numbers: nothing to pass through
      ++placeholders;
      continue;
    }
    double x = 0, y = 0;
    ASSERT_EQ(std::sscanf(line.c_str(), "%lf\t%lf", &x, &y), 2) << line;
    // Inside China GCJ-02 moves points by some 30 m (far west) to ~1 km.
    const double metres_per_degree = 6378137.0 * std::numbers::pi / 180.0;
    const double shift_m =
        std::hypot((x - lon) * std::cos(lat * std::numbers::pi / 180.0), y - lat) *
        metres_per_degree;
    EXPECT_GT(shift_m, 10.0) << line;
    EXPECT_LT(shift_m, 1200.0) << line;
  }
  EXPECT_EQ(row, wgs.size());
  EXPECT_EQ(placeholders, 11);
}

TEST(CrsInfoCli, DescribesProjectedAndShiftedSystems) {
  const RunResult gk = run_envgrid({"crs", "info", "EPSG:4547"});
  EXPECT_EQ(gk.exit_code, 0) << gk.err;
  EXPECT_TRUE(contains(gk.out, "name: EPSG:4547")) << gk.out;
  EXPECT_TRUE(contains(gk.out, "type: projected")) << gk.out;
  EXPECT_TRUE(contains(gk.out, "CGCS2000 / 3-degree Gauss-Kruger CM 114E")) << gk.out;

  const RunResult gcj = run_envgrid({"crs", "info", "gcj-02"});
  EXPECT_EQ(gcj.exit_code, 0) << gcj.err;
  EXPECT_TRUE(contains(gcj.out, "name: GCJ02")) << gcj.out;
  EXPECT_TRUE(contains(gcj.out, "type: geographic")) << gcj.out;

  EXPECT_EQ(run_envgrid({"crs", "info", "nonsense"}).exit_code, 2);
}

}  // namespace
}  // namespace envgrid::test
