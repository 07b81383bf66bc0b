// A prepared SQLite INSERT on a GeoPackage dataset's connection.

#include "envgrid/gis/prepared_insert.hpp"

#include <gdal_priv.h>
#include <sqlite3.h>

#include "envgrid/gis/error.hpp"
#include "envgrid/gis/log.hpp"
#include "envgrid/gis/store_tables.hpp"

namespace envgrid::gis {

PreparedInsert::PreparedInsert(GDALDataset& dataset, const std::string& location,
                               const std::string& statement)
    : location_(location) {
  // GDAL's GeoPackage driver hands out its connection: the dataset's
  // transaction (BEGIN on that connection) covers what runs here.
  db_ = static_cast<sqlite3*>(dataset.GetInternalHandle("SQLITE_HANDLE"));
  if (!db_) fail("no SQLite connection for " + statement);
  if (sqlite3_prepare_v2(db_, statement.c_str(), -1, &statement_, nullptr) != SQLITE_OK) {
    fail(statement + ": " + sqlite3_errmsg(db_));
  }
}

PreparedInsert::PreparedInsert(Store& store, const std::string& statement)
    : PreparedInsert(store_dataset(store), store.location(), statement) {}

PreparedInsert::~PreparedInsert() { sqlite3_finalize(statement_); }

void PreparedInsert::fail(const std::string& what) const {
  throw_output_error("cannot store: " + what, {.step = current_step(), .dataset = location_});
}

int PreparedInsert::run(std::initializer_list<SqlCell> cells) {
  int index = 1;
  for (const SqlCell& cell : cells) {
    // SQLITE_STATIC: the caller's text and bytes outlive the step below.
    if (const auto* text = std::get_if<std::string_view>(&cell)) {
      sqlite3_bind_text(statement_, index, text->data(), static_cast<int>(text->size()),
                        SQLITE_STATIC);
    } else if (const auto* real = std::get_if<double>(&cell)) {
      sqlite3_bind_double(statement_, index, *real);
    } else if (const auto* integer = std::get_if<long long>(&cell)) {
      sqlite3_bind_int64(statement_, index, *integer);
    } else if (const auto* blob = std::get_if<std::span<const unsigned char>>(&cell)) {
      sqlite3_bind_blob(statement_, index, blob->data(), static_cast<int>(blob->size()),
                        SQLITE_STATIC);
    } else {
      sqlite3_bind_null(statement_, index);
    }
    ++index;
  }
  if (sqlite3_step(statement_) != SQLITE_DONE) {
    const std::string reason = sqlite3_errmsg(db_);
    sqlite3_reset(statement_);
    fail(sqlite3_sql(statement_) + (": " + reason));
  }
  sqlite3_reset(statement_);
  return sqlite3_changes(db_);
}

long long PreparedInsert::last_rowid() const { return sqlite3_last_insert_rowid(db_); }

}  // namespace envgrid::gis
