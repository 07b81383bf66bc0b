#pragma once
// A dendritic river network grown upstream from one outlet on the county
// boundary: each growing tip either ends (a source) or splits into two
// tributaries 0.5-2 km long (scaled down at benchmark sizes), rejected where
// they would leave the county or come near an existing river (an occupancy
// grid, so growth needs no geometry index). A few reaches get a braid: a
// second, minor reach between the same two nodes (divergence 1 main / 2
// minor, as NHDPlus). Reaches are handed to a sink as they are made and not
// kept; only a compact node table stays in memory (about 40 bytes a node).

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "county.hpp"

namespace envgrid::synth::detail {

struct RiverNode {
  Point position;
  Point reach_middle;            // the middle vertex of the reach leaving this node (on the line)
  std::int32_t downstream = -1;  // node index; -1 for the outlet
  std::int32_t stream = -1;      // index into RiverNetwork::stream_names
  std::uint32_t upstream_reaches = 0;  // reaches upstream of this node (filled at the end)
  std::uint8_t children = 0;
};

struct Reach {
  std::uint64_t number = 0;    // 1-based, in creation order
  std::int64_t from_node = 0;  // 1-based node numbers (node index + 1)
  std::int64_t to_node = 0;
  std::int32_t from_index = 0;  // node index of the upstream end
  int divergence = 0;           // 0 none, 1 main path of a braid, 2 minor path
  const std::string* name = nullptr;
  std::vector<Point> line;  // in flow direction (upstream end first)
};

struct RiverNetwork {
  std::vector<RiverNode> nodes;  // node 0 is the outlet
  std::vector<std::string> stream_names;
  std::uint64_t reaches = 0;
  std::uint64_t braids = 0;
};

struct RiverOptions {
  std::uint64_t target_reaches = 500;
  double length_factor = 1;  // multiplies the 0.5-2 km reach length
  std::uint64_t seed = 42;
};

[[nodiscard]] RiverNetwork grow_rivers(const County& county, const RiverOptions& options,
                                       const std::function<void(const Reach&)>& on_reach);

}  // namespace envgrid::synth::detail
