#pragma once
// A directed river network: reaches are the edges of a graph (compressed
// sparse rows, a Boost.Graph behind the library's walls), nodes are where
// reaches meet; the reaches in and
// out of each node are also flat arrays for navigation. Built from
// plain records (no file I/O here; reach_io.hpp reads and writes them), with
// either the digitized direction of the lines and their snapped end points
// (Topology::geometry) or from/to node attributes (Topology::nodes) as the
// topology. docs/hydro.md documents every rule used below.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "envgrid/gis/geodesy.hpp"

namespace envgrid::hydro {

// Degrees in traditional GIS order: x = longitude, y = latitude (WGS 84).
using LonLat = gis::LonLat;

// One reach as read from a source.
struct ReachRecord {
  std::string id;
  std::int64_t row = 0;      // source row (1-based line or FID), for messages
  std::vector<LonLat> line;  // digitized order; empty when the row has no geometry
  std::optional<std::int64_t> from_node;
  std::optional<std::int64_t> to_node;
  std::optional<int> divergence;       // 0 none, 1 main path, 2 minor path of a divergence
  std::string levelpath_id;            // "" = derive the main stem
  std::optional<double> velocity_m_s;  // null = estimate (docs/hydro.md)
  std::optional<double> length_m;      // overrides the geometry's length (a reloaded network)
  std::string name;
  std::vector<std::string> to_ids;  // edge-list topology (id -> toid), see nodes_from_edge_list
};

enum class Topology { geometry, nodes };

struct BuildOptions {
  Topology topology = Topology::geometry;
  // Reach ends closer than this are one node (geometry topology).
  // DEFAULT 1 m: networks such as NHDPlus share end vertices exactly; 1 m
  // absorbs coordinate rounding without joining real gaps.
  double snap_tolerance_m = 1.0;
  // A dangling reach end closer than this to another reach is reported as a
  // possible digitizing gap. DEFAULT 25 m: about twice the horizontal
  // accuracy of 1:24 000 mapping (US NMAS, 12 m), the usual source scale.
  double gap_search_m = 25.0;
};

// A problem with one source row; the row is still processed unless `dropped`.
struct RowProblem {
  std::string reach_id;
  std::int64_t row = 0;
  std::string what;
  bool dropped = false;
};

struct DivergenceInfo {
  std::int64_t node = 0;
  std::string main_reach;
  std::vector<std::string> minor_reaches;
  bool from_field = false;  // false: the main path was chosen by the detection rule
};

struct GapInfo {
  std::string reach_id;
  bool at_start = false;  // true: the reach's upstream end dangles; false: its downstream end
  std::string near_reach;
  double distance_m = 0;
};

struct NetworkReport {
  std::vector<RowProblem> problems;
  std::vector<std::vector<std::string>> loops;  // reach ids of each cycle
  std::vector<std::string> outlets;
  std::vector<std::string> headwaters;
  std::vector<DivergenceInfo> divergences;
  std::vector<GapInfo> gaps;
  std::vector<std::size_t> part_sizes;  // reaches per connected part, largest first
};

// A reach of the network with its derived values.
struct Reach {
  std::string id;
  std::int64_t row = 0;
  std::int64_t from_node = 0;  // source node ids (nodes topology) or 1.. (geometry topology)
  std::int64_t to_node = 0;
  double length_m = 0;
  double flow_distance_m = 0;    // downstream end to the outlet, along main paths
  double upstream_length_m = 0;  // this reach plus the network it drains (dendritic accumulation)
  int strahler = 1;
  std::string levelpath_id;            // id of the most downstream reach of its main stem
  int divergence = 0;                  // 0 none, 1 main path, 2 minor path
  std::optional<double> velocity_m_s;  // as given
  double travel_time_s = 0;            // length / (given or estimated) velocity
  double flow_time_s = 0;              // downstream end to the outlet, along main paths
  std::size_t part = 0;                // connected part index (0 = largest)
  std::optional<std::size_t> loop;     // index into NetworkReport::loops
  std::string name;
  std::vector<LonLat> line;
};

using NodeIndex = std::size_t;

inline constexpr std::size_t no_reach = static_cast<std::size_t>(-1);

// The reaches at each node, as compressed sparse rows in reach order: those
// at node v are reaches[first[v]] .. reaches[first[v + 1] - 1].
struct NodeReaches {
  std::vector<std::size_t> first;  // per node, plus one
  std::vector<std::size_t> reaches;
  [[nodiscard]] std::span<const std::size_t> at(NodeIndex v) const {
    return {reaches.data() + first[v], reaches.data() + first[v + 1]};
  }
};

namespace detail {
// The build's Boost graph and the cache-ordered rows upstream traces walk
// (hydro/src/network_index.hpp): how the library navigates, not what callers use.
struct NetworkIndex;
}  // namespace detail

struct Network {
  std::vector<Reach> reaches;
  std::vector<NodeIndex> from_vertex;  // per reach
  std::vector<NodeIndex> to_vertex;    // per reach
  NodeReaches inflows;                 // per node: the reaches ending there
  NodeReaches outflows;                // per node: the reaches starting there
  std::vector<std::size_t> main_out;   // per node: the main outflowing reach, or no_reach
  std::unordered_map<std::string, std::size_t> index_of;
  NetworkReport report;
  // Shared by copies of the network; never changed after the build.
  std::shared_ptr<detail::NetworkIndex> index;

  [[nodiscard]] std::size_t node_count() const {
    return inflows.first.empty() ? 0 : inflows.first.size() - 1;
  }
  [[nodiscard]] std::optional<std::size_t> find(const std::string& reach_id) const;
  // The reach that continues the main path below r, or no_reach at an outlet.
  [[nodiscard]] std::size_t main_downstream(std::size_t r) const { return main_out[to_vertex[r]]; }
};

// Builds the network; bad rows are reported in report.problems and the rest is
// processed. Never throws for data problems.
[[nodiscard]] Network build_network(std::span<const ReachRecord> records,
                                    const BuildOptions& options = {});
// The same, moving the records' lines and strings into the reaches instead
// of copying them (less time and memory at 10^6 reaches); the records are
// left valid but emptied of them.
[[nodiscard]] Network build_network(std::vector<ReachRecord>&& records,
                                    const BuildOptions& options = {});

// Edge lists (rows id -> toid, several rows for an id where flow divides):
// merges the rows of each id (first row kept, toids gathered) and gives every
// reach from/to nodes: the downstream end of a reach and the upstream ends of
// all its toids are one node. A toid that is empty, 0, NA or not an id of the
// list ends the reach at an outlet. Reaches flowing into the same reach share
// their downstream node, so they also share that reach's other toids.
[[nodiscard]] std::vector<ReachRecord> nodes_from_edge_list(std::vector<ReachRecord> rows);

// Velocity used for travel times when none is given: documented in
// docs/hydro.md (a rule by Strahler order).
[[nodiscard]] double estimated_velocity_m_s(int strahler);

}  // namespace envgrid::hydro
