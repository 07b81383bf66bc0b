#pragma once
// Outfall detection on river-bank imagery: the water surface (from a water
// layer, buffered, or from the image itself), the bank zone, and plumes in
// it: water whose colour departs from the local water's robust statistics
// (median and MAD per band), or warmer than the local water in a temperature
// raster, attached to the bank. Each plume's source on the bank is matched to
// registered outfalls within a distance. Recall comes first: analysts triage.
// docs/imagery-detection.md states the method and its limits.

#include <string>
#include <vector>

#include <opencv2/core.hpp>

#include "envgrid/imagery/flags.hpp"
#include "envgrid/imagery/raster_tiles.hpp"

namespace envgrid::imagery {

struct OutfallOptions {
  // Water polygons in the image CRS; empty: the water is found in the image
  // (smooth surfaces of at least min_water_area_m2).
  std::vector<std::vector<cv::Point2d>> water_rings;
  double water_buffer_m = 5;           // a mapped river edge is seldom better than this
  std::vector<NamedPoint> registered;  // registered outfalls, image CRS
  double match_distance_m = 30;
  double min_area_m2 = 0;    // 0: 1.5 m2 for pixels of 5 cm or less (drone frames), else 4 m2
  std::string thermal_path;  // optional temperature raster (degrees), same CRS
  double work_gsd_m = 0;     // 0: four times the image's pixel size, at most 0.2 m
  int tile_core_px = 768;
  int threads = 0;
};

struct OutfallDetection {
  std::vector<cv::Point2d> ring;  // plume outline, image CRS
  cv::Point2d source;             // where the plume meets the bank
  double area_m2 = 0;
  double score = 0;             // 0..1
  std::string cue;              // "colour", "thermal" or "colour+thermal"
  std::string matched_outfall;  // registered id, "" = suspected unregistered
  double match_distance_m = 0;
  PixelWindow window;  // image pixels, for chips
};

struct OutfallResult {
  std::vector<OutfallDetection> detections;
  std::vector<std::string> registered_without_plume;
  int tiles = 0;
};

[[nodiscard]] OutfallResult detect_outfalls(const RasterSource& image,
                                            const OutfallOptions& options);

}  // namespace envgrid::imagery
