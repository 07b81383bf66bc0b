#pragma once
// Flags written straight into a project store (`imagery changes|outfalls -o
// PROJECT`): appended to the store's `flags` layer with status `new`, and
// their chips recorded in the store's `chips` layer, in one transaction.

#include <string>
#include <vector>

#include "envgrid/gis/crs.hpp"
#include "envgrid/gis/store.hpp"
#include "envgrid/imagery/chips.hpp"
#include "envgrid/imagery/flags.hpp"

namespace envgrid::imagery {

struct StoreFlagsReport {
  std::size_t added = 0;
  // Flags whose id is already in the store (the same detection on the same
  // images): left as they are, with their status and reviews.
  std::vector<std::string> already_in_store;
  std::size_t chips_recorded = 0;
  bool chips_layer = false;  // false: the store has no `chips` layer (made before it existed)
};

// REQUIRES: rings in flags_crs; cell_id as decided by the caller ("" = null).
// Throws gis::Error(output) and writes nothing when a row cannot be written.
[[nodiscard]] StoreFlagsReport append_flags_to_store(gis::Store& store,
                                                     const std::vector<Flag>& flags,
                                                     const gis::Crs& flags_crs,
                                                     const std::vector<ChipRecord>& chips);

}  // namespace envgrid::imagery
