// read_stored_parts: SQLite blob reads on a GeoPackage, GDAL on PostGIS.

#include "stored_parts_read.hpp"

#include <sqlite3.h>

#include <cstdint>

#include "envgrid/gis/store_tables.hpp"

namespace envgrid::hydro::detail {

namespace {

std::string part_list(const std::vector<std::string>& names) {
  std::string in;
  for (const auto& name : names) in += (in.empty() ? "" : ", ") + gis::sql_quote(name);
  return in;
}

// Each array stays in the row GDAL read it into (no copy of its own).
std::optional<std::vector<ReadPart>> read_with_gdal(gis::Store& store, const std::string& table,
                                                    const std::vector<std::string>& names) {
  const std::string sql =
      "SELECT part, data FROM " + table + " WHERE part IN (" + part_list(names) + ")";
  GDALDataset& dataset = gis::store_dataset(store);
  OGRLayer* result = dataset.ExecuteSQL(sql.c_str(), nullptr, nullptr);
  if (!result) return std::nullopt;
  std::vector<ReadPart> parts;
  for (std::shared_ptr<OGRFeature> row(result->GetNextFeature(), OGRFeature::DestroyFeature); row;
       row.reset(result->GetNextFeature(), OGRFeature::DestroyFeature)) {
    int size = 0;
    const GByte* data = row->GetFieldAsBinary(1, &size);
    parts.push_back({row->GetFieldAsString(0), row, data, static_cast<std::size_t>(size)});
  }
  dataset.ReleaseResultSet(result);
  return parts;
}

// Reads the blob of the row into a buffer of its own, straight from
// SQLite's pages: the statement's own copy of a many-page blob, and GDAL's
// copy of that, are not made (a third of the memory touched at 10^6 reaches).
std::optional<ReadPart> read_blob(sqlite3* db, const std::string& table, sqlite3_int64 rowid,
                                  std::string name) {
  sqlite3_blob* blob = nullptr;
  if (sqlite3_blob_open(db, "main", table.c_str(), "data", rowid, 0, &blob) != SQLITE_OK) {
    sqlite3_blob_close(blob);
    return std::nullopt;
  }
  const int size = sqlite3_blob_bytes(blob);
  // Whole 8-byte words: aligned for every element type of the arrays.
  std::shared_ptr<std::uint64_t[]> buffer(
      new std::uint64_t[(static_cast<std::size_t>(size) + 7) / 8]);
  const bool read = size == 0 || sqlite3_blob_read(blob, buffer.get(), size, 0) == SQLITE_OK;
  sqlite3_blob_close(blob);
  if (!read) return std::nullopt;
  return ReadPart{std::move(name), buffer, buffer.get(), static_cast<std::size_t>(size)};
}

std::optional<std::vector<ReadPart>> read_with_sqlite(sqlite3* db, const std::string& table,
                                                      const std::vector<std::string>& names) {
  const std::string sql = std::string("SELECT ") + gis::store_fid_column + ", part FROM " + table +
                          " WHERE part IN (" + part_list(names) + ")";
  sqlite3_stmt* statement = nullptr;
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &statement, nullptr) != SQLITE_OK) {
    sqlite3_finalize(statement);
    return std::nullopt;
  }
  std::vector<std::pair<sqlite3_int64, std::string>> rows;
  int step = SQLITE_ROW;
  while ((step = sqlite3_step(statement)) == SQLITE_ROW) {
    const auto* part = reinterpret_cast<const char*>(sqlite3_column_text(statement, 1));
    rows.emplace_back(sqlite3_column_int64(statement, 0), part ? part : "");
  }
  sqlite3_finalize(statement);
  if (step != SQLITE_DONE) return std::nullopt;
  std::vector<ReadPart> parts;
  for (auto& [rowid, name] : rows) {
    auto part = read_blob(db, table, rowid, std::move(name));
    if (!part) return std::nullopt;
    parts.push_back(std::move(*part));
  }
  return parts;
}

}  // namespace

std::optional<std::vector<ReadPart>> read_stored_parts(gis::Store& store, const std::string& table,
                                                       const std::vector<std::string>& names) {
  if (!store.is_postgis()) {
    auto* db = static_cast<sqlite3*>(gis::store_dataset(store).GetInternalHandle("SQLITE_HANDLE"));
    // Pages mapped rather than read into SQLite's page cache: the blobs are
    // copied once, from the file's pages (the OS's cache) into their buffers.
    if (db) sqlite3_exec(db, "PRAGMA mmap_size = 4294967296", nullptr, nullptr, nullptr);
    // One snapshot for all of them (a writer may commit between two reads).
    if (db &&
        sqlite3_exec(db, "SAVEPOINT read_stored_parts", nullptr, nullptr, nullptr) == SQLITE_OK) {
      auto parts = read_with_sqlite(db, table, names);
      sqlite3_exec(db, "RELEASE read_stored_parts", nullptr, nullptr, nullptr);
      return parts;
    }
  }
  return read_with_gdal(store, table, names);
}

}  // namespace envgrid::hydro::detail
