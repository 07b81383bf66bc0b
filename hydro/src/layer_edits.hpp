#pragma once
// A fingerprint of hydro's trace input layers (sections, readings) that
// changes whenever a row is added, changed or removed: per layer its row
// count, highest fid, and the count of its updates and deletes kept in the
// table layer_edits by triggers (docs/store.md). Inserts need no trigger:
// without an update or delete, any insert raises the row count. Private to
// the hydro library.

#include <optional>
#include <string>

#include "envgrid/gis/store.hpp"

namespace envgrid::hydro::detail {

// "" when the triggers are missing (then it matches nothing).
[[nodiscard]] std::string input_layers_fingerprint(gis::Store& store);

// Makes layer_edits and its triggers when missing (their creation counts
// as an edit, so a fingerprint taken before never matches one after); false
// when path cannot be written (logged).
bool prepare_input_layer_edits(const std::string& path);

}  // namespace envgrid::hydro::detail
