// The imagery verbs as a user runs them: arguments in, files and exit code out.

#include <gtest/gtest.h>

#include <filesystem>
#include <set>

#include "envgrid/gis/gdal_handles.hpp"
#include "photo_fixtures.hpp"
#include "store_backends.hpp"
#include "test_support.hpp"

namespace envgrid::imagery {
namespace {

namespace fs = std::filesystem;
using test::run_envgrid;
using test::TempDir;

// Two good photos 20 m apart along a north-south line, plus the bad ones.
void write_flight(const TempDir& dir) {
  test::SyntheticPhoto first = test::dji_like_photo();
  test::write_synthetic_photo(dir.file("photos/DJI_0001.JPG"), first);
  test::SyntheticPhoto second = test::dji_like_photo();
  second.exif["Exif.GPSInfo.GPSLatitude"] = "46/1 50/1 340335/10000";  // 0.648" = 20 m north
  test::write_synthetic_photo(dir.file("photos/DJI_0002.JPG"), second);
  test::SyntheticPhoto no_gps = test::dji_like_photo();
  no_gps.exif.erase("Exif.GPSInfo.GPSLatitude");
  no_gps.exif.erase("Exif.GPSInfo.GPSLongitude");
  test::write_synthetic_photo(dir.file("photos/DJI_0003.JPG"), no_gps);
  test::write_truncated_copy(dir.file("photos/DJI_0001.JPG"), dir.file("photos/DJI_0004.JPG"), 0.5);
}

TEST(ImageryPhotosCli, WritesThePhotosLayerAndListsSkippedPhotosWithExitOne) {
  TempDir dir;
  fs::create_directories(dir.path() / "photos");
  write_flight(dir);
  const auto result =
      run_envgrid({"imagery", "photos", dir.file("photos"), "-o", dir.file("photos.gpkg")});
  EXPECT_EQ(result.exit_code, 1) << result.err;
  EXPECT_NE(result.err.find("DJI_0003.JPG: skipped: no GPS position"), std::string::npos)
      << result.err;
  EXPECT_NE(result.err.find("DJI_0004.JPG: skipped: truncated"), std::string::npos) << result.err;

  gis::DatasetPtr out = gis::open_dataset(dir.file("photos.gpkg"), GDAL_OF_VECTOR);
  OGRLayer* layer = out->GetLayerByName("photos");
  ASSERT_TRUE(layer);
  EXPECT_EQ(layer->GetFeatureCount(), 2);
  EXPECT_STREQ(layer->GetSpatialRef()->GetAuthorityCode(nullptr), "4326");
  EXPECT_EQ(wkbFlatten(layer->GetGeomType()), wkbPolygon);
  std::vector<std::string> fields;
  for (int i = 0; i < layer->GetLayerDefn()->GetFieldCount(); ++i) {
    fields.emplace_back(layer->GetLayerDefn()->GetFieldDefn(i)->GetNameRef());
  }
  EXPECT_EQ(fields, (std::vector<std::string>{"file", "taken_at", "lon", "lat", "rel_alt_m",
                                              "gsd_m", "yaw_deg", "pitch_deg", "camera"}));
  std::set<std::string> files;
  for (auto& feature : *layer) {
    files.insert(feature->GetFieldAsString("file"));
    EXPECT_STREQ(feature->GetFieldAsString("camera"), "DJI FC300S");
    EXPECT_NEAR(feature->GetFieldAsDouble("rel_alt_m"), 40.0, 1e-9);
    // The footprint contains the camera position (nadir photo).
    OGRPoint camera(feature->GetFieldAsDouble("lon"), feature->GetFieldAsDouble("lat"));
    EXPECT_TRUE(feature->GetGeometryRef()->Contains(&camera));
  }
  EXPECT_EQ(files, (std::set<std::string>{dir.file("photos/DJI_0001.JPG"),
                                          dir.file("photos/DJI_0002.JPG")}));
}

// On both store backends (PostGIS skips without ENVGRID_TEST_PG).
class ImageryPhotosStoreTest : public test::StoreBackendTest {};

TEST_P(ImageryPhotosStoreTest, WritesIntoAProjectStoreAndReplacesOnRerun) {
  fs::create_directories(dir().path() / "photos");
  write_flight(dir());
  ASSERT_EQ(run_envgrid({"init", location()}).exit_code, 0);
  for (int run = 0; run < 2; ++run) {
    const auto result = run_envgrid({"imagery", "photos", dir().file("photos"), "-o", location()});
    EXPECT_EQ(result.exit_code, 1) << result.err;  // DJI_0003 and DJI_0004 are skipped
  }
  gis::DatasetPtr out = gis::open_dataset(location(), GDAL_OF_VECTOR);
  OGRLayer* layer = out->GetLayerByName("photos");
  ASSERT_TRUE(layer);
  EXPECT_EQ(layer->GetFeatureCount(), 2);  // the second run replaced the first's rows
  EXPECT_STREQ(layer->GetSpatialRef()->GetAuthorityCode(nullptr), "4490");  // store CRS
  for (auto& feature : *layer) {
    // CGCS2000 and WGS 84 agree to well under a metre: the camera stays inside its footprint.
    OGRPoint camera(feature->GetFieldAsDouble("lon"), feature->GetFieldAsDouble("lat"));
    EXPECT_TRUE(feature->GetGeometryRef()->Contains(&camera));
    EXPECT_STREQ(feature->GetFieldAsString("taken_at"), "2016-06-23T16:31:59");
  }
  EXPECT_TRUE(out->GetLayerByName("cells"));  // the rest of the store is untouched
}

ENVGRID_INSTANTIATE_STORE_BACKENDS(ImageryPhotosStoreTest);

TEST(ImageryPhotosCli, AllGoodPhotosExitZeroInAnyVectorFormat) {
  TempDir dir;
  fs::create_directories(dir.path() / "photos");
  test::write_synthetic_photo(dir.file("photos/a.jpg"), test::dji_like_photo());
  const auto result =
      run_envgrid({"imagery", "photos", dir.file("photos"), "-o", dir.file("photos.geojson")});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  gis::DatasetPtr out = gis::open_dataset(dir.file("photos.geojson"), GDAL_OF_VECTOR);
  EXPECT_EQ(out->GetLayer(0)->GetFeatureCount(), 1);
}

TEST(ImageryPhotosCli, FolderWithoutPhotosIsAnInputError) {
  TempDir dir;
  const auto result =
      run_envgrid({"imagery", "photos", dir.path().string(), "-o", dir.file("p.gpkg")});
  EXPECT_EQ(result.exit_code, 100);
  EXPECT_NE(result.err.find("no JPEG photos"), std::string::npos) << result.err;
  EXPECT_FALSE(fs::exists(dir.file("p.gpkg")));
}

TEST(ImageryPhotosCli, MissingOutputIsAUsageError) {
  TempDir dir;
  EXPECT_EQ(run_envgrid({"imagery", "photos", dir.path().string()}).exit_code, 2);
}

TEST(ImageryOrthoCli, WritesAGeoTiffOrNamesThePhotoItCannotUse) {
  TempDir dir;
  fs::create_directories(dir.path() / "photos");
  write_flight(dir);
  const auto done = run_envgrid({"imagery", "ortho", dir.file("photos/DJI_0001.JPG"), "-o",
                                 dir.file("o.tif"), "--pixel-size-m", "0.5"});
  EXPECT_EQ(done.exit_code, 0) << done.err;
  gis::DatasetPtr tif = gis::open_dataset(dir.file("o.tif"), GDAL_OF_RASTER);
  double gt[6];
  ASSERT_EQ(tif->GetGeoTransform(gt), CE_None);
  // 0.5 m pixels at 46.84 N: 0.5 / 76 300 m per degree of longitude; tolerance 1 %.
  EXPECT_NEAR(gt[1], 0.5 / 76300.0, 0.5 / 76300.0 * 0.01);

  const auto refused =
      run_envgrid({"imagery", "ortho", dir.file("photos/DJI_0004.JPG"), "-o", dir.file("t.tif")});
  EXPECT_EQ(refused.exit_code, 100);
  EXPECT_NE(refused.err.find("DJI_0004.JPG"), std::string::npos) << refused.err;
  EXPECT_FALSE(fs::exists(dir.file("t.tif")));
}

}  // namespace
}  // namespace envgrid::imagery
