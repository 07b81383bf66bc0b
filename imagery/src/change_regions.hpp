#pragma once
// Region-level change cues for real imagery (change_regions.cpp): colour
// change in CIE Lab and texture change (local gradient energy), each scaled
// by its own spread over the pair, averaged over superpixels of the later
// epoch so that a change takes the outline of the surface that changed.

#include <vector>

#include <opencv2/core.hpp>

namespace envgrid::imagery::detail {

// Raw digital number at and above which a band counts as clipped.
constexpr float clipped_dn = 240;

// Per-pixel cues of two aligned, radiometrically normalized float BGR images
// (0..255, blurred by the caller) of the same size: colour = Lab distance, texture = |log ratio| of
// the local gradient energy. Where clipping hides the difference
// (clipping_hides_change) the cues are 0.
struct RegionCues {
  cv::Mat colour, texture;  // CV_32F
};
[[nodiscard]] RegionCues region_cues(const cv::Mat& before, const cv::Mat& after,
                                     const cv::Vec3f& after_clip);

// 255 where a band is clipped in one epoch (at 240 or more in the before, or
// at the normalized value of 240 in the after: after_clip = 240 x gain +
// bias per band) and the other epoch is bright there too (a band at 0.8 of
// that): a brighter flight clips roofs that did not change, and the clipped
// value says only "at least this bright". A new white roof on dark ground is
// still a change. Grown by 2 px, as the callers' blur spreads a clipped pixel.
[[nodiscard]] cv::Mat clipping_hides_change(const cv::Mat& before, const cv::Mat& after,
                                            const cv::Vec3f& after_clip);

// Centre and spread of each cue over a pair: medians and MADs measured on the
// co-registration samples, the spreads floored at what sensor noise and
// resampling give on an unchanged pair (so that a clean pair has no change to
// stretch).
struct RegionCueScales {
  double colour_median = 0, colour_spread = 1;
  double texture_median = 0, texture_spread = 1;
};
[[nodiscard]] RegionCueScales measure_cue_scales(const std::vector<RegionCues>& samples);

// 255 where the superpixel (SLIC on the after image) has a mean combined cue
// above the threshold, 0 elsewhere. model_probability (CV_32F 0..1, or empty):
// a learned model's change probability, fused with the cues (2 x (p - 0.5)
// spreads: a sure change adds one spread, a sure non-change takes one off).
[[nodiscard]] cv::Mat region_changes(const cv::Mat& before, const cv::Mat& after,
                                     const cv::Vec3f& after_clip, const RegionCueScales& scales,
                                     const cv::Mat& model_probability = cv::Mat());

}  // namespace envgrid::imagery::detail
