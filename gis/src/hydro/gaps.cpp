// Dangling reach ends near another reach: where a line stops short of (or
// overshoots) the reach it should join, the end touches no other reach but
// lies within gap_search_m of one. Reported, never joined: a real headwater
// can start near another stream.

#include <algorithm>
#include <cmath>
#include <limits>

#include "build_steps.hpp"
#include "cell_index.hpp"
#include "geodesy.hpp"

namespace envgrid::gis::hydro::detail {

namespace {

struct Segment {
  std::size_t reach;
  std::size_t vertex;  // segment from line[vertex] to line[vertex + 1]
};

// The median segment length, so that cells are not much smaller than
// segments (each segment is listed in every cell its bounding box covers).
double median_segment_m(const Network& net) {
  std::vector<double> lengths;
  for (const auto& r : net.reaches) {
    for (std::size_t k = 0; k + 1 < r.line.size(); ++k) {
      lengths.push_back(LocalPlane(r.line[k]).distance_m(r.line[k + 1]));
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
  for (std::size_t r = 0; r < net.reaches.size(); ++r) {
    const auto& line = net.reaches[r].line;
    for (std::size_t k = 0; k + 1 < line.size(); ++k) {
      const LonLat &a = line[k], &b = line[k + 1];
      const long long c0 = grid.column(std::min(a.lon, b.lon)),
                      c1 = grid.column(std::max(a.lon, b.lon));
      const long long r0 = grid.row(std::min(a.lat, b.lat)), r1 = grid.row(std::max(a.lat, b.lat));
      for (long long c = c0; c <= c1; ++c) {
        for (long long w = r0; w <= r1; ++w) index.add(c, w, Segment{r, k});
      }
    }
  }
  index.sort();
  return index;
}

}  // namespace

void find_gaps(Network& net, double gap_search_m) {
  if (gap_search_m <= 0) return;
  const CellIndex<Segment> index = segment_index(net, gap_search_m);
  auto check_end = [&](std::size_t r, bool at_start) {
    const auto& line = net.reaches[r].line;
    if (line.size() < 2) return;
    const LonLat& end = at_start ? line.front() : line.back();
    const LocalPlane plane(end);
    double best_m = std::numeric_limits<double>::infinity();
    std::size_t best_reach = no_reach;
    index.near(end, true, [&](const Segment& s) {
      if (s.reach == r) return;
      const auto& other = net.reaches[s.reach].line;
      const double d = plane.distance_to_segment_m(other[s.vertex], other[s.vertex + 1]);
      // Equal distances go to the smaller reach index, whatever the visit order.
      if (d < best_m || (d == best_m && s.reach < best_reach))
        std::tie(best_m, best_reach) = std::pair(d, s.reach);
    });
    if (best_reach != no_reach && best_m <= gap_search_m) {
      net.report.gaps.push_back({net.reaches[r].id, at_start, net.reaches[best_reach].id, best_m});
    }
  };
  auto degree = [&](NodeIndex v) {
    return boost::in_degree(v, net.graph) + boost::out_degree(v, net.graph);
  };
  for (std::size_t r = 0; r < net.reaches.size(); ++r) {
    if (degree(net.from_vertex[r]) == 1) check_end(r, true);
    if (degree(net.to_vertex[r]) == 1) check_end(r, false);
  }
}

}  // namespace envgrid::gis::hydro::detail
