#include "outfall_water.hpp"

#include <gdal_priv.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

#include <opencv2/imgproc.hpp>

#include "disc_morphology.hpp"
#include "envgrid/gis/error.hpp"
#include "envgrid/gis/log.hpp"

namespace envgrid::imagery::detail {
namespace {

constexpr double z_floor_dn = 2;  // colour difference added to the spread: JPEG noise
constexpr double z_floor_kelvin =
    0.3;                             // radiometric thermal cameras resolve about 0.1 K; 0.3 is safe
constexpr double warm_kelvin = 1.0;  // a warm plume is at least this much warmer than the water
// Fine texture (fine_texture) of water, rocks seen through it included;
// grass, trees, gravel and dry rock measure 8-12 at 2 cm.
constexpr double roughest_water = 5;
// At coarser pixels than fine_texture_max_gsd_m (outfall_water.hpp) open water
// is told by its luma varying by less than smooth_dn over 2 m.
constexpr double smooth_dn = 6;
// Water brighter than this (Lab L*, 0-255) is rare; concrete, roofs and
// sunlit asphalt are smooth and bright.
constexpr double brightest_water_l = 150;
// Darker than shadow_l and bluer than shadow_blue (Lab b* below neutral):
// a shadow on land, lit by the blue sky alone.
constexpr double shadow_l = 80;
constexpr double shadow_blue = 8;
constexpr double speck_m = 1.0;  // smooth specks in rough land under this size are no water
constexpr double rock_closing_m =
    1.5;  // rocks and glints under this size are closed into the water
constexpr double min_water_area_m2 = 20;    // smaller smooth patches are puddles or shadows
constexpr double background_sigma_m = 2.5;  // the local water a plume departs from
constexpr int min_water_px = 200;           // fewer water pixels: no statistics in this window

cv::Mat water_from_layer(const OutfallOptions& options, const WorkGrid& grid,
                         const PixelWindow& work, const GeoTransform& gt) {
  cv::Mat water(work.height, work.width, CV_8U, cv::Scalar(0));
  std::vector<std::vector<cv::Point>> polygons;
  for (const auto& ring : options.water_rings) {
    std::vector<cv::Point> points;
    for (const auto& p : ring) {
      const double col = ((p.x - gt[0]) / gt[1] - grid.overlap.x) / grid.factor - work.x;
      const double row = ((p.y - gt[3]) / gt[5] - grid.overlap.y) / grid.factor - work.y;
      points.emplace_back(int(std::lround(col * 16)), int(std::lround(row * 16)));
    }
    polygons.push_back(std::move(points));
  }
  cv::fillPoly(water, polygons, cv::Scalar(255), cv::LINE_8, 4);
  const int buffer_px = int(std::lround(options.water_buffer_m / grid.work_gsd_m));
  if (buffer_px > 0) {
    cv::dilate(
        water, water,
        cv::getStructuringElement(cv::MORPH_ELLIPSE, {2 * buffer_px + 1, 2 * buffer_px + 1}));
  }
  return water;
}

// 255 where the variance of grey over k x k pixels (borders reflected,
// BORDER_REFLECT_101) is below `variance`, else 0. The means are the values
// cv::boxFilter gives on the grey values as floats (their sums are exact in
// its double accumulators, then scaled in double), and the test is the same
// float arithmetic, but from exact integer sums slid down and across in one
// pass: five times faster than two float box filters, and no image-sized
// float temporaries.
cv::Mat low_variance(const cv::Mat& grey, int k, float variance) {
  const int r = k / 2;
  cv::Mat padded;
  cv::copyMakeBorder(grey, padded, r, r, r, r, cv::BORDER_REFLECT_101);
  const double scale = 1.0 / (double(k) * k);
  cv::Mat out(grey.size(), CV_8U);
  // Column sums over the k rows around the current output row (squares in
  // 64 bits: 255^2 x k^2 passes 2^31 from k = 182, a 1.1 cm photo).
  std::vector<int> column(std::size_t(padded.cols), 0);
  std::vector<std::int64_t> column_sq(std::size_t(padded.cols), 0);
  auto slide = [&](int padded_row, int sign) {
    const auto* p = padded.ptr<std::uint8_t>(padded_row);
    for (int x = 0; x < padded.cols; ++x) {
      column[std::size_t(x)] += sign * p[x];
      column_sq[std::size_t(x)] += sign * p[x] * p[x];
    }
  };
  for (int y = 0; y < k - 1; ++y) slide(y, +1);
  for (int y = 0; y < grey.rows; ++y) {
    slide(y + k - 1, +1);
    int sum = 0;
    std::int64_t sum_sq = 0;
    for (int x = 0; x < k - 1; ++x)
      sum += column[std::size_t(x)], sum_sq += column_sq[std::size_t(x)];
    auto* w = out.ptr<std::uint8_t>(y);
    for (int x = 0; x < grey.cols; ++x) {
      sum += column[std::size_t(x + k - 1)], sum_sq += column_sq[std::size_t(x + k - 1)];
      const auto mean = float(sum * scale), mean_sq = float(double(sum_sq) * scale);
      w[x] = mean_sq - mean * mean < variance ? 255 : 0;
      sum -= column[std::size_t(x)], sum_sq -= column_sq[std::size_t(x)];
    }
    slide(y, -1);
  }
  return out;
}

// The fine texture of the grey image at the working resolution: the mean
// absolute difference of each full-resolution pixel from a 2-pixel
// Gaussian blur of the image, averaged over a box of box_m. Grass, leaves,
// gravel and dry rock are rough pixel to pixel at drone resolution; a water
// surface is smooth even where rocks show through it (refraction softens
// them). Averaged down first, then over the box: the full-resolution work
// stays in 8 bits.
cv::Mat fine_texture(const cv::Mat& grey, cv::Size work_size, double work_gsd_m, double box_m) {
  cv::Mat blurred, rough, rough_work, texture;
  cv::GaussianBlur(grey, blurred, {0, 0}, 2.0);
  cv::absdiff(grey, blurred, rough);
  cv::resize(rough, rough_work, work_size, 0, 0, cv::INTER_AREA);
  rough_work.convertTo(texture, CV_32F);
  const int k = std::max(1, int(std::lround(box_m / work_gsd_m)) | 1);
  cv::blur(texture, texture, {k, k});
  return texture;
}

// Open water is smooth pixel to pixel, unlike grass, trees, gravel and dry
// rocks at drone resolution, and neither bright, unlike concrete and sunlit
// asphalt, nor the dark blue of a shadow on land. Rocks under water, waves
// and glints break it in spots smaller than rock_closing_m: a closing puts
// them back; smooth patches smaller than min_water_area_m2 are dropped.
cv::Mat water_from_image(const cv::Mat& grey, const cv::Mat& lab8_work, double gsd_m,
                         double work_gsd_m) {
  cv::Mat water;
  if (gsd_m <= fine_texture_max_gsd_m) {
    water = fine_texture(grey, lab8_work.size(), work_gsd_m, 1.0) < roughest_water;
  } else {
    const int k = std::max(3, int(std::lround(2.0 / gsd_m)) | 1);
    cv::resize(low_variance(grey, k, float(smooth_dn * smooth_dn)), water, lab8_work.size(), 0, 0,
               cv::INTER_NEAREST);
  }
  std::vector<cv::Mat> lab;
  cv::split(lab8_work, lab);
  const cv::Mat land_shadow = (lab[0] < shadow_l) & (lab[2] < 128 - shadow_blue);
  water &= (lab[0] < brightest_water_l) & ~land_shadow;
  // Smooth specks in rough land first (they would join the water's edge),
  // then the rocks and glints inside the water.
  const int speck_px = std::max(3, int(std::lround(speck_m / work_gsd_m)) | 1);
  disc_morphology(water, water, cv::MORPH_OPEN,
                  cv::getStructuringElement(cv::MORPH_ELLIPSE, {speck_px, speck_px}));
  const int close_px = std::max(3, int(std::lround(rock_closing_m / work_gsd_m)) | 1);
  const cv::Mat disc = cv::getStructuringElement(cv::MORPH_ELLIPSE, {close_px, close_px});
  disc_morphology(water, water, cv::MORPH_CLOSE, disc);  // as cv::morphologyEx, faster
  disc_morphology(water, water, cv::MORPH_OPEN, disc);
  cv::Mat labels, stats, centroids;
  const int n = cv::connectedComponentsWithStats(water, labels, stats, centroids, 8, CV_32S);
  const double min_px = min_water_area_m2 / (work_gsd_m * work_gsd_m);
  std::vector<std::uint8_t> keep(std::size_t(n), 0);
  for (int i = 1; i < n; ++i) keep[std::size_t(i)] = stats.at<int>(i, cv::CC_STAT_AREA) >= min_px;
  for (int r = 0; r < water.rows; ++r) {
    auto* w = water.ptr<std::uint8_t>(r);
    const int* l = labels.ptr<int>(r);
    for (int c = 0; c < water.cols; ++c) w[c] = keep[std::size_t(l[c])] ? 255 : 0;
  }
  return water;
}

struct Robust {
  double median = 0, mad = 0;
};

// The k-th smallest of v, as std::nth_element gives it, but counted into
// bins first so that only the values of the bin that holds it are selected:
// two linear passes instead of a selection over half a million values, three
// times per tile and band.
float kth_smallest(std::vector<float>& v, std::size_t k) {
  constexpr int histogram_bins = 4096;
  if (v.size() < 4 * std::size_t(histogram_bins)) {
    std::nth_element(v.begin(), v.begin() + std::ptrdiff_t(k), v.end());
    return v[k];
  }
  const auto [low, high] = std::minmax_element(v.begin(), v.end());
  const float lo = *low, hi = *high;
  if (!(hi > lo)) return lo;
  const double scale = histogram_bins / (double(hi) - double(lo));
  // Monotonic in x, so the bins hold consecutive ranks.
  auto bin = [&](float x) { return std::min(histogram_bins - 1, int((double(x) - lo) * scale)); };
  std::vector<std::size_t> count(histogram_bins, 0);
  for (const float x : v) ++count[std::size_t(bin(x))];
  int b = 0;
  std::size_t below = 0;
  while (below + count[std::size_t(b)] <= k) below += count[std::size_t(b++)];
  std::vector<float> in_bin;
  in_bin.reserve(count[std::size_t(b)]);
  for (const float x : v) {
    if (bin(x) == b) in_bin.push_back(x);
  }
  std::nth_element(in_bin.begin(), in_bin.begin() + std::ptrdiff_t(k - below), in_bin.end());
  return in_bin[k - below];
}

Robust robust(const cv::Mat& values, const cv::Mat& mask) {
  std::vector<float> v;
  v.reserve(std::size_t(cv::countNonZero(mask)));
  for (int r = 0; r < values.rows; ++r) {
    const float* x = values.ptr<float>(r);
    const auto* m = mask.ptr<std::uint8_t>(r);
    for (int c = 0; c < values.cols; ++c) {
      if (m[c]) v.push_back(x[c]);
    }
  }
  if (v.empty()) return {};
  const std::size_t mid = v.size() / 2;
  Robust out{kth_smallest(v, mid), 0};
  for (auto& x : v) x = std::abs(x - float(out.median));
  out.mad = kth_smallest(v, mid);
  return out;
}

// The temperature raster over the same ground as the window, at its size.
cv::Mat read_thermal(const std::string& path, const RasterSource& image, const WorkGrid& grid,
                     const PixelWindow& work) {
  gis::DatasetPtr thermal = gis::open_dataset(path, GDAL_OF_RASTER);
  double tg[6];
  if (thermal->GetGeoTransform(tg) != CE_None || tg[1] == 0) {
    gis::throw_input_error("the thermal raster has no georeference", {.dataset = path});
  }
  const auto& gt = image.geo_transform();
  const PixelWindow px = grid.to_before(work);
  const double x0 = gt[0] + px.x * gt[1], y0 = gt[3] + px.y * gt[5];
  const double x1 = gt[0] + (px.x + px.width) * gt[1], y1 = gt[3] + (px.y + px.height) * gt[5];
  const double c0 = (x0 - tg[0]) / tg[1], r0 = (y0 - tg[3]) / tg[5];
  const double c1 = (x1 - tg[0]) / tg[1], r1 = (y1 - tg[3]) / tg[5];
  cv::Mat out(work.height, work.width, CV_32F, cv::Scalar(std::nanf("")));
  const int ic0 = std::max(0, int(std::floor(c0))), ir0 = std::max(0, int(std::floor(r0)));
  const int ic1 = std::min(thermal->GetRasterXSize(), int(std::ceil(c1)));
  const int ir1 = std::min(thermal->GetRasterYSize(), int(std::ceil(r1)));
  if (ic1 <= ic0 || ir1 <= ir0) return out;
  // The part of the window the thermal raster covers, at the window's scale.
  const double sx = work.width / (c1 - c0), sy = work.height / (r1 - r0);
  // Clamped to the window: the thermal pixels straddling its edges are
  // stretched by at most one thermal pixel.
  const int ox = std::clamp(int(std::lround((ic0 - c0) * sx)), 0, work.width);
  const int oy = std::clamp(int(std::lround((ir0 - r0) * sy)), 0, work.height);
  const int ow = std::clamp(int(std::lround((ic1 - c0) * sx)), 0, work.width) - ox;
  const int oh = std::clamp(int(std::lround((ir1 - r0) * sy)), 0, work.height) - oy;
  if (ow <= 0 || oh <= 0) return out;
  cv::Mat target = out(cv::Rect(ox, oy, ow, oh));
  if (thermal->GetRasterBand(1)->RasterIO(GF_Read, ic0, ir0, ic1 - ic0, ir1 - ir0, target.data, ow,
                                          oh, GDT_Float32, 0, static_cast<GSpacing>(target.step),
                                          nullptr) != CE_None) {
    gis::throw_input_error("cannot read the thermal raster: " + gis::take_last_gdal_error(),
                           {.dataset = path});
  }
  return out;
}

// Texture is judged at full resolution: averaging down to the working
// resolution would hide the texture of grass and soil.
cv::Mat smooth_surface(const cv::Mat& full, const cv::Mat& lab8_work, double gsd_m,
                       double work_gsd_m) {
  cv::Mat grey;
  cv::cvtColor(full, grey, cv::COLOR_BGR2GRAY);
  return water_from_image(grey, lab8_work, gsd_m, work_gsd_m);
}

// Gaussian blur of a smooth field computed at a coarser grid: the image is
// averaged down by d (so that sigma / d is about coarse_sigma_px), blurred there
// and interpolated back. A 2.5 m Gaussian at 7 cm is 36 px wide (a separable
// kernel of over 200 taps, half of the CPU time of outfalls on a drone
// frame); the box of the averaging (variance d^2 / 12) and the linear
// interpolation (d^2 / 6) are taken off the coarse sigma, so the effective
// kernel keeps the width asked for.
constexpr double coarse_sigma_px = 4;
cv::Mat wide_gaussian(const cv::Mat& image, double sigma) {
  const int d = int(std::floor(sigma / coarse_sigma_px));
  cv::Mat out;
  if (d < 2) {
    cv::GaussianBlur(image, out, {0, 0}, sigma);
    return out;
  }
  cv::Mat coarse;
  cv::resize(image, coarse, {(image.cols + d - 1) / d, (image.rows + d - 1) / d}, 0, 0,
             cv::INTER_AREA);
  const double coarse_sigma = std::sqrt(sigma * sigma - d * d * (1.0 / 12 + 1.0 / 6)) / d;
  cv::GaussianBlur(coarse, coarse, {0, 0}, coarse_sigma);
  cv::resize(coarse, out, image.size(), 0, 0, cv::INTER_LINEAR);
  return out;
}

// The local water's colour at every pixel: the Gaussian-weighted mean of
// the water pixels around it (normalised convolution), so that brown
// shallows and green depths are each judged against themselves.
cv::Mat local_water_colour(const cv::Mat& lab, const cv::Mat& water, double work_gsd_m) {
  const double sigma = background_sigma_m / work_gsd_m;
  cv::Mat weight;
  water.convertTo(weight, CV_32F, 1.0 / 255);
  cv::Mat masked;
  lab.copyTo(masked, water);
  weight = wide_gaussian(weight, sigma);
  const cv::Mat sum = wide_gaussian(masked, sigma);
  cv::Mat weight3, out;
  cv::merge(std::vector<cv::Mat>{weight, weight, weight}, weight3);
  cv::divide(sum, cv::max(weight3, 1e-3), out);
  return out;
}

// Each pixel's colour difference (CIE76) from the local water's colour, in
// typical differences over the water: calm water is judged finely, water
// over rocks and waves coarsely. The local colour is taken from `reference`.
cv::Mat departure_z(const cv::Mat& lab, const cv::Mat& reference, const cv::Mat& water,
                    double work_gsd_m) {
  cv::Mat departure = lab - local_water_colour(lab, reference, work_gsd_m);
  departure = departure.reshape(1, departure.rows * departure.cols);
  cv::Mat squared, delta_e;
  cv::reduce(departure.mul(departure), squared, 1, cv::REDUCE_SUM);
  cv::sqrt(squared.reshape(1, lab.rows), delta_e);
  const Robust s = robust(delta_e, water);
  return delta_e / (s.median + 1.4826 * s.mad + z_floor_dn);
}

// Twice: a plume as wide as the local window pulls the local colour towards
// its own, so the second pass takes the local colour from the water that
// did not depart in the first.
cv::Mat colour_departure_z(const cv::Mat& lab, const cv::Mat& water, double work_gsd_m) {
  const cv::Mat z = departure_z(lab, water, water, work_gsd_m);
  const cv::Mat typical = water & (z < faint_anomaly_z);
  if (cv::countNonZero(typical) < min_water_px) return z;
  return departure_z(lab, typical, water, work_gsd_m);
}

// The window at working resolution, averaged from the full-resolution pixels
// already read when that is what RasterSource::read_bgr would do (a window
// inside the image, reduced at most 4 times), so each pixel is read once.
cv::Mat at_work_resolution(const RasterSource& image, const cv::Mat& full,
                           const PixelWindow& source, const PixelWindow& work) {
  const bool inside = source.x >= 0 && source.y >= 0 && source.x + source.width <= image.width() &&
                      source.y + source.height <= image.height();
  if (full.cols == work.width && full.rows == work.height) return full;
  if (!inside || full.cols > 4 * work.width || full.rows > 4 * work.height)
    return image.read_bgr(source, work.width, work.height);
  cv::Mat out;
  cv::resize(full, out, {work.width, work.height}, 0, 0, cv::INTER_AREA);
  return out;
}

}  // namespace

WaterView view_water(const RasterSource& image, const OutfallOptions& options, const WorkGrid& grid,
                     const PixelWindow& work) {
  const PixelWindow source = grid.to_before(work);
  const cv::Mat full = image.read_bgr(source, source.width, source.height);
  // Blurred into a new image: at the full resolution `full` is the same
  // pixels, and its texture is judged below.
  cv::Mat bgr8, lab8, lab;
  cv::GaussianBlur(at_work_resolution(image, full, source, work), bgr8, {0, 0}, 1.0);
  cv::cvtColor(bgr8, lab8, cv::COLOR_BGR2Lab);
  lab8.convertTo(lab, CV_32FC3);
  std::vector<cv::Mat> lab_bands;
  cv::split(lab, lab_bands);
  WaterView view;
  // Pixels outside the image or a photo's footprint are black in every band.
  cv::Mat black;
  cv::inRange(bgr8, cv::Scalar::all(0), cv::Scalar::all(0), black);
  view.valid = ~black;
  // Water is what looks like water inside the (buffered) layer, when one is
  // given; its outer metre, where water and bank pixels mix, is left out.
  view.water = smooth_surface(full, lab8, image.gsd_m(), grid.work_gsd_m) & view.valid;
  if (!options.water_rings.empty())
    view.water &= water_from_layer(options, grid, work, image.geo_transform());
  const int edge_px = std::max(3, int(std::lround(1.0 / grid.work_gsd_m)) | 1);
  cv::erode(view.water, view.water,
            cv::getStructuringElement(cv::MORPH_ELLIPSE, {edge_px, edge_px}));
  view.anomaly_z = cv::Mat(work.height, work.width, CV_32F, cv::Scalar(0));
  view.colour_anomaly = cv::Mat(work.height, work.width, CV_8U, cv::Scalar(0));
  if (cv::countNonZero(view.water) < min_water_px) return view;
  view.anomaly_z = colour_departure_z(lab, view.water, grid.work_gsd_m);
  view.colour_anomaly = view.anomaly_z > colour_anomaly_z;
  if (!options.thermal_path.empty()) {
    const cv::Mat kelvin = read_thermal(options.thermal_path, image, grid, work);
    const cv::Mat valid = view.water & (kelvin == kelvin);  // NaN is not equal to itself
    if (cv::countNonZero(valid) >= min_water_px) {
      const Robust s = robust(kelvin, valid);
      cv::Mat warmer = kelvin - s.median;
      cv::patchNaNs(warmer, 0);
      cv::Mat z = warmer / (1.4826 * s.mad + z_floor_kelvin);
      view.thermal_anomaly = (warmer > warm_kelvin) & (z > 5.0);
      cv::Mat z_warm;
      z.copyTo(z_warm, view.thermal_anomaly);
      view.anomaly_z = cv::max(view.anomaly_z, z_warm);
    }
  }
  return view;
}

}  // namespace envgrid::imagery::detail
