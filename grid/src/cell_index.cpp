#include "envgrid/grid/cell_index.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <map>
#include <memory>
#include <utility>

#include "envgrid/gis/geometry_repair.hpp"
#include "envgrid/gis/geos_handles.hpp"
#include "envgrid/gis/parallel.hpp"
#include "local_scale.hpp"

namespace envgrid::grid {

namespace {

struct Edge {
  double x1, y1, x2, y2;
};

struct Box {
  double min_x = std::numeric_limits<double>::infinity();
  double min_y = std::numeric_limits<double>::infinity();
  double max_x = -std::numeric_limits<double>::infinity();
  double max_y = -std::numeric_limits<double>::infinity();
  void add(double x, double y) {
    min_x = std::min(min_x, x), min_y = std::min(min_y, y);
    max_x = std::max(max_x, x), max_y = std::max(max_y, y);
  }
};

// Floors (value - origin) / step into [0, count - 1], given 1 / step (a
// multiplication is cheaper than a division). Monotone in value, so a range
// inserted with it is found again by any value inside the range.
std::uint32_t bucket_of(double value, double origin, double inverse_step, std::uint32_t count) {
  // Truncation is the floor for f > 0, and cheaper than std::floor.
  const double f = (value - origin) * inverse_step;
  if (!(f > 0)) return 0;
  return f >= count - 1 ? count - 1 : static_cast<std::uint32_t>(f);
}

// Set on a bucket entry when the bucket lies wholly inside the cell.
constexpr std::uint32_t whole_bucket_flag = 1u << 31;
constexpr std::uint32_t cell_mask = whole_bucket_flag - 1;

bool all_digits(const std::string& s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

bool cell_id_less(const std::string& a, const std::string& b) {
  if (all_digits(a) && all_digits(b)) {
    const auto a0 = std::min(a.find_first_not_of('0'), a.size());
    const auto b0 = std::min(b.find_first_not_of('0'), b.size());
    if (a.size() - a0 != b.size() - b0) return a.size() - a0 < b.size() - b0;
    const int c = a.compare(a0, std::string::npos, b, b0, std::string::npos);
    if (c != 0) return c < 0;
  }
  return a < b;
}

struct CellIndex::Impl {
  // What point location reads, in one cache line per cell.
  struct Cell {
    Box box;
    std::uint32_t edge_begin = 0, edge_end = 0;
    std::uint32_t slab_begin = 0, slab_count = 1;  // into slab_starts
    double slab_origin = 0, slab_inverse_step = 1;
  };

  std::unique_ptr<gis::GeosContext> context = std::make_unique<gis::GeosContext>();
  CoordinateUnits units = CoordinateUnits::degrees;
  double tolerance = 0;
  // The rest of a cell.
  struct CellInfo {
    std::string id;
    std::vector<std::size_t> inputs;
    gis::GeosGeometryPtr geometry{nullptr, gis::GeosGeometryDeleter{nullptr}};
  };

  std::vector<Cell> cells;
  std::vector<CellInfo> info;
  std::vector<Edge> edges;
  std::vector<std::uint32_t> slab_starts;  // per cell: slab_count + 1 entries
  std::vector<std::uint32_t> slab_edges;   // edge numbers, slab by slab (4 bytes, not 32, per copy)
  Box extent;
  std::uint32_t nx = 1, ny = 1;
  double bucket_w = 1, bucket_h = 1;
  double inverse_bucket_w = 1, inverse_bucket_h = 1;
  // Locality regions: square blocks of 2^region_shift x 2^region_shift buckets.
  std::uint32_t region_shift = 0, region_nx = 1, region_ny = 1;
  std::vector<std::uint32_t> bucket_starts;
  std::vector<std::uint32_t> bucket_cells;  // cell index | whole_bucket_flag
  std::vector<CellProblem> problems;
  std::vector<CellOverlap> overlaps;
  double min_overlap_area_m2 = 0;

  void add_edges(const GEOSGeometry* geometry, Cell& cell);
  void add_ring_edges(const GEOSGeometry* ring, Cell& cell);
  void build_slabs(Cell& cell);
  void build_buckets();
  // (bucket, cell | whole_bucket_flag) pairs, in cell order.
  void add_to_buckets(std::uint32_t cell,
                      std::vector<std::pair<std::uint32_t, std::uint32_t>>& entries) const;
  void find_overlaps();
  // The GEOS geometry of each cell one thread of find_overlaps reads.
  using Geometries = std::vector<const GEOSGeometry*>;
  [[nodiscard]] double shared_area_m2(gis::GeosContext& geos, const Geometries& geometries,
                                      std::uint32_t a, std::uint32_t b) const;
  void find_overlaps_of(gis::GeosContext& geos, const Geometries& geometries, std::uint32_t i,
                        std::vector<std::uint32_t>& candidates,
                        std::vector<CellOverlap>& found) const;
  [[nodiscard]] double box_overlap_m2(std::uint32_t a, std::uint32_t b) const;
  [[nodiscard]] detail::LocalScale pair_scale(std::uint32_t a, std::uint32_t b) const;
  [[nodiscard]] double separation_bound_m2(std::uint32_t a, std::uint32_t b) const;
  [[nodiscard]] double slab_bound_m2(const Edge& axis, std::uint32_t a, std::uint32_t b,
                                     const detail::LocalScale& scale) const;
  int locate(const Cell& cell, double x, double y) const;
};

void CellIndex::Impl::add_ring_edges(const GEOSGeometry* ring, Cell& cell) {
  GEOSContextHandle_t h = context->get();
  const GEOSCoordSequence* seq = GEOSGeom_getCoordSeq_r(h, ring);
  unsigned int n = 0;
  GEOSCoordSeq_getSize_r(h, seq, &n);
  std::vector<double> xs(n), ys(n);
  if (n == 0) return;
  GEOSCoordSeq_copyToArrays_r(h, seq, xs.data(), ys.data(), nullptr, nullptr);
  for (unsigned int i = 0; i + 1 < n; ++i) {
    edges.push_back({xs[i], ys[i], xs[i + 1], ys[i + 1]});
    cell.box.add(xs[i], ys[i]);
  }
}

void CellIndex::Impl::add_edges(const GEOSGeometry* geometry, Cell& cell) {
  GEOSContextHandle_t h = context->get();
  cell.edge_begin = static_cast<std::uint32_t>(edges.size());
  const int parts = GEOSGetNumGeometries_r(h, geometry);
  for (int p = 0; p < parts; ++p) {
    const GEOSGeometry* polygon = GEOSGetGeometryN_r(h, geometry, p);
    add_ring_edges(GEOSGetExteriorRing_r(h, polygon), cell);
    const int holes = GEOSGetNumInteriorRings_r(h, polygon);
    for (int r = 0; r < holes; ++r) add_ring_edges(GEOSGetInteriorRingN_r(h, polygon, r), cell);
  }
  cell.edge_end = static_cast<std::uint32_t>(edges.size());
}

void CellIndex::Impl::build_slabs(Cell& cell) {
  const std::uint32_t edge_count = cell.edge_end - cell.edge_begin;
  // About four edges per slab keeps the ray test short; capped for memory.
  cell.slab_count = std::clamp<std::uint32_t>(edge_count, 1, 1u << 16);
  cell.slab_origin = cell.box.min_y;
  const double height = cell.box.max_y - cell.box.min_y;
  cell.slab_inverse_step = height > 0 ? cell.slab_count / height : 1;
  cell.slab_begin = static_cast<std::uint32_t>(slab_starts.size());
  std::vector<std::vector<std::uint32_t>> slabs(cell.slab_count);
  for (std::uint32_t e = cell.edge_begin; e < cell.edge_end; ++e) {
    const Edge& edge = edges[e];
    const auto lo = bucket_of(std::min(edge.y1, edge.y2) - tolerance, cell.slab_origin,
                              cell.slab_inverse_step, cell.slab_count);
    const auto hi = bucket_of(std::max(edge.y1, edge.y2) + tolerance, cell.slab_origin,
                              cell.slab_inverse_step, cell.slab_count);
    for (auto s = lo; s <= hi; ++s) slabs[s].push_back(e);
  }
  for (const auto& slab : slabs) {
    slab_starts.push_back(static_cast<std::uint32_t>(slab_edges.size()));
    slab_edges.insert(slab_edges.end(), slab.begin(), slab.end());
  }
  slab_starts.push_back(static_cast<std::uint32_t>(slab_edges.size()));
}

void CellIndex::Impl::build_buckets() {
  for (const auto& cell : cells) {
    extent.add(cell.box.min_x, cell.box.min_y);
    extent.add(cell.box.max_x, cell.box.max_y);
  }
  if (cells.empty()) extent = Box{0, 0, 0, 0};
  const double w = std::max(extent.max_x - extent.min_x, tolerance);
  const double hgt = std::max(extent.max_y - extent.min_y, tolerance);
  // About 64 buckets per cell, shaped like the extent: a bucket then holds
  // one or two cells, and about 60 % of the points fall in buckets
  // wholly inside one cell, which need no ray test (bench/grid_assign_bench.cpp:
  // 64 per cell located 10^6 points in 10^4 cells with 10 % fewer
  // instructions than 16, at 25 bytes more per cell).
  const double target = 64.0 * std::max<std::size_t>(cells.size(), 1);
  nx = static_cast<std::uint32_t>(std::clamp(std::sqrt(target * w / hgt), 1.0, 4096.0));
  ny = static_cast<std::uint32_t>(std::clamp(target / nx, 1.0, 4096.0));
  bucket_w = w / nx;
  bucket_h = hgt / ny;
  inverse_bucket_w = nx / w;
  inverse_bucket_h = ny / hgt;
  // One flat list sorted by bucket (a stable counting sort keeps the cell
  // order within a bucket): no vector per bucket, which cost 24 bytes per
  // bucket and an allocation each.
  std::vector<std::pair<std::uint32_t, std::uint32_t>> entries;
  for (std::uint32_t c = 0; c < cells.size(); ++c) add_to_buckets(c, entries);
  bucket_starts.assign(static_cast<std::size_t>(nx) * ny + 1, 0);
  for (const auto& entry : entries) ++bucket_starts[entry.first + 1];
  for (std::size_t k = 1; k < bucket_starts.size(); ++k) bucket_starts[k] += bucket_starts[k - 1];
  bucket_cells.resize(entries.size());
  std::vector<std::uint32_t> cursor(bucket_starts.begin(), bucket_starts.end() - 1);
  for (const auto& [bucket, entry] : entries) bucket_cells[cursor[bucket]++] = entry;
  // At most about max_regions regions: few enough that a block of sites
  // sorted by region writes to few memory streams, many enough that the
  // index part one region reads stays in the CPU cache.
  constexpr std::uint64_t max_regions = 1024;
  region_shift = 0;
  while ((static_cast<std::uint64_t>(((nx - 1) >> region_shift) + 1) *
          (((ny - 1) >> region_shift) + 1)) > max_regions) {
    ++region_shift;
  }
  region_nx = ((nx - 1) >> region_shift) + 1;
  region_ny = ((ny - 1) >> region_shift) + 1;
}

// A bucket that no edge of the cell comes near (within the tolerance) is
// wholly inside or wholly outside the cell: its centre tells which. Only
// buckets an edge crosses need the ray test per point.
void CellIndex::Impl::add_to_buckets(
    std::uint32_t c, std::vector<std::pair<std::uint32_t, std::uint32_t>>& entries) const {
  const Cell& cell = cells[c];
  const Box& b = cell.box;
  const auto x0 = bucket_of(b.min_x - tolerance, extent.min_x, inverse_bucket_w, nx);
  const auto x1 = bucket_of(b.max_x + tolerance, extent.min_x, inverse_bucket_w, nx);
  const auto y0 = bucket_of(b.min_y - tolerance, extent.min_y, inverse_bucket_h, ny);
  const auto y1 = bucket_of(b.max_y + tolerance, extent.min_y, inverse_bucket_h, ny);
  const std::size_t width = x1 - x0 + 1;
  std::vector<char> crossed(width * (y1 - y0 + 1), 0);
  for (auto e = cell.edge_begin; e < cell.edge_end; ++e) {
    const Edge& edge = edges[e];
    const auto ex0 =
        bucket_of(std::min(edge.x1, edge.x2) - tolerance, extent.min_x, inverse_bucket_w, nx);
    const auto ex1 =
        bucket_of(std::max(edge.x1, edge.x2) + tolerance, extent.min_x, inverse_bucket_w, nx);
    const auto ey0 =
        bucket_of(std::min(edge.y1, edge.y2) - tolerance, extent.min_y, inverse_bucket_h, ny);
    const auto ey1 =
        bucket_of(std::max(edge.y1, edge.y2) + tolerance, extent.min_y, inverse_bucket_h, ny);
    for (auto y = ey0; y <= ey1; ++y) {
      for (auto x = ex0; x <= ex1; ++x) crossed[(y - y0) * width + (x - x0)] = 1;
    }
  }
  for (auto y = y0; y <= y1; ++y) {
    for (auto x = x0; x <= x1; ++x) {
      const std::uint32_t bucket = y * nx + x;
      if (crossed[(y - y0) * width + (x - x0)]) {
        entries.emplace_back(bucket, c);
        continue;
      }
      const double cx = extent.min_x + (x + 0.5) * bucket_w;
      const double cy = extent.min_y + (y + 0.5) * bucket_h;
      if (locate(cell, cx, cy) != 0) entries.emplace_back(bucket, c | whole_bucket_flag);
    }
  }
}

// 0 outside, 1 in the interior, 2 on an edge.
int CellIndex::Impl::locate(const Cell& cell, double x, double y) const {
  if (x < cell.box.min_x - tolerance || x > cell.box.max_x + tolerance ||
      y < cell.box.min_y - tolerance || y > cell.box.max_y + tolerance) {
    return 0;
  }
  const auto s = bucket_of(y, cell.slab_origin, cell.slab_inverse_step, cell.slab_count);
  const std::uint32_t* begin = slab_edges.data() + slab_starts[cell.slab_begin + s];
  const std::uint32_t* end = slab_edges.data() + slab_starts[cell.slab_begin + s + 1];
  const double tolerance_sq = tolerance * tolerance;
  bool inside = false;
  for (const std::uint32_t* e = begin; e != end; ++e) {
    const Edge& edge = edges[*e];
    if (x >= std::min(edge.x1, edge.x2) - tolerance &&
        x <= std::max(edge.x1, edge.x2) + tolerance &&
        y >= std::min(edge.y1, edge.y2) - tolerance &&
        y <= std::max(edge.y1, edge.y2) + tolerance &&
        detail::segment_distance_sq(x, y, edge.x1, edge.y1, edge.x2, edge.y2) <= tolerance_sq) {
      return 2;
    }
    if ((edge.y1 > y) != (edge.y2 > y) &&
        x < edge.x1 + (y - edge.y1) * (edge.x2 - edge.x1) / (edge.y2 - edge.y1)) {
      inside = !inside;
    }
  }
  return inside ? 1 : 0;
}

// The scale shared_area_m2 and the bounds below turn degrees² into m² with:
// the one at the middle latitude of the pair's shared box.
detail::LocalScale CellIndex::Impl::pair_scale(std::uint32_t a, std::uint32_t b) const {
  if (units == CoordinateUnits::metres) return {};
  const Box& p = cells[a].box;
  const Box& q = cells[b].box;
  return detail::degree_scale_at((std::max(p.min_y, q.min_y) + std::min(p.max_y, q.max_y)) / 2);
}

// Infinite when GEOS cannot intersect the pair: report it rather than hide it.
double CellIndex::Impl::shared_area_m2(gis::GeosContext& geos, const Geometries& geometries,
                                       std::uint32_t a, std::uint32_t b) const {
  GEOSContextHandle_t h = geos.get();
  const auto shared = gis::geos_take(geos, GEOSIntersection_r(h, geometries[a], geometries[b]));
  double area = 0;
  if (!shared || !GEOSArea_r(h, shared.get(), &area))
    return std::numeric_limits<double>::infinity();
  const detail::LocalScale scale = pair_scale(a, b);
  return area * scale.x_m_per_unit * scale.y_m_per_unit;
}

// The area shared by the two cells' boxes, in m² as shared_area_m2 scales
// it: a bound on the cells' shared area. Neighbours in a tiling only touch
// (a shared edge, a corner: no area), so most pairs are settled here without
// GEOS (whose relate took 0.2 s of CPU for 10^4 square cells).
double CellIndex::Impl::box_overlap_m2(std::uint32_t a, std::uint32_t b) const {
  const Box& p = cells[a].box;
  const Box& q = cells[b].box;
  const double width = std::min(p.max_x, q.max_x) - std::max(p.min_x, q.min_x);
  const double height = std::min(p.max_y, q.max_y) - std::max(p.min_y, q.min_y);
  if (!(width > 0 && height > 0)) return 0;
  const detail::LocalScale scale = pair_scale(a, b);
  return width * height * scale.x_m_per_unit * scale.y_m_per_unit;
}

// A bound on the area two cells share, from their vertices projected on the
// normal of one edge and on the edge itself (in m², axes scaled as
// shared_area_m2 scales them): the shared part lies in the strip where both
// cells' projections meet on each axis, so its area is at most the product
// of the two overlaps. This holds for any two shapes; for convex neighbours
// (Voronoi cells) the normal of their common edge gives a strip of width
// zero, settling the pair without GEOS.
double CellIndex::Impl::slab_bound_m2(const Edge& axis, std::uint32_t a, std::uint32_t b,
                                      const detail::LocalScale& scale) const {
  const double sx = scale.x_m_per_unit, sy = scale.y_m_per_unit;
  const double ux = (axis.x2 - axis.x1) * sx, uy = (axis.y2 - axis.y1) * sy;
  const double length = std::hypot(ux, uy);
  if (!(length > 0)) return std::numeric_limits<double>::infinity();
  const double dx = ux / length, dy = uy / length;  // along the edge; -dy, dx across it
  struct Range {
    double lo = std::numeric_limits<double>::infinity();
    double hi = -std::numeric_limits<double>::infinity();
  };
  Range along[2], across[2];
  for (int k = 0; k < 2; ++k) {
    const Cell& cell = cells[k == 0 ? a : b];
    for (auto e = cell.edge_begin; e < cell.edge_end; ++e) {
      // Relative to the axis' first vertex: small numbers, small rounding.
      const double px = (edges[e].x1 - axis.x1) * sx, py = (edges[e].y1 - axis.y1) * sy;
      const double t = px * dx + py * dy, n = py * dx - px * dy;
      along[k].lo = std::min(along[k].lo, t), along[k].hi = std::max(along[k].hi, t);
      across[k].lo = std::min(across[k].lo, n), across[k].hi = std::max(across[k].hi, n);
    }
  }
  const double width = std::min(across[0].hi, across[1].hi) - std::max(across[0].lo, across[1].lo);
  const double height = std::min(along[0].hi, along[1].hi) - std::max(along[0].lo, along[1].lo);
  return width > 0 && height > 0 ? width * height : 0;
}

// The smallest slab_bound_m2 over the edges of either cell that come within
// the other cell's box (the edges a tiling's neighbours share), stopping at
// the first below half the overlap rule. The edges tried are capped so that
// cells of thousands of vertices (not convex: seldom settled here) cost a few
// thousand products before GEOS rather than millions.
double CellIndex::Impl::separation_bound_m2(std::uint32_t a, std::uint32_t b) const {
  const detail::LocalScale scale = pair_scale(a, b);
  const std::uint32_t vertices =
      cells[a].edge_end - cells[a].edge_begin + cells[b].edge_end - cells[b].edge_begin;
  std::uint32_t tries_left =
      std::max<std::uint32_t>(8, 8192 / std::max<std::uint32_t>(vertices, 1));
  double best = std::numeric_limits<double>::infinity();
  for (const auto& [self, other] : {std::pair(a, b), std::pair(b, a)}) {
    const Box& o = cells[other].box;
    for (auto e = cells[self].edge_begin; e < cells[self].edge_end; ++e) {
      const Edge& edge = edges[e];
      if (std::max(edge.x1, edge.x2) < o.min_x || std::min(edge.x1, edge.x2) > o.max_x ||
          std::max(edge.y1, edge.y2) < o.min_y || std::min(edge.y1, edge.y2) > o.max_y) {
        continue;
      }
      best = std::min(best, slab_bound_m2(edge, a, b, scale));
      if (best < min_overlap_area_m2 / 2 || --tries_left == 0) return best;
    }
  }
  return best;
}

// The overlaps of cell i with the cells after it.
void CellIndex::Impl::find_overlaps_of(gis::GeosContext& geos, const Geometries& geometries,
                                       std::uint32_t i, std::vector<std::uint32_t>& candidates,
                                       std::vector<CellOverlap>& found) const {
  GEOSContextHandle_t h = geos.get();
  const Box& b = cells[i].box;
  candidates.clear();
  const auto x0 = bucket_of(b.min_x, extent.min_x, inverse_bucket_w, nx);
  const auto x1 = bucket_of(b.max_x, extent.min_x, inverse_bucket_w, nx);
  const auto y0 = bucket_of(b.min_y, extent.min_y, inverse_bucket_h, ny);
  const auto y1 = bucket_of(b.max_y, extent.min_y, inverse_bucket_h, ny);
  for (auto y = y0; y <= y1; ++y) {
    for (auto x = x0; x <= x1; ++x) {
      const std::size_t k = static_cast<std::size_t>(y) * nx + x;
      for (auto j = bucket_starts[k]; j < bucket_starts[k + 1]; ++j) {
        const std::uint32_t c = bucket_cells[j] & cell_mask;
        if (c > i) candidates.push_back(c);
      }
    }
  }
  std::sort(candidates.begin(), candidates.end());
  candidates.erase(std::unique(candidates.begin(), candidates.end()), candidates.end());
  gis::GeosPreparedPtr prepared;
  for (auto j : candidates) {
    const Box& o = cells[j].box;
    if (o.min_x > b.max_x || o.max_x < b.min_x || o.min_y > b.max_y || o.max_y < b.min_y) continue;
    if (box_overlap_m2(i, j) < min_overlap_area_m2 / 2) continue;
    if (separation_bound_m2(i, j) < min_overlap_area_m2 / 2) continue;
    if (!prepared) prepared = gis::geos_prepare(geos, geometries[i]);
    if (GEOSPreparedIntersects_r(h, prepared.get(), geometries[j]) == 1 &&
        GEOSRelatePattern_r(h, geometries[i], geometries[j], "T********") == 1 &&
        shared_area_m2(geos, geometries, i, j) >= min_overlap_area_m2) {
      found.push_back({i, j});
    }
  }
}

// GEOS relates the neighbouring cells on every core (1 s of CPU for 10^4
// Voronoi cells of 36 vertices). Each thread past the first reads its own
// copies of the geometries, made beforehand on this thread, so that no GEOS
// object is read by two threads at once.
void CellIndex::Impl::find_overlaps() {
  const std::size_t threads =
      cells.size() < 1000 ? 1 : std::min<std::size_t>(gis::hardware_threads(), 8);
  std::vector<std::unique_ptr<gis::GeosContext>> contexts;
  std::vector<std::vector<gis::GeosGeometryPtr>> copies(threads);
  std::vector<Geometries> geometries(threads);
  for (const auto& cell : info) geometries[0].push_back(cell.geometry.get());
  for (std::size_t t = 1; t < threads; ++t) {
    contexts.push_back(std::make_unique<gis::GeosContext>());
    for (const auto& cell : info) {
      copies[t].push_back(gis::geos_take(
          *contexts.back(), GEOSGeom_clone_r(contexts.back()->get(), cell.geometry.get())));
      geometries[t].push_back(copies[t].back().get());
    }
  }
  std::vector<std::vector<CellOverlap>> found(threads);
  gis::run_on_threads(threads, [&](std::size_t t) {
    gis::GeosContext& geos = t == 0 ? *context : *contexts[t - 1];
    std::vector<std::uint32_t> candidates;
    for (std::size_t i = t; i < cells.size(); i += threads) {
      find_overlaps_of(geos, geometries[t], static_cast<std::uint32_t>(i), candidates, found[t]);
    }
  });
  for (auto& part : found) overlaps.insert(overlaps.end(), part.begin(), part.end());
  std::sort(overlaps.begin(), overlaps.end(), [](const CellOverlap& a, const CellOverlap& b) {
    return std::pair(a.first, a.second) < std::pair(b.first, b.second);
  });
}

namespace {

struct PendingCell {
  std::string id;
  std::vector<std::size_t> inputs;
  std::vector<std::int64_t> rows;
  gis::GeosGeometryPtr geometry{nullptr, gis::GeosGeometryDeleter{nullptr}};
};

gis::GeosGeometryPtr parse_cell(gis::GeosContext& context, const CellInput& input,
                                std::string& error) {
  GEOSContextHandle_t h = context.get();
  GEOSGeometry* g = input.wkb.empty()
                        ? GEOSGeomFromWKT_r(h, input.wkt.c_str())
                        : GEOSGeomFromWKB_buf_r(h, input.wkb.data(), input.wkb.size());
  if (!g) error = input.wkb.empty() && input.wkt.empty() ? "no geometry" : "unreadable geometry";
  return gis::geos_take(context, g);
}

bool is_polygonal(GEOSContextHandle_t h, const GEOSGeometry* g) {
  const int type = GEOSGeomTypeId_r(h, g);
  return type == GEOS_POLYGON || type == GEOS_MULTIPOLYGON;
}

std::string format_area(double area) {
  char text[32];
  std::snprintf(text, sizeof text, "%.6g", area);
  return text;
}

// The shared repair-or-reject policy; "" and a geometry, or a message.
gis::GeosGeometryPtr repair_cell(gis::GeosContext& context, const GEOSGeometry* geometry,
                                 double max_area_change, std::string& message) {
  if (!is_polygonal(context.get(), geometry)) {
    message = "not a polygon: rejected";
    return gis::GeosGeometryPtr(nullptr, gis::GeosGeometryDeleter{context.get()});
  }
  auto repair = gis::repair_geometry(context, geometry, {.max_area_change_ratio = max_area_change});
  if (repair.outcome == gis::RepairOutcome::rejected) {
    message = repair.reason + ": rejected";
  } else if (repair.outcome == gis::RepairOutcome::repaired) {
    message = "invalid (" + repair.defect + "), repaired with " + repair.method +
              " (area as digitized " + format_area(repair.area_before) + ", after " +
              format_area(repair.area_after) + ")";
  }
  return std::move(repair.geometry);
}

std::string rows_text(const std::vector<std::int64_t>& rows) {
  std::string text;
  for (auto r : rows) text += (text.empty() ? "" : ", ") + std::to_string(r);
  return text;
}

}  // namespace

CellIndex CellIndex::build(std::span<const CellInput> inputs, const CellIndexOptions& options) {
  auto impl = std::make_unique<Impl>();
  impl->units = options.units;
  impl->min_overlap_area_m2 = options.min_overlap_area_m2;
  impl->tolerance = options.edge_tolerance > 0
                        ? options.edge_tolerance
                        : (options.units == CoordinateUnits::degrees ? 1e-9 : 1e-4);
  gis::GeosContext& context = *impl->context;
  GEOSContextHandle_t h = context.get();
  std::map<std::string, PendingCell, decltype(&cell_id_less)> by_id(&cell_id_less);
  for (std::size_t k = 0; k < inputs.size(); ++k) {
    const CellInput& input = inputs[k];
    if (input.id.empty()) {  // would join every id-less cell into one
      impl->problems.push_back({k, input.row, input.id, "empty cell id: rejected", true});
      continue;
    }
    std::string error;
    auto geometry = parse_cell(context, input, error);
    if (!geometry) {
      impl->problems.push_back({k, input.row, input.id, error + ": rejected", true});
      continue;
    }
    std::string message;
    auto repaired = repair_cell(context, geometry.get(), options.max_area_change, message);
    if (!message.empty()) impl->problems.push_back({k, input.row, input.id, message, !repaired});
    if (!repaired) continue;
    auto [it, fresh] = by_id.try_emplace(input.id);
    PendingCell& pending = it->second;
    pending.rows.push_back(input.row);
    pending.inputs.push_back(k);
    if (fresh) {
      pending.id = input.id;
      pending.geometry = std::move(repaired);
      continue;
    }
    pending.geometry =
        gis::geos_take(context, GEOSUnion_r(h, pending.geometry.get(), repaired.get()));
    impl->problems.push_back({k, input.row, input.id,
                              "duplicate cell id (rows " + rows_text(pending.rows) +
                                  "): the features are joined into one cell",
                              false});
  }
  for (auto& [id, pending] : by_id) {
    if (!pending.geometry) continue;  // a union failed; reported by GEOS as null
    Impl::Cell cell;
    impl->add_edges(pending.geometry.get(), cell);
    impl->build_slabs(cell);
    impl->cells.push_back(cell);
    impl->info.push_back({id, std::move(pending.inputs), std::move(pending.geometry)});
  }
  impl->build_buckets();
  if (options.find_overlaps) impl->find_overlaps();
  return CellIndex(std::move(impl));
}

CellIndex::CellIndex(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
CellIndex::CellIndex(CellIndex&&) noexcept = default;
CellIndex& CellIndex::operator=(CellIndex&&) noexcept = default;
CellIndex::~CellIndex() {
  // Geometries die before the context that made them.
  if (impl_) impl_->info.clear();
}

std::size_t CellIndex::size() const { return impl_->cells.size(); }
const std::string& CellIndex::id(std::uint32_t cell) const { return impl_->info[cell].id; }
const std::vector<std::size_t>& CellIndex::inputs(std::uint32_t cell) const {
  return impl_->info[cell].inputs;
}
CoordinateUnits CellIndex::units() const { return impl_->units; }
double CellIndex::edge_tolerance() const { return impl_->tolerance; }
const std::vector<CellProblem>& CellIndex::problems() const { return impl_->problems; }
const std::vector<CellOverlap>& CellIndex::overlaps() const { return impl_->overlaps; }
const GEOSGeometry* CellIndex::geometry(std::uint32_t cell) const {
  return impl_->info[cell].geometry.get();
}
GEOSContextHandle_t CellIndex::geos_context() const { return impl_->context->get(); }

std::uint32_t CellIndex::bucket_at(double x, double y) const {
  const Impl& m = *impl_;
  if (m.cells.empty() || !(x >= m.extent.min_x - m.tolerance) ||
      !(x <= m.extent.max_x + m.tolerance) || !(y >= m.extent.min_y - m.tolerance) ||
      !(y <= m.extent.max_y + m.tolerance)) {
    return m.nx * m.ny;
  }
  return bucket_of(y, m.extent.min_y, m.inverse_bucket_h, m.ny) * m.nx +
         bucket_of(x, m.extent.min_x, m.inverse_bucket_w, m.nx);
}

std::uint32_t CellIndex::bucket_count() const { return impl_->nx * impl_->ny; }

std::int32_t CellIndex::sole_cell(std::uint32_t bucket) const {
  const Impl& m = *impl_;
  if (bucket >= m.nx * m.ny || m.bucket_starts[bucket + 1] - m.bucket_starts[bucket] != 1) {
    return -1;
  }
  const std::uint32_t entry = m.bucket_cells[m.bucket_starts[bucket]];
  return entry & whole_bucket_flag ? static_cast<std::int32_t>(entry & cell_mask) : -1;
}

void CellIndex::cells_covering(std::uint32_t bucket, double x, double y,
                               std::vector<CellHit>& hits) const {
  hits.clear();
  const Impl& m = *impl_;
  if (bucket >= m.nx * m.ny) return;
  for (auto j = m.bucket_starts[bucket]; j < m.bucket_starts[bucket + 1]; ++j) {
    const std::uint32_t entry = m.bucket_cells[j];
    const std::uint32_t c = entry & cell_mask;
    const int where = entry & whole_bucket_flag ? 1 : m.locate(m.cells[c], x, y);
    if (where != 0) hits.push_back({c, where == 2});
  }
}

void CellIndex::cells_covering(double x, double y, std::vector<CellHit>& hits) const {
  cells_covering(bucket_at(x, y), x, y, hits);
}

std::uint32_t CellIndex::locality_key(std::uint32_t bucket) const {
  const Impl& m = *impl_;
  if (bucket >= m.nx * m.ny) return m.region_nx * m.region_ny;
  return ((bucket / m.nx) >> m.region_shift) * m.region_nx + ((bucket % m.nx) >> m.region_shift);
}

std::uint32_t CellIndex::locality_key_count() const {
  return impl_->region_nx * impl_->region_ny + 1;
}

void CellIndex::cells_in_box(double min_x, double min_y, double max_x, double max_y,
                             std::vector<std::uint32_t>& out) const {
  out.clear();
  const Impl& m = *impl_;
  if (m.cells.empty() || max_x < m.extent.min_x || min_x > m.extent.max_x ||
      max_y < m.extent.min_y || min_y > m.extent.max_y) {
    return;
  }
  const auto x0 = bucket_of(min_x, m.extent.min_x, m.inverse_bucket_w, m.nx);
  const auto x1 = bucket_of(max_x, m.extent.min_x, m.inverse_bucket_w, m.nx);
  const auto y0 = bucket_of(min_y, m.extent.min_y, m.inverse_bucket_h, m.ny);
  const auto y1 = bucket_of(max_y, m.extent.min_y, m.inverse_bucket_h, m.ny);
  for (auto y = y0; y <= y1; ++y) {
    for (auto x = x0; x <= x1; ++x) {
      const std::size_t k = static_cast<std::size_t>(y) * m.nx + x;
      for (auto j = m.bucket_starts[k]; j < m.bucket_starts[k + 1]; ++j) {
        const std::uint32_t c = m.bucket_cells[j] & cell_mask;
        const Box& b = m.cells[c].box;
        if (b.min_x <= max_x && b.max_x >= min_x && b.min_y <= max_y && b.max_y >= min_y) {
          out.push_back(c);
        }
      }
    }
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
}

double CellIndex::distance_to_edges_m(std::uint32_t cell, double x, double y) const {
  const Impl& m = *impl_;
  const auto& c = m.cells[cell];
  detail::LocalScale scale;
  if (m.units == CoordinateUnits::degrees) scale = detail::degree_scale_at(y);
  double best = std::numeric_limits<double>::infinity();
  for (auto e = c.edge_begin; e < c.edge_end; ++e) {
    const Edge& edge = m.edges[e];
    best = std::min(best, detail::segment_distance_sq(x, y, edge.x1, edge.y1, edge.x2, edge.y2,
                                                      scale.x_m_per_unit, scale.y_m_per_unit));
  }
  return std::sqrt(best);
}

void CellIndex::box_around(double x, double y, double distance_m, double box[4]) const {
  double dx = distance_m, dy = distance_m;
  if (impl_->units == CoordinateUnits::degrees) {
    // The scale at the box's edge nearest the pole is the smallest; 1 % margin.
    const double lat = std::min(89.0, std::abs(y) + distance_m / 110000.0);
    const auto scale = detail::degree_scale_at(lat);
    dx = 1.01 * distance_m / scale.x_m_per_unit;
    dy = 1.01 * distance_m / scale.y_m_per_unit;
  }
  box[0] = x - dx, box[1] = y - dy, box[2] = x + dx, box[3] = y + dy;
}

}  // namespace envgrid::grid
