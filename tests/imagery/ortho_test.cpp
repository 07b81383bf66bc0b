#include "envgrid/imagery/ortho.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>

#include "envgrid/gis/crs.hpp"
#include "envgrid/gis/error.hpp"
#include "envgrid/gis/geodesy.hpp"
#include "photo_fixtures.hpp"
#include "test_support.hpp"

namespace envgrid::imagery {
namespace {

namespace fs = std::filesystem;
using test::Rgb;
using test::TempDir;

struct Ortho {
  gis::DatasetPtr dataset;
  std::array<double, 6> geotransform{};
};

Ortho open_ortho(const std::string& path) {
  Ortho ortho{gis::open_dataset(path, GDAL_OF_RASTER), {}};
  EXPECT_EQ(ortho.dataset->GetGeoTransform(ortho.geotransform.data()), CE_None);
  return ortho;
}

// RGBA of the ortho pixel covering a ground point given as metres from origin.
std::array<int, 4> pixel_at(Ortho& ortho, gis::LonLat origin, double east_m, double north_m) {
  const gis::LonLat at = offset_to_lonlat(origin, east_m, north_m);
  const auto& gt = ortho.geotransform;
  const int column = static_cast<int>(std::floor((at.lon - gt[0]) / gt[1]));
  const int row = static_cast<int>(std::floor((at.lat - gt[3]) / gt[5]));
  std::array<int, 4> rgba{};
  for (int band = 1; band <= 4; ++band) {
    unsigned char value = 0;
    EXPECT_EQ(ortho.dataset->GetRasterBand(band)->RasterIO(GF_Read, column, row, 1, 1, &value, 1, 1,
                                                           GDT_Byte, 0, 0),
              CE_None);
    rgba[band - 1] = value;
  }
  return rgba;
}

// Colour match within 30 levels per channel: JPEG compression and bilinear
// resampling blur the blocks' colours a little.
void expect_colour(const std::array<int, 4>& rgba, const Rgb& expected, const char* where) {
  EXPECT_EQ(rgba[3], 255) << where << ": outside the photo";
  for (int i = 0; i < 3; ++i) EXPECT_NEAR(rgba[i], expected[i], 30) << where << " channel " << i;
}

TEST(QuicklookOrtho, PutsTheImageTopTowardsTheGimbalYaw) {
  TempDir dir;
  const test::SyntheticPhoto fixture = test::dji_like_photo();
  const auto& [top_left, top_right, bottom_right, bottom_left] = fixture.quadrants;
  for (double yaw : {0.0, 90.0}) {
    test::SyntheticPhoto photo = fixture;
    photo.xmp["Xmp.drone-dji.GimbalYawDegree"] = std::to_string(yaw);
    const std::string path = dir.file("yaw.jpg");
    test::write_synthetic_photo(path, photo);
    const OrthoResult result = make_quicklook_ortho(path, dir.file("yaw.tif"), {});
    Ortho ortho = open_ortho(dir.file("yaw.tif"));
    const gis::LonLat drone = result.photo.pose.position;
    // The ground frame is 67 x 50 m; sample 10 m east/west and 8 m north/south of the centre.
    if (yaw == 0) {  // top of the image to the north
      expect_colour(pixel_at(ortho, drone, -10, 8), top_left, "north-west");
      expect_colour(pixel_at(ortho, drone, 10, 8), top_right, "north-east");
      expect_colour(pixel_at(ortho, drone, 10, -8), bottom_right, "south-east");
      expect_colour(pixel_at(ortho, drone, -10, -8), bottom_left, "south-west");
    } else {  // top of the image to the east
      expect_colour(pixel_at(ortho, drone, 8, 10), top_left, "north-east");
      expect_colour(pixel_at(ortho, drone, 8, -10), top_right, "south-east");
      expect_colour(pixel_at(ortho, drone, -8, -10), bottom_right, "south-west");
      expect_colour(pixel_at(ortho, drone, -8, 10), bottom_left, "north-west");
    }
  }
}

TEST(QuicklookOrtho, TurnedPhotoLeavesTheCornersOfItsNorthUpBoxTransparent) {
  TempDir dir;
  test::SyntheticPhoto photo = test::dji_like_photo();
  photo.xmp["Xmp.drone-dji.GimbalYawDegree"] = "45.0";
  test::write_synthetic_photo(dir.file("turned.jpg"), photo);
  (void)make_quicklook_ortho(dir.file("turned.jpg"), dir.file("turned.tif"), {});
  Ortho ortho = open_ortho(dir.file("turned.tif"));
  const int w = ortho.dataset->GetRasterXSize(), h = ortho.dataset->GetRasterYSize();
  GDALRasterBand* alpha = ortho.dataset->GetRasterBand(4);
  ASSERT_EQ(alpha->GetColorInterpretation(), GCI_AlphaBand);
  auto alpha_at = [&](int column, int row) {
    unsigned char value = 255;
    EXPECT_EQ(alpha->RasterIO(GF_Read, column, row, 1, 1, &value, 1, 1, GDT_Byte, 0, 0), CE_None);
    return value;
  };
  EXPECT_EQ(alpha_at(0, 0), 0);
  EXPECT_EQ(alpha_at(w - 1, 0), 0);
  EXPECT_EQ(alpha_at(w - 1, h - 1), 0);
  EXPECT_EQ(alpha_at(0, h - 1), 0);
  EXPECT_EQ(alpha_at(w / 2, h / 2), 255);
}

TEST(QuicklookOrtho, MetricOutputCrsGivesPixelsInMetres) {
  TempDir dir;
  test::write_synthetic_photo(dir.file("p.jpg"), test::dji_like_photo());
  OrthoOptions options;
  options.target_crs = gis::Crs::parse("EPSG:32615");  // UTM zone 15N, Duluth's
  options.pixel_size_m = 0.5;
  const OrthoResult result = make_quicklook_ortho(dir.file("p.jpg"), dir.file("utm.tif"), options);
  EXPECT_EQ(result.crs_name, "EPSG:32615");
  Ortho ortho = open_ortho(dir.file("utm.tif"));
  EXPECT_STREQ(ortho.dataset->GetSpatialRef()->GetAuthorityCode(nullptr), "32615");
  EXPECT_DOUBLE_EQ(ortho.geotransform[1], 0.5);
  EXPECT_DOUBLE_EQ(ortho.geotransform[5], -0.5);
  // The frame is 6.07/3.61 x 40 = 67.2 m by 50.4 m at yaw 0. UTM grid north
  // is turned 0.73 degrees from true north at 92 W (convergence = 1 degree
  // from the central meridian x sin 46.8), which widens the north-up box by
  // 50.4 x sin 0.73 = 0.64 m: 135.7 pixels of 0.5 m, give or take one for
  // rounding the extent outwards.
  EXPECT_NEAR(ortho.dataset->GetRasterXSize(), (67.2 + 0.64) / 0.5, 1.5);
  // The camera's UTM position lies inside, on an opaque pixel.
  gis::CoordinateTransformer to_utm(gis::Crs::wgs84(), *options.target_crs);
  double x = result.photo.pose.position.lon, y = result.photo.pose.position.lat;
  ASSERT_TRUE(to_utm.transform(x, y));
  const int column = static_cast<int>((x - ortho.geotransform[0]) / ortho.geotransform[1]);
  const int row = static_cast<int>((y - ortho.geotransform[3]) / ortho.geotransform[5]);
  unsigned char alpha = 0;
  ASSERT_EQ(ortho.dataset->GetRasterBand(4)->RasterIO(GF_Read, column, row, 1, 1, &alpha, 1, 1,
                                                      GDT_Byte, 0, 0),
            CE_None);
  EXPECT_EQ(alpha, 255);
}

TEST(QuicklookOrtho, WebMapCrsIsRefused) {
  TempDir dir;
  test::write_synthetic_photo(dir.file("p.jpg"), test::dji_like_photo());
  OrthoOptions options;
  options.target_crs = gis::Crs::parse("GCJ02");
  EXPECT_THROW((void)make_quicklook_ortho(dir.file("p.jpg"), dir.file("g.tif"), options),
               gis::Error);
  EXPECT_FALSE(fs::exists(dir.file("g.tif")));
}

TEST(QuicklookOrtho, ObliquePhotoIsRefused) {
  TempDir dir;
  test::SyntheticPhoto photo = test::dji_like_photo();
  photo.xmp["Xmp.drone-dji.GimbalPitchDegree"] = "-60.0";
  test::write_synthetic_photo(dir.file("oblique.jpg"), photo);
  try {
    (void)make_quicklook_ortho(dir.file("oblique.jpg"), dir.file("oblique.tif"), {});
    FAIL() << "expected a refusal";
  } catch (const gis::Error& e) {
    EXPECT_EQ(e.code(), gis::ExitCode::input);
    EXPECT_NE(e.reason().find("not a nadir photo"), std::string::npos) << e.reason();
  }
  EXPECT_FALSE(fs::exists(dir.file("oblique.tif")));
}

TEST(QuicklookOrtho, ClosesThePhotoAndTheGeoTiff) {
  TempDir dir;
  test::write_synthetic_photo(dir.file("p.jpg"), test::dji_like_photo());
  (void)make_quicklook_ortho(dir.file("p.jpg"), dir.file("warm-up.tif"), {});
  const int open_before = test::open_fd_count();
  (void)make_quicklook_ortho(dir.file("p.jpg"), dir.file("p.tif"), {});
  EXPECT_EQ(test::open_fd_count(), open_before);
}

TEST(QuicklookOrtho, RealPhotoBecomesANorthUpGeoTiffOverItsFootprint) {
  const auto real = test::shared_real_data();
  if (!real || !fs::exists(*real / "drone" / "DJI_0018.JPG")) {
    GTEST_SKIP() << "real drone photos (shared/data/real/drone) absent";
  }
  TempDir dir;
  OrthoOptions options;
  options.pixel_size_m = 0.05;  // coarser than the 1.7 cm GSD to keep the test quick
  const OrthoResult result =
      make_quicklook_ortho((*real / "drone" / "DJI_0018.JPG").string(), dir.file("o.tif"), options);
  Ortho ortho = open_ortho(dir.file("o.tif"));
  EXPECT_STREQ(ortho.dataset->GetDriver()->GetDescription(), "GTiff");
  const OGRSpatialReference* srs = ortho.dataset->GetSpatialRef();
  ASSERT_TRUE(srs);
  EXPECT_STREQ(srs->GetAuthorityCode(nullptr), "4326");
  const auto& gt = ortho.geotransform;
  EXPECT_EQ(gt[2], 0.0);  // north up: no rotation terms
  EXPECT_EQ(gt[4], 0.0);
  EXPECT_LT(gt[5], 0.0);
  EXPECT_EQ(ortho.dataset->GetRasterCount(), 4);  // RGB + alpha

  // The raster's extent is the footprint's bounding box. Tolerance 0.15 m:
  // three output pixels, for GDAL rounding the extent outwards to whole pixels.
  double min_lon = 1e9, max_lon = -1e9, min_lat = 1e9, max_lat = -1e9;
  for (const auto& c : result.photo.footprint.corners) {
    min_lon = std::min(min_lon, c.lon), max_lon = std::max(max_lon, c.lon);
    min_lat = std::min(min_lat, c.lat), max_lat = std::max(max_lat, c.lat);
  }
  const gis::MetresPerDegree scale = gis::metres_per_degree(result.photo.pose.position.lat);
  const int w = ortho.dataset->GetRasterXSize(), h = ortho.dataset->GetRasterYSize();
  EXPECT_NEAR((gt[0] - min_lon) * scale.lon, 0, 0.15);
  EXPECT_NEAR((gt[0] + w * gt[1] - max_lon) * scale.lon, 0, 0.15);
  EXPECT_NEAR((gt[3] - max_lat) * scale.lat, 0, 0.15);
  EXPECT_NEAR((gt[3] + h * gt[5] - min_lat) * scale.lat, 0, 0.15);

  // The opaque pixels cover the footprint's area; tolerance 1 % (edge pixels).
  std::vector<unsigned char> alpha(static_cast<std::size_t>(w) * h);
  ASSERT_EQ(ortho.dataset->GetRasterBand(4)->RasterIO(GF_Read, 0, 0, w, h, alpha.data(), w, h,
                                                      GDT_Byte, 0, 0),
            CE_None);
  const auto opaque =
      std::count_if(alpha.begin(), alpha.end(), [](unsigned char a) { return a > 0; });
  const double pixel_area_m2 = gt[1] * scale.lon * -gt[5] * scale.lat;
  EXPECT_NEAR(opaque * pixel_area_m2, result.photo.footprint.area_m2,
              result.photo.footprint.area_m2 * 0.01);
}

}  // namespace
}  // namespace envgrid::imagery
