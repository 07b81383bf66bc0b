#pragma once
// Sensor sizes of the drone cameras envgrid knows, for the ground sample
// distance and the footprint of a photo. A photo's camera is found by its
// EXIF model name (and, for multi-lens payloads, by its image width); a
// camera not in the table can still be used when its EXIF gives the
// focal-plane resolution. Every figure's source is in the table itself
// (camera_table.cpp) and in docs/imagery.md.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace envgrid::imagery {

struct CameraSensor {
  std::string model;       // EXIF Model, e.g. "FC300S" (matched case-insensitively)
  std::string product;     // e.g. "DJI Phantom 3 Standard"
  int image_width_px = 0;  // selects one lens of a multi-lens payload; 0 = any width
  double width_mm = 0;     // active sensor area, long side
  double height_mm = 0;    // active sensor area, short side
  std::string source;      // where the figures come from
};

// Every known camera, in table order.
[[nodiscard]] const std::vector<CameraSensor>& camera_table();

// The table entry for an EXIF model and image width: an entry whose width
// matches first, then the model's any-width entry; nullopt when unknown.
[[nodiscard]] std::optional<CameraSensor> find_camera(std::string_view model, int image_width_px);

// The part of the sensor an image of width_px x height_px covers, in mm.
// Cameras record other aspect ratios than their sensor's by cropping (a
// Phantom 3's 16:9 frame is the 4:3 sensor's full width, cropped top and
// bottom), so the image is taken as the largest centred window of the
// sensor with the image's aspect ratio. Square pixels are assumed.
struct SensorWindow {
  double width_mm = 0;
  double height_mm = 0;
};
[[nodiscard]] SensorWindow image_window(const CameraSensor& sensor, int width_px, int height_px);

}  // namespace envgrid::imagery
