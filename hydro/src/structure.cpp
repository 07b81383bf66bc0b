// Outlets, headwaters, connected parts and loops of a built network.

#include <boost/graph/strong_components.hpp>

#include <algorithm>
#include <map>
#include <numeric>

#include "build_steps.hpp"
#include "network_index.hpp"

namespace envgrid::hydro::detail {

namespace {

void find_ends(Network& net) {
  for (std::size_t r = 0; r < net.reaches.size(); ++r) {
    if (net.outflows.at(net.to_vertex[r]).empty()) net.report.outlets.push_back(net.reaches[r].id);
    if (net.inflows.at(net.from_vertex[r]).empty()) {
      net.report.headwaters.push_back(net.reaches[r].id);
    }
  }
}

// Weakly connected parts, numbered by size (0 = largest), ties by first reach.
void find_parts(Network& net) {
  std::vector<std::size_t> parent(net.node_count());
  std::iota(parent.begin(), parent.end(), 0);
  auto root = [&](std::size_t i) {
    while (parent[i] != i) i = parent[i] = parent[parent[i]];
    return i;
  };
  for (std::size_t r = 0; r < net.reaches.size(); ++r) {
    parent[root(net.from_vertex[r])] = root(net.to_vertex[r]);
  }
  std::map<std::size_t, std::size_t> size_of_root;
  std::vector<std::size_t> first_reach_of_root(parent.size(), no_reach);
  for (std::size_t r = 0; r < net.reaches.size(); ++r) {
    const std::size_t p = root(net.from_vertex[r]);
    ++size_of_root[p];
    if (first_reach_of_root[p] == no_reach) first_reach_of_root[p] = r;
  }
  std::vector<std::size_t> roots;
  roots.reserve(size_of_root.size());
  for (const auto& [p, size] : size_of_root) roots.push_back(p);
  std::sort(roots.begin(), roots.end(), [&](std::size_t a, std::size_t b) {
    if (size_of_root[a] != size_of_root[b]) return size_of_root[a] > size_of_root[b];
    return first_reach_of_root[a] < first_reach_of_root[b];
  });
  std::vector<std::size_t> part_of_root(parent.size(), 0);
  for (std::size_t k = 0; k < roots.size(); ++k) {
    part_of_root[roots[k]] = k;
    net.report.part_sizes.push_back(size_of_root[roots[k]]);
  }
  for (std::size_t r = 0; r < net.reaches.size(); ++r)
    net.reaches[r].part = part_of_root[root(net.from_vertex[r])];
}

// Every strongly connected set of nodes joined by more than nothing is a
// loop: its reaches are those with both ends in the set (self-loops too).
void find_loops(Network& net) {
  std::vector<std::size_t> component(net.node_count());
  if (component.empty()) return;
  boost::strong_components(
      net.index->graph, boost::make_iterator_property_map(
                            component.begin(), boost::get(boost::vertex_index, net.index->graph)));
  std::map<std::size_t, std::vector<std::size_t>> reaches_of_component;
  for (std::size_t r = 0; r < net.reaches.size(); ++r) {
    const std::size_t c = component[net.from_vertex[r]];
    if (c == component[net.to_vertex[r]]) reaches_of_component[c].push_back(r);
  }
  std::vector<std::vector<std::size_t>> loops;
  loops.reserve(reaches_of_component.size());
  for (auto& [c, members] : reaches_of_component) loops.push_back(std::move(members));
  std::sort(loops.begin(), loops.end());  // by first reach, in input order
  for (const auto& members : loops) {
    std::vector<std::string> ids;
    for (std::size_t r : members) {
      net.reaches[r].loop = net.report.loops.size();
      ids.push_back(net.reaches[r].id);
    }
    net.report.loops.push_back(std::move(ids));
  }
}

}  // namespace

void describe_structure(Network& net) {
  find_ends(net);
  find_parts(net);
  find_loops(net);
}

}  // namespace envgrid::hydro::detail
