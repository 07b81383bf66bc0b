// A prepared SQLite INSERT on a GeoPackage store's connection.

#include "prepared_insert.hpp"

#include <sqlite3.h>

#include "envgrid/gis/error.hpp"
#include "envgrid/gis/log.hpp"
#include "envgrid/gis/store_tables.hpp"

namespace envgrid::monitor {

PreparedInsert::PreparedInsert(gis::Store& store, const std::string& statement) : store_(store) {
  // GDAL's GeoPackage driver hands out its connection: the store's
  // transaction (BEGIN on that connection) covers what runs here.
  db_ = static_cast<sqlite3*>(gis::store_dataset(store).GetInternalHandle("SQLITE_HANDLE"));
  if (!db_) fail("no SQLite connection for " + statement);
  if (sqlite3_prepare_v2(db_, statement.c_str(), -1, &statement_, nullptr) != SQLITE_OK) {
    fail(statement + ": " + sqlite3_errmsg(db_));
  }
}

PreparedInsert::~PreparedInsert() { sqlite3_finalize(statement_); }

void PreparedInsert::fail(const std::string& what) const {
  gis::throw_output_error("cannot store: " + what,
                          {.step = gis::current_step(), .dataset = store_.location()});
}

int PreparedInsert::run(std::initializer_list<SqlCell> cells) {
  int index = 1;
  for (const SqlCell& cell : cells) {
    if (const auto* text = std::get_if<std::string_view>(&cell)) {
      // SQLITE_STATIC: the caller's text outlives the step below.
      sqlite3_bind_text(statement_, index, text->data(), static_cast<int>(text->size()),
                        SQLITE_STATIC);
    } else if (const auto* real = std::get_if<double>(&cell)) {
      sqlite3_bind_double(statement_, index, *real);
    } else if (const auto* integer = std::get_if<long long>(&cell)) {
      sqlite3_bind_int64(statement_, index, *integer);
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

}  // namespace envgrid::monitor
