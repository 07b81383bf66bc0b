#include "envgrid/imagery/footprint.hpp"

#include <gtest/gtest.h>
#include <ogr_spatialref.h>

#include <cmath>
#include <numbers>

#include "envgrid/gis/gdal_handles.hpp"
#include "envgrid/gis/geodesy.hpp"
#include "envgrid/gis/log.hpp"

namespace envgrid::imagery {
namespace {

// A Phantom 3 frame: 6.17 x 3.47 mm window of a 1/2.3" sensor, 3.61 mm lens.
CameraIntrinsics phantom3() {
  return {.focal_length_mm = 3.61,
          .sensor_width_mm = 6.17,
          .sensor_height_mm = 6.17 * 2250 / 4000,
          .width_px = 4000,
          .height_px = 2250};
}

CameraPose nadir_at_40m(double yaw_deg) {
  return {.position = {.lon = -91.9942, .lat = 46.8426},
          .height_above_ground_m = 40,
          .yaw_deg = yaw_deg,
          .pitch_deg = -90,
          .roll_deg = 0};
}

double bearing_deg(gis::EastNorth from, gis::EastNorth to) {
  double b =
      std::atan2(to.east_m - from.east_m, to.north_m - from.north_m) * 180 / std::numbers::pi;
  return b < 0 ? b + 360 : b;
}

gis::EastNorth midpoint(gis::EastNorth a, gis::EastNorth b) {
  return {(a.east_m + b.east_m) / 2, (a.north_m + b.north_m) / 2};
}

TEST(Footprint, NadirYawZeroIsARectangleWithTheTopToTheNorth) {
  std::string reason;
  const auto footprint = compute_footprint(phantom3(), nadir_at_40m(0), {}, reason);
  ASSERT_TRUE(footprint) << reason;
  // Ground size = sensor size / focal length x height (similar triangles).
  const double width_m = 6.17 / 3.61 * 40, height_m = 6.17 * 2250 / 4000 / 3.61 * 40;
  const auto& c = footprint->corners_m;  // top-left, top-right, bottom-right, bottom-left
  const double tolerance_m = 1e-9;
  EXPECT_NEAR(c[0].east_m, -width_m / 2, tolerance_m);
  EXPECT_NEAR(c[0].north_m, height_m / 2, tolerance_m);
  EXPECT_NEAR(c[2].east_m, width_m / 2, tolerance_m);
  EXPECT_NEAR(c[2].north_m, -height_m / 2, tolerance_m);
  EXPECT_NEAR(footprint->area_m2, width_m * height_m, 1e-6);
  EXPECT_NEAR(footprint->centre_m.east_m, 0, tolerance_m);
  // GSD = pixel pitch / focal length x height = 6.17 mm / 4000 / 3.61 mm x 40 m.
  EXPECT_NEAR(footprint->gsd_m, 6.17 / 4000 / 3.61 * 40, 1e-12);
}

TEST(Footprint, YawTurnsTheTopOfTheImageClockwiseFromNorth) {
  for (double yaw : {45.0, 90.0, -135.0}) {
    std::string reason;
    const auto footprint = compute_footprint(phantom3(), nadir_at_40m(yaw), {}, reason);
    ASSERT_TRUE(footprint) << reason;
    const auto& c = footprint->corners_m;
    const double expected = yaw < 0 ? yaw + 360 : yaw;
    EXPECT_NEAR(bearing_deg(footprint->centre_m, midpoint(c[0], c[1])), expected, 1e-9) << yaw;
    // The right edge is a quarter turn clockwise from the top: not mirrored.
    EXPECT_NEAR(bearing_deg(footprint->centre_m, midpoint(c[1], c[2])),
                std::fmod(expected + 90, 360), 1e-9)
        << yaw;
  }
}

TEST(Footprint, ObliquePhotoReachesFurtherAtTheTop) {
  CameraPose pose = nadir_at_40m(0);
  pose.pitch_deg = -45;  // camera looks north, 45 degrees down
  std::string reason;
  const auto footprint = compute_footprint(phantom3(), pose, {}, reason);
  ASSERT_TRUE(footprint) << reason;
  const auto& c = footprint->corners_m;
  const double top_width_m = c[1].east_m - c[0].east_m;
  const double bottom_width_m = c[2].east_m - c[3].east_m;
  EXPECT_GT(top_width_m, bottom_width_m);  // a trapezoid widening away from the camera
  EXPECT_NEAR(footprint->centre_m.north_m, 40.0, 1e-9);  // axis 45 degrees down from 40 m
  // The centre is seen at slant range 40 x sqrt(2) m.
  EXPECT_NEAR(footprint->gsd_m, 6.17 / 4000 / 3.61 * 40 * std::sqrt(2.0), 1e-12);
}

TEST(Footprint, NearHorizonPhotoIsRefusedWithAReason) {
  CameraPose pose = nadir_at_40m(0);
  pose.pitch_deg = -20;  // the top corners' rays are above 80 degrees off nadir
  std::string reason;
  EXPECT_FALSE(compute_footprint(phantom3(), pose, {}, reason));
  EXPECT_NE(reason.find("too oblique"), std::string::npos) << reason;
  // A looser limit accepts the same photo.
  pose.pitch_deg = -60;
  EXPECT_FALSE(compute_footprint(phantom3(), pose, {.max_off_nadir_deg = 50}, reason));
  EXPECT_TRUE(compute_footprint(phantom3(), pose, {.max_off_nadir_deg = 80}, reason)) << reason;
}

TEST(Footprint, CameraBelowTheTakeOffPointIsRefused) {
  CameraPose pose = nadir_at_40m(0);
  pose.height_above_ground_m = -3;
  std::string reason;
  EXPECT_FALSE(compute_footprint(phantom3(), pose, {}, reason));
  EXPECT_NE(reason.find("not above the ground"), std::string::npos) << reason;
}

TEST(Footprint, PositiveRollTiltsANadirCameraToTheLeftOfTheHeading) {
  CameraPose pose = nadir_at_40m(0);
  pose.roll_deg = 10;
  std::string reason;
  const auto footprint = compute_footprint(phantom3(), pose, {}, reason);
  ASSERT_TRUE(footprint) << reason;
  // Heading north with the right side down, the belly (and a nadir camera)
  // faces west: the axis meets the ground 40 tan 10 m west of the drone.
  EXPECT_NEAR(footprint->centre_m.east_m, -40 * std::tan(10 * std::numbers::pi / 180), 1e-9);
}

TEST(LocalOffset, AgreesWithProjAzimuthalEquidistantWithinTheDocumentedBound) {
  gis::initialize_gdal();
  const gis::LonLat origin{.lon = -91.9942, .lat = 46.8426};
  OGRSpatialReference local;
  local.importFromProj4("+proj=aeqd +lat_0=46.8426 +lon_0=-91.9942 +datum=WGS84 +units=m");
  OGRSpatialReference wgs84;
  wgs84.importFromEPSG(4326);
  wgs84.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  gis::CoordinateTransformationPtr to_lonlat(OGRCreateCoordinateTransformation(&local, &wgs84));
  ASSERT_TRUE(to_lonlat);
  for (auto [east_m, north_m] : {std::pair{500.0, 0.0}, {0.0, 500.0}, {-350.0, 350.0}}) {
    double x = east_m, y = north_m;
    ASSERT_TRUE(to_lonlat->Transform(1, &x, &y));
    const gis::LonLat ours = offset_to_lonlat(origin, east_m, north_m);
    const gis::EastNorth back = lonlat_to_offset(origin, {.lon = x, .lat = y});
    // Tolerance: the documented bound d^2 tan(lat) / R (about 4 cm at 500 m here).
    const double d2 = east_m * east_m + north_m * north_m;
    const double bound_m = d2 * std::tan(origin.lat * std::numbers::pi / 180) / 6371000.0;
    EXPECT_NEAR(back.east_m, east_m, bound_m);
    EXPECT_NEAR(back.north_m, north_m, bound_m);
    const gis::EastNorth round_trip = lonlat_to_offset(origin, ours);
    EXPECT_NEAR(round_trip.east_m, east_m, 1e-6);
    EXPECT_NEAR(round_trip.north_m, north_m, 1e-6);
  }
}

}  // namespace
}  // namespace envgrid::imagery
