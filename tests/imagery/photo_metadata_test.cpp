#include "envgrid/imagery/photo_metadata.hpp"

#include <gtest/gtest.h>

#include "envgrid/gis/error.hpp"
#include "photo_fixtures.hpp"
#include "test_support.hpp"

namespace envgrid::imagery {
namespace {

using test::TempDir;

TEST(PhotoMetadata, ReadsExifGpsTimeCameraAndDjiXmp) {
  TempDir dir;
  const std::string path = dir.file("dji.jpg");
  test::write_synthetic_photo(path, test::dji_like_photo());
  const PhotoMetadata photo = read_photo_metadata(path);
  EXPECT_EQ(photo.make, "DJI");
  EXPECT_EQ(photo.model, "FC300S");
  EXPECT_EQ(photo.width_px, 400);
  EXPECT_EQ(photo.height_px, 300);
  EXPECT_EQ(photo.taken_at, "2016-06-23T16:31:59");
  ASSERT_TRUE(photo.lat_deg && photo.lon_deg);
  // 46 deg 50' 33.3855" N, 91 deg 59' 40.4156" W; tolerance 1e-9 deg (0.1 mm).
  EXPECT_NEAR(*photo.lat_deg, 46 + 50 / 60.0 + 33.3855 / 3600, 1e-9);
  EXPECT_NEAR(*photo.lon_deg, -(91 + 59 / 60.0 + 40.4156 / 3600), 1e-9);
  EXPECT_NEAR(photo.gps_alt_m.value_or(0), 198.309, 1e-9);
  EXPECT_NEAR(photo.rel_alt_m.value_or(0), 40.0, 1e-9);
  EXPECT_NEAR(photo.gimbal_pitch_deg.value_or(0), -90.0, 1e-9);
  EXPECT_NEAR(photo.focal_length_mm.value_or(0), 3.61, 1e-12);
  EXPECT_TRUE(photo.xmp_problem.empty()) << photo.xmp_problem;
}

TEST(PhotoMetadata, SouthernAndBelowSeaLevelSignsAreApplied) {
  TempDir dir;
  test::SyntheticPhoto fixture = test::dji_like_photo();
  fixture.exif["Exif.GPSInfo.GPSLatitudeRef"] = "S";
  fixture.exif["Exif.GPSInfo.GPSLongitudeRef"] = "E";
  fixture.exif["Exif.GPSInfo.GPSAltitudeRef"] = "1";
  test::write_synthetic_photo(dir.file("south.jpg"), fixture);
  const PhotoMetadata photo = read_photo_metadata(dir.file("south.jpg"));
  EXPECT_LT(photo.lat_deg.value_or(0), -46.8);
  EXPECT_GT(photo.lon_deg.value_or(0), 91.9);
  EXPECT_NEAR(photo.gps_alt_m.value_or(0), -198.309, 1e-9);
}

TEST(PhotoMetadata, FocalPlaneResolutionIsConvertedToPixelsPerMillimetre) {
  TempDir dir;
  test::SyntheticPhoto fixture = test::dji_like_photo();
  fixture.exif["Exif.Photo.FocalPlaneXResolution"] = "4000/1";  // per cm
  fixture.exif["Exif.Photo.FocalPlaneYResolution"] = "4000/1";
  fixture.exif["Exif.Photo.FocalPlaneResolutionUnit"] = "3";
  test::write_synthetic_photo(dir.file("fp.jpg"), fixture);
  const PhotoMetadata photo = read_photo_metadata(dir.file("fp.jpg"));
  EXPECT_NEAR(photo.focal_plane_px_per_mm_x.value_or(0), 400.0, 1e-9);
}

TEST(PhotoMetadata, GarbageXmpIsReportedWhileExifStillReads) {
  TempDir dir;
  test::SyntheticPhoto fixture = test::dji_like_photo();
  fixture.corrupt_xmp = true;
  test::write_synthetic_photo(dir.file("garbage.jpg"), fixture);
  const PhotoMetadata photo = read_photo_metadata(dir.file("garbage.jpg"));
  EXPECT_FALSE(photo.xmp_problem.empty());
  EXPECT_FALSE(photo.rel_alt_m);
  EXPECT_TRUE(photo.lat_deg);  // EXIF is unaffected
}

TEST(PhotoMetadata, NonNumericDjiValueIsNamed) {
  TempDir dir;
  test::SyntheticPhoto fixture = test::dji_like_photo();
  fixture.xmp["Xmp.drone-dji.RelativeAltitude"] = "high";
  test::write_synthetic_photo(dir.file("word.jpg"), fixture);
  const PhotoMetadata photo = read_photo_metadata(dir.file("word.jpg"));
  EXPECT_FALSE(photo.rel_alt_m);
  EXPECT_NE(photo.xmp_problem.find("RelativeAltitude 'high' is not a number"), std::string::npos)
      << photo.xmp_problem;
}

TEST(PhotoMetadata, JpegWithoutExifIsAnInputErrorNamingTheFile) {
  TempDir dir;
  const std::string path = dir.file("plain.jpg");
  test::write_pixels(path, test::SyntheticPhoto{});
  try {
    (void)read_photo_metadata(path);
    FAIL() << "expected an error";
  } catch (const gis::Error& e) {
    EXPECT_EQ(e.code(), gis::ExitCode::input);
    EXPECT_NE(std::string(e.what()).find(path), std::string::npos) << e.what();
    EXPECT_NE(e.reason().find("no EXIF"), std::string::npos) << e.reason();
  }
}

TEST(PhotoMetadata, TextFileIsAnInputError) {
  TempDir dir;
  const std::string path = dir.file("notes.jpg");
  test::write_text(path, "not a photo\n");
  EXPECT_THROW((void)read_photo_metadata(path), gis::Error);
}

TEST(PhotoMetadata, CompletenessCheckSpotsACutCopy) {
  TempDir dir;
  const std::string path = dir.file("whole.jpg");
  test::write_synthetic_photo(path, test::dji_like_photo());
  EXPECT_TRUE(jpeg_is_complete(path));
  test::write_truncated_copy(path, dir.file("cut.jpg"), 0.6);
  EXPECT_FALSE(jpeg_is_complete(dir.file("cut.jpg")));
  EXPECT_FALSE(jpeg_is_complete(dir.file("missing.jpg")));
}

}  // namespace
}  // namespace envgrid::imagery
