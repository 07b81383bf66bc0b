// grid/src/assign.cpp's fast path (index buckets wholly inside one cell
// answer without a polygon test; the others run the slab ray test) against
// an exact reference computed with GEOS alone: for every cell, is the point
// covered, and is it within the edge tolerance of the cell's boundary; then
// the documented rule (docs/grid.md) picks the match and the cell. Irregular
// cells (Voronoi cells with densified edges, one with a hole) plus two cells
// drawn across them (overlaps); points at random, exactly on shared edges
// and vertices, just inside and just outside the edge tolerance, and in the
// overlaps.

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <random>
#include <string>
#include <vector>

#include "envgrid/gis/geos_handles.hpp"
#include "envgrid/grid/assign.hpp"

namespace envgrid::grid {
namespace {

constexpr double min_lon = 114.0, min_lat = 30.0, size_deg = 0.2;

struct Fixture {
  std::vector<CellInput> inputs;
  std::vector<std::string> wkts;  // per input
};

std::string to_wkt(GEOSContextHandle_t h, const GEOSGeometry* g) {
  GEOSWKTWriter* writer = GEOSWKTWriter_create_r(h);
  GEOSWKTWriter_setRoundingPrecision_r(h, writer, 12);
  char* text = GEOSWKTWriter_write_r(h, writer, g);
  std::string wkt = text;
  GEOSFree_r(h, text);
  GEOSWKTWriter_destroy_r(h, writer);
  return wkt;
}

// 150 Voronoi cells of random seeds with densified edges (numeric ids, so
// the rule compares them as numbers), a hole cut into one of them, and two
// cells that overlap the others.
Fixture make_cells() {
  auto& context = gis::thread_geos_context();
  GEOSContextHandle_t h = context.get();
  std::mt19937_64 random(11);
  std::uniform_real_distribution<double> lon(min_lon, min_lon + size_deg);
  std::uniform_real_distribution<double> lat(min_lat, min_lat + size_deg);
  constexpr int seed_count = 150;
  std::vector<GEOSGeometry*> seeds;
  seeds.reserve(seed_count);
  for (int i = 0; i < seed_count; ++i)
    seeds.push_back(GEOSGeom_createPointFromXY_r(h, lon(random), lat(random)));
  auto points =
      gis::geos_take(context, GEOSGeom_createCollection_r(h, GEOS_MULTIPOINT, seeds.data(),
                                                          static_cast<unsigned>(seeds.size())));
  auto area = gis::geos_take(
      context,
      GEOSGeom_createRectangle_r(h, min_lon, min_lat, min_lon + size_deg, min_lat + size_deg));
  auto diagram = gis::geos_take(context, GEOSVoronoiDiagram_r(h, points.get(), area.get(), 0, 0));
  Fixture fixture;
  for (int i = 0; i < GEOSGetNumGeometries_r(h, diagram.get()); ++i) {
    auto clipped = gis::geos_take(
        context, GEOSIntersection_r(h, GEOSGetGeometryN_r(h, diagram.get(), i), area.get()));
    auto dense = gis::geos_take(context, GEOSDensify_r(h, clipped.get(), 0.002));
    fixture.wkts.push_back(to_wkt(h, dense.get()));
  }
  // A hole in the first cell, around its centroid.
  auto first = gis::geos_from_wkt(context, fixture.wkts[0]);
  auto centre = gis::geos_take(context, GEOSGetCentroid_r(h, first.get()));
  double cx = 0, cy = 0;
  GEOSGeomGetX_r(h, centre.get(), &cx);
  GEOSGeomGetY_r(h, centre.get(), &cy);
  auto hole = gis::geos_take(
      context, GEOSGeom_createRectangle_r(h, cx - 0.002, cy - 0.002, cx + 0.002, cy + 0.002));
  auto holed = gis::geos_take(context, GEOSDifference_r(h, first.get(), hole.get()));
  fixture.wkts[0] = to_wkt(h, holed.get());
  // Overlapping cells: a square and a long thin diagonal strip.
  fixture.wkts.push_back(
      "POLYGON((114.05 30.05,114.11 30.05,114.11 30.11,114.05 30.11,114.05 30.05))");
  fixture.wkts.push_back(
      "POLYGON((114.01 30.02,114.19 30.17,114.19 30.18,114.01 30.03,114.01 30.02))");
  for (std::size_t i = 0; i < fixture.wkts.size(); ++i) {
    fixture.inputs.push_back(
        {std::to_string(1000 - 3 * i), static_cast<std::int64_t>(i + 1), {}, fixture.wkts[i]});
  }
  return fixture;
}

// The vertices of every cell: points on them and on their edges.
std::vector<std::pair<double, double>> vertices_of(const std::string& wkt) {
  auto& context = gis::thread_geos_context();
  GEOSContextHandle_t h = context.get();
  auto g = gis::geos_from_wkt(context, wkt);
  auto all = gis::geos_take(context, GEOSGeom_extractUniquePoints_r(h, g.get()));
  std::vector<std::pair<double, double>> out;
  for (int i = 0; i < GEOSGetNumGeometries_r(h, all.get()); ++i) {
    double x = 0, y = 0;
    GEOSGeomGetX_r(h, GEOSGetGeometryN_r(h, all.get(), i), &x);
    GEOSGeomGetY_r(h, GEOSGetGeometryN_r(h, all.get(), i), &y);
    out.emplace_back(x, y);
  }
  return out;
}

struct Expected {
  bool covered = false;
  Match match = Match::outside;
  std::string cell;
  std::string others;
  bool near_tolerance = false;  // the distance to some edge is about the tolerance: skip
};

// The rule of docs/grid.md computed from GEOS's Covers and distances alone.
class Reference {
 public:
  Reference(const Fixture& fixture, double tolerance) : tolerance_(tolerance) {
    auto& context = gis::thread_geos_context();
    for (std::size_t i = 0; i < fixture.wkts.size(); ++i) {
      order_.push_back(i);
      geometries_.push_back(gis::geos_from_wkt(context, fixture.wkts[i]));
      boundaries_.push_back(
          gis::geos_take(context, GEOSBoundary_r(context.get(), geometries_.back().get())));
      ids_.push_back(fixture.inputs[i].id);
      std::array<double, 4> box{};
      GEOSGeom_getXMin_r(context.get(), geometries_.back().get(), &box[0]);
      GEOSGeom_getYMin_r(context.get(), geometries_.back().get(), &box[1]);
      GEOSGeom_getXMax_r(context.get(), geometries_.back().get(), &box[2]);
      GEOSGeom_getYMax_r(context.get(), geometries_.back().get(), &box[3]);
      boxes_.push_back(box);
    }
    std::sort(order_.begin(), order_.end(),
              [&](std::size_t a, std::size_t b) { return cell_id_less(ids_[a], ids_[b]); });
  }

