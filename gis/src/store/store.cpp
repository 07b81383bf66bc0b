// Opening a project store, its layers, metadata and transactions.

#include "envgrid/gis/store.hpp"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <ctime>
#include <filesystem>
#include <vector>

#include "envgrid/gis/error.hpp"
#include "envgrid/gis/log.hpp"
#include "envgrid/gis/store_tables.hpp"
#include "envgrid/gis/text.hpp"
#include "store_pragmas.hpp"
#include "store_sql.hpp"

namespace envgrid::gis {

bool is_postgis_location(const std::string& location) {
  auto starts_with = [&location](std::string_view prefix) {
    return ascii_iequals(std::string_view(location).substr(0, prefix.size()), prefix);
  };
  return starts_with("PG:") || starts_with("postgresql://");
}

bool is_store_location(const std::string& location) {
  if (!is_postgis_location(location) && !std::filesystem::exists(location)) return false;
  DatasetPtr dataset(GDALDataset::Open(location.c_str(), GDAL_OF_VECTOR));
  return dataset && dataset->GetLayerByName(store_metadata_table) != nullptr;
}

Store::Store(std::string location, DatasetPtr dataset, Crs crs)
    : location_(std::move(location)), dataset_(std::move(dataset)), crs_(std::move(crs)) {}

Store::~Store() = default;

bool Store::is_postgis() const noexcept { return is_postgis_location(location_); }

void Store::close() { dataset_.reset(); }

std::optional<std::string> Store::metadata(const std::string& key) {
  OGRLayer& table = store_layer(*this, store_metadata_table);
  table.ResetReading();
  std::optional<std::string> value;
  for (const auto& feature : table) {
    if (key == feature->GetFieldAsString("key")) value = feature->GetFieldAsString("value");
  }
  table.ResetReading();
  return value;
}

void Store::set_metadata(const std::string& key, const std::optional<std::string>& value) {
  transaction([&] {
    OGRLayer& table = store_layer(*this, store_metadata_table);
    table.ResetReading();
    std::vector<GIntBig> stale;  // a handful of rows: no filter needed
    for (const auto& feature : table) {
      if (key == feature->GetFieldAsString("key")) stale.push_back(feature->GetFID());
    }
    table.ResetReading();
    for (const GIntBig fid : stale) {
      if (table.DeleteFeature(fid) != OGRERR_NONE)
        throw_output_error("cannot update metadata '" + key + "': " + take_last_gdal_error(),
                           {.step = current_step(), .dataset = location_});
    }
    if (!value) return;
    FeaturePtr row(OGRFeature::CreateFeature(table.GetLayerDefn()));
    row->SetField("key", key.c_str());
    row->SetField("value", value->c_str());
    if (table.CreateFeature(row.get()) != OGRERR_NONE)
      throw_output_error("cannot write metadata '" + key + "': " + take_last_gdal_error(),
                         {.step = current_step(), .dataset = location_});
  });
}

// SQLite in WAL mode does not wait (busy_timeout) when a transaction that
// has already read tries to become a writer while another process writes: it
// fails at once, and the failure surfaced at the first inserted row. Taking
// the write lock first, before anything is read, waits for the other writer
// as docs/store.md says, and a timeout then names the store, not a row.
void Store::take_write_lock() {
  if (is_postgis() || !dataset_->GetAccess() || !dataset_->GetLayerByName(store_metadata_table))
    return;  // read-only, or a store being created
  run_sql_or_throw(*this,
                   std::string("UPDATE ") + store_metadata_table + " SET value = value WHERE 0");
}

void Store::transaction(const std::function<void()>& work) {
  const ErrorContext where{.step = current_step(), .dataset = location_};
  (void)take_last_gdal_error();
  if (dataset_->StartTransaction(FALSE) != OGRERR_NONE) {
    throw_output_error("cannot start a transaction: " + take_last_gdal_error(), where);
  }
  try {
    take_write_lock();
    work();
  } catch (...) {
    if (dataset_->RollbackTransaction() != OGRERR_NONE) {
      log_error("store " + location_ + ": rollback failed: " + take_last_gdal_error());
    }
    throw;
  }
  if (dataset_->CommitTransaction() != OGRERR_NONE) {
    const std::string reason = take_last_gdal_error();
    // PostgreSQL has already aborted the transaction; SQLite may still hold it.
    (void)dataset_->RollbackTransaction();
    throw_output_error("cannot commit: " + reason, where);
  }
}

Store Store::open(const std::string& location, bool update) {
  StepScope step("open store");
  const ErrorContext where{.step = current_step(), .dataset = location};
  const unsigned flags = GDAL_OF_VECTOR | (update ? GDAL_OF_UPDATE : 0u);
  DatasetPtr dataset = open_dataset(location, flags);
  const std::string driver = dataset->GetDriver() ? dataset->GetDriver()->GetDescription() : "";
  if (driver != "GPKG" && driver != "PostgreSQL") {
    throw_input_error(
        "not an envgrid store: a store is a GeoPackage or a PostGIS database, not " + driver,
        where);
  }
  if (update && driver == "GPKG" && dataset->GetLayerByName(store_metadata_table) &&
      detail::drop_feature_count_table(*dataset, location)) {
    dataset = open_dataset(location, flags);
  }
  Store store(location, std::move(dataset), Crs::cgcs2000());
  if (!store.dataset_->GetLayerByName(store_metadata_table)) {
    throw_input_error(std::string("not an envgrid store: no ") + store_metadata_table +
                          " table (create one with `envgrid init`)",
                      where);
  }
  const auto version = store.metadata("schema_version");
  // Version 2 lacks only the task layers of 3: a write upgrades it (below);
  // a read cannot, and names the verb that does.
  const bool upgradable = version == "2";
  if (version != std::to_string(store_schema_version) && !(upgradable && update)) {
    throw_input_error(
        "store schema version " + version.value_or("(none)") +
            " is not the version this envgrid uses (" + std::to_string(store_schema_version) + ")" +
            (upgradable ? "; upgrade it with `envgrid init --upgrade " + location + "`"
                        : std::string()),
        where);
  }
  const auto crs = store.metadata("crs");
  if (!crs) throw_input_error("the store metadata names no crs", where);
  try {
    store.crs_ = Crs::parse(*crs);
  } catch (const Error& error) {
    // A damaged store, not a mistake on the command line.
    throw_input_error(
        "the store's crs '" + *crs + "' is not a coordinate system: " + error.reason(), where);
  }
  detail::apply_open_pragmas(store);
  if (upgradable && update) detail::upgrade_from_version_2(store);
  return store;
}

std::string utc_now_iso8601() {
  const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm utc{};
  gmtime_r(&now, &utc);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return buffer;
}

}  // namespace envgrid::gis
