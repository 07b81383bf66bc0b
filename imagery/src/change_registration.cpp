// Co-registration and radiometric normalization of two epochs, estimated on
// a 3 x 3 grid of sample windows spread over their overlap.

#include <algorithm>
#include <cmath>
#include <iomanip>
#include <sstream>

#include <opencv2/imgproc.hpp>

#include "change_internal.hpp"
#include "envgrid/gis/error.hpp"
#include "envgrid/gis/log.hpp"

namespace envgrid::imagery::detail {
namespace {

constexpr int sample_side = 3;         // 3 x 3 sample windows
constexpr int sample_px = 512;         // full-resolution side of a sample window
constexpr double min_response = 0.02;  // phase-correlation peak below this is noise
// An affine fit that moves a corner of the overlap by more than this beyond
// the shift is applied: a pixel of misregistration is what the tolerant
// difference (3 x 3 neighbourhood) absorbs.
constexpr double affine_min_px = 1.0;
// A registration is applied only when it is trustworthy and helps: at least
// two thirds of the samples' shifts within agreement_px of their median, a
// shift of at most max_shift_fraction of the overlap's shorter side (a real
// ortho pair is off by a few metres, not a tenth of the scene), and the
// samples' misfit (1 - normalized cross-correlation) lower by min_improvement
// than with the pair as given. Otherwise the pair is kept as it is.
constexpr double agreement_px = 1.0;
constexpr double max_shift_fraction = 0.05;
constexpr double min_improvement = 0.1;

double median(std::vector<double> v) {
  if (v.empty()) return 0;
  std::nth_element(v.begin(), v.begin() + v.size() / 2, v.end());
  return v[v.size() / 2];
}

void require_compatible(const RasterSource& before, const RasterSource& after) {
  const std::string both = before.path() + " and " + after.path();
  if (before.pixel_space() != after.pixel_space()) {
    gis::throw_input_error("one epoch is georeferenced and the other is not (--gsd)",
                           {.dataset = both});
  }
  if (!before.pixel_space()) {
    OGRSpatialReference a, b;
    a.importFromWkt(before.crs_wkt().c_str());
    b.importFromWkt(after.crs_wkt().c_str());
    if (!a.IsSame(&b)) {
      gis::throw_input_error(
          "the epochs are in different CRSs; warp one onto the other first "
          "(gdalwarp -t_srs ... -tr ...)",
          {.dataset = both});
    }
  }
  const auto& gb = before.geo_transform();
  const auto& ga = after.geo_transform();
  // 1 %: over a 512-pixel tile this is under 3 pixels of scale error, which
  // the tolerant difference and the object judgement absorb; beyond it the
  // user must resample.
  if (std::abs(ga[1] / gb[1] - 1) > 0.01 || std::abs(ga[5] / gb[5] - 1) > 0.01) {
    gis::throw_input_error("the epochs have different pixel sizes (" + std::to_string(gb[1]) +
                               " and " + std::to_string(ga[1]) +
                               " map units); resample one onto the other first (gdalwarp -tr)",
                           {.dataset = both});
  }
}

cv::Mat to_grey_float(const cv::Mat& bgr) {
  cv::Mat grey, out;
  cv::cvtColor(bgr, grey, cv::COLOR_BGR2GRAY);
  grey.convertTo(out, CV_32F);
  return out;
}

cv::Point2d map_point(const cv::Matx23d& m, double x, double y) {
  return {m(0, 0) * x + m(0, 1) * y + m(0, 2), m(1, 0) * x + m(1, 1) * y + m(1, 2)};
}

// Fits an affine from features; applies it when it is more than a shift
// (affine_needed), with its shift at the centre as the offset.
void use_affine_when_more_than_a_shift(const RasterSource& before, const RasterSource& after,
                                       Alignment& alignment) {
  alignment.affine = fit_affine(before, after, alignment);
  if (!alignment.affine || !affine_needed(*alignment.affine, alignment.overlap, affine_min_px))
    return;
  const PixelWindow& o = alignment.overlap;
  const cv::Point2d centre(o.x + o.width / 2.0, o.y + o.height / 2.0);
  const cv::Matx23d& m = alignment.affine->after_from_before;
  alignment.after_from_before = m;
  alignment.after_offset_px = map_point(m, centre.x, centre.y) - centre;
}

// The applied affine refined by the samples' residual shifts (sub-pixel
// phase correlation at nine known places): a least-squares affine through
// them is added to the map. The feature fit is limited by keypoint
// positions (about a pixel); the samples are good to about 0.1 px.
// Returns false when fewer than 6 samples had a clear peak.
bool refine_affine(Alignment& alignment, const std::vector<cv::Point2d>& centres,
                   const std::vector<double>& shift_x, const std::vector<double>& shift_y) {
  const int n = int(centres.size());
  if (n < 6) return false;
  cv::Mat design(n, 3, CV_64F), dx(n, 1, CV_64F), dy(n, 1, CV_64F);
  for (int i = 0; i < n; ++i) {
    design.at<double>(i, 0) = 1;
    design.at<double>(i, 1) = centres[i].x;
    design.at<double>(i, 2) = centres[i].y;
    dx.at<double>(i) = shift_x[i];
    dy.at<double>(i) = shift_y[i];
  }
  cv::Mat cx, cy;
  if (!cv::solve(design, dx, cx, cv::DECOMP_SVD) || !cv::solve(design, dy, cy, cv::DECOMP_SVD))
    return false;
  cv::Matx23d& m = *alignment.after_from_before;
  m(0, 2) += cx.at<double>(0), m(0, 0) += cx.at<double>(1), m(0, 1) += cx.at<double>(2);
  m(1, 2) += cy.at<double>(0), m(1, 0) += cy.at<double>(1), m(1, 1) += cy.at<double>(2);
  const PixelWindow& o = alignment.overlap;
  const cv::Point2d centre(o.x + o.width / 2.0, o.y + o.height / 2.0);
  alignment.after_offset_px = map_point(m, centre.x, centre.y) - centre;
  alignment.affine->after_from_before = m;  // the report gives the refined map
  return true;
}

}  // namespace

cv::Vec3f Alignment::after_clip() const {
  constexpr double clipped_dn = 240;
  cv::Vec3f clip;
  for (int k = 0; k < 3; ++k) clip[k] = float(clipped_dn * gain[k] + bias[k]);
  return clip;
}

cv::Mat read_before(const RasterSource& before, const PixelWindow& window, cv::Size out) {
  cv::Mat bgr = before.read_bgr(window, out.width, out.height), result;
  bgr.convertTo(result, CV_32FC3);
  return result;
}

namespace {

// The after window covering the affine image of the before window, read at
// the output's scale and warped onto the before window's pixels.
cv::Mat read_affine_after(const RasterSource& after, const cv::Matx23d& m,
                          const PixelWindow& before_window, cv::Size out) {
  double x0 = 1e300, y0 = 1e300, x1 = -1e300, y1 = -1e300;
  for (const int dx : {0, before_window.width}) {
    for (const int dy : {0, before_window.height}) {
      const cv::Point2d q = map_point(m, before_window.x + dx, before_window.y + dy);
      x0 = std::min(x0, q.x), y0 = std::min(y0, q.y), x1 = std::max(x1, q.x),
      y1 = std::max(y1, q.y);
    }
  }
  const PixelWindow window{int(std::floor(x0)) - 1, int(std::floor(y0)) - 1,
                           int(std::ceil(x1)) - int(std::floor(x0)) + 2,
                           int(std::ceil(y1)) - int(std::floor(y0)) + 2};
  const double scale_x = double(out.width) / before_window.width;
  const double scale_y = double(out.height) / before_window.height;
  const int read_w = std::max(1, int(std::lround(window.width * scale_x)));
  const int read_h = std::max(1, int(std::lround(window.height * scale_y)));
  const double read_x = double(read_w) / window.width, read_y = double(read_h) / window.height;
  const cv::Mat bgr = after.read_bgr(window, read_w, read_h);
  // Output pixel (u, v) -> before pixel -> after pixel -> read pixel.
  const double bx = before_window.x, by = before_window.y;
  const cv::Mat to_source =
      (cv::Mat_<double>(2, 3) << read_x * m(0, 0) / scale_x, read_x * m(0, 1) / scale_y,
       read_x * (m(0, 0) * bx + m(0, 1) * by + m(0, 2) - window.x), read_y * m(1, 0) / scale_x,
       read_y * m(1, 1) / scale_y, read_y * (m(1, 0) * bx + m(1, 1) * by + m(1, 2) - window.y));
  cv::Mat warped;
  cv::warpAffine(bgr, warped, to_source, out, cv::INTER_LINEAR | cv::WARP_INVERSE_MAP,
                 cv::BORDER_REPLICATE);
  return warped;
}

cv::Mat read_shifted_after(const RasterSource& after, const cv::Point2d& offset,
                           const PixelWindow& before_window, cv::Size out) {
  // Integer part through GDAL; the sub-pixel rest by resampling the tile.
  const double ox = offset.x, oy = offset.y;
  const int ix = int(std::floor(ox)), iy = int(std::floor(oy));
  const double fx = ox - ix, fy = oy - iy;
  const PixelWindow window{before_window.x + ix, before_window.y + iy, before_window.width + 1,
                           before_window.height + 1};
  const double scale_x = double(out.width) / before_window.width;
  const double scale_y = double(out.height) / before_window.height;
  const cv::Size read_size(int(std::lround(window.width * scale_x)),
                           int(std::lround(window.height * scale_y)));
  cv::Mat bgr = after.read_bgr(window, read_size.width, read_size.height);
  cv::Mat shifted;
  const cv::Mat move = (cv::Mat_<double>(2, 3) << 1, 0, -fx * scale_x, 0, 1, -fy * scale_y);
  cv::warpAffine(bgr, shifted, move, out, cv::INTER_LINEAR, cv::BORDER_REPLICATE);
  return shifted;
}

}  // namespace

cv::Mat read_aligned_after(const RasterSource& after, const Alignment& alignment,
                           const PixelWindow& before_window, cv::Size out) {
  const cv::Mat bgr =
      alignment.after_from_before
          ? read_affine_after(after, *alignment.after_from_before, before_window, out)
          : read_shifted_after(after, alignment.after_offset_px, before_window, out);
  // after * gain + bias per band in one pass (no per-band images), fused
  // as OpenCV's convertTo computes it (v_fma), so the values are the same.
  cv::Mat result(bgr.size(), CV_32FC3);
  const cv::Vec3f gain(alignment.gain), bias(alignment.bias);
  for (int r = 0; r < bgr.rows; ++r) {
    const auto* in = bgr.ptr<cv::Vec3b>(r);
    auto* normalized = result.ptr<cv::Vec3f>(r);
    for (int c = 0; c < bgr.cols; ++c) {
      for (int k = 0; k < 3; ++k) normalized[c][k] = std::fma(float(in[c][k]), gain[k], bias[k]);
    }
  }
  return result;
}

namespace {

// Euclidean distance of x outside the per-band range [low, high]. The same
// float operations in the same order as OpenCV's per-image arithmetic.
float distance_outside(const cv::Vec3f& x, const cv::Vec3f& low, const cv::Vec3f& high) {
  float squares[3];
  for (int k = 0; k < 3; ++k) {
    const float d = std::max(low[k] - x[k], 0.0f) + std::max(x[k] - high[k], 0.0f);
    squares[k] = d * d;
  }
  return std::sqrt(squares[0] + squares[1] + squares[2]);
}

// The per-band minimum and maximum of one row over three columns (the edge
// columns replicated), into low and high (cols x 3 floats each).
void row_range(const cv::Vec3f* row, int cols, cv::Vec3f* low, cv::Vec3f* high) {
  for (int c = 0; c < cols; ++c) {
    const cv::Vec3f& left = row[std::max(c - 1, 0)];
    const cv::Vec3f& right = row[std::min(c + 1, cols - 1)];
    for (int k = 0; k < 3; ++k) {
      low[c][k] = std::min({left[k], row[c][k], right[k]});
      high[c][k] = std::max({left[k], row[c][k], right[k]});
    }
  }
}

// The 3 x 3 range (erosion and dilation by a 3 x 3 square, borders
// replicated) of one image, row by row: the row ranges of three rows kept in
// a ring, so no image-sized temporary is made.
class NeighbourhoodRange {
 public:
  explicit NeighbourhoodRange(const cv::Mat& image)
      : image_(image), rows_(3 * 2, std::vector<cv::Vec3f>(std::size_t(image.cols))) {}
  // The range of row r; REQUIRES: called for r = 0, 1, 2 ... in turn.
  void at(int r, std::vector<cv::Vec3f>& low, std::vector<cv::Vec3f>& high) {
    const int last = image_.rows - 1;
    if (r == 0) {
      load(0);
      load(std::min(1, last));
    } else if (r + 1 <= last) {
      load(r + 1);
    }
    const int above = std::max(r - 1, 0), below = std::min(r + 1, last);
    const auto &la = low_of(above), &lr = low_of(r), &lb = low_of(below);
    const auto &ha = high_of(above), &hr = high_of(r), &hb = high_of(below);
    for (std::size_t c = 0; c < low.size(); ++c) {
      for (int k = 0; k < 3; ++k) {
        low[c][k] = std::min({la[c][k], lr[c][k], lb[c][k]});
        high[c][k] = std::max({ha[c][k], hr[c][k], hb[c][k]});
      }
    }
  }

