#include "envgrid/gis/hydro/navigate.hpp"

#include <algorithm>
#include <cctype>
#include <deque>
#include <string>

namespace envgrid::gis::hydro {

namespace {

// Relative slack for comparing sums of floating-point lengths with a limit.
constexpr double limit_slack = 1e-9;

bool within(double value, const std::optional<double>& limit) {
  return !limit || value <= *limit * (1 + limit_slack) + limit_slack;
}

bool is_upstream(TraceMode mode) {
  return mode == TraceMode::upstream_tributaries || mode == TraceMode::upstream_main;
}

// NLDI's measures: upstream, from the downstream end of the start to the
// downstream end of x (Pathlength difference); downstream, from the upstream
// end of the start to the upstream end of x (Pathlength + LENGTHKM).
TraceStep measure(const Network& net, std::size_t start, std::size_t x, TraceMode mode) {
  const Reach& s = net.reaches[start];
  const Reach& r = net.reaches[x];
  if (is_upstream(mode)) {
    return {x, (r.flow_distance_m - s.flow_distance_m) / 1000.0,
            (r.flow_time_s - s.flow_time_s) / 3600.0};
  }
  return {x, (s.flow_distance_m + s.length_m - r.flow_distance_m - r.length_m) / 1000.0,
          (s.flow_time_s + s.travel_time_s - r.flow_time_s - r.travel_time_s) / 3600.0};
}

// The next reaches of cur in the direction of the mode.
template <typename Visit>
void neighbours(const Network& net, std::size_t cur, TraceMode mode, Visit&& visit) {
  switch (mode) {
    case TraceMode::upstream_tributaries:
      for (auto e : boost::make_iterator_range(boost::in_edges(net.from_vertex[cur], net.graph))) {
        visit(net.graph[e].reach);
      }
      break;
    case TraceMode::upstream_main:
      // The inflow on the same level path (NLDI: UpHydroseq and LevelPathI).
      for (auto e : boost::make_iterator_range(boost::in_edges(net.from_vertex[cur], net.graph))) {
        const std::size_t x = net.graph[e].reach;
        if (net.reaches[x].levelpath_id == net.reaches[cur].levelpath_id) {
          visit(x);
          break;
        }
      }
      break;
    case TraceMode::downstream_main:
      // Never onto a minor path (NLDI follows DnHydroseq only), even where the
      // main path below is missing from the data.
      if (std::size_t m = net.main_downstream(cur);
          m != no_reach && net.reaches[m].divergence != 2) {
        visit(m);
      }
      break;
    case TraceMode::downstream_diversions:
      for (auto e : boost::make_iterator_range(boost::out_edges(net.to_vertex[cur], net.graph))) {
        visit(net.graph[e].reach);
      }
      break;
  }
}

}  // namespace

std::optional<TraceMode> parse_trace_mode(std::string_view text) {
  std::string upper(text);
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  if (upper == "UT") return TraceMode::upstream_tributaries;
  if (upper == "UM") return TraceMode::upstream_main;
  if (upper == "DM") return TraceMode::downstream_main;
  if (upper == "DD") return TraceMode::downstream_diversions;
  return std::nullopt;
}

TraceResult trace(const Network& net, std::size_t start, const TraceOptions& options) {
  TraceResult result;
  std::vector<char> visited(net.reaches.size(), 0);
  std::vector<char> loop_seen(net.report.loops.size(), 0);
  std::deque<std::size_t> queue;
  auto take = [&](std::size_t x) {
    visited[x] = 1;
    result.steps.push_back(measure(net, start, x, options.mode));
    queue.push_back(x);
    if (auto loop = net.reaches[x].loop; loop && !loop_seen[*loop]) {
      loop_seen[*loop] = 1;
      result.loops.push_back(*loop);
    }
  };
  take(start);
  while (!queue.empty()) {
    const std::size_t cur = queue.front();
    queue.pop_front();
    if (options.expand && !options.expand(cur)) continue;
    neighbours(net, cur, options.mode, [&](std::size_t x) {
      if (visited[x]) return;
      const TraceStep step = measure(net, start, x, options.mode);
      if (within(step.distance_km, options.max_distance_km) &&
          within(step.travel_hours, options.max_travel_hours)) {
        take(x);
      }
    });
  }
  return result;
}

}  // namespace envgrid::gis::hydro
