#include "county.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numbers>
#include <set>

#include "envgrid/gis/error.hpp"
#include "names.hpp"

namespace envgrid::synth::detail {

namespace {

// The boundary: r(theta) = R * (1 + sum of low harmonics) * (1 + vertex noise).
// Positive radii make a star-shaped, hence simple, polygon.
std::vector<Point> star_ring(Random& random, Point centre, double area_m2) {
  constexpr int harmonics = 5;
  std::array<double, harmonics> amplitude{}, phase{};
  for (int k = 0; k < harmonics; ++k) {
    amplitude[k] = random.uniform(0.0, 0.14 / std::sqrt(k + 1.0));
    phase[k] = random.uniform(0.0, 2 * std::numbers::pi);
  }
  constexpr int vertices = 240;
  std::vector<double> radius(vertices);
  for (int i = 0; i < vertices; ++i) {
    const double theta = 2 * std::numbers::pi * i / vertices;
    double r = 1;
    for (int k = 0; k < harmonics; ++k) r += amplitude[k] * std::cos((k + 2) * theta + phase[k]);
    radius[i] = std::max(0.35, r * (1 + random.uniform(-0.025, 0.025)));
  }
  // Scale so that the polygon's area is area_m2 exactly (shoelace on radii).
  double unit_area = 0;
  const double step = 2 * std::numbers::pi / vertices;
  for (int i = 0; i < vertices; ++i) unit_area += 0.5 * radius[i] * radius[(i + 1) % vertices];
  unit_area *= std::sin(step);
  const double scale = std::sqrt(area_m2 / unit_area);
  std::vector<Point> ring(vertices);
  for (int i = 0; i < vertices; ++i) {
    // Rounded to the millimetre so that every later step sees the same vertices.
    ring[i] = {std::round((centre.x + scale * radius[i] * std::cos(i * step)) * 1000) / 1000,
               std::round((centre.y + scale * radius[i] * std::sin(i * step)) * 1000) / 1000};
  }
  return ring;
}

gis::GeosGeometryPtr polygon_from_ring(gis::GeosContext& geos, const std::vector<Point>& ring) {
  GEOSContextHandle_t h = geos.get();
  GEOSCoordSequence* sequence = GEOSCoordSeq_create_r(h, ring.size() + 1, 2);
  for (std::size_t i = 0; i <= ring.size(); ++i) {
    const Point& p = ring[i % ring.size()];
    GEOSCoordSeq_setXY_r(h, sequence, i, p.x, p.y);
  }
  GEOSGeometry* shell = GEOSGeom_createLinearRing_r(h, sequence);
  return gis::geos_take(geos, GEOSGeom_createPolygon_r(h, shell, nullptr, 0));
}

// Mitchell's best-candidate sampling: evenly spread, still random.
std::vector<Point> spread_points(const County& county, Random& random, std::uint64_t count) {
  std::vector<Point> points;
  constexpr int candidates = 12;
  while (points.size() < count) {
    Point best{};
    double best_distance = -1;
    for (int c = 0; c < candidates; ++c) {
      const Point candidate = county.random_point(random);
      double nearest = INFINITY;
      for (const Point& p : points) {
        nearest = std::min(nearest, std::hypot(p.x - candidate.x, p.y - candidate.y));
      }
      if (nearest > best_distance) {
        best_distance = nearest;
        best = candidate;
      }
    }
    points.push_back(best);
  }
  return points;
}

}  // namespace

double area_of(gis::GeosContext& geos, const GEOSGeometry* geometry) {
  double area = 0;
  GEOSArea_r(geos.get(), geometry, &area);
  return area;
}

County::County(gis::GeosContext& geos, Point centre, double area_m2, std::uint64_t township_count,
               std::uint64_t seed)
    : geos_(geos) {
  Random random(seed, "county");
  ring_ = star_ring(random, centre, area_m2);
  area_ = polygon_from_ring(geos, ring_);
  area_m2_ = area_of(geos, area_.get());
  envelope_ = gis::envelope_of(geos, area_.get());
  make_townships(township_count, seed);
}

bool County::contains(Point p) const {
  if (p.x < envelope_.min_x || p.x > envelope_.max_x || p.y < envelope_.min_y ||
      p.y > envelope_.max_y) {
    return false;
  }
  // Even-odd ray casting on the one ring (GEOS 3.11 has no allocation-free
  // point test, and this runs for every candidate point).
  bool inside = false;
  for (std::size_t i = 0, j = ring_.size() - 1; i < ring_.size(); j = i++) {
    const Point& a = ring_[i];
    const Point& b = ring_[j];
    if ((a.y > p.y) != (b.y > p.y) && p.x < (b.x - a.x) * (p.y - a.y) / (b.y - a.y) + a.x) {
      inside = !inside;
    }
  }
  return inside;
}

Point County::random_point(Random& random) const {
  for (;;) {
    const Point p{random.uniform(envelope_.min_x, envelope_.max_x),
                  random.uniform(envelope_.min_y, envelope_.max_y)};
    if (contains(p)) return p;
  }
}

void County::make_townships(std::uint64_t count, std::uint64_t seed) {
  Random random(seed, "townships");
  const std::vector<Point> seeds = spread_points(*this, random, count);
  GEOSContextHandle_t h = geos_.get();
  GEOSCoordSequence* sequence = GEOSCoordSeq_create_r(h, seeds.size(), 2);
  for (std::size_t i = 0; i < seeds.size(); ++i) {
    GEOSCoordSeq_setXY_r(h, sequence, i, seeds[i].x, seeds[i].y);
  }
  gis::GeosGeometryPtr line = gis::geos_take(geos_, GEOSGeom_createLineString_r(h, sequence));
  gis::GeosGeometryPtr points =
      gis::geos_take(geos_, GEOSGeom_extractUniquePoints_r(h, line.get()));
  gis::GeosGeometryPtr cells =
      gis::geos_take(geos_, GEOSVoronoiDiagram_r(h, points.get(), area_.get(), 0.0, 0));
  if (!cells) {
    throw gis::Error(gis::ExitCode::internal, "GEOS Voronoi failed: " + geos_.last_message(),
                     {.step = "synth townships"});
  }
  struct Piece {
    gis::GeosGeometryPtr area;
    Point centroid;
  };
  std::vector<Piece> pieces;
  for (int i = 0; i < GEOSGetNumGeometries_r(h, cells.get()); ++i) {
    gis::GeosGeometryPtr clipped = gis::geos_take(
        geos_, GEOSIntersection_r(h, GEOSGetGeometryN_r(h, cells.get(), i), area_.get()));
    if (clipped)
      clipped = gis::geos_take(geos_, GEOSGeom_setPrecision_r(h, clipped.get(), 0.001, 0));
    if (!clipped || area_of(geos_, clipped.get()) <= 0) continue;
    gis::GeosGeometryPtr centroid = gis::geos_take(geos_, GEOSGetCentroid_r(h, clipped.get()));
    Point c;
    GEOSGeomGetX_r(h, centroid.get(), &c.x);
    GEOSGeomGetY_r(h, centroid.get(), &c.y);
    pieces.push_back({std::move(clipped), c});
  }
  // Codes run from north-west to south-east, as a reader scans a map.
  std::sort(pieces.begin(), pieces.end(), [](const Piece& a, const Piece& b) {
    const double row_a = std::floor(a.centroid.y / 5000), row_b = std::floor(b.centroid.y / 5000);
    return row_a != row_b ? row_a > row_b : a.centroid.x < b.centroid.x;
  });
  std::set<std::string> used_names;
  for (std::size_t i = 0; i < pieces.size(); ++i) {
    std::string name = township_name(random);
    for (int attempt = 0; used_names.count(name) && attempt < 20; ++attempt) {
      name = township_name(random);
    }
    if (used_names.count(name)) name = place_name(random) + std::to_string(i + 1) + "镇";
    used_names.insert(name);
    char code[40];
    std::snprintf(code, sizeof code, "%s%03zu000", County::code, i + 1);
    gis::Envelope envelope = gis::envelope_of(geos_, pieces[i].area.get());
    townships_.push_back({code, name, std::move(pieces[i].area), envelope});
  }
}

gis::GeometryPtr to_ogr_lonlat(gis::GeosContext& geos, const GEOSGeometry* geometry,
                               const Frame& frame) {
  std::size_t size = 0;
  GEOSWKBWriter* writer = GEOSWKBWriter_create_r(geos.get());
  unsigned char* wkb = GEOSWKBWriter_write_r(geos.get(), writer, geometry, &size);
  GEOSWKBWriter_destroy_r(geos.get(), writer);
  OGRGeometry* ogr = nullptr;
  const OGRErr error = OGRGeometryFactory::createFromWkb(wkb, nullptr, &ogr, size);
  GEOSFree_r(geos.get(), wkb);
  if (error != OGRERR_NONE || !ogr) {
    throw gis::Error(gis::ExitCode::internal, "cannot convert a synthetic geometry",
                     {.step = "synth"});
  }
  gis::GeometryPtr result(ogr);
  frame.to_lonlat(*result);
  return result;
}

gis::GeometryPtr as_multipolygon(gis::GeometryPtr geometry) {
  return gis::GeometryPtr(OGRGeometryFactory::forceToMultiPolygon(geometry.release()));
}

}  // namespace envgrid::synth::detail
