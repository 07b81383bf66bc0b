// Dangling reach ends near another reach: where a line stops short of (or
// overshoots) the reach it should join, the end touches no other reach but
// lies within gap_search_m of one. Reported, never joined: a real headwater
// can start near another stream.

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>

#include "build_steps.hpp"
#include "cell_index.hpp"
#include "degree_grid.hpp"
#include "envgrid/gis/parallel.hpp"

namespace envgrid::hydro::detail {

namespace {

struct Segment {
  std::size_t reach;
  std::size_t vertex;  // segment from line[vertex] to line[vertex + 1]
};

// The median length of (at most about 2^16) segments spread evenly over the
// network, so that cells are not much smaller than segments (each segment is
// listed in every cell its bounding box covers). Only the cell size depends
// on it, never which gaps are found.
double median_segment_m(const Network& net) {
  std::size_t segments = 0;
  for (const auto& r : net.reaches) segments += r.line.size() > 1 ? r.line.size() - 1 : 0;
  constexpr std::size_t samples = 1 << 16;
  const std::size_t stride = std::max<std::size_t>(1, segments / samples);
  std::vector<double> lengths;
  lengths.reserve(segments / stride + 1);
  std::size_t k = 0;
  for (const auto& r : net.reaches) {
    for (std::size_t v = 0; v + 1 < r.line.size(); ++v, ++k) {
      if (k % stride == 0) lengths.push_back(LocalPlane(r.line[v]).distance_m(r.line[v + 1]));
    }
  }
  if (lengths.empty()) return 0;
  std::nth_element(lengths.begin(), lengths.begin() + lengths.size() / 2, lengths.end());
  return lengths[lengths.size() / 2];
}

// Segments in cells of at least 4 x the search distance (and at least the
// median segment, so a segment spans few cells), listed in every cell their
// bounding box covers; an end near a cell edge also looks across it.
CellIndex<Segment> segment_index(const Network& net, double search_m) {
  constexpr double cell_per_search = 4;
  const double cell_m = std::max(cell_per_search * search_m, median_segment_m(net));
  double max_abs_lat = 0;
  for (const auto& r : net.reaches) {
    for (const auto& p : r.line) max_abs_lat = std::max(max_abs_lat, std::abs(p.lat));
  }
  CellIndex<Segment> index(DegreeGrid::for_extent(cell_m, max_abs_lat), search_m);
  const DegreeGrid& grid = index.grid();
  // Each segment's cells, visited twice: counted, then listed (one
  // allocation for the whole index).
  auto for_each_cell = [&](auto&& visit) {
    for (std::size_t r = 0; r < net.reaches.size(); ++r) {
      const auto& line = net.reaches[r].line;
      for (std::size_t k = 0; k + 1 < line.size(); ++k) {
        const LonLat &a = line[k], &b = line[k + 1];
        const long long c0 = grid.column(std::min(a.lon, b.lon)),
                        c1 = grid.column(std::max(a.lon, b.lon));
        const long long r0 = grid.row(std::min(a.lat, b.lat)),
                        r1 = grid.row(std::max(a.lat, b.lat));
        for (long long c = c0; c <= c1; ++c) {
          for (long long w = r0; w <= r1; ++w) visit(c, w, Segment{r, k});
        }
      }
    }
  };
  std::size_t entries = 0;
  for_each_cell([&](long long, long long, const Segment&) { ++entries; });
  index.reserve(entries);
  for_each_cell([&](long long c, long long w, const Segment& s) { index.add(c, w, s); });
  index.sort();
  return index;
}

}  // namespace

void find_gaps(Network& net, double gap_search_m) {
  if (gap_search_m <= 0) return;
  const CellIndex<Segment> index = segment_index(net, gap_search_m);
  // Segments clearly beyond the search distance are skipped before the exact
  // distance is taken (the margin covers rounding of the square).
  const double skip_beyond_m2 = gap_search_m * gap_search_m * (1 + 1e-9);
  // The nearest other reach to an end of reach r, or no_reach.
  auto nearest_to_end = [&](std::size_t r, bool at_start) -> std::pair<std::size_t, double> {
    const auto& line = net.reaches[r].line;
    if (line.size() < 2) return {no_reach, 0};
    const LonLat& end = at_start ? line.front() : line.back();
    const LocalPlane plane(end);
    double best_m = std::numeric_limits<double>::infinity();
    std::size_t best_reach = no_reach;
    index.near(end, true, [&](const Segment& s) {
      if (s.reach == r) return;
      const auto& other = net.reaches[s.reach].line;
      if (plane.squared_distance_to_segment_m2(other[s.vertex], other[s.vertex + 1]) >
          skip_beyond_m2)
        return;
      const double d = plane.distance_to_segment_m(other[s.vertex], other[s.vertex + 1]);
      // Equal distances go to the smaller reach index, whatever the visit order.
      if (d < best_m || (d == best_m && s.reach < best_reach))
        std::tie(best_m, best_reach) = std::pair(d, s.reach);
    });
    if (best_reach == no_reach || best_m > gap_search_m) return {no_reach, 0};
    return {best_reach, best_m};
  };
  auto degree = [&](NodeIndex v) { return net.inflows.at(v).size() + net.outflows.at(v).size(); };
  // Searched on every core, each reach's ends into its own slots; reported
  // in reach order.
  std::vector<std::array<std::pair<std::size_t, double>, 2>> nearest(net.reaches.size());
  gis::for_each_chunk(net.reaches.size(), [&](std::size_t begin, std::size_t end) {
    for (std::size_t r = begin; r < end; ++r) {
      nearest[r][0] =
          degree(net.from_vertex[r]) == 1 ? nearest_to_end(r, true) : std::pair(no_reach, 0.0);
      nearest[r][1] =
          degree(net.to_vertex[r]) == 1 ? nearest_to_end(r, false) : std::pair(no_reach, 0.0);
    }
  });
  for (std::size_t r = 0; r < net.reaches.size(); ++r) {
    for (bool at_start : {true, false}) {
      const auto [near, distance_m] = nearest[r][at_start ? 0 : 1];
      if (near != no_reach)
        net.report.gaps.push_back({net.reaches[r].id, at_start, net.reaches[near].id, distance_m});
    }
  }
}

}  // namespace envgrid::hydro::detail
