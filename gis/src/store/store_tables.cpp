// Raw access to the store for the table-owning libraries, and the one
// "run SQL or throw" and SQL quoting of envgrid.

#include "envgrid/gis/store_tables.hpp"

#include <cpl_error.h>

#include "envgrid/gis/log.hpp"

namespace envgrid::gis {

GDALDataset& store_dataset(Store& store) { return *store.dataset_; }

OGRLayer* find_store_layer(Store& store, const std::string& name) {
  return store.dataset_ ? store.dataset_->GetLayerByName(name.c_str()) : nullptr;
}

OGRLayer& store_layer(Store& store, const std::string& name) {
  OGRLayer* layer = find_store_layer(store, name);
  if (!layer) {
    throw_input_error("the store has no layer '" + name + "'",
                      {.step = current_step(), .dataset = store.location()});
  }
  return *layer;
}

namespace {

// text between two quote marks, each inner one doubled (SQL's one escape).
std::string quoted(std::string_view text, char quote) {
  std::string out(1, quote);
  for (const char c : text) {
    out += c;
    if (c == quote) out += quote;
  }
  return out + quote;
}

}  // namespace

std::string sql_quote(std::string_view text) { return quoted(text, '\''); }

std::string sql_quote_identifier(std::string_view name) { return quoted(name, '"'); }

void run_sql_or_throw(GDALDataset& dataset, const std::string& sql, const ErrorContext& where) {
  (void)take_last_gdal_error();
  CPLErrorReset();
  OGRLayer* result = dataset.ExecuteSQL(sql.c_str(), nullptr, nullptr);
  if (result) dataset.ReleaseResultSet(result);
  const std::string reason = take_last_gdal_error();
  if (CPLGetLastErrorType() >= CE_Failure || !reason.empty()) {
    // Batched inserts run to megabytes: the start names the statement.
    const std::string statement = sql.size() > 200 ? sql.substr(0, 200) + "..." : sql;
    throw_output_error(statement + " failed: " + (reason.empty() ? "GDAL error" : reason), where);
  }
}

void run_sql_or_throw(Store& store, const std::string& sql) {
  run_sql_or_throw(store_dataset(store), sql,
                   {.step = current_step(), .dataset = store.location()});
}

bool Store::has_layer(const std::string& name) { return find_store_layer(*this, name) != nullptr; }

void for_each_row_in(Store& store, const std::string& layer, const std::optional<StoreBox>& box,
                     const StoreRowVisitor& visit) {
  OGRLayer& rows = store_layer(store, layer);
  if (box) rows.SetSpatialFilterRect((*box)[0], (*box)[1], (*box)[2], (*box)[3]);
  for_each_feature(rows, "", visit);
  rows.SetSpatialFilter(nullptr);
}

void for_each_feature(OGRLayer& layer, const std::string& filter,
                      const std::function<void(OGRFeature&)>& visit) {
  layer.SetAttributeFilter(filter.empty() ? nullptr : filter.c_str());
  layer.ResetReading();
  while (FeaturePtr feature{layer.GetNextFeature()}) visit(*feature);
  layer.SetAttributeFilter(nullptr);
  layer.ResetReading();
}

FeaturePtr find_feature(OGRLayer& layer, const std::string& field, const std::string& value) {
  layer.SetAttributeFilter((field + " = " + sql_quote(value)).c_str());
  layer.ResetReading();
  FeaturePtr feature{layer.GetNextFeature()};
  layer.SetAttributeFilter(nullptr);
  layer.ResetReading();
  return feature;
}

void update_feature(Store& store, OGRLayer& layer, OGRFeature& feature) {
  if (layer.SetFeature(&feature) != OGRERR_NONE) {
    throw_output_error("cannot update feature: " + take_last_gdal_error(),
                       {.step = current_step(),
                        .dataset = store.location(),
                        .layer = layer.GetName(),
                        .feature = feature.GetFID()});
  }
}

void insert_feature(Store& store, OGRLayer& layer, OGRFeature& feature) {
  if (layer.CreateFeature(&feature) != OGRERR_NONE) {
    throw_output_error(
        "cannot insert feature: " + take_last_gdal_error(),
        {.step = current_step(), .dataset = store.location(), .layer = layer.GetName()});
  }
}

}  // namespace envgrid::gis
