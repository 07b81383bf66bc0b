#pragma once
// Snapping points (sections, outfalls) to the nearest reach of a network
// within a distance, keeping the position along the reach as an NHDPlus
// measure: 0 at the reach's downstream end, 100 at its upstream end.
// Distances are metres in a projected CRS chosen for the network's extent
// (gis::choose_metric_crs); candidates come from an STR tree of the reaches'
// envelopes. docs/hydro.md ("Snapping") states the rules.

#include <memory>
#include <optional>
#include <string>

#include "envgrid/hydro/network.hpp"

namespace envgrid::hydro {

struct SnapOptions {
  // DEFAULT 500 m: a monitoring section or an outfall is on the bank of its
  // river; farther than half a kilometre it is more likely mis-located.
  double max_distance_m = 500;
  // DEFAULT 10 m: a second reach this close to the nearest one is a near-tie
  // (about the position error of a hand-held GNSS fix).
  double tie_margin_m = 10;
};

struct SnapCandidate {
  std::size_t reach = no_reach;  // index into Network::reaches
  double distance_m = 0;
  double measure = 0;  // percent, 0 downstream end, 100 upstream end
};

struct SnapResult {
  std::optional<SnapCandidate> nearest;  // nullopt: no reach within max_distance_m
  // The second-nearest reach when within tie_margin_m of the nearest.
  std::optional<SnapCandidate> tie;
};

// REQUIRES: the network outlives the snapper. Not thread-safe (one per thread).
class Snapper {
 public:
  Snapper(const Network& net, const SnapOptions& options);
  ~Snapper();
  Snapper(const Snapper&) = delete;
  Snapper& operator=(const Snapper&) = delete;

  // A point in WGS 84 lon/lat.
  [[nodiscard]] SnapResult snap(const LonLat& point) const;
  // The metric CRS used, e.g. "EPSG:4547 CGCS2000 / 3-degree Gauss-Kruger CM 114E".
  [[nodiscard]] const std::string& metric_crs_description() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace envgrid::hydro
