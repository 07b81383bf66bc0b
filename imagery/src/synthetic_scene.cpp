#include "synthetic_scene.hpp"

#include <algorithm>
#include <cmath>

#include <opencv2/imgproc.hpp>

namespace envgrid::imagery::detail {
namespace {

constexpr int subpixel_bits = 4;  // fillPoly's fixed-point shift

double Random_two_pi() { return 2 * M_PI; }

std::uint64_t splitmix(std::uint64_t x) {
  x += 0x9E3779B97F4A7C15ULL;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
  return x ^ (x >> 31);
}

// Smooth value noise in [0, 1): a hash lattice of `cell` pixels, interpolated.
double low_frequency(std::uint64_t seed, double x, double y, double cell) {
  const double gx = x / cell, gy = y / cell;
  const auto ix = static_cast<std::int64_t>(std::floor(gx)),
             iy = static_cast<std::int64_t>(std::floor(gy));
  const double fx = gx - double(ix), fy = gy - double(iy);
  const double sx = fx * fx * (3 - 2 * fx), sy = fy * fy * (3 - 2 * fy);
  const double a = hash01(seed, ix, iy), b = hash01(seed, ix + 1, iy);
  const double c = hash01(seed, ix, iy + 1), d = hash01(seed, ix + 1, iy + 1);
  return (a + (b - a) * sx) * (1 - sy) + (c + (d - c) * sx) * sy;
}

void fill_ring(cv::Mat& target, const Ring& ring, const cv::Point& origin,
               const cv::Scalar& value) {
  std::vector<cv::Point> points;
  points.reserve(ring.size());
  for (const auto& p : ring) {
    points.emplace_back(int(std::lround((p.x - origin.x) * (1 << subpixel_bits))),
                        int(std::lround((p.y - origin.y) * (1 << subpixel_bits))));
  }
  cv::fillPoly(target, std::vector<std::vector<cv::Point>>{points}, value, cv::LINE_8,
               subpixel_bits);
}

Ring rect_ring(const cv::Rect2d& r) {
  return {{r.x, r.y}, {r.x + r.width, r.y}, {r.x + r.width, r.y + r.height}, {r.x, r.y + r.height}};
}

Ring shadow_ring(const Building& b) {
  Ring corners = rect_ring(b.rect);
  std::vector<cv::Point2f> all;
  for (const auto& p : corners) {
    all.emplace_back(float(p.x), float(p.y));
    all.emplace_back(float(p.x + b.shadow_px.x), float(p.y + b.shadow_px.y));
  }
  std::vector<cv::Point2f> hull;
  cv::convexHull(all, hull);
  Ring ring;
  for (const auto& p : hull) ring.emplace_back(p.x, p.y);
  return ring;
}

Ring random_blob(Random& random, cv::Point2d centre, double radius_px) {
  Ring ring;
  const int vertices = 18;
  const double phase = random.uniform(0, 1);
  for (int i = 0; i < vertices; ++i) {
    const double angle = 2 * M_PI * (i + phase) / vertices;
    const double r = radius_px * random.uniform(0.75, 1.15);
    ring.emplace_back(centre.x + r * std::cos(angle), centre.y + 0.8 * r * std::sin(angle));
  }
  return ring;
}

cv::Rect2d bounds_of(const Ring& ring) {
  double x0 = 1e300, y0 = 1e300, x1 = -1e300, y1 = -1e300;
  for (const auto& p : ring) {
    x0 = std::min(x0, p.x), y0 = std::min(y0, p.y), x1 = std::max(x1, p.x), y1 = std::max(y1, p.y);
  }
  return {x0, y0, x1 - x0, y1 - y0};
}

// Places objects without overlap (each with its shadow and a clearance).
class Placer {
 public:
  Placer(int size_px, std::vector<cv::Rect2d> blocked)
      : size_px_(size_px), taken_(std::move(blocked)) {}
  bool free(const cv::Rect2d& r, double clearance_px) const {
    const cv::Rect2d grown(r.x - clearance_px, r.y - clearance_px, r.width + 2 * clearance_px,
                           r.height + 2 * clearance_px);
    if (grown.x < 0 || grown.y < 0 || grown.x + grown.width > size_px_ ||
        grown.y + grown.height > size_px_) {
      return false;
    }
    return std::none_of(taken_.begin(), taken_.end(),
                        [&](const cv::Rect2d& t) { return (t & grown).area() > 0; });
  }
  void take(const cv::Rect2d& r) { taken_.push_back(r); }

