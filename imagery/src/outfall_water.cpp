#include "outfall_water.hpp"

#include <gdal_priv.h>

#include <algorithm>
#include <cmath>

#include <opencv2/imgproc.hpp>

#include "envgrid/gis/error.hpp"
#include "envgrid/gis/log.hpp"

namespace envgrid::imagery::detail {
namespace {

constexpr double kZFloorDn = 2;  // digital numbers added to the MAD: JPEG noise
constexpr double kZFloorKelvin =
    0.3;                             // radiometric thermal cameras resolve about 0.1 K; 0.3 is safe
constexpr double kWarmKelvin = 1.0;  // a warm plume is at least this much warmer than the water
constexpr double kSmoothDn = 6;      // local luma deviation of open water
constexpr int kMinWaterPx = 200;     // fewer water pixels: no statistics in this window

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

// Open water is smooth: its luma varies little over 2 m, unlike grass,
// soil, roofs and roads seen at drone resolution.
cv::Mat water_from_image(const cv::Mat& luma, double work_gsd_m) {
  const int k = std::max(3, int(std::lround(2.0 / work_gsd_m)) | 1);
  cv::Mat mean, mean_sq, squared;
  cv::boxFilter(luma, mean, CV_32F, {k, k});
  cv::multiply(luma, luma, squared);
  cv::boxFilter(squared, mean_sq, CV_32F, {k, k});
  // Variance below the limit, in one pass (no full-resolution temporaries).
  cv::Mat water(luma.size(), CV_8U);
  constexpr float kSmoothVariance = float(kSmoothDn * kSmoothDn);
  for (int r = 0; r < luma.rows; ++r) {
    const float* m = mean.ptr<float>(r);
    const float* m2 = mean_sq.ptr<float>(r);
    auto* w = water.ptr<std::uint8_t>(r);
    for (int c = 0; c < luma.cols; ++c) {
      const float square = m[c] * m[c];
      w[c] = m2[c] - square < kSmoothVariance ? 255 : 0;
    }
  }
  const cv::Mat disc = cv::getStructuringElement(cv::MORPH_ELLIPSE, {k, k});
  cv::morphologyEx(water, water, cv::MORPH_OPEN, disc);
  cv::morphologyEx(water, water, cv::MORPH_CLOSE, disc);
  return water;
}

struct Robust {
  double median = 0, mad = 0;
};
Robust robust(const cv::Mat& values, const cv::Mat& mask) {
  std::vector<float> v;
  for (int r = 0; r < values.rows; ++r) {
    for (int c = 0; c < values.cols; ++c) {
      if (mask.at<std::uint8_t>(r, c)) v.push_back(values.at<float>(r, c));
    }
  }
  if (v.empty()) return {};
  auto mid = v.begin() + v.size() / 2;
  std::nth_element(v.begin(), mid, v.end());
  Robust out{*mid, 0};
  for (auto& x : v) x = std::abs(x - float(out.median));
  std::nth_element(v.begin(), mid, v.end());
  out.mad = *mid;
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

// Smoothness is judged at full resolution: averaging down to the working
// resolution would hide the texture of grass and soil.
cv::Mat smooth_surface(const RasterSource& image, const cv::Mat& full, const PixelWindow& work) {
  cv::Mat grey, luma;
  cv::cvtColor(full, grey, cv::COLOR_BGR2GRAY);
  grey.convertTo(luma, CV_32F);
  cv::Mat water = water_from_image(luma, image.gsd_m()), small;
  cv::resize(water, small, {work.width, work.height}, 0, 0, cv::INTER_NEAREST);
  return small;
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
  cv::Mat bgr8 = at_work_resolution(image, full, source, work), bgr;
  bgr8.convertTo(bgr, CV_32FC3);
  cv::GaussianBlur(bgr, bgr, {0, 0}, 1.0);
  std::vector<cv::Mat> bands;
  cv::split(bgr, bands);
  const cv::Mat luma = 0.114 * bands[0] + 0.587 * bands[1] + 0.299 * bands[2];
  WaterView view;
  // Water is what looks like water inside the (buffered) layer, when one is
  // given; its outer metre, where water and bank pixels mix, is left out.
  view.water = smooth_surface(image, full, work);
  if (!options.water_rings.empty())
    view.water &= water_from_layer(options, grid, work, image.geo_transform());
  const int edge_px = std::max(3, int(std::lround(1.0 / grid.work_gsd_m)) | 1);
  cv::erode(view.water, view.water,
            cv::getStructuringElement(cv::MORPH_ELLIPSE, {edge_px, edge_px}));
  view.anomaly_z = cv::Mat(work.height, work.width, CV_32F, cv::Scalar(0));
  view.colour_anomaly = cv::Mat(work.height, work.width, CV_8U, cv::Scalar(0));
  if (cv::countNonZero(view.water) < kMinWaterPx) return view;
  for (const auto& band : bands) {
    const Robust s = robust(band, view.water);
    cv::Mat z = cv::abs(band - s.median) / (1.4826 * s.mad + kZFloorDn);
    view.anomaly_z = cv::max(view.anomaly_z, z);
  }
  view.colour_anomaly = view.anomaly_z > 5.0;
  if (!options.thermal_path.empty()) {
    const cv::Mat kelvin = read_thermal(options.thermal_path, image, grid, work);
    const cv::Mat valid = view.water & (kelvin == kelvin);  // NaN is not equal to itself
    if (cv::countNonZero(valid) >= kMinWaterPx) {
      const Robust s = robust(kelvin, valid);
      cv::Mat warmer = kelvin - s.median;
      cv::patchNaNs(warmer, 0);
      cv::Mat z = warmer / (1.4826 * s.mad + kZFloorKelvin);
      view.thermal_anomaly = (warmer > kWarmKelvin) & (z > 5.0);
      cv::Mat z_warm;
      z.copyTo(z_warm, view.thermal_anomaly);
      view.anomaly_z = cv::max(view.anomaly_z, z_warm);
    }
  }
  return view;
}

}  // namespace envgrid::imagery::detail
