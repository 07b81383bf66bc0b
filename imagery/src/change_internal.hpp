#pragma once
// Pieces of change detection shared by its source files.

#include <optional>
#include <string>
#include <vector>

#include <opencv2/core.hpp>

#include "change_regions.hpp"
#include "envgrid/imagery/change_detection.hpp"
#include "envgrid/imagery/raster_tiles.hpp"

namespace envgrid::imagery::detail {

// An affine map from before pixels to after pixels estimated from matched
// image features (change_affine.cpp).
struct AffineFit {
  cv::Matx23d after_from_before;  // full-resolution pixels
  int inliers = 0;
  double rms_px = 0;  // of the inliers, full-resolution pixels
  // Of the same inliers under the best shift alone: when it is not clearly
  // larger than rms_px, the affine only fits noise.
  double shift_rms_px = 0;
};

// How `after` maps onto `before`, and how its colours do.
struct Alignment {
  cv::Point2d
      after_offset_px;      // after pixel = before pixel + offset (georeference + residual shift)
  cv::Point2d residual_px;  // the part found by phase correlation
  cv::Vec3d gain{1, 1, 1}, bias{0, 0, 0};  // after' = after * gain + bias, per band B, G, R
  // The normalized after value of a clipped band (clipping_hides_change).
  [[nodiscard]] cv::Vec3f after_clip() const;
  double threshold = 0;           // change threshold on the colour difference
  RegionCueScales region_scales;  // of the region cues (change_regions.hpp)
  // The residual shift phase correlation proposed, and why it was not
  // applied (empty when it was, or when there was none to apply).
  cv::Point2d proposed_residual_px;
  std::string registration_kept_because;
  PixelWindow overlap;  // in `before` pixels
  // When the epochs differ by more than a shift (a small rotation or scale
  // of the ortho): after pixel = after_from_before * (before pixel, 1), used
  // instead of after_offset_px by read_aligned_after.
  std::optional<cv::Matx23d> after_from_before;
  std::optional<AffineFit> affine;  // the fit, applied or not, for the report
};

// ORB features on an overview of the overlap (at most 1536 px a side),
// matched with a ratio test and fitted by RANSAC (estimateAffine2D); nullopt
// when too few features match (featureless or very different epochs).
// REQUIRES: alignment.overlap and after_offset_px from the georeference.
[[nodiscard]] std::optional<AffineFit> fit_affine(const RasterSource& before,
                                                  const RasterSource& after,
                                                  const Alignment& alignment);
// True when the fit explains the matches clearly better than a shift and
// moves a corner of the overlap by more than min_px beyond its own shift at
// the centre.
[[nodiscard]] bool affine_needed(const AffineFit& fit, const PixelWindow& overlap, double min_px);
// Largest distance in pixels between the affine's and the shift's mapping
// over the corners of the overlap: how much more than a shift the affine is.
[[nodiscard]] double affine_departure_px(const cv::Matx23d& after_from_before,
                                         const cv::Point2d& shift_px, const PixelWindow& overlap);

// Both sources must share CRS and pixel size; throws otherwise or when they do not overlap.
[[nodiscard]] Alignment estimate_alignment(const RasterSource& before, const RasterSource& after,
                                           int factor, int threads);

// Keeps the pair as given (georeference only: no residual shift, no affine)
// unless the registration found is trustworthy and fits the samples better;
// records what was proposed and why it was not applied.
void keep_registration_only_when_it_helps(const RasterSource& before, const RasterSource& after,
                                          const std::vector<PixelWindow>& samples,
                                          const cv::Point2d& geo_offset,
                                          const std::vector<double>& shift_x,
                                          const std::vector<double>& shift_y, Alignment& alignment);

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
