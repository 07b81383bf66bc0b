// append_flags_to_store: new flags and their chips into a project store.

#include "envgrid/imagery/flags_store.hpp"

#include <set>

#include "envgrid/gis/error.hpp"
#include "envgrid/gis/gdal_handles.hpp"
#include "envgrid/gis/log.hpp"
#include "envgrid/gis/store_tables.hpp"

namespace envgrid::imagery {

namespace {

constexpr const char* chips_layer_name = "chips";

std::set<std::string> flag_ids_in(OGRLayer& layer) {
  std::set<std::string> ids;
  layer.ResetReading();
  for (const auto& feature : layer) ids.insert(feature->GetFieldAsString("flag_id"));
  layer.ResetReading();
  return ids;
}

void create(OGRLayer& layer, OGRFeature& feature, const std::string& what, const gis::Store& store,
            const char* layer_name) {
  if (layer.CreateFeature(&feature) != OGRERR_NONE) {
    gis::throw_output_error(
        "cannot write " + what + ": " + gis::take_last_gdal_error(),
        {.step = "imagery flags", .dataset = store.location(), .layer = layer_name});
  }
}

void add_flag(gis::Store& store, OGRLayer& layer, const Flag& flag,
              const gis::CoordinateTransformer& to_store) {
  gis::FeaturePtr feature(OGRFeature::CreateFeature(layer.GetLayerDefn()));
  feature->SetField("flag_id", flag.flag_id.c_str());
  feature->SetField("kind", flag.kind.c_str());
  feature->SetField("score", flag.score);
  feature->SetField("status", "new");
  feature->SetField("source", flag.source.c_str());
  if (flag.cell_id.empty()) {
    feature->SetFieldNull(feature->GetFieldIndex("cell_id"));
  } else {
    feature->SetField("cell_id", flag.cell_id.c_str());
  }
  feature->SetField("area_m2", flag.area_m2);
  feature->SetField("created_at", flag.created_at.c_str());
  if (flag.source_at) {
    feature->SetField("source_lon", flag.source_at->lon);
    feature->SetField("source_lat", flag.source_at->lat);
  }
  OGRPolygon polygon = flag_polygon(flag);
  if (!to_store.transform(polygon)) {
    gis::throw_output_error(
        "flag " + flag.flag_id + " cannot be converted to the store CRS",
        {.step = "imagery flags", .dataset = store.location(), .layer = "flags"});
  }
  feature->SetGeometry(&polygon);
  create(layer, *feature, "flag " + flag.flag_id, store, "flags");
}

void add_chip(gis::Store& store, OGRLayer& layer, const ChipRecord& chip,
              const std::string& created_at) {
  gis::FeaturePtr feature(OGRFeature::CreateFeature(layer.GetLayerDefn()));
  feature->SetField("flag_id", chip.flag_id.c_str());
  feature->SetField("view", chip.view.c_str());
  feature->SetField("file", chip.file.c_str());
  feature->SetField("width_px", chip.width_px);
  feature->SetField("height_px", chip.height_px);
  feature->SetField("created_at", created_at.c_str());
  create(layer, *feature, "chip " + chip.file, store, chips_layer_name);
}

}  // namespace

StoreFlagsReport append_flags_to_store(gis::Store& store, const std::vector<Flag>& flags,
                                       const gis::Crs& flags_crs,
                                       const std::vector<ChipRecord>& chips) {
  StoreFlagsReport report;
  OGRLayer& flag_layer = gis::store_layer(store, "flags");
  OGRLayer* chip_layer = gis::store_dataset(store).GetLayerByName(chips_layer_name);
  report.chips_layer = chip_layer != nullptr;
  const auto existing = flag_ids_in(flag_layer);
  const gis::CoordinateTransformer to_store(flags_crs, store.crs());
  const std::string now = gis::utc_now_iso8601();
  std::set<std::string> added;
  store.transaction([&] {
    for (const Flag& flag : flags) {
      if (existing.count(flag.flag_id) || added.count(flag.flag_id)) {
        report.already_in_store.push_back(flag.flag_id);
        continue;
      }
      add_flag(store, flag_layer, flag, to_store);
      added.insert(flag.flag_id);
    }
    if (!chip_layer) return;
    for (const ChipRecord& chip : chips) {
      if (!added.count(chip.flag_id)) continue;
      add_chip(store, *chip_layer, chip, now);
      ++report.chips_recorded;
    }
  });
  report.added = added.size();
  return report;
}

}  // namespace envgrid::imagery
