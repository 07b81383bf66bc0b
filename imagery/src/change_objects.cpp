// Stage 2 of change detection: every connected component of the candidate
// mask is judged as an object, in a window around it read afresh from both
// epochs. Shadows that appeared (new structure) or vanished (demolition) are
// split off and used as evidence; vegetation that kept its texture but
// changed colour is seasonal and dropped; what remains is vectorized.

#include <algorithm>
#include <cmath>

#include <opencv2/imgproc.hpp>

#include "change_stages.hpp"
#include "envgrid/gis/error.hpp"
#include "envgrid/gis/log.hpp"
#include "envgrid/gis/progress.hpp"
#include "tiled_mask.hpp"

namespace envgrid::imagery::detail {
namespace {

using Component = MaskComponent;

// Per-epoch images of a judging window, all float.
struct EpochView {
  cv::Mat bgr, luma, excess_green, yellowness, dark;
};

constexpr double shadow_search_m = 4;  // a shadow touches its building within this distance
// Shadows are split off only where a pixel is small enough to resolve one:
// a 2 m wall casts a shadow of about 1-3 m. On coarser imagery (2 m satellite
// tiles) "dark in one epoch" is a dark field or a tarred roof, not a shadow,
// and splitting it off cut real changes in pieces.
constexpr double shadow_resolved_gsd_m = 0.5;
// Judging windows larger than this are read downsampled: a float image of
// 1024^2 x 3 bands is 12 MB, and judging holds about ten of them per epoch.
constexpr double max_window_px = 1024;

EpochView describe(const cv::Mat& bgr) {
  EpochView view;
  cv::GaussianBlur(bgr, view.bgr, {0, 0}, 1.0);
  std::vector<cv::Mat> c;
  cv::split(view.bgr, c);
  view.luma = 0.114 * c[0] + 0.587 * c[1] + 0.299 * c[2];
  view.excess_green = 2 * c[1] - c[2] - c[0];
  view.yellowness = 0.5 * (c[2] + c[1]) - c[0];
  return view;
}

double masked_median(const cv::Mat& values, const cv::Mat& mask) {
  std::vector<float> v;
  for (int r = 0; r < values.rows; ++r) {
    for (int c = 0; c < values.cols; ++c) {
      if (mask.at<std::uint8_t>(r, c)) v.push_back(values.at<float>(r, c));
    }
  }
  if (v.empty()) return 0;
  std::nth_element(v.begin(), v.begin() + v.size() / 2, v.end());
  return v[v.size() / 2];
}

// Correlation of the fine texture (luma minus its blur) of both epochs over a
// mask: near 1 when the same leaves changed colour, near 0 when a new surface
// replaced the old one.
double texture_correlation(const EpochView& b, const EpochView& a, const cv::Mat& mask) {
  auto high_pass = [](const cv::Mat& luma) {
    cv::Mat low;
    cv::GaussianBlur(luma, low, {0, 0}, 3.0);
    return cv::Mat(luma - low);
  };
  const cv::Mat hb = high_pass(b.luma), ha = high_pass(a.luma);
  cv::Scalar mb, sb, ma, sa;
  cv::meanStdDev(hb, mb, sb, mask);
  cv::meanStdDev(ha, ma, sa, mask);
  if (sb[0] < 1e-6 || sa[0] < 1e-6) return 0;
  cv::Mat product;
  cv::multiply(hb - mb[0], ha - ma[0], product);
  return cv::mean(product, mask)[0] / (sb[0] * sa[0]);
}

double mean_gradient(const cv::Mat& luma, const cv::Mat& mask) {
  cv::Mat gx, gy, magnitude;
  cv::Sobel(luma, gx, CV_32F, 1, 0);
  cv::Sobel(luma, gy, CV_32F, 0, 1);
  cv::magnitude(gx, gy, magnitude);
  return cv::mean(magnitude, mask)[0];
}

struct Evidence {
  double area_px = 0, rectangularity = 0, new_shadow = 0, old_shadow = 0;
  double gradient_before = 0, gradient_after = 0, contrast = 0;
};

ChangeKind classify(const Evidence& e) {
  // A shadow of at least 8 % of the roof area is what a wall of 2 m or more
  // casts on a building of 20 m2 or more at the sun elevations of flights.
  if (e.new_shadow > 0.08 && e.new_shadow >= e.old_shadow) return ChangeKind::new_structure;
  if (e.old_shadow > 0.08) return ChangeKind::demolition;
  // Without a shadow, only a clearly rectangular outline (an ellipse fills
  // 0.785 of its bounding box, a rough blob up to about 0.85) is a building:
  // smooth inside when new, rubble-textured inside when demolished.
  if (e.rectangularity > 0.9 && e.gradient_after < e.gradient_before)
    return ChangeKind::new_structure;
  if (e.rectangularity > 0.9 && e.gradient_before < e.gradient_after) return ChangeKind::demolition;
  return ChangeKind::earthworks;
}

// 0..1: how strong the colour change is (half), and how much it looks like
// the kind it was given (half: shadow and rectangular shape for buildings,
// a compact blob for earthworks).
double score_of(const Evidence& e, ChangeKind kind) {
  const double contrast = std::clamp((e.contrast - 1) / 2, 0.0, 1.0);
  double shape = 0;
  if (kind == ChangeKind::earthworks) {
    shape = std::clamp(e.rectangularity, 0.0, 1.0);
  } else {
    const double shadow = kind == ChangeKind::new_structure ? e.new_shadow : e.old_shadow;
    shape = 0.5 * std::clamp(shadow / 0.2, 0.0, 1.0) +
            0.5 * std::clamp((e.rectangularity - 0.5) / 0.45, 0.0, 1.0);
  }
  return std::round((0.5 * contrast + 0.5 * shape) * 1000) / 1000;
}

class Judge {
 public:
  Judge(const RasterSource& before, const RasterSource& after, const Alignment& alignment,
        const WorkGrid& grid, const ChangeOptions& options, const std::string& candidates_path)
      : before_(before),
        after_(after),
        alignment_(alignment),
        grid_(grid),
        options_(options),
        candidates_path_(candidates_path) {}

