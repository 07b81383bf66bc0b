// The river-bank demo scene: a reach flowing west to east (left to right)
// with three outlets on its banks; two discharge a milky plume that spreads
// downstream; one of those two is registered, and a registered outlet
// elsewhere is dry.

#include <algorithm>
#include <cmath>

#include <opencv2/imgproc.hpp>

#include "synthetic_scene.hpp"

namespace envgrid::imagery::detail {
namespace {

struct Banks {
  double centre_y(double x) const { return mid + amplitude * std::sin(2 * M_PI * x / wavelength); }
  double top(double x) const { return centre_y(x) - half_width; }
  double bottom(double x) const { return centre_y(x) + half_width; }
  double mid, amplitude, wavelength, half_width;
};

Banks banks_of(const RiverScene& scene) {
  const double n = scene.size_px;
  return {n * 0.5, n * 0.06, n * 1.6, n * 0.2};
}

// A plume leaving the bank at x0 (side -1: top bank into the water below it;
// +1: bottom bank into the water above), spreading downstream.
Plume make_plume(const Banks& banks, double x0, int side, double length_px, double width_px) {
  Plume plume;
  const double bank0 = side < 0 ? banks.top(x0) : banks.bottom(x0);
  plume.source = {x0, bank0};
  Ring along_bank, offshore;
  for (int i = 0; i <= 16; ++i) {
    const double s = length_px * i / 16.0;
    const double x = x0 + s;
    const double bank = side < 0 ? banks.top(x) : banks.bottom(x);
    // Widens like sqrt(distance) and thins out at the end.
    const double w = width_px * std::sqrt(s / length_px) * (i == 16 ? 0.5 : 1.0) + 4.0;
    along_bank.emplace_back(x, bank);
    offshore.emplace_back(x, bank - side * w);
  }
  plume.polygon = along_bank;
  plume.polygon.insert(plume.polygon.end(), offshore.rbegin(), offshore.rend());
  return plume;
}

}  // namespace

RiverScene make_river_scene(std::uint64_t seed, int size_px, double gsd_m) {
  Random random(seed * 7 + 1);
  RiverScene scene;
  scene.seed = seed;
  scene.size_px = size_px;
  scene.gsd_m = gsd_m;
  const Banks banks = banks_of(scene);
  Ring top, bottom;
  for (int x = -64; x <= size_px + 64; x += 32) {
    top.emplace_back(x, banks.top(x));
    bottom.emplace_back(x, banks.bottom(x));
  }
  scene.water_polygon = top;
  scene.water_polygon.insert(scene.water_polygon.end(), bottom.rbegin(), bottom.rend());

  const double n = size_px;
  const double x_registered = n * random.uniform(0.12, 0.2);
  const double x_unregistered = n * random.uniform(0.5, 0.58);
  const double x_dry = n * random.uniform(0.82, 0.9);
  scene.outlets = {{x_registered, banks.top(x_registered)},
                   {x_unregistered, banks.bottom(x_unregistered)},
                   {x_dry, banks.top(x_dry)}};
  const double length_px = std::min(n * 0.3, 30 / gsd_m), width_px = std::min(n * 0.06, 6 / gsd_m);
  scene.plumes.push_back(make_plume(banks, x_registered, -1, length_px, width_px));
  scene.plumes.back().registered_id = "RO-1";
  scene.plumes.push_back(make_plume(banks, x_unregistered, +1, length_px, width_px));
  // Registered positions are surveyed to a few metres, not to the pixel.
  const double survey_error_px = 2 / gsd_m;
  scene.registered = {
      {"RO-1", {x_registered + survey_error_px, banks.top(x_registered) - survey_error_px}},
      {"RO-2", {x_dry, banks.top(x_dry) - survey_error_px}}};
  return scene;
}

cv::Mat render_river(const RiverScene& scene, int first_row, int rows) {
  const int n = scene.size_px;
  // The plume's blur (sigma 4: 16 px of kernel radius) needs context above
  // and below the strip; rows outside the image are not invented, so a strip
  // renders exactly the pixels a whole-image rendering gives there.
  constexpr int blur_context_rows = 32;
  const int top = std::max(0, first_row - blur_context_rows);
  const int bottom = std::min(n, first_row + rows + blur_context_rows);
  const int height = bottom - top;
  const cv::Point offset(0, -top);
  cv::Mat water(height, n, CV_8U, cv::Scalar(0));
  std::vector<cv::Point> points;
  for (const auto& p : scene.water_polygon)
    points.emplace_back(int(std::lround(p.x)), int(std::lround(p.y)));
  cv::fillPoly(water, std::vector<std::vector<cv::Point>>{points}, cv::Scalar(1), cv::LINE_8, 0,
               offset);
  cv::Mat plume_alpha(height, n, CV_32F, cv::Scalar(0));
  for (const auto& plume : scene.plumes) {
    std::vector<cv::Point> ring;
    for (const auto& p : plume.polygon)
      ring.emplace_back(int(std::lround(p.x)), int(std::lround(p.y)));
    cv::Mat one(height, n, CV_32F, cv::Scalar(0));
    cv::fillPoly(one, std::vector<std::vector<cv::Point>>{ring}, cv::Scalar(1), cv::LINE_8, 0,
                 offset);
    // Denser near the outlet, fading downstream.
    const double length = plume.polygon[plume.polygon.size() / 2 - 1].x - plume.source.x;
    for (int r = 0; r < height; ++r) {
      for (int c = 0; c < n; ++c) {
        float& a = one.at<float>(r, c);
        if (a > 0)
          a = float(0.85 * (1 - 0.55 * std::clamp((c - plume.source.x) / length, 0.0, 1.0)));
      }
    }
    plume_alpha = cv::max(plume_alpha, one);
  }
  cv::GaussianBlur(plume_alpha, plume_alpha, cv::Size(0, 0), 4.0);
  cv::Mat out(rows, n, CV_8UC3);
  const cv::Vec3f plume_bgr(182, 192, 190);  // milky grey-white discharge
  for (int r = first_row; r < first_row + rows; ++r) {
    const int local = r - top;
    for (int c = 0; c < n; ++c) {
      const double fine = hash01(scene.seed ^ 0x99, c, r) - 0.5;
      const double ripple = std::sin(0.35 * c + 0.9 * std::sin(0.05 * r)) * 3;
      cv::Vec3f colour;
      const bool is_water = water.at<std::uint8_t>(local, c) != 0;
      if (is_water) {
        colour = {float(98 + ripple + 5 * fine), float(112 + ripple + 5 * fine),
                  float(80 + ripple + 5 * fine)};
      } else {
        const double grass = 0.5 + 0.5 * std::sin(0.02 * c) * std::cos(0.03 * r);
        colour = {float(55 + 30 * fine), float(105 + 30 * grass + 25 * fine),
                  float(80 + 40 * grass + 25 * fine)};
      }
      const float a = plume_alpha.at<float>(local, c) * (is_water ? 1.0f : 0.0f);
      colour = colour * (1 - a) + plume_bgr * a;
      out.at<cv::Vec3b>(r - first_row, c) = cv::Vec3b(cv::saturate_cast<std::uint8_t>(colour[0]),
                                                      cv::saturate_cast<std::uint8_t>(colour[1]),
                                                      cv::saturate_cast<std::uint8_t>(colour[2]));
    }
  }
  // Outlet openings: dark culvert mouths 1.2 m across on the bank line.
  for (const auto& outlet : scene.outlets) {
    cv::circle(out, cv::Point(int(outlet.x), int(outlet.y) - first_row), int(0.6 / scene.gsd_m),
               cv::Scalar(30, 30, 32), cv::FILLED);
  }
  return out;
}

}  // namespace envgrid::imagery::detail
