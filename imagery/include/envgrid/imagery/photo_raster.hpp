#pragma once
// A drone JPEG as a georeferenced raster, made on the fly, so that every
// detection verb takes raw frames: the photo is located (photos.hpp), its
// pixels placed on flat ground by the camera model of footprint.hpp (the
// code path of `imagery photos` and `imagery ortho`), and resampled onto a
// north-up grid in the metric CRS of the place (choose_metric_crs). Over
// flat ground a pinhole camera maps the image to the ground by a
// homography, fitted here to a grid of exactly placed pixels; limits as for
// the quick-look ortho (docs/imagery.md): positions as good as the drone's
// GPS and the flat-ground assumption.

#include <optional>
#include <string>

#include <opencv2/core.hpp>

#include "envgrid/gis/crs.hpp"
#include "envgrid/imagery/photos.hpp"
#include "envgrid/imagery/raster_tiles.hpp"

namespace envgrid::imagery {

// Photos whose optical axis is further than this from straight down are
// refused: relief displaces an oblique view far more than a nadir one.
inline constexpr double off_nadir_limit_deg = 10;

// Throws gis::Error(input) naming the photo when it looks further than
// max_off_nadir_deg from straight down.
void require_nadir(const LocatedPhoto& photo, double max_off_nadir_deg);

// The photo's pixels on a north-up ground grid.
struct GroundImage {
  cv::Mat bgr;    // 8-bit BGR; black outside the footprint
  cv::Mat valid;  // 255 inside the footprint
  GeoTransform transform{};
};

// The homography from photo pixel (column, row) to target-CRS x, y, fitted
// to a grid of pixels placed by pixel_to_ground. Throws like locate_photo
// when a pixel's ray misses the ground.
[[nodiscard]] cv::Matx33d photo_to_map(const LocatedPhoto& photo, const FootprintOptions& options,
                                       const gis::Crs& target);

// The photo's pixels as 8-bit BGR, read through GDAL. Throws
// gis::Error(input) naming the photo when GDAL's size differs from the
// EXIF/JPEG header's (the camera model would place the wrong pixels).
[[nodiscard]] cv::Mat read_photo_pixels(const LocatedPhoto& photo);

// A north-up grid in a CRS: pixel sizes in its units, and a point that
// pixel edges fall on (so that two photos can share one grid).
struct GroundGrid {
  gis::Crs crs;
  double pixel_x = 0, pixel_y = 0;  // > 0
  cv::Point2d anchor;
};

// The grid of square ground pixels of pixel_size_m in crs (degrees scaled
// at the photo's latitude), anchored at 0, 0.
[[nodiscard]] GroundGrid ground_grid(const LocatedPhoto& photo, const gis::Crs& crs,
                                     double pixel_size_m);

// Resamples the photo (bilinear) onto the part of the grid its footprint
// covers; on a grid coarser than the photo, from the photo averaged down by
// the whole number of its pixels that fit in a grid pixel.
[[nodiscard]] GroundImage photo_on_ground(const cv::Mat& photo_bgr, const cv::Matx33d& to_map,
                                          const GroundGrid& grid);

// Opens an image for a detection verb: with gsd_m, in pixel space
// (x = col*gsd, y = -row*gsd); a georeferenced raster as it is; a JPEG
// without georeference as a located drone photo placed on the ground: on
// the grid of same_grid_as when given (a later epoch on the earlier one's
// grid), else in the place's metric CRS at the photo's own ground sample
// distance, or at coarsest_pixel_m when that is coarser (a verb that works
// at 0.2 m need not warp 2 cm pixels). Throws gis::Error(input) naming the
// file and what is missing (no GPS, no altitude, too oblique ...).
[[nodiscard]] RasterSource open_detection_image(const std::string& path,
                                                std::optional<double> gsd_m = std::nullopt,
                                                const RasterSource* same_grid_as = nullptr,
                                                double coarsest_pixel_m = 0);

}  // namespace envgrid::imagery