  // Regions found for one component (several when shadows split it), or
  // none; seasonal set when it was dropped as seasonal vegetation.
  std::vector<ChangeRegion> operator()(const Component& component, bool& seasonal) const {
    seasonal = false;
    const int margin = int(std::ceil(shadow_search_m / grid_.work_gsd_m));
    cv::Rect window(component.box.x - margin, component.box.y - margin,
                    component.box.width + 2 * margin, component.box.height + 2 * margin);
    window &= cv::Rect(0, 0, grid_.width, grid_.height);
    const double scale = std::min(1.0, max_window_px / std::max(window.width, window.height));
    const cv::Size size(std::max(1, int(window.width * scale)),
                        std::max(1, int(window.height * scale)));
    const PixelWindow work{window.x, window.y, window.width, window.height};
    const PixelWindow source = grid_.to_before(work);
    const EpochView b = describe(read_before(before_, source, size));
    const EpochView a = describe(read_aligned_after(after_, alignment_, source, size));

    cv::Mat candidates = read_mask_window(candidates_path_, work, size);
    cv::Mat component_mask(size, CV_8U, cv::Scalar(0));
    std::vector<cv::Point> ring;
    for (const auto& p : component.ring) {
      ring.emplace_back(int(std::lround((p.x - window.x) * scale)),
                        int(std::lround((p.y - window.y) * scale)));
    }
    cv::fillPoly(component_mask, std::vector<std::vector<cv::Point>>{ring}, cv::Scalar(255));
    cv::Mat mask = component_mask & candidates;

    // Shadows: darker than 0.6 x the surrounding unchanged ground in one epoch only.
    cv::Mat around;
    cv::dilate(mask, around,
               cv::getStructuringElement(cv::MORPH_ELLIPSE, {margin | 1, margin | 1}));
    around &= ~candidates;
    const double ground_b = masked_median(b.luma, around), ground_a = masked_median(a.luma, around);
    const double local_gsd = grid_.work_gsd_m / scale;
    cv::Mat new_shadow(size, CV_8U, cv::Scalar(0)), old_shadow = new_shadow.clone();
    if (local_gsd <= shadow_resolved_gsd_m) {
      const cv::Mat dark_b = b.luma < 0.6 * ground_b, dark_a = a.luma < 0.6 * ground_a;
      new_shadow = mask & dark_a & ~dark_b;
      old_shadow = mask & dark_b & ~dark_a;
    }
    cv::Mat body = mask & ~new_shadow & ~old_shadow;
    const int open_px = std::max(3, int(std::lround(0.6 / local_gsd)) | 1);
    cv::morphologyEx(body, body, cv::MORPH_OPEN,
                     cv::getStructuringElement(cv::MORPH_ELLIPSE, {open_px, open_px}));
    if (cv::countNonZero(body) == 0) return {};
    const cv::Mat difference = tolerant_difference(b.bgr, a.bgr);
    if (is_seasonal(b, a, body, difference > alignment_.threshold)) {
      seasonal = true;
      return {};
    }
    std::vector<std::vector<cv::Point>> contours;
    cv::findContours(body.clone(), contours, cv::RETR_EXTERNAL, cv::CHAIN_APPROX_SIMPLE);
    std::vector<ChangeRegion> regions;
    for (const auto& contour : contours) {
      cv::Mat part(size, CV_8U, cv::Scalar(0));
      cv::drawContours(part, std::vector<std::vector<cv::Point>>{contour}, 0, cv::Scalar(255),
                       cv::FILLED);
      part &= body;
      Evidence e;
      e.area_px = cv::countNonZero(part);
      const double area_m2 = e.area_px * local_gsd * local_gsd;
      if (area_m2 < options_.min_area_m2) continue;
      const cv::RotatedRect box = cv::minAreaRect(contour);
      e.rectangularity = std::min(1.0, e.area_px / std::max(1.0, double(box.size.area())));
      cv::Mat near;
      cv::dilate(part, near,
                 cv::getStructuringElement(cv::MORPH_ELLIPSE, {2 * margin + 1, 2 * margin + 1}));
      e.new_shadow = cv::countNonZero(near & new_shadow) / e.area_px;
      e.old_shadow = cv::countNonZero(near & old_shadow) / e.area_px;
      cv::Mat inner;
      cv::erode(part, inner, cv::getStructuringElement(cv::MORPH_RECT, {5, 5}));
      if (cv::countNonZero(inner) == 0) inner = part;
      e.gradient_before = mean_gradient(b.luma, inner);
      e.gradient_after = mean_gradient(a.luma, inner);
      e.contrast = cv::mean(difference, part)[0] / alignment_.threshold;
      ChangeRegion region;
      region.kind = classify(e);
      gis::log(gis::LogLevel::debug,
               std::string("change region: ") + to_string(region.kind) + " area_px " +
                   std::to_string(e.area_px) + " rect " + std::to_string(e.rectangularity) +
                   " new_shadow " + std::to_string(e.new_shadow) + " old_shadow " +
                   std::to_string(e.old_shadow) + " grad_b " + std::to_string(e.gradient_before) +
                   " grad_a " + std::to_string(e.gradient_after) + " contrast " +
                   std::to_string(e.contrast));
      region.score = score_of(e, region.kind);
      region.area_m2 = std::round(area_m2 * 100) / 100;
      std::vector<cv::Point> simple;
      cv::approxPolyDP(contour, simple, 1.0, true);  // within one working pixel
      for (const auto& p : simple) region.ring.push_back(to_map(work, scale, p));
      const cv::Rect r = cv::boundingRect(contour);
      region.window =
          grid_.to_before({work.x + int(r.x / scale), work.y + int(r.y / scale),
                           std::max(1, int(r.width / scale)), std::max(1, int(r.height / scale))});
      regions.push_back(std::move(region));
    }
    return regions;
  }