  Expected at(double x, double y) const {
    auto& context = gis::thread_geos_context();
    GEOSContextHandle_t h = context.get();
    auto point = gis::geos_take(context, GEOSGeom_createPointFromXY_r(h, x, y));
    Expected e;
    std::vector<std::pair<std::size_t, bool>> hits;  // cell, on edge
    for (const std::size_t c : order_) {
      const auto& b = boxes_[c];
      const double margin = 10 * tolerance_;  // farther than this: neither covered nor near
      if (x < b[0] - margin || y < b[1] - margin || x > b[2] + margin || y > b[3] + margin) {
        continue;
      }
      double to_edge = 0;
      GEOSDistance_r(h, boundaries_[c].get(), point.get(), &to_edge);
      if (std::abs(to_edge - tolerance_) < 0.01 * tolerance_) e.near_tolerance = true;
      const bool on_edge = to_edge <= tolerance_;
      if (on_edge || GEOSCovers_r(h, geometries_[c].get(), point.get()) == 1) {
        hits.emplace_back(c, on_edge);
      }
    }
    if (hits.empty()) return e;
    e.covered = true;
    auto chosen = hits.begin();
    if (hits.size() == 1) {
      e.match = Match::inside;
    } else {
      const auto interior =
          std::find_if(hits.begin(), hits.end(), [](auto& hit) { return !hit.second; });
      e.match = interior != hits.end() ? Match::ambiguous : Match::boundary;
      if (interior != hits.end()) chosen = interior;
    }
    e.cell = ids_[chosen->first];
    for (auto it = hits.begin(); it != hits.end(); ++it) {
      if (it != chosen) e.others += (e.others.empty() ? "" : ",") + ids_[it->first];
    }
    return e;
  }

