// Every SQLite pragma envgrid sets or reads on a GeoPackage store. PostGIS
// stores have none of them.

#include "store_pragmas.hpp"

#include "envgrid/gis/log.hpp"
#include "envgrid/gis/store_tables.hpp"

namespace envgrid::gis {

namespace detail {

void enable_wal(GDALDataset& dataset, const std::string& location) {
  run_sql_or_throw(dataset, "PRAGMA journal_mode=WAL",
                   {.step = current_step(), .dataset = location});
}

void apply_open_pragmas(Store& store) {
  if (store.is_postgis()) return;
  // Another process's write holds the lock for the length of its commit:
  // wait for it (docs/store.md, "Concurrency") instead of failing at once.
  store.set_busy_timeout(store_busy_timeout_ms);
  // SQLite's default page cache (2 MB) spills to the WAL during large
  // imports (a unique index and an R-tree per layer); 64 MB keeps a
  // 10^5-row import in memory until the commit, and is only used as needed.
  run_sql_or_throw(store, "PRAGMA cache_size=-65536");
}

}  // namespace detail

void Store::set_busy_timeout(int milliseconds) {
  if (is_postgis()) return;
  run_sql_or_throw(*this, "PRAGMA busy_timeout=" + std::to_string(milliseconds));
}

std::optional<std::int64_t> Store::data_version() {
  if (is_postgis()) return std::nullopt;
  GDALDataset& dataset = store_dataset(*this);
  OGRLayer* result = dataset.ExecuteSQL("PRAGMA data_version", nullptr, nullptr);
  if (!result) return 0;
  std::int64_t version = 0;
  if (FeaturePtr row{result->GetNextFeature()}) version = row->GetFieldAsInteger64(0);
  dataset.ReleaseResultSet(result);
  return version;
}

}  // namespace envgrid::gis
