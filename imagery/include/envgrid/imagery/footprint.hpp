#pragma once
// Where a photo's pixels fall on the ground: a pinhole camera at a known
// height above flat ground (the take-off height), turned by the gimbal's
// yaw, pitch and roll. Rays are intersected with the ground plane in local
// east/north metres around the point below the camera, then converted to
// WGS 84 longitude/latitude on the local tangent plane (local_offset.hpp).
// Model and limits: docs/imagery.md.

#include <array>
#include <optional>
#include <string>

#include "envgrid/gis/chinese_offsets.hpp"
#include "envgrid/gis/geodesy.hpp"

namespace envgrid::imagery {

// The image side of the camera.
struct CameraIntrinsics {
  double focal_length_mm = 0;
  double sensor_width_mm = 0;   // along the image columns
  double sensor_height_mm = 0;  // along the image rows
  int width_px = 0;
  int height_px = 0;
};

// Where the camera is and where it looks.
struct CameraPose {
  gis::LonLat position;              // WGS 84 degrees, x = longitude, y = latitude
  double height_above_ground_m = 0;  // REQUIRES: > 0 (flat ground this far below)
  double yaw_deg = 0;                // direction the top of the image faces, clockwise from north
  double pitch_deg = -90;            // 0 horizontal, -90 straight down (nadir)
  double roll_deg = 0;               // positive: image's right side down
};

struct FootprintOptions {
  // Rays further than this from straight down are refused: near the horizon
  // a flat-ground intersection runs away to kilometres and the footprint
  // means nothing. DEFAULT: 80 degrees.
  double max_off_nadir_deg = 80;
};

// The ground point seen by a pixel position, in metres east and north of
// the point straight below the camera (column, row; 0,0 is the
// top-left corner of the top-left pixel). nullopt and a reason when the ray
// does not reach the ground within max_off_nadir_deg.
[[nodiscard]] std::optional<gis::EastNorth> pixel_to_ground(const CameraIntrinsics& camera,
                                                            const CameraPose& pose, double column,
                                                            double row,
                                                            const FootprintOptions& options,
                                                            std::string& reason);

struct Footprint {
  // Image corners on the ground: top-left, top-right, bottom-right, bottom-left.
  std::array<gis::EastNorth, 4> corners_m;
  std::array<gis::LonLat, 4> corners;  // the same, WGS 84 degrees
  gis::EastNorth centre_m;             // where the optical axis meets the ground
  double area_m2 = 0;
  // Ground sample distance at the image centre: the ground size of one pixel
  // seen straight on, pixel pitch x slant range / focal length.
  double gsd_m = 0;
};

// nullopt and a reason when a corner ray misses the ground or is too oblique,
// or the camera description is unusable (no focal length, no height).
[[nodiscard]] std::optional<Footprint> compute_footprint(const CameraIntrinsics& camera,
                                                         const CameraPose& pose,
                                                         const FootprintOptions& options,
                                                         std::string& reason);

}  // namespace envgrid::imagery