 private:
  double tolerance_;
  std::vector<std::size_t> order_;  // input indices in rule order
  std::vector<std::string> ids_;
  std::vector<std::array<double, 4>> boxes_;  // min x, min y, max x, max y
  std::vector<gis::GeosGeometryPtr> geometries_, boundaries_;
};

TEST(AssignExact, FastPathAgreesWithGeosOnEdgesVerticesAndOverlaps) {
  const Fixture fixture = make_cells();
  const CellIndex cells = CellIndex::build(fixture.inputs);
  ASSERT_EQ(cells.size(), fixture.inputs.size());
  ASSERT_FALSE(cells.overlaps().empty());
  const double tolerance = cells.edge_tolerance();
  std::vector<double> xs, ys;
  std::mt19937_64 random(5);
  std::uniform_real_distribution<double> lon(min_lon - 0.01, min_lon + size_deg + 0.01);
  std::uniform_real_distribution<double> lat(min_lat - 0.01, min_lat + size_deg + 0.01);
  for (int i = 0; i < 30000; ++i) xs.push_back(lon(random)), ys.push_back(lat(random));
  std::uniform_real_distribution<double> along(0, 1);
  for (const auto& wkt : fixture.wkts) {
    const auto vertices = vertices_of(wkt);
    for (std::size_t v = 0; v < vertices.size(); ++v) {
      const auto [x0, y0] = vertices[v];
      const auto [x1, y1] = vertices[(v + 1) % vertices.size()];
      xs.push_back(x0), ys.push_back(y0);  // on a vertex
      const double t = along(random);
      xs.push_back(x0 + t * (x1 - x0)), ys.push_back(y0 + t * (y1 - y0));  // on an edge, or near
      // Beside the vertex, a half and three tolerances away.
      for (const double k : {0.5, -0.5, 3.0, -3.0}) {
        xs.push_back(x0 + k * tolerance), ys.push_back(y0);
        xs.push_back(x0), ys.push_back(y0 + k * tolerance);
      }
    }
  }
  const Reference reference(fixture, tolerance);
  std::size_t checked = 0;
  std::array<std::size_t, match_kind_count> seen{};
  std::vector<Expected> expected;
  expected.reserve(xs.size());
  for (std::size_t i = 0; i < xs.size(); ++i) expected.push_back(reference.at(xs[i], ys[i]));
  for (const unsigned threads : {1u, 2u}) {
    const AssignResult result = assign_to_cells(cells, {xs, ys, {}, {}}, {.threads = threads});
    ASSERT_EQ(result.sites.size(), xs.size());
    for (std::size_t i = 0; i < xs.size(); ++i) {
      const Expected& e = expected[i];
      if (e.near_tolerance) continue;
      const SiteAssignment& got = result.sites[i];
      const std::string where = std::to_string(xs[i]) + " " + std::to_string(ys[i]);
      if (!e.covered) {
        ASSERT_TRUE(got.match == Match::outside || got.match == Match::invalid) << where;
        continue;
      }
      ASSERT_EQ(match_name(got.match), match_name(e.match)) << where;
      ASSERT_EQ(cells.id(static_cast<std::uint32_t>(got.cell)), e.cell) << where;
      ASSERT_EQ(result.other_cell_ids(cells, i), e.others) << where;
      ++checked;
      if (threads == 1) ++seen[static_cast<std::size_t>(got.match)];
    }
  }
  EXPECT_GT(checked, 30000u);
  // Each covered kind came up many times, so the comparison meant something.
  EXPECT_GT(seen[static_cast<std::size_t>(Match::boundary)], 1000u);
  EXPECT_GT(seen[static_cast<std::size_t>(Match::ambiguous)], 1000u);
  EXPECT_GT(seen[static_cast<std::size_t>(Match::inside)], 10000u);
}

}  // namespace
}  // namespace envgrid::grid
