#pragma once
// How the library navigates a Network (network.hpp's detail::NetworkIndex):
// the Boost graph of the build and the cache-ordered rows of upstream
// traces. Private to the hydro library.

#include <boost/graph/compressed_sparse_row_graph.hpp>
#include <cstddef>
#include <span>
#include <type_traits>
#include <vector>

#include "envgrid/hydro/network.hpp"

namespace envgrid::hydro {

struct ReachEdge {
  std::size_t reach = 0;
};
// Compressed sparse rows: three arrays for the whole network instead of an
// edge vector per node; out-edges of a node in reach order. The network is
// never changed after the build.
using Graph = boost::compressed_sparse_row_graph<boost::directedS, boost::no_property, ReachEdge>;
static_assert(std::is_same_v<Graph::vertex_descriptor, NodeIndex>);

// Where a reach's downstream end lies on the way to its outlet (copies of
// Reach::flow_distance_m and flow_time_s): an upstream trace reads these at
// every step, and packed 16 bytes a reach they share cache lines, where the
// fields of a 240-byte Reach would cost two misses a reach.
struct OutletPosition {
  double flow_distance_m = 0;
  double flow_time_s = 0;
};

// The reaches flowing into each reach's upstream end, each with its
// OutletPosition, as compressed rows. Rows are kept by slot, not by reach:
// slots number the reaches breadth-first upstream from the outlets, the order
// a UT trace takes them, so a trace from an outlet walks these arrays front to
// back and a trace from elsewhere in one contiguous run per level, where rows
// in reach order would cost cache misses at every step.
struct UpstreamRows {
  struct Entry {
    std::size_t reach = 0;
    std::size_t slot = 0;
    OutletPosition position;
  };
  std::vector<std::size_t> slot_of;  // per reach
  std::vector<std::size_t> first;    // per slot, plus one
  std::vector<Entry> entries;
  // Per slot: the reaches a UT trace from it takes, itself included; exact
  // in a dendritic network, more where braids rejoin (counted on each path),
  // at most the network's. What a trace reserves for its steps.
  std::vector<std::size_t> reaches_above;
  [[nodiscard]] std::span<const Entry> at_slot(std::size_t slot) const {
    return {entries.data() + first[slot], entries.data() + first[slot + 1]};
  }
};

namespace detail {

struct NetworkIndex {
  Graph graph;                                  // vertex = node, edge = reach
  std::vector<OutletPosition> outlet_position;  // per reach, set with the derived values
  UpstreamRows upstream;                        // per reach, set with the derived values
};

}  // namespace detail

}  // namespace envgrid::hydro
