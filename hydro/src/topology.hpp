#pragma once
// The two ways of finding where reaches meet: snapped line ends (geometry)
// and from/to node attributes (nodes); plus the check that a line's digitized
// direction agrees with its from/to attributes.

#include <cstdint>
#include <span>
#include <vector>

#include "envgrid/hydro/network.hpp"

namespace envgrid::hydro::detail {

struct ReachEnds {
  std::int64_t from_node = 0;
  std::int64_t to_node = 0;
};

// Node ids (1..) for the first and last vertex of every line: ends within
// tolerance_m of each other (transitively) share a node. REQUIRES: every
// line has at least one vertex.
[[nodiscard]] std::vector<ReachEnds> nodes_from_geometry(
    std::span<const ReachRecord* const> reaches, double tolerance_m);

// Indices of the reaches whose line runs from their to_node to their
// from_node, judged by where the other reaches at those nodes end.
// REQUIRES: ends[i] are the node ids of reaches[i].
[[nodiscard]] std::vector<std::size_t> digitized_against_nodes(
    std::span<const ReachRecord* const> reaches, std::span<const ReachEnds> ends,
    double tolerance_m);

}  // namespace envgrid::hydro::detail
