#pragma once
// The store side of downstream impact: the start (a point or an outfall) and
// the sections that may be reached, placed on the network.

#include <string>
#include <vector>

#include "envgrid/gis/store.hpp"
#include "envgrid/hydro/impact.hpp"
#include "envgrid/hydro/snap.hpp"

namespace envgrid::hydro {

// The nearest reach to a WGS 84 point, keeping the position along it. A
// near-tie is logged as a warning naming both reaches. Throws Error(input)
// naming `what` when no reach is within the snapper's distance.
[[nodiscard]] NetworkPoint snap_start(const Network& net, const Snapper& snapper,
                                      const LonLat& point, const std::string& what);

// The outfall's reach and measure from the store (`hydro snap`), snapped
// here when it has none (the store is not changed). Throws Error(input) for
// an unknown outfall id or one that cannot be snapped.
[[nodiscard]] NetworkPoint outfall_start(gis::Store& store, const Network& net,
                                         const Snapper& snapper, const std::string& outfall_id);

// Every section with its kind (a null or missing kind is `monitoring`), placed
// by its stored reach_id and measure, or snapped here when it has none; a
// section that cannot be placed gets at.reach == no_reach and is logged.
[[nodiscard]] std::vector<ImpactTarget> read_impact_targets(gis::Store& store, const Network& net,
                                                            const Snapper& snapper);

}  // namespace envgrid::hydro
