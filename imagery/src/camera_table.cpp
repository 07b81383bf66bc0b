// The drone camera table. Optical sensors are given by the format DJI's
// product specification states (1/2.3", 1", 4/3 ...) converted with the
// conventional dimensions of that format; thermal sensors by pixel count
// times pixel pitch, both from DJI's specification. docs/imagery.md lists
// the same table for users.

#include "envgrid/imagery/camera_table.hpp"

#include <algorithm>
#include <cctype>

namespace envgrid::imagery {

namespace {

// Conventional dimensions of the optical formats DJI's specifications name.
constexpr double k_1_2_3_inch_w = 6.17, k_1_2_3_inch_h = 4.55;  // 1/2.3"
constexpr double k_1_2_inch_w = 6.40, k_1_2_inch_h = 4.80;      // 1/2"
constexpr double k_1_1_7_inch_w = 7.60, k_1_1_7_inch_h = 5.70;  // 1/1.7"
constexpr double k_1_inch_w = 13.20, k_1_inch_h = 8.80;         // 1"
constexpr double k_4_3_w = 17.30, k_4_3_h = 13.00;              // 4/3 (Four Thirds)

std::string upper_trimmed(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) {
    text.remove_suffix(1);
  }
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) {
    text.remove_prefix(1);
  }
  std::string out(text);
  for (auto& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

std::vector<CameraSensor> build_table() {
  const std::string spec = "DJI product specification: ";
  return {
      {"FC300S", "DJI Phantom 3 Standard", 0, k_1_2_3_inch_w, k_1_2_3_inch_h,
       spec + "1/2.3\" CMOS, 12 MP"},
      {"FC330", "DJI Phantom 4", 0, k_1_2_3_inch_w, k_1_2_3_inch_h, spec + "1/2.3\" CMOS, 12.4 MP"},
      {"FC6310", "DJI Phantom 4 Pro / Advanced", 0, k_1_inch_w, k_1_inch_h,
       spec + "1\" CMOS, 20 MP"},
      {"FC6310S", "DJI Phantom 4 Pro V2.0", 0, k_1_inch_w, k_1_inch_h, spec + "1\" CMOS, 20 MP"},
      {"FC7303", "DJI Mini 2", 0, k_1_2_3_inch_w, k_1_2_3_inch_h, spec + "1/2.3\" CMOS, 12 MP"},
      {"L1D-20C", "DJI Mavic 2 Pro (Hasselblad L1D-20c)", 0, k_1_inch_w, k_1_inch_h,
       spec + "1\" CMOS, 20 MP"},
      {"M3E", "DJI Mavic 3 Enterprise, wide camera", 0, k_4_3_w, k_4_3_h, spec + "4/3 CMOS, 20 MP"},
      {"M30T", "DJI Matrice 30T, thermal camera", 640, 7.68, 6.144,
       spec + "uncooled VOx, 640 x 512 px, 12 um pitch"},
      {"M30T", "DJI Matrice 30T, wide / zoom camera", 0, k_1_2_inch_w, k_1_2_inch_h,
       spec + "1/2\" CMOS (12 MP wide, 48 MP zoom)"},
      {"ZH20T", "DJI Zenmuse H20T, thermal camera", 640, 7.68, 6.144,
       spec + "uncooled VOx, 640 x 512 px, 12 um pitch"},
      {"ZH20T", "DJI Zenmuse H20T, zoom camera", 5184, k_1_1_7_inch_w, k_1_1_7_inch_h,
       spec + "1/1.7\" CMOS, 20 MP"},
      {"ZH20T", "DJI Zenmuse H20T, wide camera", 0, k_1_2_3_inch_w, k_1_2_3_inch_h,
       spec + "1/2.3\" CMOS, 12 MP"},
      // Some tools rewrite the model without the payload prefix.
      {"H20T", "DJI Zenmuse H20T, thermal camera", 640, 7.68, 6.144,
       spec + "uncooled VOx, 640 x 512 px, 12 um pitch"},
      {"H20T", "DJI Zenmuse H20T, zoom camera", 5184, k_1_1_7_inch_w, k_1_1_7_inch_h,
       spec + "1/1.7\" CMOS, 20 MP"},
      {"H20T", "DJI Zenmuse H20T, wide camera", 0, k_1_2_3_inch_w, k_1_2_3_inch_h,
       spec + "1/2.3\" CMOS, 12 MP"},
      {"XT2", "DJI Zenmuse XT2, thermal camera (640)", 640, 10.88, 8.704,
       spec + "uncooled VOx, 640 x 512 px, 17 um pitch"},
      {"XT2", "DJI Zenmuse XT2, thermal camera (336)", 336, 5.712, 4.352,
       spec + "uncooled VOx, 336 x 256 px, 17 um pitch"},
      {"XT2", "DJI Zenmuse XT2, visual camera", 0, k_1_1_7_inch_w, k_1_1_7_inch_h,
       spec + "1/1.7\" CMOS, 12 MP"},
  };
}

}  // namespace

const std::vector<CameraSensor>& camera_table() {
  static const std::vector<CameraSensor> table = build_table();
  return table;
}

std::optional<CameraSensor> find_camera(std::string_view model, int image_width_px) {
  const std::string wanted = upper_trimmed(model);
  const CameraSensor* any_width = nullptr;
  for (const auto& camera : camera_table()) {
    if (camera.model != wanted) continue;
    if (camera.image_width_px == image_width_px && image_width_px != 0) return camera;
    if (camera.image_width_px == 0 && !any_width) any_width = &camera;
  }
  if (any_width) return *any_width;
  return std::nullopt;
}

SensorWindow image_window(const CameraSensor& sensor, int width_px, int height_px) {
  const double image_aspect = static_cast<double>(width_px) / height_px;
  const double sensor_aspect = sensor.width_mm / sensor.height_mm;
  // Portrait images (rows > columns) come from the same sensor turned on its side.
  const bool portrait = image_aspect < 1.0;
  const double long_aspect = portrait ? 1.0 / image_aspect : image_aspect;
  SensorWindow window;
  if (long_aspect >= sensor_aspect) {
    window.width_mm = sensor.width_mm;
    window.height_mm = sensor.width_mm / long_aspect;
  } else {
    window.height_mm = sensor.height_mm;
    window.width_mm = sensor.height_mm * long_aspect;
  }
  if (portrait) std::swap(window.width_mm, window.height_mm);
  return window;
}

}  // namespace envgrid::imagery
