#pragma once
// The ASCII-map networks shared by the hydro tests, and a comparison key for
// two networks.

#include <set>
#include <string>
#include <utility>
#include <vector>

#include "ascii_map.hpp"
#include "envgrid/hydro/network.hpp"

namespace envgrid::test {

inline constexpr double sample_gridsize_m = 100;

// Main stem A-B-E-G: 1200 m drain into E from B, 1100 m from D (C-D and F-D).
inline const AsciiMap& dendritic_map() {
  static const AsciiMap map(R"(
A---------B
          |
C----D----E
     F    |
          |
          |
          |
          G
)",
                            sample_gridsize_m);
  return map;
}

inline std::vector<hydro::ReachRecord> dendritic_reaches() {
  return dendritic_map().reaches(
      {{"1", "AB"}, {"2", "BE"}, {"3", "CD"}, {"4", "FD"}, {"5", "DE"}, {"6", "EG"}});
}

// B splits around an island: B-C-E (main, 400 m) and B-D-E (minor, 566 m).
inline std::vector<hydro::ReachRecord> braid_reaches(bool with_divergence_field) {
  static const AsciiMap map(R"(
A
|
B
|\
C D
|/
E
|
F
)",
                            sample_gridsize_m);
  auto records = map.reaches({{"ab", "AB"}, {"main", "BCE"}, {"minor", "BDE"}, {"ef", "EF"}});
  if (with_divergence_field) {
    for (auto& r : records) r.divergence = r.id == "main" ? 1 : r.id == "minor" ? 2 : 0;
  }
  return records;
}

// B-C-D-E-B is a loop; the water leaves it at E towards F.
inline std::vector<hydro::ReachRecord> looped_reaches() {
  static const AsciiMap map(R"(
A
|
B---C
|   |
E---D
|
F
)",
                            sample_gridsize_m);
  return map.reaches(
      {{"ab", "AB"}, {"bc", "BC"}, {"cd", "CD"}, {"de", "DE"}, {"eb", "EB"}, {"ef", "EF"}});
}

// Every (reach, reach below it) pair and (reach, "main:" its main path below).
inline std::set<std::pair<std::string, std::string>> downstream_pairs(const hydro::Network& net) {
  std::set<std::pair<std::string, std::string>> pairs;
  for (std::size_t r = 0; r < net.reaches.size(); ++r) {
    for (const std::size_t below : net.outflows.at(net.to_vertex[r])) {
      pairs.emplace(net.reaches[r].id, net.reaches[below].id);
    }
    const std::size_t m = net.main_downstream(r);
    pairs.emplace(net.reaches[r].id,
                  "main:" + (m == hydro::no_reach ? std::string("-") : net.reaches[m].id));
  }
  return pairs;
}

}  // namespace envgrid::test
