#pragma once
// Pieces of change detection shared by its source files.

#include <opencv2/core.hpp>

#include "envgrid/imagery/change_detection.hpp"
#include "envgrid/imagery/raster_tiles.hpp"

namespace envgrid::imagery::detail {

// How `after` maps onto `before`, and how its colours do.
struct Alignment {
  cv::Point2d
      after_offset_px;      // after pixel = before pixel + offset (georeference + residual shift)
  cv::Point2d residual_px;  // the part found by phase correlation
  cv::Vec3d gain{1, 1, 1}, bias{0, 0, 0};  // after' = after * gain + bias, per band B, G, R
  double threshold = 0;                    // change threshold on the colour difference
  PixelWindow overlap;                     // in `before` pixels
};

// Both sources must share CRS and pixel size; throws otherwise or when they do not overlap.
[[nodiscard]] Alignment estimate_alignment(const RasterSource& before, const RasterSource& after,
                                           int factor, int threads);

// Reads the after window that lines up with a before window, normalized, at
// out size (float, 3 channels).
[[nodiscard]] cv::Mat read_aligned_after(const RasterSource& after, const Alignment& alignment,
                                         const PixelWindow& before_window, cv::Size out);
[[nodiscard]] cv::Mat read_before(const RasterSource& before, const PixelWindow& window,
                                  cv::Size out);

// Misregistration-tolerant colour difference (Euclidean over bands) of two
// float images: each pixel against the range of its 3x3 neighbourhood in the
// other epoch, the smaller of both directions.
[[nodiscard]] cv::Mat tolerant_difference(const cv::Mat& before, const cv::Mat& after);

}  // namespace envgrid::imagery::detail
