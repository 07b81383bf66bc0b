#pragma once
// Snapping the points of a project store's layers (sections, outfalls):
// reading them, and writing reach_id and measure back.

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "envgrid/gis/store.hpp"
#include "envgrid/hydro/snap.hpp"

namespace envgrid::hydro {

// The store layers that have reach_id and measure fields.
[[nodiscard]] const std::vector<std::string>& snappable_layers();

struct PointSnap {
  std::string layer;
  std::string id;  // the layer's natural key (section_id, outfall_id)
  std::int64_t fid = 0;
  bool has_point = false;  // false: no geometry, or not transformable to WGS 84
  SnapResult result;
};

// Snaps every feature of the layer. Throws Error(usage) for a layer without
// reach_id/measure.
[[nodiscard]] std::vector<PointSnap> snap_layer_points(gis::Store& store, const std::string& layer,
                                                       const Snapper& snapper);

// Sets reach_id and measure of each feature (null when unsnapped).
// REQUIRES: called inside store.transaction. Throws Error(output).
void write_point_snaps(gis::Store& store, const Network& net, std::span<const PointSnap> snaps);

}  // namespace envgrid::hydro
