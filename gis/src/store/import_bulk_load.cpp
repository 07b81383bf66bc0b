// ImportBulkLoad: an empty GeoPackage layer's indexes and R-tree set aside
// for the rows of an import (import_bulk_load.hpp).

#include "import_bulk_load.hpp"

#include <utility>

#include "envgrid/gis/log.hpp"
#include "envgrid/gis/store_tables.hpp"
#include "envgrid/gis/text.hpp"

namespace envgrid::gis::detail {

namespace {

bool is_empty(GDALDataset& dataset, const std::string& layer) {
  const std::string sql = "SELECT 1 FROM " + sql_quote_identifier(layer) + " LIMIT 1";
  OGRLayer* result = dataset.ExecuteSQL(sql.c_str(), nullptr, nullptr);
  if (!result) return false;
  const bool empty = FeaturePtr(result->GetNextFeature()) == nullptr;
  dataset.ReleaseResultSet(result);
  return empty;
}

// PostGIS: the layer's indexes that back no constraint (the spatial index
// and the plain ones; the unique id stays a constraint), as CREATE INDEX
// statements, dropped here.
std::vector<std::string> drop_postgis_indexes(Store& store, const std::string& layer) {
  GDALDataset& dataset = store_dataset(store);
  const std::string sql =
      "SELECT indexname, indexdef FROM pg_indexes i WHERE schemaname = current_schema() AND "
      "tablename = " +
      sql_quote(layer) +
      " AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = " + "i.indexname)";
  std::vector<std::pair<std::string, std::string>> found;
  if (OGRLayer* result = dataset.ExecuteSQL(sql.c_str(), nullptr, nullptr)) {
    for (const auto& row : *result)
      found.emplace_back(row->GetFieldAsString(0), row->GetFieldAsString(1));
    dataset.ReleaseResultSet(result);
  }
  std::vector<std::string> definitions;
  for (const auto& [name, definition] : found) {
    run_sql_or_throw(store, "DROP INDEX " + sql_quote_identifier(name));
    definitions.push_back(definition);
  }
  return definitions;
}

}  // namespace

ImportBulkLoad::ImportBulkLoad(Store& store, const std::string& layer, bool has_geometry)
    : store_(store) {
  GDALDataset& dataset = store_dataset(store);
  if (!is_empty(dataset, layer)) return;
  if (store.is_postgis()) {
    postgis_indexes_ = drop_postgis_indexes(store, layer);
    return;
  }
  indexes_.emplace(dataset, "tbl_name = " + sql_quote(layer) + " AND sql IS NOT NULL", "index");
  if (!has_geometry) return;
  const std::string index_args =
      "(" + sql_quote(layer) + ", " + sql_quote(store_geometry_column) + ")";
  run_sql_or_throw(dataset, "SELECT DisableSpatialIndex" + index_args,
                   {.step = current_step(), .dataset = store.location(), .layer = layer});
  spatial_index_.emplace(dataset, layer, store_geometry_column);
}

void ImportBulkLoad::add(OGRFeature& feature) {
  const OGRGeometry* geometry = feature.GetGeometryRef();
  if (!spatial_index_ || !geometry || geometry->IsEmpty()) return;
  OGREnvelope envelope;
  geometry->getEnvelope(&envelope);
  spatial_index_->add(feature.GetFID(), envelope);
}

void ImportBulkLoad::finish() {
  for (const auto& definition : postgis_indexes_) run_sql_or_throw(store_, definition);
  if (indexes_) indexes_->restore();
  if (spatial_index_) spatial_index_->finish();
}

}  // namespace envgrid::gis::detail
