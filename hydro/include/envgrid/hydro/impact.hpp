#pragma once
// Downstream impact of a spill (docs/hydro.md, "Downstream impact"): from a
// point on a reach, down every path (NLDI's DD: main paths and diversions),
// the monitoring sections and drinking-water intakes reached, each with the
// flow distance and travel time of the fastest path to it. No I/O here;
// impact_store.hpp reads the start and the sections from a store.

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "envgrid/hydro/network.hpp"

namespace envgrid::hydro {

// sections.kind of a drinking-water intake (饮用水水源地取水口); docs/store.md.
inline constexpr const char* drinking_water_intake_kind = "drinking_water_intake";
// sections.kind of an ordinary monitoring section; a null kind means this.
inline constexpr const char* monitoring_section_kind = "monitoring";

// A place on the network: a reach and the NHDPlus measure along it (percent,
// 0 at the downstream end, 100 at the upstream end).
struct NetworkPoint {
  std::size_t reach = no_reach;  // index into Network::reaches
  double measure = 0;
};

// A section that a spill may reach.
struct ImpactTarget {
  std::string section_id;
  std::string kind;  // monitoring or drinking_water_intake
  std::string name;
  NetworkPoint at;
  LonLat point;  // WGS 84, for the output geometry
};

struct ImpactOptions {
  // Only what the spill reaches within this many hours. DEFAULT: no limit.
  std::optional<double> max_travel_hours;
};

struct ImpactHit {
  std::size_t target = 0;  // index into the targets given
  double flow_distance_m = 0;
  double travel_hours = 0;
};

// The targets reached downstream of start (on its own reach only those at or
// below its measure), by the fastest path: Dijkstra over the reaches with
// their travel times, so where a braid splits and rejoins the quicker channel
// counts. Sorted by travel time, then flow distance, then section id.
// REQUIRES: start.reach and every target's reach index net.reaches (targets
// with at.reach == no_reach are skipped).
[[nodiscard]] std::vector<ImpactHit> downstream_impact(const Network& net,
                                                       const NetworkPoint& start,
                                                       std::span<const ImpactTarget> targets,
                                                       const ImpactOptions& options = {});

}  // namespace envgrid::hydro
