// Pinhole camera over flat ground. The gimbal angles are applied in the
// order of a drone gimbal's motors, innermost first: pitch about the
// camera's right axis, roll about the forward (heading) axis, yaw about the
// vertical. With all three at their reference (yaw 0, pitch 0, roll 0) the
// camera looks north, level, with the image's top up; at pitch -90 it looks
// straight down with the image's top facing north.

#include "envgrid/imagery/footprint.hpp"

#include <cmath>
#include <numbers>
#include <sstream>

namespace envgrid::imagery {

namespace {

constexpr double k_deg = std::numbers::pi / 180.0;

struct Vec3 {
  double east = 0;
  double north = 0;
  double up = 0;
};

Vec3 rotate_about_east(Vec3 v, double angle_deg) {
  const double c = std::cos(angle_deg * k_deg), s = std::sin(angle_deg * k_deg);
  return {v.east, v.north * c - v.up * s, v.north * s + v.up * c};
}

// Positive angle lowers the east (right) side.
Vec3 rotate_about_north(Vec3 v, double angle_deg) {
  const double c = std::cos(angle_deg * k_deg), s = std::sin(angle_deg * k_deg);
  return {v.east * c + v.up * s, v.north, -v.east * s + v.up * c};
}

// Clockwise seen from above, as compass bearings turn.
Vec3 rotate_about_up(Vec3 v, double angle_deg) {
  const double c = std::cos(angle_deg * k_deg), s = std::sin(angle_deg * k_deg);
  return {v.east * c + v.north * s, -v.east * s + v.north * c, v.up};
}

// The direction (not normalised) a pixel position looks along, east/north/up.
Vec3 pixel_ray(const CameraIntrinsics& camera, const CameraPose& pose, double column, double row) {
  const double right_mm =
      (column - camera.width_px / 2.0) * camera.sensor_width_mm / camera.width_px;
  const double down_mm =
      (row - camera.height_px / 2.0) * camera.sensor_height_mm / camera.height_px;
  // Level camera looking north: right = east, forward = north, image down = -up.
  Vec3 ray{right_mm, camera.focal_length_mm, -down_mm};
  ray = rotate_about_east(ray, pose.pitch_deg);
  ray = rotate_about_north(ray, pose.roll_deg);
  return rotate_about_up(ray, pose.yaw_deg);
}

double length(Vec3 v) { return std::sqrt(v.east * v.east + v.north * v.north + v.up * v.up); }

double off_nadir_deg(Vec3 ray) { return std::acos(-ray.up / length(ray)) / k_deg; }

std::string describe_problem(const CameraIntrinsics& camera, const CameraPose& pose) {
  if (!(camera.focal_length_mm > 0)) return "no focal length";
  if (!(camera.sensor_width_mm > 0 && camera.sensor_height_mm > 0)) return "no sensor size";
  if (camera.width_px <= 0 || camera.height_px <= 0) return "no image size";
  if (!(pose.height_above_ground_m > 0) || !std::isfinite(pose.height_above_ground_m)) {
    std::ostringstream s;
    s << "camera is not above the ground (height " << pose.height_above_ground_m << " m)";
    return s.str();
  }
  if (!std::isfinite(pose.yaw_deg) || !std::isfinite(pose.pitch_deg) ||
      !std::isfinite(pose.roll_deg)) {
    return "gimbal angles are not numbers";
  }
  return "";
}

double polygon_area_m2(const std::array<gis::EastNorth, 4>& corners) {
  double twice_area = 0;
  for (std::size_t i = 0; i < corners.size(); ++i) {
    const gis::EastNorth& a = corners[i];
    const gis::EastNorth& b = corners[(i + 1) % corners.size()];
    twice_area += a.east_m * b.north_m - b.east_m * a.north_m;
  }
  return std::abs(twice_area) / 2.0;
}

}  // namespace

std::optional<gis::EastNorth> pixel_to_ground(const CameraIntrinsics& camera,
                                              const CameraPose& pose, double column, double row,
                                              const FootprintOptions& options,
                                              std::string& reason) {
  if (reason = describe_problem(camera, pose); !reason.empty()) return std::nullopt;
  const Vec3 ray = pixel_ray(camera, pose, column, row);
  const double angle_deg = off_nadir_deg(ray);
  if (ray.up >= 0 || angle_deg > options.max_off_nadir_deg) {
    std::ostringstream s;
    s.precision(3);
    s << "ray through pixel (" << column << ", " << row << ") is " << angle_deg
      << " degrees from straight down (limit " << options.max_off_nadir_deg
      << "): too oblique for a flat-ground footprint";
    reason = s.str();
    return std::nullopt;
  }
  const double scale = pose.height_above_ground_m / -ray.up;
  return gis::EastNorth{.east_m = ray.east * scale, .north_m = ray.north * scale};
}

std::optional<Footprint> compute_footprint(const CameraIntrinsics& camera, const CameraPose& pose,
                                           const FootprintOptions& options, std::string& reason) {
  const double w = camera.width_px, h = camera.height_px;
  const std::array<std::array<double, 2>, 4> pixel_corners{{{0, 0}, {w, 0}, {w, h}, {0, h}}};
  Footprint footprint;
  for (std::size_t i = 0; i < pixel_corners.size(); ++i) {
    const auto ground =
        pixel_to_ground(camera, pose, pixel_corners[i][0], pixel_corners[i][1], options, reason);
    if (!ground) return std::nullopt;
    footprint.corners_m[i] = *ground;
    footprint.corners[i] = offset_to_lonlat(pose.position, ground->east_m, ground->north_m);
  }
  const auto centre = pixel_to_ground(camera, pose, w / 2, h / 2, options, reason);
  if (!centre) return std::nullopt;
  footprint.centre_m = *centre;
  footprint.area_m2 = polygon_area_m2(footprint.corners_m);
  const Vec3 axis = pixel_ray(camera, pose, w / 2, h / 2);
  const double slant_range_m = pose.height_above_ground_m * length(axis) / -axis.up;
  footprint.gsd_m =
      camera.sensor_width_mm / camera.width_px / camera.focal_length_mm * slant_range_m;
  return footprint;
}

}  // namespace envgrid::imagery
