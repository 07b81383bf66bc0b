#pragma once
// A folder of drone photos as located footprints: each JPEG's metadata
// (photo_metadata.hpp), its camera (camera_table.hpp) and its footprint on
// flat ground (footprint.hpp). A photo that cannot be located is listed with
// the reason and the others go on.

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "envgrid/imagery/footprint.hpp"
#include "envgrid/imagery/photo_metadata.hpp"

namespace envgrid::imagery {

struct PhotoOptions {
  FootprintOptions footprint;
  // Ground (take-off) elevation above mean sea level in metres, for photos
  // without DJI's RelativeAltitude: height = EXIF GPSAltitude - this.
  // DEFAULT: none (such photos are skipped).
  std::optional<double> ground_alt_m;
};

struct LocatedPhoto {
  PhotoMetadata metadata;
  std::string camera;         // camera name for the photos layer, e.g. "DJI FC300S"
  std::string sensor_source;  // where the sensor size came from
  CameraIntrinsics intrinsics;
  CameraPose pose;
  Footprint footprint;
  // Doubts that did not stop the photo from being located (assumed nadir,
  // re-saved by a photo editor ...), for the caller to report.
  std::vector<std::string> warnings;
};

// The program that re-saved a DJI photo after capture (EXIF Software no
// longer the camera firmware, e.g. "Microsoft Windows Photo Viewer ..."),
// or "" when the photo looks as the camera wrote it. Editors that rotate
// the pixels leave DJI's gimbal yaw behind: the footprint stays right, the
// picture inside it is turned.
[[nodiscard]] std::string resaved_by(const PhotoMetadata& photo);

// Locates one photo; throws gis::Error(input) naming the file and the reason
// when it cannot be located (unreadable, no GPS, unknown camera, too oblique ...).
[[nodiscard]] LocatedPhoto locate_photo(const std::string& path, const PhotoOptions& options);

struct SkippedPhoto {
  std::string file;
  std::string reason;
};

struct PhotoSurvey {
  std::vector<LocatedPhoto> photos;
  std::vector<SkippedPhoto> skipped;
};

// Locates every file in order; one bad photo never stops the others.
// on_progress(done, total) is called after each file.
[[nodiscard]] PhotoSurvey survey_photos(
    std::span<const std::string> files, const PhotoOptions& options,
    const std::function<void(std::uint64_t, std::uint64_t)>& on_progress = {});

// The JPEG files (.jpg, .jpeg, any case) under a folder and its subfolders,
// sorted by path. Throws gis::Error(input) when the folder cannot be read.
[[nodiscard]] std::vector<std::string> find_photo_files(const std::string& folder);

}  // namespace envgrid::imagery
