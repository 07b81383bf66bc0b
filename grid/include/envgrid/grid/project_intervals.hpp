#pragma once
// A project's inspection intervals: envgrid's defaults (risk_classes.cpp)
// unless the project sets its own (`envgrid grid intervals PROJECT --set
// FILE`: provinces differ). The table lives in the store's metadata, so that
// `grid workload`, `patrol plan` and the viewer's "inspections due" all use
// the same one without being told.

#include <optional>
#include <string>

#include "envgrid/gis/store.hpp"
#include "envgrid/grid/workload.hpp"

namespace envgrid::grid {

inline constexpr const char* intervals_metadata_key = "inspection_intervals";

// The table in effect for the project: its own, or the defaults.
[[nodiscard]] FrequencyTable project_frequencies(gis::Store& store);
// True when the project has set its own table.
[[nodiscard]] bool project_sets_frequencies(gis::Store& store);
// Stores the table as the project's own; nullopt goes back to the defaults.
void set_project_frequencies(gis::Store& store, const std::optional<FrequencyTable>& table);

}  // namespace envgrid::grid
