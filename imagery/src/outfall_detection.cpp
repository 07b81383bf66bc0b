// Outfall plumes: a per-tile anomaly mask (colour and temperature against
// the local water's median and MAD), then each component judged in a window
// of its own: attached to the bank or dropped, source point, match.

#include "envgrid/imagery/outfall_detection.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <optional>

#include <opencv2/imgproc.hpp>

#include "envgrid/gis/error.hpp"
#include "envgrid/gis/log.hpp"
#include "outfall_water.hpp"
#include "tiled_mask.hpp"

namespace envgrid::imagery {
namespace {

using detail::WorkGrid;

// Context around a tile: the local water colour is a Gaussian of 2.5 m
// (outfall_water.cpp), so three of them beyond the core.
constexpr double tile_overlap_m = 8;
constexpr double bank_zone_m = 4;
constexpr double drone_frame_max_gsd_m =
    0.05;  // finer pixels: a raw drone frame  // a plume touches the bank within this distance

// The connected parts of faint that hold a pixel of core (hysteresis): a
// plume is found by its core and outlined down to its faint, diluted end.
cv::Mat with_a_core(const cv::Mat& faint, const cv::Mat& core) {
  cv::Mat labels;
  const int n = cv::connectedComponents(faint, labels, 8, CV_32S);
  std::vector<std::uint8_t> keep(std::size_t(n), 0);
  for (int r = 0; r < labels.rows; ++r) {
    const int* l = labels.ptr<int>(r);
    const auto* c = core.ptr<std::uint8_t>(r);
    for (int x = 0; x < labels.cols; ++x) {
      if (c[x] && l[x]) keep[std::size_t(l[x])] = 255;
    }
  }
  cv::Mat out(faint.size(), CV_8U);
  for (int r = 0; r < labels.rows; ++r) {
    const int* l = labels.ptr<int>(r);
    auto* o = out.ptr<std::uint8_t>(r);
    for (int x = 0; x < labels.cols; ++x) o[x] = keep[std::size_t(l[x])];
  }
  return out;
}

cv::Mat anomaly_core(const RasterSource& image, const OutfallOptions& options, const WorkGrid& grid,
                     const Tile& tile) {
  const detail::WaterView view = detail::view_water(image, options, grid, tile.window);
  cv::Mat candidates = with_a_core(view.water & (view.anomaly_z > detail::faint_anomaly_z),
                                   view.anomaly_z > detail::colour_anomaly_z);
  // Opened to drop single specks, closed over 1.5 m: a plume broken by
  // rocks or texture stays one plume.
  const int open_px = std::max(3, int(std::lround(0.6 / grid.work_gsd_m)) | 1);
  const int close_px = std::max(3, int(std::lround(1.5 / grid.work_gsd_m)) | 1);
  cv::morphologyEx(candidates, candidates, cv::MORPH_OPEN,
                   cv::getStructuringElement(cv::MORPH_ELLIPSE, {open_px, open_px}));
  cv::morphologyEx(candidates, candidates, cv::MORPH_CLOSE,
                   cv::getStructuringElement(cv::MORPH_ELLIPSE, {close_px, close_px}));
  const cv::Rect core(tile.core.x - tile.window.x, tile.core.y - tile.window.y, tile.core.width,
                      tile.core.height);
  return candidates(core).clone();
}

std::optional<OutfallDetection> judge(const RasterSource& image, const OutfallOptions& options,
                                      const WorkGrid& grid, const std::string& mask_path,
                                      const detail::MaskComponent& component) {
  const int margin = int(std::ceil(tile_overlap_m / grid.work_gsd_m));
  cv::Rect box(component.box.x - margin, component.box.y - margin, component.box.width + 2 * margin,
               component.box.height + 2 * margin);
  box &= cv::Rect(0, 0, grid.width, grid.height);
  const PixelWindow work{box.x, box.y, box.width, box.height};
  const detail::WaterView view = detail::view_water(image, options, grid, work);
  cv::Mat shape(box.size(), CV_8U, cv::Scalar(0));
  std::vector<cv::Point> ring;
  for (const auto& p : component.ring)
    ring.emplace_back(int(std::lround(p.x - box.x)), int(std::lround(p.y - box.y)));
  cv::fillPoly(shape, std::vector<std::vector<cv::Point>>{ring}, cv::Scalar(255));
  const cv::Mat plume = shape & detail::read_mask_window(mask_path, work, box.size());
  const int bank_px = int(std::ceil(bank_zone_m / grid.work_gsd_m));
  cv::Mat land_near;
  cv::dilate(view.valid & ~view.water, land_near,
             cv::getStructuringElement(cv::MORPH_ELLIPSE, {2 * bank_px + 1, 2 * bank_px + 1}));
  const cv::Mat contact = plume & land_near;
  const int contact_px = cv::countNonZero(contact), area_px = cv::countNonZero(plume);
  if (contact_px == 0 || area_px == 0)
    return std::nullopt;  // floating in mid-river: not an outfall

  // The source: where the plume touches the bank most densely; a discharge
  // is most concentrated at its outlet and dilutes downstream.
  cv::Point source;
  cv::minMaxLoc(view.anomaly_z, nullptr, nullptr, nullptr, &source, contact);
  OutfallDetection detection;
  const auto& gt = image.geo_transform();
  detection.source = grid.to_map(gt, {box.x + source.x + 0.5, box.y + source.y + 0.5});
  std::vector<std::vector<cv::Point>> contours;
  cv::findContours(plume.clone(), contours, cv::RETR_EXTERNAL, cv::CHAIN_APPROX_SIMPLE);
  const auto largest = std::max_element(
      contours.begin(), contours.end(),
      [](const auto& a, const auto& b) { return cv::contourArea(a) < cv::contourArea(b); });
  std::vector<cv::Point> simple;
  cv::approxPolyDP(*largest, simple, 1.0, true);
  for (const auto& p : simple)
    detection.ring.push_back(grid.to_map(gt, {box.x + p.x + 0.5, box.y + p.y + 0.5}));
  detection.area_m2 = std::round(area_px * grid.work_gsd_m * grid.work_gsd_m * 100) / 100;
  const double mean_z = cv::mean(view.anomaly_z, plume)[0];
  // Half from how far the colour departs from the water, half from how much
  // of the plume hugs the bank (an outlet discharges along it).
  const double departure = std::clamp(mean_z / (3 * detail::colour_anomaly_z), 0.0, 1.0);
  const double hugging = std::clamp(contact_px / (0.2 * area_px), 0.0, 1.0);
  detection.score = std::round((0.5 * departure + 0.5 * hugging) * 1000) / 1000;
  const bool colour = cv::countNonZero(view.colour_anomaly & plume) > 0;
  const bool thermal =
      !view.thermal_anomaly.empty() && cv::countNonZero(view.thermal_anomaly & plume) > 0;
  detection.cue = colour && thermal ? "colour+thermal" : (thermal ? "thermal" : "colour");
  const cv::Rect r = cv::boundingRect(*largest);
  detection.window = grid.to_before({box.x + r.x, box.y + r.y, r.width, r.height});
  return detection;
}

// A drone frame at 1-3 cm is worked at four times its pixel size (plumes a
// metre wide stay several pixels wide), an orthomosaic at up to 0.2 m.
double work_gsd_m(const OutfallOptions& options, const RasterSource& image) {
  if (options.work_gsd_m > 0) return options.work_gsd_m;
  return std::max(image.gsd_m(), std::min(4 * image.gsd_m(), 0.2));
}

// A plume a metre wide is seen in a drone frame; an orthomosaic's decimetre
// pixels need a larger one to tell it from a speck.
double min_area_m2(const OutfallOptions& options, const RasterSource& image) {
  if (options.min_area_m2 > 0) return options.min_area_m2;
  return image.gsd_m() <= drone_frame_max_gsd_m ? 1.5 : 4;
}

void match_registered(OutfallResult& result, const OutfallOptions& options,
                      double metres_per_unit) {
  std::vector<bool> used(options.registered.size(), false);
  for (auto& d : result.detections) {
    double best = options.match_distance_m;
    for (std::size_t i = 0; i < options.registered.size(); ++i) {
      const auto& p = options.registered[i].position;
      const double distance_m = std::hypot(p.x - d.source.x, p.y - d.source.y) * metres_per_unit;
      if (distance_m <= best) {
        best = distance_m;
        d.matched_outfall = options.registered[i].id;
        d.match_distance_m = std::round(distance_m * 100) / 100;
        used[i] = true;
      }
    }
  }
  for (std::size_t i = 0; i < options.registered.size(); ++i) {
    if (!used[i]) result.registered_without_plume.push_back(options.registered[i].id);
  }
}

}  // namespace

OutfallResult detect_outfalls(const RasterSource& image, const OutfallOptions& options) {
  gis::initialize_gdal();
  gis::StepScope step("imagery outfalls");
  detail::reuse_freed_tile_memory();
  detail::bound_gdal_block_cache();
  const int factor = std::max(1, int(std::lround(work_gsd_m(options, image) / image.gsd_m())));
  const WorkGrid grid =
      detail::make_work_grid({0, 0, image.width(), image.height()}, factor, image.gsd_m());
  const detail::TemporaryFile mask("envgrid-plumes");
  OutfallResult result;
  const int overlap_px = int(std::ceil(tile_overlap_m / grid.work_gsd_m));
  result.tiles = detail::write_tiled_mask(
      mask.path(), grid, options.tile_core_px, overlap_px, options.threads,
      [&](const Tile& tile) { return anomaly_core(image, options, grid, tile); });
  const auto components = detail::polygonize_mask(
      mask.path(), min_area_m2(options, image) / (grid.work_gsd_m * grid.work_gsd_m));
  auto judged = detail::judge_in_reading_order<std::optional<OutfallDetection>>(
      components, grid, options.threads, [&](const detail::MaskComponent& component) {
        return judge(image, options, grid, mask.path(), component);
      });
  for (auto& d : judged) {
    if (d) result.detections.push_back(std::move(*d));
  }
  match_registered(result, options, image.gsd_m() / std::abs(image.geo_transform()[1]));
  return result;
}

}  // namespace envgrid::imagery
