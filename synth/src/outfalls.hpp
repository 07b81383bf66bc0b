#pragma once
// Outfalls (入河排污口) along the river banks. An exact total is spread over
// the reaches as they are grown (selection sampling: each reach takes its
// share of what is left), so nothing waits for the whole network. About 70 %
// are registered to an enterprise that stands a little inland behind them;
// the rest are unregistered, the kind a drone flight finds.

#include <cstdint>
#include <string>
#include <vector>

#include "rivers.hpp"

namespace envgrid::synth::detail {

struct Outfall {
  std::uint64_t number = 0;  // 1-based
  std::string id;            // "O000017"
  std::string name;
  bool registered = false;
  Point position;                   // on the bank, metric
  Point inland;                     // unit vector from the river towards the bank it is on
  Point owner_site;                 // where its enterprise stands when registered
  std::int32_t reach_node = 0;      // upstream node of its reach (RiverNode index)
  bool upstream_of_middle = false;  // on the upstream half of the reach
};

// What the exceedance planting needs to know of each outfall (16 bytes).
struct OutfallRecord {
  std::int32_t reach_node = 0;
  std::uint32_t outfall_number = 0;
  std::uint32_t enterprise_number = 0;  // 0 when unregistered
  std::uint8_t industry = 0;
  bool upstream_of_middle = false;
};

class OutfallPlacer {
 public:
  OutfallPlacer(const County& county, std::uint64_t seed, std::uint64_t total,
                std::uint64_t target_reaches);
  // The outfalls to put beside this reach (often none).
  [[nodiscard]] std::vector<Outfall> place(const Reach& reach);
  [[nodiscard]] std::uint64_t placed() const { return placed_; }

 private:
  [[nodiscard]] Outfall make(const Reach& reach);

  const County& county_;
  Random random_;
  std::uint64_t total_;
  std::uint64_t target_reaches_;
  std::uint64_t reaches_seen_ = 0;
  std::uint64_t placed_ = 0;
};

}  // namespace envgrid::synth::detail
