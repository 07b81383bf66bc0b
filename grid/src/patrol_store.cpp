// Patrol stops read from the store, and the plan written back to it.

#include "envgrid/grid/patrol_store.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <memory>

#include "envgrid/gis/error.hpp"
#include "envgrid/gis/log.hpp"
#include "envgrid/gis/store_tables.hpp"

namespace envgrid::grid {

namespace {

std::string text_of(const OGRFeature& feature, const char* name) {
  const int index = feature.GetFieldIndex(name);
  return index >= 0 && feature.IsFieldSetAndNotNull(index) ? feature.GetFieldAsString(index) : "";
}

// The centroid of a feature's geometry, or nullopt when it has none.
std::optional<LonLatPoint> centre_of(const OGRFeature& feature) {
  const OGRGeometry* geometry = feature.GetGeometryRef();
  if (!geometry || geometry->IsEmpty()) return std::nullopt;
  OGRPoint centre;
  if (geometry->Centroid(&centre) != OGRERR_NONE || centre.IsEmpty()) return std::nullopt;
  return LonLatPoint{centre.getX(), centre.getY()};
}

// Runs visit on every feature of the layer whose cell_id is the cell (and
// that passes also_where, when given).
template <typename Visit>
void for_each_in_cell(gis::Store& store, const char* layer_name, const std::string& cell_id,
                      Visit visit, const char* also_where = nullptr) {
  OGRLayer& layer = gis::store_layer(store, layer_name);
  std::string where = "cell_id = " + gis::sql_quote(cell_id);
  if (also_where) where += std::string(" AND ") + also_where;
  layer.SetAttributeFilter(where.c_str());
  for (auto& feature : layer) visit(*feature);
  layer.SetAttributeFilter(nullptr);
}

}  // namespace

PatrolInputs load_patrol_inputs(gis::Store& store, const PatrolRequest& request) {
  PatrolInputs inputs;
  bool found = false;
  for_each_in_cell(
      store, "cells", request.cell_id,
      [&](const OGRFeature& cell) {
        if (auto centre = centre_of(cell)) {
          inputs.cell_centre_x = centre->x;
          inputs.cell_centre_y = centre->y;
          found = true;
        }
      },
      gis::supervision_cells_where);
  if (!found) {
    gis::throw_input_error("no cell " + request.cell_id + " with a geometry in the store",
                           {.step = "patrol plan", .dataset = store.location(), .layer = "cells"});
  }
  const std::string date = format_iso_date(request.date);
  const Period quarter = quarter_period(date.substr(0, 4) + "Q" +
                                        std::to_string((std::stoi(date.substr(5, 2)) - 1) / 3 + 1));
  for_each_in_cell(store, "enterprises", request.cell_id, [&](const OGRFeature& f) {
    const std::string id = text_of(f, "enterprise_id");
    const std::string risk_class = text_of(f, "risk_class");
    const auto due = next_due_date(parse_iso_date(text_of(f, "last_inspected")), risk_class,
                                   request.frequencies, request.date);
    if (!due || *due > quarter.last) return;
    const auto at = centre_of(f);
    if (!at) {
      inputs.warnings.push_back("enterprise " + id + ": no location; not planned");
      return;
    }
    const int overdue = std::max(0, static_cast<int>((request.date - *due).count()));
    inputs.stops.push_back({"enterprise", id, at->x, at->y, overdue, risk_class, 0});
  });
  return inputs;
}

void add_flag_stop(const OGRFeature& flag, PatrolInputs& inputs) {
  const std::string id = text_of(flag, "flag_id");
  const auto at = centre_of(flag);
  if (!at) {
    inputs.warnings.push_back("flag " + id + ": no geometry; not planned");
    return;
  }
  const int index = flag.GetFieldIndex("score");
  const double score =
      index >= 0 && flag.IsFieldSetAndNotNull(index) ? flag.GetFieldAsDouble(index) : 0;
  inputs.stops.push_back({"flag", id, at->x, at->y, 0, "", score});
}

std::string arrival_time(const PatrolOutput& output, double minutes) {
  const int start_min =
      std::stoi(output.start_time.substr(0, 2)) * 60 + std::stoi(output.start_time.substr(3, 2));
  const int at = start_min + static_cast<int>(std::lround(minutes));
  char text[32];
  std::snprintf(text, sizeof text, "%sT%02d:%02d", output.date.c_str(), (at / 60) % 24, at % 60);
  return text;
}

void record_patrol(gis::Store& store, const PatrolOutput& output, const std::string& cell_id) {
  const gis::ErrorContext context{
      .step = "patrol plan", .dataset = store.location(), .layer = "patrols"};
  store.transaction([&] {
    OGRLayer& patrols = gis::store_layer(store, "patrols");
    patrols.SetAttributeFilter(("patrol_id = " + gis::sql_quote(output.patrol_id)).c_str());
    std::vector<GIntBig> old_rows;
    for (auto& row : patrols) old_rows.push_back(row->GetFID());
    patrols.SetAttributeFilter(nullptr);
    for (GIntBig fid : old_rows) {
      if (patrols.DeleteFeature(fid) != OGRERR_NONE)
        gis::throw_output_error("cannot replace the earlier plan " + output.patrol_id, context);
    }
    int order = 0;
    for (const auto& visit : output.plan.visits) {
      const auto& stop = output.stops[visit.stop];
      gis::FeaturePtr row(OGRFeature::CreateFeature(patrols.GetLayerDefn()));
      row->SetField("patrol_id", output.patrol_id.c_str());
      row->SetField("cell_id", cell_id.c_str());
      row->SetField("plan_date", output.date.c_str());
      row->SetField("stop_order", ++order);
      row->SetField("object_kind", stop.object_kind.c_str());
      row->SetField("object_id", stop.object_id.c_str());
      row->SetField("eta", arrival_time(output, visit.arrival_min).c_str());
      row->SetGeometryDirectly(new OGRPoint(stop.x, stop.y));
      if (patrols.CreateFeature(row.get()) != OGRERR_NONE)
        gis::throw_output_error(
            "cannot write stop " + stop.object_id + ": " + gis::take_last_gdal_error(), context);
    }
  });
}

}  // namespace envgrid::grid