 private:
  int size_px_;
  std::vector<cv::Rect2d> taken_;
};

const cv::Vec3b roof_colours[] = {{172, 122, 62}, {206, 206, 200}, {176, 178, 181},
                                  {62, 72, 168},  {150, 152, 72},  {120, 160, 200}};

bool place_building(Random& random, Placer& placer, const Scene& scene, ObjectKind kind,
                    Building& out) {
  const double px_per_m = 1.0 / scene.gsd_m;
  for (int attempt = 0; attempt < 300; ++attempt) {
    Building b;
    const double w = random.uniform(10, 36) * px_per_m, h = random.uniform(8, 26) * px_per_m;
    b.rect = {random.uniform(0, scene.size_px - w), random.uniform(0, scene.size_px - h), w, h};
    // Sun in the south-east: shadows fall north-west, 0.8 x the wall height.
    const double shadow_m = 0.8 * random.uniform(4, 12);
    b.shadow_px = {-0.55 * shadow_m * px_per_m, -0.83 * shadow_m * px_per_m};
    const cv::Rect2d with_shadow = bounds_of(shadow_ring(b));
    if (!placer.free(with_shadow, 4 * px_per_m)) continue;
    placer.take(with_shadow);
    b.roof_bgr = roof_colours[random.integer(0, 5)];
    b.ridge_period_px = int(random.uniform(1.5, 3.5) * px_per_m);
    b.ridges_vertical = random.uniform() < 0.5;
    b.kind = kind;
    out = b;
    return true;
  }
  return false;
}

bool place_blob(Random& random, Placer& placer, const Scene& scene, double min_m, double max_m,
                Ring& out) {
  for (int attempt = 0; attempt < 300; ++attempt) {
    const double radius = random.uniform(min_m, max_m) / scene.gsd_m;
    const cv::Point2d centre(random.uniform(0, scene.size_px), random.uniform(0, scene.size_px));
    Ring ring = random_blob(random, centre, radius);
    const cv::Rect2d box = bounds_of(ring);
    if (!placer.free(box, 3 / scene.gsd_m)) continue;
    placer.take(box);
    out = std::move(ring);
    return true;
  }
  return false;
}

cv::Vec3f ground_colour(std::uint64_t seed, int x, int y, int material, float texture) {
  const double fine = hash01(seed ^ 0xA5A5, x, y) - 0.5;
  switch (material) {
    case 1: {  // concrete road
      const double v = 162 + 8 * low_frequency(seed + 3, x, y, 300) + 6 * fine;
      return {float(v), float(v), float(v * 0.98)};
    }
    default: {  // asphalt / compacted yard
      const double v = 92 + 30 * low_frequency(seed + 1, x, y, 220) + 8 * fine;
      return {float(v * 0.96), float(v), float(v * 1.05)};
    }
    case 2:
    case 3:
      return {float(40 + 30 * texture), float(95 + 75 * texture), float(50 + 35 * texture)};
  }
}

}  // namespace

double Random::normal() {
  const double u1 = std::max(uniform(), 1e-300), u2 = uniform();
  return std::sqrt(-2 * std::log(u1)) * std::cos(Random_two_pi() * u2);
}

double hash01(std::uint64_t seed, std::int64_t x, std::int64_t y) {
  const std::uint64_t h =
      splitmix(seed ^ splitmix(std::uint64_t(x) * 0x100000001B3ULL ^ splitmix(std::uint64_t(y))));
  return double(h >> 11) * 0x1.0p-53;
}

Scene make_industrial_scene(std::uint64_t seed, int size_px, double gsd_m) {
  Random random(seed);
  Scene scene;
  scene.seed = seed;
  scene.size_px = size_px;
  scene.gsd_m = gsd_m;
  const double extent_m = size_px * gsd_m;
  // Roads every 150 m, 10 m wide, both ways.
  const double spacing_px = 150 / gsd_m, width_px = 10 / gsd_m;
  for (double at = random.uniform(0.3, 0.7) * spacing_px; at < size_px; at += spacing_px) {
    scene.roads.emplace_back(0, at, size_px, width_px);
    scene.roads.emplace_back(at, 0, width_px, size_px);
  }
  Placer placer(size_px, scene.roads);
  // Counts scale with the area: a 410 m square park has 14 standing
  // buildings, 8 new ones (half permitted), 4 demolitions, 2 earthworks and
  // 6 vegetation patches.
  const double scale = (extent_m / 409.6) * (extent_m / 409.6);
  auto count = [&](double per_park) { return std::max(1, int(std::lround(per_park * scale))); };
  const std::pair<ObjectKind, int> plan[] = {{ObjectKind::existing, count(14)},
                                             {ObjectKind::new_building, count(8)},
                                             {ObjectKind::demolished, count(4)}};
  for (const auto& [kind, n] : plan) {
    for (int i = 0; i < n; ++i) {
      Building b;
      if (!place_building(random, placer, scene, kind, b)) break;
      b.permitted = kind == ObjectKind::new_building && i % 2 == 0;
      scene.buildings.push_back(b);
    }
  }
  for (int i = 0, n = count(2); i < n; ++i) {
    Ring ring;
    if (place_blob(random, placer, scene, 6, 12, ring)) scene.earthworks.push_back(std::move(ring));
  }
  for (int i = 0, n = count(6); i < n; ++i) {
    Ring ring;
    if (place_blob(random, placer, scene, 8, 20, ring)) scene.vegetation.push_back(std::move(ring));
  }
  // 1-3 px each way, never zero: the misregistration that must not become flags.
  scene.shift_px = {random.integer(1, 3) * (random.uniform() < 0.5 ? -1 : 1),
                    random.integer(1, 3) * (random.uniform() < 0.5 ? -1 : 1)};
  return scene;
}

cv::Mat render_industrial(const Scene& scene, const cv::Rect& window, bool after) {
  const cv::Point origin = window.tl();
  // material: 0 yard, 1 road, 2 vegetation, 3 soil, 4 rubble, 5 roof
  cv::Mat material(window.size(), CV_8U, cv::Scalar(0));
  cv::Mat shadow(window.size(), CV_8U, cv::Scalar(0));
  cv::Mat roof(window.size(), CV_8UC3, cv::Scalar::all(0));
  for (const auto& road : scene.roads) fill_ring(material, rect_ring(road), origin, cv::Scalar(1));
  for (const auto& ring : scene.vegetation) fill_ring(material, ring, origin, cv::Scalar(2));
  if (after) {
    for (const auto& ring : scene.earthworks) fill_ring(material, ring, origin, cv::Scalar(3));
  }
  for (const auto& b : scene.buildings) {
    const bool standing =
        b.kind == ObjectKind::existing ||
        (after ? b.kind == ObjectKind::new_building : b.kind == ObjectKind::demolished);
    if (!standing) {
      if (after && b.kind == ObjectKind::demolished)
        fill_ring(material, rect_ring(b.rect), origin, cv::Scalar(4));
      continue;
    }
    fill_ring(shadow, shadow_ring(b), origin, cv::Scalar(1));
  }
  for (const auto& b : scene.buildings) {
    const bool standing =
        b.kind == ObjectKind::existing ||
        (after ? b.kind == ObjectKind::new_building : b.kind == ObjectKind::demolished);
    if (!standing) continue;
    fill_ring(material, rect_ring(b.rect), origin, cv::Scalar(5));
    fill_ring(roof, rect_ring(b.rect), origin,
              cv::Scalar(b.roof_bgr[0], b.roof_bgr[1], b.roof_bgr[2]));
    // Panel seams every few metres, a little darker than the roof.
    const cv::Scalar seam(b.roof_bgr[0] * 0.85, b.roof_bgr[1] * 0.85, b.roof_bgr[2] * 0.85);
    const double length = b.ridges_vertical ? b.rect.width : b.rect.height;
    for (double s = b.ridge_period_px; s < length; s += b.ridge_period_px) {
      Ring line = b.ridges_vertical ? Ring{{b.rect.x + s, b.rect.y},
                                           {b.rect.x + s + 2, b.rect.y},
                                           {b.rect.x + s + 2, b.rect.y + b.rect.height},
                                           {b.rect.x + s, b.rect.y + b.rect.height}}
                                    : Ring{{b.rect.x, b.rect.y + s},
                                           {b.rect.x + b.rect.width, b.rect.y + s},
                                           {b.rect.x + b.rect.width, b.rect.y + s + 2},
                                           {b.rect.x, b.rect.y + s + 2}};
      fill_ring(roof, line, origin, seam);
    }
  }
  // Leaf clumps: blurred hash noise in scene coordinates, so both epochs
  // (and any strip split) see the same texture.
  constexpr int margin = 12;
  cv::Mat noise(window.height + 2 * margin, window.width + 2 * margin, CV_32F);
  for (int r = 0; r < noise.rows; ++r) {
    for (int c = 0; c < noise.cols; ++c) {
      noise.at<float>(r, c) =
          float(hash01(scene.seed ^ 0x5EED, origin.x + c - margin, origin.y + r - margin));
    }
  }
  cv::GaussianBlur(noise, noise, cv::Size(0, 0), 3.0);
  // Blurred uniform noise has a standard deviation near 0.027 at sigma 3:
  // stretch +-1.5 of them to [0, 1] with a fixed map (the same in every strip).
  noise = (noise - 0.5) / 0.08 + 0.5;
  cv::min(cv::max(noise, 0.0), 1.0, noise);
  cv::Mat texture = noise(cv::Rect(margin, margin, window.width, window.height));

  cv::Mat out(window.size(), CV_8UC3);
  for (int r = 0; r < window.height; ++r) {
    const int y = origin.y + r;
    for (int c = 0; c < window.width; ++c) {
      const int x = origin.x + c;
      const int m = material.at<std::uint8_t>(r, c);
      const float t = texture.at<float>(r, c);
      const double fine = hash01(scene.seed ^ 0x77, x, y) - 0.5;
      cv::Vec3f colour;
      if (m == 5) {
        const cv::Vec3b base = roof.at<cv::Vec3b>(r, c);
        colour = {float(base[0] + 4 * fine), float(base[1] + 4 * fine), float(base[2] + 4 * fine)};
      } else if (m == 2 && after) {  // the same leaves, turned yellow-brown
        colour = {float(48 + 28 * t), float(118 + 60 * t), float(138 + 62 * t)};
      } else if (m == 3) {  // fresh soil
        colour = {float(66 + 40 * t), float(100 + 45 * t), float(140 + 45 * t)};
      } else if (m == 4) {  // rubble
        const double v = 118 + 70 * fine + 25 * t;
        colour = {float(v * 0.9), float(v * 0.96), float(v * 1.04)};
      } else {
        colour = ground_colour(scene.seed, x, y, m, t);
      }
      if (m != 5 && shadow.at<std::uint8_t>(r, c)) {
        colour = {colour[0] * 0.50f, colour[1] * 0.42f, colour[2] * 0.38f};
      }
      out.at<cv::Vec3b>(r, c) = cv::Vec3b(cv::saturate_cast<std::uint8_t>(colour[0]),
                                          cv::saturate_cast<std::uint8_t>(colour[1]),
                                          cv::saturate_cast<std::uint8_t>(colour[2]));
    }
  }
  return out;
}

}  // namespace envgrid::imagery::detail
