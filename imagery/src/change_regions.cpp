// Region-level change cues: see change_regions.hpp. The constants were chosen
// on five of the ten real DSIFN-CD pairs and checked on the other five
// (bench/change_quality_bench.cpp, docs/imagery-detection.md).

#include "change_regions.hpp"

#include "change_internal.hpp"

#include <algorithm>
#include <cmath>

#include <opencv2/imgproc.hpp>
#include <opencv2/ximgproc/slic.hpp>

namespace envgrid::imagery::detail {
namespace {

// Gradient energy is averaged over this Gaussian (working pixels): texture is
// a property of a neighbourhood, not of a pixel.
constexpr double texture_sigma_px = 2.0;
// Added to the gradient energy before the log ratio, so that flat ground in
// both epochs (energy near 0) does not turn noise into large ratios.
constexpr double texture_floor = 20.0;
// Lowest spreads the cues are scaled by: on an unchanged pair (the same image
// brightened and shifted) the cues' MADs fall below these, and a pair with
// nothing changed must not have its noise stretched into changes.
constexpr double min_colour_spread = 5.0;    // Lab units
constexpr double min_texture_spread = 0.15;  // natural log of the energy ratio
// Clipping (clipping_hides_change): a band at or above clipped_dn (raw
// digital numbers; the blur of a clipped 255 stays above it) is clipped; the
// other epoch is as bright when a band reaches bright_fraction of that.
constexpr float bright_fraction = 0.8f;
// Superpixel side in working pixels, and the SLIC compactness (OpenCV's
// default 10 for SLICO, which adapts it per superpixel).
constexpr int superpixel_px = 10;
constexpr int slic_iterations = 10;
// A superpixel changed when its mean combined cue (spreads above the pair's
// median, colour plus texture) exceeds this. Recall first: below one spread.
constexpr double region_threshold = 0.8;
// Object-level decision: superpixels twice as wide (about 40 m on 2 m
// imagery) are changed when their median combined cue exceeds this — a
// moderate change that holds over most of a region. Chosen on the tuning
// half of the real pairs (0.4-0.6 find 36-37 of its 43 objects).
constexpr int coherent_superpixel_px = 2 * superpixel_px;
constexpr double coherent_threshold = 0.5;
// A learned model's probability p adds model_weight x (p - 0.5) spreads to
// the combined cue: a sure change (p = 1) alone passes region_threshold on
// ground that did not change otherwise, a sure non-change takes a spread off.
constexpr double model_weight = 2.0;

cv::Mat gradient_energy(const cv::Mat& lightness) {
  cv::Mat gx, gy, magnitude;
  cv::Sobel(lightness, gx, CV_32F, 1, 0);
  cv::Sobel(lightness, gy, CV_32F, 0, 1);
  cv::magnitude(gx, gy, magnitude);
  cv::GaussianBlur(magnitude, magnitude, {0, 0}, texture_sigma_px);
  return magnitude;
}

cv::Mat any_band_at_least(const cv::Mat& bgr, const cv::Vec3f& level) {
  cv::Mat channels[3];
  cv::split(bgr, channels);
  return (channels[0] >= level[0]) | (channels[1] >= level[1]) | (channels[2] >= level[2]);
}

double median_of(const cv::Mat& values) {
  std::vector<float> v(values.begin<float>(), values.end<float>());
  if (v.empty()) return 0;
  std::nth_element(v.begin(), v.begin() + std::ptrdiff_t(v.size() / 2), v.end());
  return v[v.size() / 2];
}

// Median and 1.4826 x MAD of a set of cue images.
std::pair<double, double> median_and_spread(const std::vector<cv::Mat>& images) {
  cv::Mat all;
  for (const auto& image : images) all.push_back(image.reshape(1, int(image.total())));
  if (all.empty()) return {0, 0};
  const double median = median_of(all);
  const cv::Mat deviations = cv::abs(all - median);
  return {median, 1.4826 * median_of(deviations)};
}

// SLIC superpixels (SLICO) of the later epoch.
cv::Mat superpixel_labels(const cv::Mat& after8, int side, int& count) {
  auto slic = cv::ximgproc::createSuperpixelSLIC(after8, cv::ximgproc::SLICO, side);
  slic->iterate(slic_iterations);
  cv::Mat labels;
  slic->getLabels(labels);
  count = slic->getNumberOfSuperpixels();
  return labels;
}

enum class SuperpixelStatistic { mean, median };

// 255 where the superpixel's mean (or median) score exceeds the threshold.
cv::Mat superpixels_where(const cv::Mat& after8, const cv::Mat& score, int side,
                          SuperpixelStatistic statistic, double threshold) {
  int count = 0;
  const cv::Mat labels = superpixel_labels(after8, side, count);
  std::vector<std::vector<float>> values{std::size_t(count)};
  for (int r = 0; r < labels.rows; ++r) {
    const int* label = labels.ptr<int>(r);
    const float* s = score.ptr<float>(r);
    for (int c = 0; c < labels.cols; ++c) values[std::size_t(label[c])].push_back(s[c]);
  }
  std::vector<std::uint8_t> changed(std::size_t(count), 0);
  for (std::size_t i = 0; i < changed.size(); ++i) {
    auto& v = values[i];
    if (v.empty()) continue;
    double value = 0;
    if (statistic == SuperpixelStatistic::mean) {
      for (float x : v) value += x;
      value /= double(v.size());
    } else {
      std::nth_element(v.begin(), v.begin() + std::ptrdiff_t(v.size() / 2), v.end());
      value = v[v.size() / 2];
    }
    changed[i] = value > threshold ? 255 : 0;
  }
  cv::Mat mask(labels.size(), CV_8U);
  for (int r = 0; r < labels.rows; ++r) {
    const int* label = labels.ptr<int>(r);
    auto* m = mask.ptr<std::uint8_t>(r);
    for (int c = 0; c < labels.cols; ++c) m[c] = changed[std::size_t(label[c])];
  }
  return mask;
}

// The union of `seeds` and the 8-connected components of `regions` that
// touch a seed.
cv::Mat grown_into(const cv::Mat& seeds, const cv::Mat& regions) {
  cv::Mat labels;
  const int count = cv::connectedComponents(seeds | regions, labels, 8, CV_32S);
  std::vector<std::uint8_t> seeded(std::size_t(count), 0);
  for (int r = 0; r < labels.rows; ++r) {
    const int* l = labels.ptr<int>(r);
    const auto* s = seeds.ptr<std::uint8_t>(r);
    for (int c = 0; c < labels.cols; ++c) {
      if (s[c]) seeded[std::size_t(l[c])] = 255;
    }
  }
  cv::Mat grown(labels.size(), CV_8U);
  for (int r = 0; r < labels.rows; ++r) {
    const int* l = labels.ptr<int>(r);
    auto* g = grown.ptr<std::uint8_t>(r);
    for (int c = 0; c < labels.cols; ++c) g[c] = l[c] ? seeded[std::size_t(l[c])] : 0;
  }
  return grown;
}

}  // namespace

RegionCues region_cues(const cv::Mat& before, const cv::Mat& after, const cv::Vec3f& after_clip) {
  CV_Assert(before.type() == CV_32FC3 && after.type() == CV_32FC3 && before.size() == after.size());
  cv::Mat lab_before, lab_after;
  cv::cvtColor(before * (1.0 / 255), lab_before, cv::COLOR_BGR2Lab);
  cv::cvtColor(cv::max(after, 0.0) * (1.0 / 255), lab_after, cv::COLOR_BGR2Lab);
  RegionCues cues;
  // Misregistration-tolerant, as the candidates' colour difference: an edge
  // moved by a pixel is not a change of colour.
  cues.colour = tolerant_difference(lab_before, lab_after);
  cv::Mat channels[3];

  cv::split(lab_before, channels);
  const cv::Mat energy_before = gradient_energy(channels[0]);
  cv::split(lab_after, channels);
  const cv::Mat energy_after = gradient_energy(channels[0]);
  cv::Mat log_before, log_after;
  cv::log(energy_before + texture_floor, log_before);
  cv::log(energy_after + texture_floor, log_after);
  cues.texture = cv::abs(log_before - log_after);

  const cv::Mat clipped = clipping_hides_change(before, after, after_clip);
  cues.colour.setTo(0, clipped);
  cues.texture.setTo(0, clipped);
  return cues;
}

cv::Mat clipping_hides_change(const cv::Mat& before, const cv::Mat& after,
                              const cv::Vec3f& after_clip) {
  const cv::Vec3f before_clip(clipped_dn, clipped_dn, clipped_dn);
  cv::Mat hidden = (any_band_at_least(before, before_clip) &
                    any_band_at_least(after, after_clip * bright_fraction)) |
                   (any_band_at_least(after, after_clip) &
                    any_band_at_least(before, before_clip * bright_fraction));
  cv::dilate(hidden, hidden, cv::getStructuringElement(cv::MORPH_ELLIPSE, {5, 5}));
  return hidden;
}

RegionCueScales measure_cue_scales(const std::vector<RegionCues>& samples) {
  std::vector<cv::Mat> colour, texture;
  for (const auto& s : samples) {
    colour.push_back(s.colour);
    texture.push_back(s.texture);
  }
  RegionCueScales scales;
  auto [colour_median, colour_spread] = median_and_spread(colour);
  auto [texture_median, texture_spread] = median_and_spread(texture);
  scales.colour_median = colour_median;
  scales.colour_spread = std::max(colour_spread, min_colour_spread);
  scales.texture_median = texture_median;
  scales.texture_spread = std::max(texture_spread, min_texture_spread);
  return scales;
}

cv::Mat region_changes(const cv::Mat& before, const cv::Mat& after, const cv::Vec3f& after_clip,
                       const RegionCueScales& scales, const cv::Mat& model_probability) {
  const RegionCues cues = region_cues(before, after, after_clip);
  cv::Mat score = (cues.colour - scales.colour_median) / scales.colour_spread +
                  (cues.texture - scales.texture_median) / scales.texture_spread;
  if (!model_probability.empty()) score += model_weight * (model_probability - 0.5);
  cv::Mat after8;
  after.convertTo(after8, CV_8UC3);
  // Small superpixels whose change is strong on average, or larger ones
  // (a yard, a block of roofs) whose change is moderate but coherent: most
  // of their pixels changed somewhat, which a few strong pixels cannot fake.
  // A coherent region counts only around a strong core (it touches a changed
  // small superpixel): on its own, a moderate change of a whole field is the
  // season.
  const cv::Mat strong =
      superpixels_where(after8, score, superpixel_px, SuperpixelStatistic::mean, region_threshold);
  return grown_into(strong, superpixels_where(after8, score, coherent_superpixel_px,
                                              SuperpixelStatistic::median, coherent_threshold));
}

}  // namespace envgrid::imagery::detail
