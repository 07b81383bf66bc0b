// Dangling reach ends near another reach: where a line stops short of (or
// overshoots) the reach it should join, the end touches no other reach but
// lies within gap_search_m of one. Reported, never joined: a real headwater
// can start near another stream.

#include <algorithm>
#include <cmath>
#include <limits>
#include <unordered_map>

#include "build_steps.hpp"
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

// Cells of at least the search distance, so that the 3 x 3 cells around a
// point hold every segment within that distance.
class SegmentIndex {
 public:
  SegmentIndex(const Network& net, double search_m) : net_(net) {
    const double cell_m = std::max(search_m, median_segment_m(net));
    double max_abs_lat = 0;
    for (const auto& r : net.reaches) {
      for (const auto& p : r.line) max_abs_lat = std::max(max_abs_lat, std::abs(p.lat));
    }
    grid_ = DegreeGrid::for_extent(cell_m, max_abs_lat);
    for (std::size_t r = 0; r < net.reaches.size(); ++r) {
      const auto& line = net.reaches[r].line;
      for (std::size_t k = 0; k + 1 < line.size(); ++k) insert({r, k}, line[k], line[k + 1]);
    }
  }

  template <typename Visit>
  void near(const LonLat& p, Visit&& visit) const {
    const long long column = grid_.column(p.lon), row = grid_.row(p.lat);
    for (long long dc = -1; dc <= 1; ++dc) {
      for (long long dr = -1; dr <= 1; ++dr) {
        auto [first, last] = cells_.equal_range(DegreeGrid::key(column + dc, row + dr));
        for (auto it = first; it != last; ++it) visit(it->second);
      }
    }
  }

 private:
  void insert(Segment s, const LonLat& a, const LonLat& b) {
    const long long c0 = grid_.column(std::min(a.lon, b.lon)),
                    c1 = grid_.column(std::max(a.lon, b.lon));
    const long long r0 = grid_.row(std::min(a.lat, b.lat)), r1 = grid_.row(std::max(a.lat, b.lat));
    for (long long c = c0; c <= c1; ++c) {
      for (long long r = r0; r <= r1; ++r) cells_.emplace(DegreeGrid::key(c, r), s);
    }
  }

  const Network& net_;
  DegreeGrid grid_;
  std::unordered_multimap<std::uint64_t, Segment> cells_;
};

}  // namespace

void find_gaps(Network& net, double gap_search_m) {
  if (gap_search_m <= 0) return;
  const SegmentIndex index(net, gap_search_m);
  auto check_end = [&](std::size_t r, bool at_start) {
    const auto& line = net.reaches[r].line;
    if (line.size() < 2) return;
    const LonLat& end = at_start ? line.front() : line.back();
    const LocalPlane plane(end);
    double best_m = std::numeric_limits<double>::infinity();
    std::size_t best_reach = no_reach;
    index.near(end, [&](const Segment& s) {
      if (s.reach == r) return;
      const auto& other = net.reaches[s.reach].line;
      const double d = plane.distance_to_segment_m(other[s.vertex], other[s.vertex + 1]);
      if (d < best_m) std::tie(best_m, best_reach) = std::pair(d, s.reach);
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
