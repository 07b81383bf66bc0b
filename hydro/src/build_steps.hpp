#pragma once
// The steps of build_network after the topology is known, each in its own
// file: derived values (derived.cpp), the structure report (structure.cpp)
// and the gap search (gaps.cpp).

#include "envgrid/hydro/network.hpp"

namespace envgrid::hydro::detail {

struct DerivedInputs {
  bool divergence_given = false;               // ReachRecord::divergence chooses main paths
  bool levelpath_given = false;                // ReachRecord::levelpath_id is the main stem
  std::vector<std::optional<int>> divergence;  // per reach, as given
};

// main_out, flow distance and time, upstream length, Strahler order, level
// path and divergence codes; records the divergences in net.report.
void compute_derived(Network& net, const DerivedInputs& inputs);

// Outlets, headwaters, connected parts and loops.
void describe_structure(Network& net);

// Dangling reach ends within gap_search_m of another reach.
void find_gaps(Network& net, double gap_search_m);

}  // namespace envgrid::hydro::detail
