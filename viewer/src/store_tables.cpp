#include "store_tables.hpp"

#include <chrono>
#include <ctime>

#include "envgrid/gis/error.hpp"
#include "envgrid/gis/log.hpp"

namespace envgrid::viewer::detail {

void create_table_if_missing(gis::Store& store, const std::string& name,
                             const std::vector<std::pair<std::string, OGRFieldType>>& fields) {
  GDALDataset& dataset = store.dataset();
  if (dataset.GetLayerByName(name.c_str())) return;
  const gis::ErrorContext where{.step = "serve", .dataset = store.location(), .layer = name};
  OGRLayer* layer = dataset.CreateLayer(name.c_str(), nullptr, wkbNone, nullptr);
  if (!layer) gis::throw_output_error("cannot create table: " + gis::take_last_gdal_error(), where);
  for (const auto& [field_name, type] : fields) {
    OGRFieldDefn definition(field_name.c_str(), type);
    if (layer->CreateField(&definition) != OGRERR_NONE) {
      gis::throw_output_error(
          "cannot create field " + field_name + ": " + gis::take_last_gdal_error(), where);
    }
  }
}

std::string sql_quote(const std::string& text) {
  std::string quoted = "'";
  for (char c : text) {
    quoted += c;
    if (c == '\'') quoted += '\'';
  }
  return quoted + "'";
}

void for_each_feature(OGRLayer& layer, const std::string& filter,
                      const std::function<void(OGRFeature&)>& visit) {
  layer.SetAttributeFilter(filter.empty() ? nullptr : filter.c_str());
  layer.ResetReading();
  while (gis::FeaturePtr feature{layer.GetNextFeature()}) visit(*feature);
  layer.SetAttributeFilter(nullptr);
  layer.ResetReading();
}

gis::FeaturePtr find_feature(OGRLayer& layer, const std::string& field, const std::string& value) {
  layer.SetAttributeFilter((field + " = " + sql_quote(value)).c_str());
  layer.ResetReading();
  gis::FeaturePtr feature{layer.GetNextFeature()};
  layer.SetAttributeFilter(nullptr);
  layer.ResetReading();
  return feature;
}

void update_feature(gis::Store& store, OGRLayer& layer, OGRFeature& feature) {
  if (layer.SetFeature(&feature) != OGRERR_NONE) {
    gis::throw_output_error("cannot update feature: " + gis::take_last_gdal_error(),
                            {.step = "serve",
                             .dataset = store.location(),
                             .layer = layer.GetName(),
                             .feature = feature.GetFID()});
  }
}

void insert_feature(gis::Store& store, OGRLayer& layer, OGRFeature& feature) {
  if (layer.CreateFeature(&feature) != OGRERR_NONE) {
    gis::throw_output_error(
        "cannot insert feature: " + gis::take_last_gdal_error(),
        {.step = "serve", .dataset = store.location(), .layer = layer.GetName()});
  }
}

}  // namespace envgrid::viewer::detail
