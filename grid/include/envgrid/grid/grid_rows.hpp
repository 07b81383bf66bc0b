#pragma once
// Typed reads of the tables grid owns (cells, enterprises, outfalls,
// patrols) for the viewer and the CLI, which do not open store layers
// themselves (docs/store.md, "Owners").

#include <optional>
#include <string>
#include <vector>

#include "envgrid/gis/gdal_handles.hpp"
#include "envgrid/gis/store.hpp"

namespace envgrid::grid {

// The supervision cells (gis::supervision_cells_where), not the units above them.
void for_each_supervision_cell(gis::Store& store, const gis::StoreRowVisitor& visit);
// The ids of the supervision cells whose manager is this user; none when
// the store has no cells layer.
[[nodiscard]] std::vector<std::string> cells_managed_by(gis::Store& store,
                                                        const std::string& manager);
// The values of one field of the supervision cells, where set (the units
// of a cross-check draw); nullopt when the cells have no such field.
[[nodiscard]] std::optional<std::vector<std::string>> supervision_cell_values(
    gis::Store& store, const std::string& field);
// Whether the cells layer has a row with this cell_id (any level).
[[nodiscard]] bool has_cell(gis::Store& store, const std::string& cell_id);

[[nodiscard]] gis::FeaturePtr find_enterprise(gis::Store& store, const std::string& enterprise_id);
void for_each_enterprise(gis::Store& store, const gis::StoreRowVisitor& visit);
[[nodiscard]] gis::FeaturePtr find_outfall(gis::Store& store, const std::string& outfall_id);
void for_each_outfall_of(gis::Store& store, const std::string& enterprise_id,
                         const gis::StoreRowVisitor& visit);

// The stops of the stored patrol plans of a date ("" for every date).
void for_each_patrol_stop(gis::Store& store, const std::string& plan_date,
                          const gis::StoreRowVisitor& visit);
// The stops of one stored plan in stop_order; empty when unknown.
[[nodiscard]] std::vector<gis::FeaturePtr> patrol_stops(gis::Store& store,
                                                        const std::string& patrol_id);

}  // namespace envgrid::grid
