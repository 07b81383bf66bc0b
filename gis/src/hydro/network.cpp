// build_network: validates the rows, finds the topology, makes the graph and
// runs the derived-value and report steps.

#include <algorithm>
#include <unordered_map>

#include "build_steps.hpp"
#include "geodesy.hpp"
#include "topology.hpp"

namespace envgrid::gis::hydro {

namespace {

using detail::ReachEnds;

// Drops what cannot be placed in the network and reports the rest of the
// row problems; keeps input order.
std::vector<const ReachRecord*> accept_rows(std::span<const ReachRecord> records,
                                            const BuildOptions& options, NetworkReport& report) {
  std::vector<const ReachRecord*> accepted;
  std::unordered_map<std::string, std::int64_t> first_row;
  for (const auto& r : records) {
    auto drop = [&](const std::string& what) {
      report.problems.push_back({r.id, r.row, what, true});
    };
    if (r.id.empty()) {
      drop("empty reach id; row skipped");
      continue;
    }
    auto [it, inserted] = first_row.try_emplace(r.id, r.row);
    if (!inserted) {
      drop("duplicate reach id (first at row " + std::to_string(it->second) + "); row skipped");
      continue;
    }
    if (options.topology == Topology::nodes && (!r.from_node || !r.to_node)) {
      drop("no from/to node; row skipped");
      continue;
    }
    if (options.topology == Topology::geometry && r.line.empty()) {
      drop("no geometry, so no place in a geometry topology; row skipped");
      continue;
    }
    if (r.line.empty() && !r.length_m) {
      report.problems.push_back({r.id, r.row, "no geometry; its length counts as 0 m", false});
    }
    accepted.push_back(&r);
  }
  return accepted;
}

std::vector<ReachEnds> ends_from_nodes(std::span<const ReachRecord* const> reaches) {
  std::vector<ReachEnds> ends(reaches.size());
  for (std::size_t i = 0; i < reaches.size(); ++i)
    ends[i] = {*reaches[i]->from_node, *reaches[i]->to_node};
  return ends;
}

// Reports lines that run against their from/to attributes. With a nodes
// topology the attributes rule, so the line is reversed to follow the flow.
void check_direction(std::vector<Reach>& reaches, std::span<const ReachRecord* const> records,
                     std::span<const ReachEnds> ends, const BuildOptions& options,
                     NetworkReport& report) {
  const bool nodes_rule = options.topology == Topology::nodes;
  for (std::size_t i : detail::digitized_against_nodes(records, ends, options.snap_tolerance_m)) {
    report.problems.push_back(
        {reaches[i].id, reaches[i].row,
         nodes_rule ? "digitized against its from/to nodes; line reversed to follow the flow"
                    : "digitized against its from/to nodes; the digitized direction is used",
         false});
    if (nodes_rule) std::reverse(reaches[i].line.begin(), reaches[i].line.end());
  }
}

void add_graph(Network& net, std::span<const ReachEnds> ends) {
  std::unordered_map<std::int64_t, NodeIndex> vertex_of;
  vertex_of.reserve(ends.size() * 2);
  auto vertex = [&](std::int64_t node) {
    auto [it, inserted] = vertex_of.try_emplace(node, 0);
    if (inserted) it->second = boost::add_vertex(net.graph);
    return it->second;
  };
  net.from_vertex.resize(ends.size());
  net.to_vertex.resize(ends.size());
  for (std::size_t i = 0; i < ends.size(); ++i) {
    net.from_vertex[i] = vertex(ends[i].from_node);
    net.to_vertex[i] = vertex(ends[i].to_node);
    boost::add_edge(net.from_vertex[i], net.to_vertex[i], ReachEdge{i}, net.graph);
  }
}

Reach make_reach(const ReachRecord& record, const ReachEnds& ends, NetworkReport& report) {
  Reach reach;
  reach.id = record.id;
  reach.row = record.row;
  reach.from_node = ends.from_node;
  reach.to_node = ends.to_node;
  reach.line = record.line;
  reach.name = record.name;
  reach.velocity_m_s = record.velocity_m_s;
  reach.length_m = record.length_m ? *record.length_m : detail::geodesic_length_m(record.line);
  if (!record.line.empty() && reach.length_m <= 0) {
    report.problems.push_back({record.id, record.row, "zero length", false});
  }
  return reach;
}

}  // namespace

std::optional<std::size_t> Network::find(const std::string& reach_id) const {
  auto it = index_of.find(reach_id);
  if (it == index_of.end()) return std::nullopt;
  return it->second;
}

Network build_network(std::span<const ReachRecord> records, const BuildOptions& options) {
  Network net;
  const std::vector<const ReachRecord*> accepted = accept_rows(records, options, net.report);
  const std::vector<ReachEnds> ends =
      options.topology == Topology::geometry
          ? detail::nodes_from_geometry(accepted, options.snap_tolerance_m)
          : ends_from_nodes(accepted);
  detail::DerivedInputs inputs;
  net.reaches.reserve(accepted.size());
  for (std::size_t i = 0; i < accepted.size(); ++i) {
    const ReachRecord& r = *accepted[i];
    net.reaches.push_back(make_reach(r, ends[i], net.report));
    net.index_of.emplace(r.id, i);
    inputs.divergence.push_back(r.divergence);
    inputs.divergence_given = inputs.divergence_given || r.divergence.has_value();
    inputs.levelpath_given = inputs.levelpath_given || !r.levelpath_id.empty();
    if (!r.levelpath_id.empty()) net.reaches.back().levelpath_id = r.levelpath_id;
  }
  // The direction check compares geometry with node attributes: in a nodes
  // topology always, in a geometry topology when the attributes were read too.
  bool all_have_nodes = !accepted.empty();
  for (const auto* r : accepted) all_have_nodes = all_have_nodes && r->from_node && r->to_node;
  if (options.topology == Topology::nodes) {
    check_direction(net.reaches, accepted, ends, options, net.report);
  } else if (all_have_nodes) {
    check_direction(net.reaches, accepted, ends_from_nodes(accepted), options, net.report);
  }
  add_graph(net, ends);
  detail::compute_derived(net, inputs);
  detail::describe_structure(net);
  detail::find_gaps(net, options.gap_search_m);
  return net;
}

double estimated_velocity_m_s(int strahler) {
  // A rough rule for mean velocity in natural channels: about 0.3 m/s in
  // first-order streams, rising by 0.1 m/s per order, at most 1.0 m/s
  // (docs/hydro.md explains its limits; give velocities when known).
  return std::min(0.2 + 0.1 * std::max(strahler, 1), 1.0);
}

}  // namespace envgrid::gis::hydro
