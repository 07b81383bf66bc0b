// Affine co-registration of two epochs from matched features: an
// orthomosaic made with a slightly different camera model or ground control
// can differ from the other epoch by a small rotation or scale, which a
// single shift leaves as up to metres of misregistration at the edges.

#include <algorithm>
#include <cmath>
#include <future>

#include <opencv2/calib3d.hpp>
#include <opencv2/features2d.hpp>
#include <opencv2/imgproc.hpp>

#include "change_internal.hpp"

namespace envgrid::imagery::detail {
namespace {

constexpr int overview_px = 1536;    // overview side: enough features, quick
constexpr int orb_keypoints = 5000;  // ORB keypoints per epoch
constexpr double lowe_ratio = 0.8;   // Lowe's ratio test on the two best matches
constexpr double ransac_px = 2.0;    // inlier distance on the overview
constexpr int min_inliers = 12;      // fewer: the fit is not trusted
// The affine must explain the matches this much better than a shift (rms):
// on a pair that differs by a shift, both fit the feature noise alike (ratio
// about 1); a 0.5 degree turn leaves a shift several times the affine's rms.
constexpr double better_than_shift = 1.5;

cv::Mat grey(const cv::Mat& bgr) {
  cv::Mat out;
  cv::cvtColor(bgr, out, cv::COLOR_BGR2GRAY);
  return out;
}

cv::Point2d apply(const cv::Matx23d& m, cv::Point2d p) {
  return {m(0, 0) * p.x + m(0, 1) * p.y + m(0, 2), m(1, 0) * p.x + m(1, 1) * p.y + m(1, 2)};
}

}  // namespace

std::optional<AffineFit> fit_affine(const RasterSource& before, const RasterSource& after,
                                    const Alignment& alignment) {
  const PixelWindow& b_window = alignment.overlap;
  const double scale =
      std::min(1.0, double(overview_px) / std::max(b_window.width, b_window.height));
  const int w = std::max(32, int(b_window.width * scale)),
            h = std::max(32, int(b_window.height * scale));
  const cv::Point a_origin(int(std::lround(b_window.x + alignment.after_offset_px.x)),
                           int(std::lround(b_window.y + alignment.after_offset_px.y)));
  const PixelWindow a_window{a_origin.x, a_origin.y, b_window.width, b_window.height};
  // Without overviews in the file each overview read decodes the whole
  // epoch: both are read at once, on two threads.
  auto after_read =
      std::async(std::launch::async, [&] { return grey(after.read_bgr(a_window, w, h)); });
  const cv::Mat b = grey(before.read_bgr(b_window, w, h));
  const cv::Mat a = after_read.get();

  auto orb = cv::ORB::create(orb_keypoints);
  std::vector<cv::KeyPoint> b_points, a_points;
  cv::Mat b_descriptors, a_descriptors;
  orb->detectAndCompute(b, cv::noArray(), b_points, b_descriptors);
  orb->detectAndCompute(a, cv::noArray(), a_points, a_descriptors);
  if (b_descriptors.empty() || a_descriptors.empty()) return std::nullopt;
  cv::BFMatcher matcher(cv::NORM_HAMMING);
  std::vector<std::vector<cv::DMatch>> pairs;
  matcher.knnMatch(b_descriptors, a_descriptors, pairs, 2);
  std::vector<cv::Point2f> from, to;
  for (const auto& pair : pairs) {
    if (pair.size() < 2 || pair[0].distance >= lowe_ratio * pair[1].distance) continue;
    from.push_back(b_points[pair[0].queryIdx].pt);
    to.push_back(a_points[pair[0].trainIdx].pt);
  }
  if (int(from.size()) < min_inliers) return std::nullopt;
  std::vector<uchar> inlier;
  const cv::Mat fit = cv::estimateAffine2D(from, to, inlier, cv::RANSAC, ransac_px, 2000, 0.995);
  const int inliers = int(std::count(inlier.begin(), inlier.end(), 1));
  if (fit.empty() || inliers < min_inliers) return std::nullopt;

  // Overview pixels to full resolution: before = b0 + o / s, after = a0 + o / s.
  const cv::Matx23d m(fit);
  AffineFit out;
  out.inliers = inliers;
  for (int r = 0; r < 2; ++r) {
    out.after_from_before(r, 0) = m(r, 0);
    out.after_from_before(r, 1) = m(r, 1);
  }
  const cv::Point2d b0(b_window.x, b_window.y), a0(a_origin.x, a_origin.y);
  out.after_from_before(0, 2) = a0.x + m(0, 2) / scale - (m(0, 0) * b0.x + m(0, 1) * b0.y);
  out.after_from_before(1, 2) = a0.y + m(1, 2) / scale - (m(1, 0) * b0.x + m(1, 1) * b0.y);
  std::vector<cv::Point2d> ps, qs;
  cv::Point2d mean_shift;
  for (std::size_t i = 0; i < from.size(); ++i) {
    if (!inlier[i]) continue;
    ps.push_back(b0 + cv::Point2d(from[i]) / scale);
    qs.push_back(a0 + cv::Point2d(to[i]) / scale);
    mean_shift += (qs.back() - ps.back()) / inliers;
  }
  double affine_squared = 0, shift_squared = 0;
  for (std::size_t i = 0; i < ps.size(); ++i) {
    const cv::Point2d d = apply(out.after_from_before, ps[i]) - qs[i];
    const cv::Point2d e = ps[i] + mean_shift - qs[i];
    affine_squared += d.dot(d);
    shift_squared += e.dot(e);
  }
  out.rms_px = std::sqrt(affine_squared / inliers);
  out.shift_rms_px = std::sqrt(shift_squared / inliers);
  return out;
}

bool affine_needed(const AffineFit& fit, const PixelWindow& overlap, double min_px) {
  const cv::Point2d centre(overlap.x + overlap.width / 2.0, overlap.y + overlap.height / 2.0);
  const cv::Point2d centre_shift = apply(fit.after_from_before, centre) - centre;
  return fit.shift_rms_px > better_than_shift * fit.rms_px &&
         affine_departure_px(fit.after_from_before, centre_shift, overlap) > min_px;
}

double affine_departure_px(const cv::Matx23d& after_from_before, const cv::Point2d& shift_px,
                           const PixelWindow& overlap) {
  double largest = 0;
  for (const double x : {double(overlap.x), double(overlap.x + overlap.width)}) {
    for (const double y : {double(overlap.y), double(overlap.y + overlap.height)}) {
      const cv::Point2d d = apply(after_from_before, {x, y}) - (cv::Point2d(x, y) + shift_px);
      largest = std::max(largest, std::hypot(d.x, d.y));
    }
  }
  return largest;
}

}  // namespace envgrid::imagery::detail
