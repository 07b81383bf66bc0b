// The three real DJI Phantom 3 photos (../shared/data/real/drone, BSD-2-Clause)
// and small fixtures made here for the photos a survey must skip.

#include "envgrid/imagery/photos.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <numbers>

#include "envgrid/gis/error.hpp"
#include "envgrid/gis/geodesy.hpp"
#include "photo_fixtures.hpp"
#include "test_support.hpp"

namespace envgrid::imagery {
namespace {

namespace fs = std::filesystem;
using test::TempDir;

std::optional<fs::path> real_drone_folder() {
  const auto real = test::shared_real_data();
  if (!real || !fs::exists(*real / "drone" / "DJI_0018.JPG")) return std::nullopt;
  return *real / "drone";
}

#define REQUIRE_REAL_PHOTOS(folder)        \
  const auto folder = real_drone_folder(); \
  if (!folder) GTEST_SKIP() << "real drone photos (shared/data/real/drone) absent"

double bearing_deg(gis::EastNorth from, gis::EastNorth to) {
  const double b =
      std::atan2(to.east_m - from.east_m, to.north_m - from.north_m) * 180 / std::numbers::pi;
  return b < 0 ? b + 360 : b;
}

// Smallest difference between two bearings, degrees.
double bearing_difference(double a, double b) {
  const double d = std::fmod(std::abs(a - b), 360.0);
  return std::min(d, 360.0 - d);
}

TEST(RealPhotos, LocateAtBrightonBeachFromFortyMetres) {
  REQUIRE_REAL_PHOTOS(folder);
  for (const char* name : {"DJI_0018.JPG", "DJI_0019.JPG", "DJI_0028.JPG"}) {
    const LocatedPhoto photo = locate_photo((*folder / name).string(), {});
    // SOURCE.md: about 46.8426 N, 91.9942 W; frames lie within ~30 m (3e-4 deg).
    EXPECT_NEAR(photo.pose.position.lat, 46.8426, 3e-4) << name;
    EXPECT_NEAR(photo.pose.position.lon, -91.9942, 4e-4) << name;
    EXPECT_NEAR(photo.pose.height_above_ground_m, 40.0, 0.5) << name;  // drone-dji:RelativeAltitude
    EXPECT_EQ(photo.camera, "DJI FC300S") << name;
    EXPECT_EQ(photo.metadata.width_px, 4000);
    EXPECT_EQ(photo.metadata.height_px, 2250);
    EXPECT_EQ(photo.metadata.taken_at.substr(0, 11), "2016-06-23T") << name;
    // GSD for a 6.17 mm wide sensor, 3.61 mm lens, 4000 px at ~40 m: 6.17/4000/3.61 x 40
    // = 1.71 cm; tolerance 0.05 cm covers the frames' 39.8-40.1 m heights.
    EXPECT_NEAR(photo.footprint.gsd_m, 0.0171, 0.0005) << name;
    // Ground frame 6.17/3.61 x 40 = 68.4 m by 38.5 m = 2630 m2; tolerance 2 %
    // for the heights and the 0.1 degree off-nadir pitch.
    EXPECT_NEAR(photo.footprint.area_m2, 2630, 2630 * 0.02) << name;
  }
}

TEST(RealPhotos, FootprintsFaceTheGimbalYaw) {
  REQUIRE_REAL_PHOTOS(folder);
  // DJI_0018 was taken with the gimbal at yaw +45, DJI_0028 on the return line at -133.5.
  for (auto [name, yaw] : {std::pair{"DJI_0018.JPG", 45.0}, {"DJI_0028.JPG", -133.5}}) {
    const LocatedPhoto photo = locate_photo((*folder / name).string(), {});
    const auto& c = photo.footprint.corners_m;
    const gis::EastNorth top{(c[0].east_m + c[1].east_m) / 2, (c[0].north_m + c[1].north_m) / 2};
    // Tolerance 1 degree: the camera is 0.1 degree off nadir.
    EXPECT_LT(bearing_difference(bearing_deg(photo.footprint.centre_m, top), yaw), 1.0) << name;
  }
}

TEST(RealPhotos, PhotoReSavedByAnEditorIsFlagged) {
  REQUIRE_REAL_PHOTOS(folder);
  const LocatedPhoto edited = locate_photo((*folder / "DJI_0028.JPG").string(), {});
  ASSERT_EQ(edited.warnings.size(), 1u);
  EXPECT_NE(edited.warnings[0].find("re-saved by 'Microsoft Windows Photo Viewer"),
            std::string::npos)
      << edited.warnings[0];
  // As the camera wrote it: firmware version in EXIF Software, no warning.
  EXPECT_TRUE(locate_photo((*folder / "DJI_0018.JPG").string(), {}).warnings.empty());
}

TEST(PhotoSurvey, OrientationFlagIsWarnedAbout) {
  TempDir dir;
  test::SyntheticPhoto fixture = test::dji_like_photo();
  fixture.exif["Exif.Image.Orientation"] = "6";  // "rotate 90 CW to display"
  test::write_synthetic_photo(dir.file("turned.jpg"), fixture);
  const LocatedPhoto photo = locate_photo(dir.file("turned.jpg"), {});
  ASSERT_EQ(photo.warnings.size(), 1u);
  EXPECT_NE(photo.warnings[0].find("EXIF Orientation 6"), std::string::npos) << photo.warnings[0];
  test::write_synthetic_photo(dir.file("upright.jpg"), test::dji_like_photo());
  EXPECT_TRUE(locate_photo(dir.file("upright.jpg"), {}).warnings.empty());
}

TEST(PhotoSoftware, FirmwareVersionsAreNotEditors) {
  PhotoMetadata photo;
  photo.make = "DJI";
  for (const char* firmware : {"v01.23.4920", "V01.06.0200", "01.00.0200", ""}) {
    photo.software = firmware;
    EXPECT_EQ(resaved_by(photo), "") << firmware;
  }
  photo.software = "Adobe Photoshop 25.0";
  EXPECT_EQ(resaved_by(photo), "Adobe Photoshop 25.0");
  photo.make = "Canon";  // other makers write their own kinds of Software text
  EXPECT_EQ(resaved_by(photo), "");
}

TEST(RealPhotos, ConsecutiveFramesAreThirteenToFourteenMetresApart) {
  REQUIRE_REAL_PHOTOS(folder);
  const LocatedPhoto a = locate_photo((*folder / "DJI_0018.JPG").string(), {});
  const LocatedPhoto b = locate_photo((*folder / "DJI_0019.JPG").string(), {});
  const gis::EastNorth step = lonlat_to_offset(a.pose.position, b.pose.position);
  const double distance_m = std::hypot(step.east_m, step.north_m);
  EXPECT_GT(distance_m, 13.0);
  EXPECT_LT(distance_m, 14.5);
  // The drone flew towards the top of the image (yaw 45): frames advance north-east.
  EXPECT_LT(bearing_difference(bearing_deg({}, step), 45.0), 10.0);
}

TEST(PhotoSurvey, BadPhotosAreListedWithTheirReasonAndTheOthersLoad) {
  REQUIRE_REAL_PHOTOS(folder);
  TempDir dir;
  std::vector<std::string> files;
  for (const char* name : {"DJI_0018.JPG", "DJI_0019.JPG", "DJI_0028.JPG"}) {
    files.push_back((*folder / name).string());
  }
  test::SyntheticPhoto no_gps = test::dji_like_photo();
  for (const char* key : {"Exif.GPSInfo.GPSLatitude", "Exif.GPSInfo.GPSLatitudeRef",
                          "Exif.GPSInfo.GPSLongitude", "Exif.GPSInfo.GPSLongitudeRef"}) {
    no_gps.exif.erase(key);
  }
  test::write_synthetic_photo(dir.file("no_gps.jpg"), no_gps);
  test::SyntheticPhoto unknown = test::dji_like_photo();
  unknown.exif["Exif.Image.Model"] = "XYZ-1";
  test::write_synthetic_photo(dir.file("unknown_camera.jpg"), unknown);
  test::write_truncated_copy(files[0], dir.file("truncated.jpg"), 0.5);
  test::write_pixels(dir.file("no_exif.jpg"), test::SyntheticPhoto{});
  test::SyntheticPhoto garbage = test::dji_like_photo();
  garbage.corrupt_xmp = true;
  test::write_synthetic_photo(dir.file("garbage_xmp.jpg"), garbage);
  // Bad ones first and between: none may stop the rest.
  const std::vector<std::string> all = {
      dir.file("no_gps.jpg"),         files[0], dir.file("truncated.jpg"),
      dir.file("unknown_camera.jpg"), files[1], dir.file("no_exif.jpg"),
      dir.file("garbage_xmp.jpg"),    files[2]};
  std::uint64_t last_done = 0;
  const PhotoSurvey survey =
      survey_photos(all, {}, [&](std::uint64_t done, std::uint64_t) { last_done = done; });
  EXPECT_EQ(last_done, all.size());
  ASSERT_EQ(survey.photos.size(), 3u);
  ASSERT_EQ(survey.skipped.size(), 5u);
  auto reason_of = [&](const std::string& file) {
    for (const auto& s : survey.skipped) {
      if (s.file == file) return s.reason;
    }
    return std::string("(not skipped)");
  };
  EXPECT_NE(reason_of(dir.file("no_gps.jpg")).find("no GPS"), std::string::npos);
  EXPECT_NE(reason_of(dir.file("truncated.jpg")).find("truncated"), std::string::npos);
  EXPECT_NE(reason_of(dir.file("unknown_camera.jpg")).find("unknown camera 'XYZ-1'"),
            std::string::npos);
  EXPECT_NE(reason_of(dir.file("no_exif.jpg")).find("no EXIF"), std::string::npos);
  EXPECT_NE(reason_of(dir.file("garbage_xmp.jpg")).find("XMP packet cannot be parsed"),
            std::string::npos)
      << reason_of(dir.file("garbage_xmp.jpg"));

  // Nothing stays open: good or bad, every file is closed after its read.
  const int open_before = test::open_fd_count();
  (void)survey_photos(all, {});
  EXPECT_EQ(test::open_fd_count(), open_before);
}

TEST(PhotoSurvey, GroundElevationStandsInForAMissingRelativeAltitude) {
  TempDir dir;
  test::SyntheticPhoto fixture = test::dji_like_photo();
  fixture.xmp.erase("Xmp.drone-dji.RelativeAltitude");
  test::write_synthetic_photo(dir.file("no_rel_alt.jpg"), fixture);
  EXPECT_THROW((void)locate_photo(dir.file("no_rel_alt.jpg"), {}), gis::Error);
  PhotoOptions options;
  options.ground_alt_m = 160.0;  // GPSAltitude 198.309 m - 160 m = 38.309 m above ground
  const LocatedPhoto photo = locate_photo(dir.file("no_rel_alt.jpg"), options);
  EXPECT_NEAR(photo.pose.height_above_ground_m, 38.309, 1e-9);
}

TEST(PhotoSurvey, UnknownCameraWithFocalPlaneResolutionIsUsable) {
  TempDir dir;
  test::SyntheticPhoto fixture = test::dji_like_photo();
  fixture.exif["Exif.Image.Model"] = "XYZ-1";
  // 400 px over 6 mm: 400/0.6 px per cm.
  fixture.exif["Exif.Photo.FocalPlaneXResolution"] = "4000/6";
  fixture.exif["Exif.Photo.FocalPlaneYResolution"] = "4000/6";
  fixture.exif["Exif.Photo.FocalPlaneResolutionUnit"] = "3";
  test::write_synthetic_photo(dir.file("fp.jpg"), fixture);
  const LocatedPhoto photo = locate_photo(dir.file("fp.jpg"), {});
  EXPECT_NEAR(photo.intrinsics.sensor_width_mm, 6.0, 1e-9);
  EXPECT_EQ(photo.sensor_source, "EXIF focal-plane resolution");
}

TEST(PhotoSurvey, FindsJpegsInSubfoldersSorted) {
  TempDir dir;
  fs::create_directories(dir.path() / "100MEDIA");
  test::write_text(dir.file("100MEDIA/b.JPG"), "x");
  test::write_text(dir.file("a.jpeg"), "x");
  test::write_text(dir.file("notes.txt"), "x");
  const auto files = find_photo_files(dir.path().string());
  ASSERT_EQ(files.size(), 2u);
  EXPECT_EQ(fs::path(files[0]).filename(), "b.JPG");  // "100MEDIA/..." sorts before "a.jpeg"
  EXPECT_EQ(fs::path(files[1]).filename(), "a.jpeg");
  EXPECT_THROW((void)find_photo_files(dir.file("missing")), gis::Error);
}

}  // namespace
}  // namespace envgrid::imagery
