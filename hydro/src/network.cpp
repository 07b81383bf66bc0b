// build_network: validates the rows, finds the topology, makes the graph and
// runs the derived-value and report steps.

#include <algorithm>
#include <unordered_map>

#include "build_steps.hpp"
#include "degree_grid.hpp"
#include "envgrid/gis/log.hpp"
#include "envgrid/gis/parallel.hpp"
#include "network_index.hpp"
#include "step_timer.hpp"
#include "topology.hpp"

namespace envgrid::hydro {

namespace {

using detail::ReachEnds;

constexpr NodeIndex no_vertex = static_cast<NodeIndex>(-1);

// Drops what cannot be placed in the network and reports the rest of the
// row problems; keeps input order. Fills net.index_of (one hash map of the
// ids serves both the duplicate check and Network::find).
std::vector<const ReachRecord*> accept_rows(std::span<const ReachRecord> records,
                                            const BuildOptions& options, Network& net) {
  NetworkReport& report = net.report;
  std::vector<const ReachRecord*> accepted;
  accepted.reserve(records.size());
  net.index_of.reserve(records.size());
  std::unordered_map<std::string, std::int64_t> dropped_row;
  for (const auto& r : records) {
    auto drop = [&](const std::string& what) {
      report.problems.push_back({r.id, r.row, what, true});
    };
    if (r.id.empty()) {
      drop("empty reach id; row skipped");
      continue;
    }
    auto [it, inserted] = net.index_of.try_emplace(r.id, accepted.size());
    if (!inserted) {
      const std::int64_t first =
          it->second == no_reach ? dropped_row.at(r.id) : accepted[it->second]->row;
      drop("duplicate reach id (first at row " + std::to_string(first) + "); row skipped");
      continue;
    }
    // A dropped row keeps its id, so a later row with that id is a duplicate.
    // (A named reference: clang 14 cannot capture structured bindings.)
    std::size_t& index_entry = it->second;
    auto unindex = [&] {
      index_entry = no_reach;
      dropped_row.emplace(r.id, r.row);
    };
    if (options.topology == Topology::nodes && (!r.from_node || !r.to_node)) {
      unindex();
      drop("no from/to node; row skipped");
      continue;
    }
    if (options.topology == Topology::geometry && r.line.empty()) {
      unindex();
      drop("no geometry, so no place in a geometry topology; row skipped");
      continue;
    }
    if (r.line.empty() && !r.length_m) {
      report.problems.push_back({r.id, r.row, "no geometry; its length counts as 0 m", false});
    }
    accepted.push_back(&r);
  }
  for (const auto& [id, row] : dropped_row) net.index_of.erase(id);
  return accepted;
}

std::vector<ReachEnds> ends_from_nodes(std::span<const ReachRecord* const> reaches) {
  std::vector<ReachEnds> ends(reaches.size());
  for (std::size_t i = 0; i < reaches.size(); ++i)
    ends[i] = {*reaches[i]->from_node, *reaches[i]->to_node};
  return ends;
}

// The reaches whose lines run against their from/to attributes. The check
// compares geometry with node attributes: in a nodes topology always, in a
// geometry topology when the attributes were read too.
std::vector<std::size_t> lines_against_nodes(std::span<const ReachRecord* const> records,
                                             std::span<const ReachEnds> ends,
                                             const BuildOptions& options) {
  if (options.topology == Topology::nodes)
    return detail::digitized_against_nodes(records, ends, options.snap_tolerance_m);
  bool all_have_nodes = !records.empty();
  for (const auto* r : records) all_have_nodes = all_have_nodes && r->from_node && r->to_node;
  if (!all_have_nodes) return {};
  return detail::digitized_against_nodes(records, ends_from_nodes(records),
                                         options.snap_tolerance_m);
}

// Reports lines that run against their from/to attributes. With a nodes
// topology the attributes rule, so the line is reversed to follow the flow.
void report_direction(std::vector<Reach>& reaches, std::span<const std::size_t> against,
                      const BuildOptions& options, NetworkReport& report) {
  const bool nodes_rule = options.topology == Topology::nodes;
  for (std::size_t i : against) {
    report.problems.push_back(
        {reaches[i].id, reaches[i].row,
         nodes_rule ? "digitized against its from/to nodes; line reversed to follow the flow"
                    : "digitized against its from/to nodes; the digitized direction is used",
         false});
    if (nodes_rule) std::reverse(reaches[i].line.begin(), reaches[i].line.end());
  }
}

// The reaches grouped by node (a stable counting sort: reach order within
// a node, as an adjacency list would keep them).
NodeReaches group_by_node(std::span<const NodeIndex> node_of_reach, std::size_t nodes) {
  NodeReaches grouped;
  grouped.first.assign(nodes + 1, 0);
  for (NodeIndex v : node_of_reach) ++grouped.first[v + 1];
  for (std::size_t v = 0; v < nodes; ++v) grouped.first[v + 1] += grouped.first[v];
  grouped.reaches.resize(node_of_reach.size());
  std::vector<std::size_t> next(grouped.first.begin(), grouped.first.end() - 1);
  for (std::size_t r = 0; r < node_of_reach.size(); ++r)
    grouped.reaches[next[node_of_reach[r]]++] = r;
  return grouped;
}

// Vertices are numbered in the order their node first appears. The Boost
// graph is made from the edges already sorted by their from-vertex, so its
// out-edges keep reach order too.
void add_graph(Network& net, std::span<const ReachEnds> ends) {
  net.from_vertex.resize(ends.size());
  net.to_vertex.resize(ends.size());
  std::int64_t min_node = 0, max_node = 0;
  for (const auto& e : ends) {
    min_node = std::min({min_node, e.from_node, e.to_node});
    max_node = std::max({max_node, e.from_node, e.to_node});
  }
  std::size_t vertices = 0;
  // Dense node ids (geometry topology numbers them 1..) index a vector; sparse
  // ones (NHDPlus node ids) a hash map.
  const bool dense = min_node >= 0 && static_cast<std::uint64_t>(max_node) < 4 * ends.size() + 16;
  std::vector<NodeIndex> by_id(dense ? static_cast<std::size_t>(max_node) + 1 : 0, no_vertex);
  std::unordered_map<std::int64_t, NodeIndex> by_hash;
  if (!dense) by_hash.reserve(ends.size() * 2);
  auto vertex = [&](std::int64_t node) {
    NodeIndex& v = dense ? by_id[static_cast<std::size_t>(node)]
                         : by_hash.try_emplace(node, no_vertex).first->second;
    if (v == no_vertex) v = vertices++;
    return v;
  };
  for (std::size_t i = 0; i < ends.size(); ++i) {
    net.from_vertex[i] = vertex(ends[i].from_node);
    net.to_vertex[i] = vertex(ends[i].to_node);
  }
  net.outflows = group_by_node(net.from_vertex, vertices);
  net.inflows = group_by_node(net.to_vertex, vertices);
  std::vector<std::pair<NodeIndex, NodeIndex>> edges;
  std::vector<ReachEdge> edge_reaches;
  edges.reserve(ends.size());
  edge_reaches.reserve(ends.size());
  for (std::size_t r : net.outflows.reaches) {
    edges.emplace_back(net.from_vertex[r], net.to_vertex[r]);
    edge_reaches.push_back({r});
  }
  net.index = std::make_shared<detail::NetworkIndex>();
  net.index->graph =
      Graph(boost::edges_are_sorted, edges.begin(), edges.end(), edge_reaches.begin(), vertices);
}

// With take_record, the line and the strings are moved out of the record
// (build_network's rvalue overload owns the records) instead of copied.
Reach make_reach(const ReachRecord& record, const ReachEnds& ends, bool take_record) {
  Reach reach;
  reach.row = record.row;
  reach.from_node = ends.from_node;
  reach.to_node = ends.to_node;
  reach.velocity_m_s = record.velocity_m_s;
  reach.length_m = record.length_m ? *record.length_m : gis::geodesic_length_m(record.line);
  if (take_record) {
    auto& owned = const_cast<ReachRecord&>(record);
    reach.id = std::move(owned.id);
    reach.line = std::move(owned.line);
    reach.name = std::move(owned.name);
    if (!owned.levelpath_id.empty()) reach.levelpath_id = std::move(owned.levelpath_id);
  } else {
    reach.id = record.id;
    reach.line = record.line;
    reach.name = record.name;
    if (!record.levelpath_id.empty()) reach.levelpath_id = record.levelpath_id;
  }
  return reach;
}

// The reaches with their lengths, made on every core (the geodesic lengths
// and the copies of the lines are most of the build's time at 10^6 reaches);
// zero lengths reported in reach order.
void add_reaches(Network& net, std::span<const ReachRecord* const> accepted,
                 std::span<const ReachEnds> ends, bool take_records) {
  net.reaches.resize(accepted.size());
  gis::for_each_chunk(accepted.size(), [&](std::size_t begin, std::size_t end) {
    for (std::size_t i = begin; i < end; ++i)
      net.reaches[i] = make_reach(*accepted[i], ends[i], take_records);
  });
  for (const Reach& reach : net.reaches) {
    if (!reach.line.empty() && reach.length_m <= 0)
      net.report.problems.push_back({reach.id, reach.row, "zero length", false});
  }
}

}  // namespace

std::optional<std::size_t> Network::find(const std::string& reach_id) const {
  auto it = index_of.find(reach_id);
  if (it == index_of.end()) return std::nullopt;
  return it->second;
}

namespace {

// take_records: the records are the caller's to give up (see make_reach).
Network build(std::span<const ReachRecord> records, const BuildOptions& options,
              bool take_records) {
  Network net;
  detail::StepTimer timer;
  const std::vector<const ReachRecord*> accepted = accept_rows(records, options, net);
  timer.lap("rows");
  const std::vector<ReachEnds> ends =
      options.topology == Topology::geometry
          ? detail::nodes_from_geometry(accepted, options.snap_tolerance_m)
          : ends_from_nodes(accepted);
  timer.lap("topology");
  // Everything read from the records' lines and strings, before add_reaches
  // may take them.
  const std::vector<std::size_t> against = lines_against_nodes(accepted, ends, options);
  timer.lap("direction check");
  detail::DerivedInputs inputs;
  inputs.divergence.reserve(accepted.size());
  for (const ReachRecord* r : accepted) {
    inputs.divergence.push_back(r->divergence);
    inputs.divergence_given = inputs.divergence_given || r->divergence.has_value();
    inputs.levelpath_given = inputs.levelpath_given || !r->levelpath_id.empty();
  }
  add_reaches(net, accepted, ends, take_records);
  report_direction(net.reaches, against, options, net.report);
  timer.lap("reaches and lengths");
  add_graph(net, ends);
  timer.lap("graph");
  detail::compute_derived(net, inputs);
  timer.lap("derived values");
  detail::describe_structure(net);
  timer.lap("structure");
  detail::find_gaps(net, options.gap_search_m);
  timer.lap("gaps");
  return net;
}

}  // namespace

Network build_network(std::span<const ReachRecord> records, const BuildOptions& options) {
  return build(records, options, false);
}

Network build_network(std::vector<ReachRecord>&& records, const BuildOptions& options) {
  return build(records, options, true);
}

double estimated_velocity_m_s(int strahler) {
  // A rough rule for mean velocity in natural channels: about 0.3 m/s in
  // first-order streams, rising by 0.1 m/s per order, at most 1.0 m/s
  // (docs/hydro.md explains its limits; give velocities when known).
  return std::min(0.2 + 0.1 * std::max(strahler, 1), 1.0);
}

}  // namespace envgrid::hydro
