#pragma once
// The demo scenes as plain data (object lists in scene pixels) and their
// renderers; internal to synthetic_imagery.cpp.

#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include <opencv2/core.hpp>

namespace envgrid::imagery::detail {

// Draws from std::mt19937_64 with envgrid's own distributions: the standard
// library's distributions differ between implementations, the engine does not.
class Random {
 public:
  explicit Random(std::uint64_t seed) : engine_(seed) {}
  double uniform() { return double(engine_() >> 11) * 0x1.0p-53; }
  double uniform(double low, double high) { return low + (high - low) * uniform(); }
  int integer(int low, int high) { return low + int(uniform() * (high - low + 1)); }  // inclusive
  double normal();                                                                    // Box-Muller

 private:
  std::mt19937_64 engine_;
};

enum class ObjectKind { existing, new_building, demolished };

struct Building {
  cv::Rect2d rect;  // roof footprint, scene pixels
  cv::Vec3b roof_bgr;
  cv::Point2d shadow_px;  // where the shadow of the roof's far edge falls
  int ridge_period_px = 20;
  bool ridges_vertical = false;
  bool permitted = false;
  ObjectKind kind = ObjectKind::existing;
};

using Ring = std::vector<cv::Point2d>;

struct Scene {
  int size_px = 0;
  double gsd_m = 0.1;
  std::uint64_t seed = 0;
  std::vector<cv::Rect2d> roads;
  std::vector<Building> buildings;
  std::vector<Ring> vegetation;  // green before, yellow-brown after (same texture)
  std::vector<Ring> earthworks;  // bare soil in `after` only
  cv::Point shift_px{0, 0};      // misregistration of `after`
};

[[nodiscard]] Scene make_industrial_scene(std::uint64_t seed, int size_px, double gsd_m);
// Renders the scene pixels of window (scene coordinates; may reach outside).
[[nodiscard]] cv::Mat render_industrial(const Scene& scene, const cv::Rect& window, bool after);

struct Plume {
  Ring polygon;
  cv::Point2d source;
  std::string registered_id;  // "" when the outlet is not registered
};
struct RegisteredOutfall {
  std::string id;
  cv::Point2d position;
};
struct RiverScene {
  int size_px = 0;
  double gsd_m = 0.1;
  std::uint64_t seed = 0;
  Ring water_polygon;
  std::vector<cv::Point2d> outlets;  // dark openings on the bank
  std::vector<Plume> plumes;
  std::vector<RegisteredOutfall> registered;
};

[[nodiscard]] RiverScene make_river_scene(std::uint64_t seed, int size_px, double gsd_m);
// Renders rows [first_row, first_row + rows) of the river scene, full width.
[[nodiscard]] cv::Mat render_river(const RiverScene& scene, int first_row, int rows);

// Deterministic noise in [0, 1) at an integer scene position.
[[nodiscard]] double hash01(std::uint64_t seed, std::int64_t x, std::int64_t y);

}  // namespace envgrid::imagery::detail
