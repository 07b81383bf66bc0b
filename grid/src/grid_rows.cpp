// Typed reads of grid's tables for the viewer and the CLI.

#include "envgrid/grid/grid_rows.hpp"

#include <algorithm>

#include "envgrid/gis/store_tables.hpp"

namespace envgrid::grid {

void for_each_supervision_cell(gis::Store& store, const gis::StoreRowVisitor& visit) {
  gis::for_each_feature(gis::store_layer(store, "cells"), gis::supervision_cells_where, visit);
}

std::vector<std::string> cells_managed_by(gis::Store& store, const std::string& manager) {
  std::vector<std::string> ids;
  OGRLayer* cells = gis::find_store_layer(store, "cells");
  if (!cells) return ids;
  gis::for_each_feature(
      *cells, "manager = " + gis::sql_quote(manager) + " AND " + gis::supervision_cells_where,
      [&ids](OGRFeature& cell) { ids.emplace_back(cell.GetFieldAsString("cell_id")); });
  return ids;
}

std::optional<std::vector<std::string>> supervision_cell_values(gis::Store& store,
                                                                const std::string& field) {
  OGRLayer& cells = gis::store_layer(store, "cells");
  if (cells.GetLayerDefn()->GetFieldIndex(field.c_str()) < 0) return std::nullopt;
  std::vector<std::string> values;
  gis::for_each_feature(cells, gis::supervision_cells_where, [&](OGRFeature& cell) {
    const int index = cell.GetFieldIndex(field.c_str());
    if (cell.IsFieldSetAndNotNull(index)) values.emplace_back(cell.GetFieldAsString(index));
  });
  return values;
}

bool has_cell(gis::Store& store, const std::string& cell_id) {
  return gis::find_feature(gis::store_layer(store, "cells"), "cell_id", cell_id) != nullptr;
}

gis::FeaturePtr find_enterprise(gis::Store& store, const std::string& enterprise_id) {
  return gis::find_feature(gis::store_layer(store, "enterprises"), "enterprise_id", enterprise_id);
}

void for_each_enterprise(gis::Store& store, const gis::StoreRowVisitor& visit) {
  gis::for_each_feature(gis::store_layer(store, "enterprises"), "", visit);
}

gis::FeaturePtr find_outfall(gis::Store& store, const std::string& outfall_id) {
  return gis::find_feature(gis::store_layer(store, "outfalls"), "outfall_id", outfall_id);
}

void for_each_outfall_of(gis::Store& store, const std::string& enterprise_id,
                         const gis::StoreRowVisitor& visit) {
  gis::for_each_feature(gis::store_layer(store, "outfalls"),
                        "enterprise_id = " + gis::sql_quote(enterprise_id), visit);
}

void for_each_patrol_stop(gis::Store& store, const std::string& plan_date,
                          const gis::StoreRowVisitor& visit) {
  const std::string filter = plan_date.empty() ? "" : "plan_date = " + gis::sql_quote(plan_date);
  gis::for_each_feature(gis::store_layer(store, "patrols"), filter, visit);
}

std::vector<gis::FeaturePtr> patrol_stops(gis::Store& store, const std::string& patrol_id) {
  std::vector<gis::FeaturePtr> stops;
  gis::for_each_feature(gis::store_layer(store, "patrols"),
                        "patrol_id = " + gis::sql_quote(patrol_id),
                        [&stops](OGRFeature& stop) { stops.emplace_back(stop.Clone()); });
  std::sort(stops.begin(), stops.end(), [](const auto& a, const auto& b) {
    return a->GetFieldAsInteger("stop_order") < b->GetFieldAsInteger("stop_order");
  });
  return stops;
}

}  // namespace envgrid::grid
