#pragma once
// Navigation in the vocabulary of the USGS NLDI: UT, UM, DM, DD, with NLDI's
// distance rule (docs/hydro.md). Breadth-first over the network's in/out
// edges with a visited set, so loops terminate.

#include <functional>
#include <optional>
#include <string_view>
#include <vector>

#include "envgrid/hydro/network.hpp"

namespace envgrid::hydro {

enum class TraceMode {
  upstream_tributaries,   // UT
  upstream_main,          // UM
  downstream_main,        // DM
  downstream_diversions,  // DD
};

// "UT", "UM", "DM", "DD" (any case); nullopt otherwise.
[[nodiscard]] std::optional<TraceMode> parse_trace_mode(std::string_view text);

struct TraceOptions {
  TraceMode mode = TraceMode::upstream_tributaries;
  std::optional<double> max_distance_km;   // DEFAULT: no limit
  std::optional<double> max_travel_hours;  // DEFAULT: no limit
  // When set and false for a traced reach, the trace goes no further from it
  // (a compliant section on it stops an upstream source trace). DEFAULT: go on.
  std::function<bool(std::size_t reach)> expand;
};

struct TraceStep {
  std::size_t reach = 0;    // index into Network::reaches
  double distance_km = 0;   // the NLDI distance from the start (docs/hydro.md)
  double travel_hours = 0;  // the same measure in travel time
};

struct TraceResult {
  std::vector<TraceStep> steps;    // the start first, then in breadth-first order
  std::vector<std::size_t> loops;  // indices into NetworkReport::loops that the trace entered
};

// REQUIRES: start < net.reaches.size().
[[nodiscard]] TraceResult trace(const Network& net, std::size_t start, const TraceOptions& options);

}  // namespace envgrid::hydro
