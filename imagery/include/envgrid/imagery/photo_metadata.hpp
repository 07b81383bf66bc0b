#pragma once
// What a drone photo says about itself: EXIF (GPS, time, camera, focal
// length) and DJI's XMP (altitude above take-off, gimbal and flight
// attitude), read with exiv2. Missing tags stay empty here; deciding
// whether a photo is usable is the caller's job (photos.hpp).

#include <optional>
#include <string>

namespace envgrid::imagery {

struct PhotoMetadata {
  std::string file;
  std::string make;      // EXIF Make, e.g. "DJI"
  std::string model;     // EXIF Model (XMP tiff:Model when EXIF has none)
  std::string software;  // EXIF Software: the camera firmware, or the last program that saved it
  int orientation = 1;  // EXIF Orientation: 1 = pixels stored upright, 2-8 = viewers turn/flip them
  int width_px = 0;     // pixel columns of the JPEG frame
  int height_px = 0;    // pixel rows
  std::string taken_at;             // ISO 8601, camera clock ("2016-06-23T16:31:59"), "" if unknown
  std::optional<double> lon_deg;    // WGS 84 longitude, degrees east (EXIF GPS)
  std::optional<double> lat_deg;    // WGS 84 latitude, degrees north (EXIF GPS)
  std::optional<double> gps_alt_m;  // EXIF GPSAltitude: above mean sea level, metres
  std::optional<double> rel_alt_m;  // drone-dji:RelativeAltitude: above the take-off point, metres
  std::optional<double> gimbal_yaw_deg;    // clockwise from north
  std::optional<double> gimbal_pitch_deg;  // 0 horizontal, -90 straight down
  std::optional<double> gimbal_roll_deg;   // positive: right side down
  std::optional<double> flight_yaw_deg;    // aircraft heading, clockwise from north
  std::optional<double> focal_length_mm;   // EXIF FocalLength (true, not 35 mm equivalent)
  // EXIF FocalPlaneX/YResolution converted to pixels per millimetre.
  std::optional<double> focal_plane_px_per_mm_x;
  std::optional<double> focal_plane_px_per_mm_y;
  // Set when the file has an XMP packet that could not be parsed (the
  // packet's DJI values are then missing); "" otherwise.
  std::string xmp_problem;
};

// Reads one photo. Throws gis::Error(input) naming the file when it cannot
// be read as an image with metadata (not a JPEG, truncated, corrupt EXIF).
[[nodiscard]] PhotoMetadata read_photo_metadata(const std::string& path);

// True when the file ends with a JPEG end-of-image marker (trailing zero
// padding allowed). Cameras write it last, so a copy cut short lacks it.
[[nodiscard]] bool jpeg_is_complete(const std::string& path);

}  // namespace envgrid::imagery
