#pragma once
// The water surface and its anomalies in one window at working resolution.

#include <opencv2/core.hpp>

#include "envgrid/imagery/outfall_detection.hpp"
#include "tiled_mask.hpp"

namespace envgrid::imagery::detail {

// Departure from the local water's colour, in typical departures of the
// window, that marks a plume's core, and that its fainter rest reaches.
inline constexpr double colour_anomaly_z = 3;
inline constexpr double faint_anomaly_z = 1.5;

// Pixel-to-pixel texture tells water from land up to this pixel size (set
// between the 0.2 m and 0.4 m synthetic rivers); coarser orthomosaics have
// averaged it away.
inline constexpr double fine_texture_max_gsd_m = 0.3;

struct WaterView {
  cv::Mat valid;            // 255 inside the image (a photo's footprint)
  cv::Mat water;            // 255 water (buffered layer, or smooth surface found in the image)
  cv::Mat anomaly_z;        // float: the larger departure (z-score) of colour and temperature
  cv::Mat colour_anomaly;   // 255 where the colour alone is anomalous
  cv::Mat thermal_anomaly;  // 255 where the water is warm; empty without a thermal raster
};

[[nodiscard]] WaterView view_water(const RasterSource& image, const OutfallOptions& options,
                                   const WorkGrid& grid, const PixelWindow& work);

}  // namespace envgrid::imagery::detail
