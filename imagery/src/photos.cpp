// From metadata to a located photo: every reason a photo cannot be placed
// on the map is decided here, with a message a pilot understands.

#include "envgrid/imagery/photos.hpp"
#include "envgrid/gis/text.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <sstream>

#include "envgrid/gis/error.hpp"
#include "envgrid/gis/log.hpp"
#include "envgrid/imagery/camera_table.hpp"

namespace envgrid::imagery {

namespace fs = std::filesystem;

namespace {

[[noreturn]] void refuse(const std::string& path, const std::string& reason) {
  gis::throw_input_error(reason, {.step = gis::current_step(), .dataset = path});
}

gis::LonLat require_position(const PhotoMetadata& photo) {
  if (!photo.lon_deg || !photo.lat_deg) refuse(photo.file, "no GPS position in EXIF");
  const gis::LonLat position{.lon = *photo.lon_deg, .lat = *photo.lat_deg};
  if (std::abs(position.lat) > 90 || std::abs(position.lon) > 180) {
    refuse(photo.file, "GPS position out of range");
  }
  // Cameras without a fix write zeros rather than leaving the tags out.
  if (position.lon == 0 && position.lat == 0) refuse(photo.file, "GPS position is 0,0 (no fix)");
  return position;
}

double require_height(const PhotoMetadata& photo, const PhotoOptions& options) {
  if (photo.rel_alt_m) return *photo.rel_alt_m;
  if (options.ground_alt_m && photo.gps_alt_m) return *photo.gps_alt_m - *options.ground_alt_m;
  std::string reason = "no altitude above take-off (DJI XMP drone-dji:RelativeAltitude)";
  if (!photo.xmp_problem.empty()) reason += ": " + photo.xmp_problem;
  reason += "; give --ground-alt-m to use the EXIF GPS altitude";
  refuse(photo.file, reason);
}

// The sensor window the image covers, from the camera table or, for a
// camera not in it, EXIF's focal-plane resolution.
SensorWindow require_sensor(const PhotoMetadata& photo, std::string& source) {
  if (const auto camera = find_camera(photo.model, photo.width_px)) {
    source = camera->product + " (" + camera->source + ")";
    return image_window(*camera, photo.width_px, photo.height_px);
  }
  if (photo.focal_plane_px_per_mm_x && photo.focal_plane_px_per_mm_y) {
    source = "EXIF focal-plane resolution";
    return {.width_mm = photo.width_px / *photo.focal_plane_px_per_mm_x,
            .height_mm = photo.height_px / *photo.focal_plane_px_per_mm_y};
  }
  refuse(photo.file, "unknown camera '" + (photo.model.empty() ? "?" : photo.model) +
                         "': not in the camera table and no EXIF focal-plane resolution");
}

// DJI's XMP gives the gimbal's attitude; without it the heading of the
// aircraft is the best guess, and a camera without a gimbal record is
// assumed to look straight down with the image's top to the north.
CameraPose pose_of(const PhotoMetadata& photo, gis::LonLat position, double height_m,
                   std::vector<std::string>& warnings) {
  CameraPose pose;
  pose.position = position;
  pose.height_above_ground_m = height_m;
  pose.yaw_deg = photo.gimbal_yaw_deg.value_or(photo.flight_yaw_deg.value_or(0));
  pose.pitch_deg = photo.gimbal_pitch_deg.value_or(-90);
  pose.roll_deg = photo.gimbal_roll_deg.value_or(0);
  if (!photo.gimbal_yaw_deg || !photo.gimbal_pitch_deg) {
    warnings.push_back(std::string("no gimbal attitude in XMP; assumed a nadir camera facing ") +
                       (photo.flight_yaw_deg ? "the flight heading" : "north"));
  }
  return pose;
}

std::string camera_name(const PhotoMetadata& photo) {
  if (photo.make.empty()) return photo.model;
  if (photo.model.rfind(photo.make, 0) == 0) return photo.model;  // "DJI M3E" style
  return photo.make + " " + photo.model;
}

}  // namespace

std::string resaved_by(const PhotoMetadata& photo) {
  std::string make = photo.make;
  std::transform(make.begin(), make.end(), make.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  if (make != "DJI" || photo.software.empty()) return "";
  // DJI firmware versions read "v01.23.4920" or "01.00.0200": digits and
  // dots after an optional v. A word of three letters is a program's name.
  int letters_in_a_row = 0;
  for (unsigned char c : photo.software) {
    letters_in_a_row = std::isalpha(c) ? letters_in_a_row + 1 : 0;
    if (letters_in_a_row >= 3) return photo.software;
  }
  return "";
}

LocatedPhoto locate_photo(const std::string& path, const PhotoOptions& options) {
  if (!jpeg_is_complete(path)) {
    refuse(path, "truncated or not a JPEG: no end-of-image marker at the end of the file");
  }
  LocatedPhoto located;
  located.metadata = read_photo_metadata(path);
  const PhotoMetadata& photo = located.metadata;
  const gis::LonLat position = require_position(photo);
  const double height_m = require_height(photo, options);
  if (!photo.focal_length_mm || *photo.focal_length_mm <= 0) {
    refuse(path, "no focal length in EXIF");
  }
  if (photo.width_px <= 0 || photo.height_px <= 0) refuse(path, "no image size in the JPEG");
  const SensorWindow sensor = require_sensor(photo, located.sensor_source);
  located.camera = camera_name(photo);
  located.intrinsics = {.focal_length_mm = *photo.focal_length_mm,
                        .sensor_width_mm = sensor.width_mm,
                        .sensor_height_mm = sensor.height_mm,
                        .width_px = photo.width_px,
                        .height_px = photo.height_px};
  located.pose = pose_of(photo, position, height_m, located.warnings);
  if (photo.orientation != 1) {
    located.warnings.push_back(
        "EXIF Orientation " + std::to_string(photo.orientation) +
        ": viewers show this picture turned or flipped; the footprint and the ortho use the "
        "pixels as stored, which the camera attitude describes");
  }
  if (const std::string editor = resaved_by(photo); !editor.empty()) {
    located.warnings.push_back("re-saved by '" + editor +
                               "' after capture: if it was rotated there, the picture is turned "
                               "inside its footprint (the gimbal yaw describes the original)");
  }
  std::string reason;
  const auto footprint =
      compute_footprint(located.intrinsics, located.pose, options.footprint, reason);
  if (!footprint) refuse(path, reason);
  located.footprint = *footprint;
  return located;
}

PhotoSurvey survey_photos(std::span<const std::string> files, const PhotoOptions& options,
                          const std::function<void(std::uint64_t, std::uint64_t)>& on_progress) {
  PhotoSurvey survey;
  std::uint64_t done = 0;
  for (const auto& file : files) {
    try {
      survey.photos.push_back(locate_photo(file, options));
    } catch (const gis::Error& e) {
      survey.skipped.push_back({.file = file, .reason = e.reason()});
    }
    if (on_progress) on_progress(++done, files.size());
  }
  return survey;
}

std::vector<std::string> find_photo_files(const std::string& folder) {
  std::error_code error;
  if (!fs::is_directory(folder, error)) {
    gis::throw_input_error("not a folder", {.step = gis::current_step(), .dataset = folder});
  }
  std::vector<std::string> files;
  const auto options = fs::directory_options::skip_permission_denied;
  for (fs::recursive_directory_iterator it(folder, options, error), end; !error && it != end;
       it.increment(error)) {
    if (!it->is_regular_file()) continue;
    const std::string extension = gis::ascii_lower(it->path().extension().string());
    if (extension == ".jpg" || extension == ".jpeg") files.push_back(it->path().string());
  }
  if (error) {
    gis::throw_input_error("cannot list: " + error.message(),
                           {.step = gis::current_step(), .dataset = folder});
  }
  std::sort(files.begin(), files.end());
  return files;
}

}  // namespace envgrid::imagery
