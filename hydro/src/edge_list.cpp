// nodes_from_edge_list: id -> toid rows to from/to nodes.

#include <numeric>
#include <unordered_map>

#include "envgrid/hydro/network.hpp"

namespace envgrid::hydro {

std::vector<ReachRecord> nodes_from_edge_list(std::vector<ReachRecord> rows) {
  std::vector<ReachRecord> reaches;
  std::unordered_map<std::string, std::size_t> index_of;
  for (auto& row : rows) {
    auto [it, inserted] = index_of.try_emplace(row.id, reaches.size());
    if (inserted) {
      reaches.push_back(std::move(row));
    } else {
      auto& to_ids = reaches[it->second].to_ids;
      to_ids.insert(to_ids.end(), row.to_ids.begin(), row.to_ids.end());
    }
  }
  // Node 2i is the upstream end of reach i, node 2i+1 its downstream end.
  std::vector<std::size_t> parent(reaches.size() * 2);
  std::iota(parent.begin(), parent.end(), 0);
  auto root = [&](std::size_t i) {
    while (parent[i] != i) i = parent[i] = parent[parent[i]];
    return i;
  };
  for (std::size_t i = 0; i < reaches.size(); ++i) {
    for (const auto& to_id : reaches[i].to_ids) {
      auto it = index_of.find(to_id);
      if (it != index_of.end()) parent[root(2 * i + 1)] = root(2 * it->second);
    }
  }
  for (std::size_t i = 0; i < reaches.size(); ++i) {
    reaches[i].from_node = static_cast<std::int64_t>(root(2 * i) + 1);
    reaches[i].to_node = static_cast<std::int64_t>(root(2 * i + 1) + 1);
  }
  return reaches;
}

}  // namespace envgrid::hydro