 private:
  void load(int r) {
    row_range(image_.ptr<cv::Vec3f>(r), image_.cols, low_of(r).data(), high_of(r).data());
  }
  std::vector<cv::Vec3f>& low_of(int r) { return rows_[std::size_t(2 * (r % 3))]; }
  std::vector<cv::Vec3f>& high_of(int r) { return rows_[std::size_t(2 * (r % 3) + 1)]; }

  const cv::Mat& image_;
  std::vector<std::vector<cv::Vec3f>> rows_;  // low and high of rows r % 3 = 0, 1, 2
};

}  // namespace

// One pass over the pixels with no image-sized temporaries: at gigapixel
// sizes the dozen tile-sized float images of an image-by-image formulation
// (and later the four erosions and dilations) cost more in allocation, page
// faults and memory traffic than the arithmetic. The same values as
// cv::erode / cv::dilate with a 3 x 3 square and replicated borders.
cv::Mat tolerant_difference(const cv::Mat& before, const cv::Mat& after) {
  CV_Assert(before.type() == CV_32FC3 && after.type() == CV_32FC3 && before.size() == after.size());
  cv::Mat out(before.size(), CV_32F);
  NeighbourhoodRange before_range(before), after_range(after);
  const std::size_t cols = std::size_t(before.cols);
  std::vector<cv::Vec3f> bl(cols), bh(cols), al(cols), ah(cols);
  for (int r = 0; r < before.rows; ++r) {
    before_range.at(r, bl, bh);
    after_range.at(r, al, ah);
    const auto* b = before.ptr<cv::Vec3f>(r);
    const auto* a = after.ptr<cv::Vec3f>(r);
    auto* o = out.ptr<float>(r);
    for (std::size_t c = 0; c < cols; ++c) {
      o[c] = std::min(distance_outside(a[c], bl[c], bh[c]), distance_outside(b[c], al[c], ah[c]));
    }
  }
  return out;
}

namespace {

// 1 - normalized cross-correlation of two grey images over their interior
// (a tenth of the side left out: the border replicated by a shifted read).
double misfit(const cv::Mat& before_grey, const cv::Mat& after_grey) {
  const int mx = before_grey.cols / 10, my = before_grey.rows / 10;
  const cv::Rect inner(mx, my, before_grey.cols - 2 * mx, before_grey.rows - 2 * my);
  cv::Mat result;
  cv::matchTemplate(before_grey(inner), after_grey(inner), result, cv::TM_CCOEFF_NORMED);
  return 1 - double(result.at<float>(0, 0));
}

// Total misfit of the samples with `after` read under an alignment.
double total_misfit(const RasterSource& before, const RasterSource& after,
                    const std::vector<PixelWindow>& samples, const Alignment& alignment) {
  double total = 0;
  for (const auto& window : samples) {
    const cv::Size size(window.width, window.height);
    cv::Mat a8;
    read_aligned_after(after, alignment, window, size).convertTo(a8, CV_8UC3);
    total +=
        misfit(to_grey_float(before.read_bgr(window, size.width, size.height)), to_grey_float(a8));
  }
  return total;
}

std::string fixed(double value, int digits) {
  std::ostringstream out;
  out << std::fixed << std::setprecision(digits) << value;
  return out.str();
}

// Why the samples' shifts do not make a trustworthy registration, or empty:
// too few clear correlation peaks, or peaks that disagree with each other.
std::string untrustworthy_shifts(const std::vector<double>& shift_x,
                                 const std::vector<double>& shift_y, std::size_t sample_count) {
  if (shift_x.size() * 2 < sample_count) {
    return "only " + std::to_string(shift_x.size()) + " of " + std::to_string(sample_count) +
           " samples had a clear correlation peak";
  }
  const double mx = median(shift_x), my = median(shift_y);
  std::size_t agreeing = 0;
  for (std::size_t i = 0; i < shift_x.size(); ++i)
    agreeing += std::hypot(shift_x[i] - mx, shift_y[i] - my) <= agreement_px ? 1 : 0;
  if (agreeing * 3 < shift_x.size() * 2) {
    return "the samples' shifts disagree (" + std::to_string(agreeing) + " of " +
           std::to_string(shift_x.size()) + " within " + fixed(agreement_px, 0) +
           " px of their median)";
  }
  return {};
}

// The overlap without the before pixels whose after pixel (and its right
// and lower neighbours, for the sub-pixel resampling) falls outside the after
// image: read there, the after epoch is black, which is a change. Each side
// moves in by how far its two corners map outside (an affine maps a side to
// a straight line, so the corners are its extremes), plus a pixel.
void clip_overlap_to_after(const RasterSource& after, Alignment& alignment) {
  PixelWindow& o = alignment.overlap;
  const auto map = [&](double x, double y) {
    return alignment.after_from_before ? map_point(*alignment.after_from_before, x, y)
                                       : cv::Point2d(x, y) + alignment.after_offset_px;
  };
  const double x0 = o.x, y0 = o.y, x1 = o.x + o.width - 1, y1 = o.y + o.height - 1;
  const double last_x = after.width() - 2, last_y = after.height() - 2;
  const auto beyond = [](double value, double limit) { return std::max(0.0, value - limit); };
  const int left = int(std::ceil(std::max(beyond(0, map(x0, y0).x), beyond(0, map(x0, y1).x))));
  const int top = int(std::ceil(std::max(beyond(0, map(x0, y0).y), beyond(0, map(x1, y0).y))));
  const int right =
      int(std::ceil(std::max(beyond(map(x1, y0).x, last_x), beyond(map(x1, y1).x, last_x))));
  const int bottom =
      int(std::ceil(std::max(beyond(map(x0, y1).y, last_y), beyond(map(x1, y1).y, last_y))));
  const PixelWindow clipped{o.x + left, o.y + top, o.width - left - right, o.height - top - bottom};
  if (clipped.width >= 32 && clipped.height >= 32) o = clipped;
}

}  // namespace

void keep_registration_only_when_it_helps(const RasterSource& before, const RasterSource& after,
                                          const std::vector<PixelWindow>& samples,
                                          const cv::Point2d& geo_offset,
                                          const std::vector<double>& shift_x,
                                          const std::vector<double>& shift_y,
                                          Alignment& alignment) {
  Alignment as_given = alignment;
  as_given.after_from_before.reset();
  as_given.after_offset_px = geo_offset;
  alignment.proposed_residual_px = alignment.after_offset_px - geo_offset;
  const double moved =
      std::hypot(alignment.proposed_residual_px.x, alignment.proposed_residual_px.y);
  if (moved < 1e-9 && !alignment.after_from_before) return;
  const double cap =
      max_shift_fraction * std::min(alignment.overlap.width, alignment.overlap.height);
  std::string reason;
  if (!alignment.after_from_before) reason = untrustworthy_shifts(shift_x, shift_y, samples.size());
  if (reason.empty() && moved > cap) {
    reason = "the shift (" + fixed(moved, 1) + " px) exceeds " +
             fixed(100 * max_shift_fraction, 0) + " % of the overlap (" + fixed(cap, 1) + " px)";
  }
  if (reason.empty()) {
    const double kept = total_misfit(before, after, samples, as_given);
    const double registered = total_misfit(before, after, samples, alignment);
    if (!(registered < (1 - min_improvement) * kept)) {
      reason = "it does not fit the before epoch better than the pair as given (misfit " +
               fixed(registered / double(samples.size()), 3) + " against " +
               fixed(kept / double(samples.size()), 3) + ", " + fixed(100 * min_improvement, 0) +
               " % better needed)";
    }
  }
  if (reason.empty()) return;
  alignment.registration_kept_because = reason;
  alignment.after_from_before.reset();
  alignment.after_offset_px = geo_offset;
}

Alignment estimate_alignment(const RasterSource& before, const RasterSource& after, int factor,
                             int) {
  require_compatible(before, after);
  const auto& gb = before.geo_transform();
  const auto& ga = after.geo_transform();
  Alignment alignment;
  const cv::Point2d geo_offset((gb[0] - ga[0]) / ga[1], (gb[3] - ga[3]) / ga[5]);
  // The overlap in before pixels.
  const double x0 = std::max(0.0, -geo_offset.x), y0 = std::max(0.0, -geo_offset.y);
  const double x1 = std::min<double>(before.width(), after.width() - geo_offset.x);
  const double y1 = std::min<double>(before.height(), after.height() - geo_offset.y);
  if (x1 - x0 < 32 || y1 - y0 < 32) {
    const double gap_px = std::hypot(std::max(0.0, x0 - x1), std::max(0.0, y0 - y1));
    const std::string how =
        gap_px > 0
            ? "the epochs do not overlap on the ground: their footprints are " +
                  fixed(gap_px * before.gsd_m(), 1) + " m apart"
            : "the epochs overlap by less than 32 pixels (" +
                  fixed(std::max(0.0, std::min(x1 - x0, y1 - y0)) * before.gsd_m(), 1) + " m)";
    gis::throw_input_error(how, {.dataset = before.path() + " and " + after.path()});
  }
  alignment.overlap = {int(std::ceil(x0)), int(std::ceil(y0)), int(x1 - std::ceil(x0)),
                       int(y1 - std::ceil(y0))};
  alignment.after_offset_px = geo_offset;
  use_affine_when_more_than_a_shift(before, after, alignment);

  // Residual shift: the median of the phase-correlation shifts of the samples.
  const int side = std::min({sample_px, alignment.overlap.width, alignment.overlap.height});
  std::vector<PixelWindow> samples;
  for (int j = 0; j < sample_side; ++j) {
    for (int i = 0; i < sample_side; ++i) {
      samples.push_back(
          {alignment.overlap.x + (alignment.overlap.width - side) * (2 * i + 1) / (2 * sample_side),
           alignment.overlap.y +
               (alignment.overlap.height - side) * (2 * j + 1) / (2 * sample_side),
           side, side});
    }
  }
  std::vector<double> shift_x, shift_y;
  std::vector<cv::Point2d> centres;  // of the samples with a clear peak
  std::vector<cv::Mat> before_samples, after_samples;
  for (const auto& window : samples) {
    cv::Mat b = before.read_bgr(window, side, side);
    cv::Mat a = read_aligned_after(after, alignment, window, {side, side});
    cv::Mat a8;
    a.convertTo(a8, CV_8UC3);
    cv::Mat hann;
    cv::createHanningWindow(hann, {side, side}, CV_32F);
    double response = 0;
    const cv::Point2d shift =
        cv::phaseCorrelate(to_grey_float(b), to_grey_float(a8), hann, &response);
    if (response > min_response) {
      shift_x.push_back(shift.x);
      shift_y.push_back(shift.y);
      centres.emplace_back(window.x + side / 2.0, window.y + side / 2.0);
    }
    before_samples.push_back(b);
    after_samples.push_back(a8);
  }
  if (!alignment.after_from_before || !refine_affine(alignment, centres, shift_x, shift_y)) {
    const cv::Point2d residual(median(shift_x), median(shift_y));
    alignment.after_offset_px += residual;
    if (alignment.after_from_before) {
      (*alignment.after_from_before)(0, 2) += residual.x;
      (*alignment.after_from_before)(1, 2) += residual.y;
    }
  }
  keep_registration_only_when_it_helps(before, after, samples, geo_offset, shift_x, shift_y,
                                       alignment);
  alignment.residual_px = alignment.after_offset_px - geo_offset;
  clip_overlap_to_after(after, alignment);

  // Radiometry: per-band gain and bias matching the after samples' mean and
  // standard deviation to the before samples' (re-read with the shift removed).
  cv::Mat all_before, all_after;
  for (std::size_t s = 0; s < samples.size(); ++s) {
    cv::Mat a = read_aligned_after(after, alignment, samples[s], {side, side}), a8;
    a.convertTo(a8, CV_8UC3);
    all_before.push_back(before_samples[s].reshape(3, side * side));
    all_after.push_back(a8.reshape(3, side * side));
  }
  cv::Scalar mean_b, std_b, mean_a, std_a;
  cv::meanStdDev(all_before, mean_b, std_b);
  cv::meanStdDev(all_after, mean_a, std_a);
  for (int k = 0; k < 3; ++k) {
    alignment.gain[k] = std_a[k] > 1 ? std_b[k] / std_a[k] : 1.0;
    alignment.bias[k] = mean_b[k] - alignment.gain[k] * mean_a[k];
  }

  // Threshold: far in the tail of the difference of unchanged ground. Most of
  // a sample is unchanged, so its median and MAD describe noise; 8 MADs keeps
  // noise out, and 20 digital numbers is the floor for very clean pairs.
  std::vector<double> differences;
  std::vector<RegionCues> cues;
  for (std::size_t s = 0; s < samples.size(); ++s) {
    const cv::Size work(side / factor, side / factor);
    cv::Mat b = read_before(before, samples[s], work),
            a = read_aligned_after(after, alignment, samples[s], work);
    cv::GaussianBlur(b, b, {0, 0}, 1.0);
    cv::GaussianBlur(a, a, {0, 0}, 1.0);
    cv::Mat d = tolerant_difference(b, a);
    cues.push_back(region_cues(b, a, alignment.after_clip()));
    for (int r = 0; r < d.rows; r += 2) {
      for (int c = 0; c < d.cols; c += 2) differences.push_back(d.at<float>(r, c));
    }
  }
  const double mid = median(differences);
  std::vector<double> deviations;
  deviations.reserve(differences.size());
  for (double d : differences) deviations.push_back(std::abs(d - mid));
  alignment.threshold = std::max(20.0, mid + 8 * 1.4826 * median(deviations));
  alignment.region_scales = measure_cue_scales(cues);
  return alignment;
}

}  // namespace envgrid::imagery::detail
