#pragma once
// Small river networks drawn as ASCII maps, in the style of Valhalla's gurka
// tests: capital letters are nodes, one character is gridsize_m metres, and a
// reach is the polyline through a string of nodes in flow order ("ABC").
// The drawn dashes are for the reader only.

#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include "envgrid/hydro/network.hpp"

namespace envgrid::test {

class AsciiMap {
 public:
  // Origin near 30 N 114 E (Wuhan), where the map is drawn.
  AsciiMap(const std::string& drawing, double gridsize_m) {
    constexpr double metres_per_degree_lat = 111'320.0;
    const double metres_per_degree_lon = metres_per_degree_lat * 0.8660254;  // cos 30 degrees
    int row = 0, column = 0;
    for (char c : drawing) {
      if (c == '\n') {
        ++row;
        column = 0;
        continue;
      }
      if (c >= 'A' && c <= 'Z') {
        nodes_[c] = {114.0 + column * gridsize_m / metres_per_degree_lon,
                     30.0 - row * gridsize_m / metres_per_degree_lat};
      }
      ++column;
    }
  }

  [[nodiscard]] hydro::LonLat node(char name) const {
    auto it = nodes_.find(name);
    if (it == nodes_.end())
      throw std::invalid_argument(std::string("no node ") + name + " on the map");
    return it->second;
  }

  // A reach along the nodes of path, with from/to node attributes taken from
  // the first and last letter (their character codes).
  [[nodiscard]] hydro::ReachRecord reach(const std::string& id, const std::string& path,
                                         std::int64_t row = 0) const {
    hydro::ReachRecord r;
    r.id = id;
    r.row = row;
    for (char c : path) r.line.push_back(node(c));
    r.from_node = path.front();
    r.to_node = path.back();
    return r;
  }

  // reach(id, path, row) for each {id, path}, rows numbered from 1.
  [[nodiscard]] std::vector<hydro::ReachRecord> reaches(
      const std::vector<std::pair<std::string, std::string>>& paths) const {
    std::vector<hydro::ReachRecord> out;
    for (const auto& [id, path] : paths)
      out.push_back(reach(id, path, static_cast<std::int64_t>(out.size() + 1)));
    return out;
  }

 private:
  std::map<char, hydro::LonLat> nodes_;
};

}  // namespace envgrid::test