 private:
  // The same leaves in both epochs (green, yellow or brown) with the same
  // texture: a seasonal change, not a construction.
  // The leaves are counted among the body's pixels whose colour clearly
  // changed (above the threshold) when there are any: a region outlined by
  // superpixels also holds a rim of unchanged ground around a patch.
  static bool is_seasonal(const EpochView& b, const EpochView& a, const cv::Mat& body,
                          const cv::Mat& clearly_changed) {
    const cv::Mat green_b = b.excess_green > 20, green_a = a.excess_green > 20;
    const cv::Mat yellow_b = b.yellowness > 30, yellow_a = a.yellowness > 30;
    cv::Mat judged = body & clearly_changed;
    if (cv::countNonZero(judged) == 0) judged = body;
    const cv::Mat leaves =
        judged & ((green_b & (green_a | yellow_a)) | (green_a & (green_b | yellow_b)));
    const double fraction = double(cv::countNonZero(leaves)) / cv::countNonZero(judged);
    return fraction > 0.5 && texture_correlation(b, a, body) > 0.2;
  }

  cv::Point2d to_map(const PixelWindow& work, double scale, const cv::Point& p) const {
    return grid_.to_map(before_.geo_transform(),
                        {work.x + (p.x + 0.5) / scale, work.y + (p.y + 0.5) / scale});
  }

  const RasterSource& before_;
  const RasterSource& after_;
  const Alignment& alignment_;
  const WorkGrid& grid_;
  const ChangeOptions& options_;
  std::string candidates_path_;
};

}  // namespace

JudgedRegions judge_candidates(const RasterSource& before, const RasterSource& after,
                               const Alignment& alignment, const WorkGrid& grid,
                               const ChangeOptions& options, const std::string& candidates_path) {
  const std::vector<Component> components =
      polygonize_mask(candidates_path, options.min_area_m2 / (grid.work_gsd_m * grid.work_gsd_m));
  const Judge judge(before, after, alignment, grid, options, candidates_path);
  JudgedRegions judged;
  gis::Progress progress(components.size());
  struct Outcome {
    std::vector<ChangeRegion> regions;
    bool seasonal = false;
  };
  // All outcomes are held until the end: a few hundred bytes per region.
  std::vector<Outcome> outcomes = judge_in_reading_order<Outcome>(
      components, grid, options.threads,
      [&](const Component& component) {
        Outcome outcome;
        outcome.regions = judge(component, outcome.seasonal);
        return outcome;
      },
      [&] { progress.advance(); });
  for (auto& outcome : outcomes) {
    judged.seasonal += outcome.seasonal ? 1 : 0;
    for (auto& r : outcome.regions) judged.regions.push_back(std::move(r));
  }
  return judged;
}

}  // namespace envgrid::imagery::detail
