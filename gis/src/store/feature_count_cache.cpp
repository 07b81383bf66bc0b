// GDAL's gpkg_ogr_contents feature counts, which a store does without.
//
// GDAL keeps a layer's row count in gpkg_ogr_contents, maintained by two
// triggers per table that each dataset handle drops on its first insert and
// re-creates later. With more than one handle writing (the viewer's pool,
// or a CLI run beside the server), one handle's stale state re-creates
// triggers another has already made ("trigger ... already exists") or leaves
// a count that misses the other's rows. A store therefore has no such
// table: new stores are made without it and older ones lose it when first
// opened for writing, and GDAL counts rows with COUNT(*) instead.

#include "envgrid/gis/error.hpp"
#include "envgrid/gis/log.hpp"
#include "envgrid/gis/store_tables.hpp"
#include "store_pragmas.hpp"

namespace envgrid::gis::detail {

namespace {

bool has_feature_count_table(GDALDataset& dataset) {
  OGRLayer* result = dataset.ExecuteSQL(
      "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'gpkg_ogr_contents'", nullptr,
      nullptr);
  if (!result) return false;
  const bool found = FeaturePtr(result->GetNextFeature()) != nullptr;
  dataset.ReleaseResultSet(result);
  return found;
}

std::vector<std::string> feature_count_triggers(GDALDataset& dataset) {
  std::vector<std::string> names;
  OGRLayer* result = dataset.ExecuteSQL(
      "SELECT name FROM sqlite_master WHERE type = 'trigger' AND "
      "(name LIKE 'trigger_insert_feature_count_%' OR name LIKE 'trigger_delete_feature_count_%')",
      nullptr, nullptr);
  if (!result) return names;
  for (const auto& row : *result) names.emplace_back(row->GetFieldAsString(0));
  dataset.ReleaseResultSet(result);
  return names;
}

}  // namespace

bool drop_feature_count_table(GDALDataset& dataset, const std::string& location) {
  if (!has_feature_count_table(dataset)) return false;
  const ErrorContext where{.step = current_step(), .dataset = location};
  // Two processes may open an older store at once: wait, and let the
  // second find nothing left to drop.
  run_sql_or_throw(dataset, "PRAGMA busy_timeout=" + std::to_string(store_busy_timeout_ms), where);
  if (dataset.StartTransaction(FALSE) != OGRERR_NONE) {
    throw_output_error("cannot start a transaction: " + take_last_gdal_error(), where);
  }
  try {
    for (const auto& trigger : feature_count_triggers(dataset)) {
      run_sql_or_throw(dataset, "DROP TRIGGER IF EXISTS " + sql_quote_identifier(trigger), where);
    }
    run_sql_or_throw(dataset, "DROP TABLE IF EXISTS gpkg_ogr_contents", where);
  } catch (...) {
    (void)dataset.RollbackTransaction();
    throw;
  }
  if (dataset.CommitTransaction() != OGRERR_NONE) {
    throw_output_error("cannot commit: " + take_last_gdal_error(), where);
  }
  log_info("store " + location + ": dropped GDAL's feature-count table (rows are counted instead)");
  return true;
}

}  // namespace envgrid::gis::detail
