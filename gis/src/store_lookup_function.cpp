// A lookup function on a GeoPackage store's SQLite connection.

#include "envgrid/gis/store_lookup_function.hpp"

#include <sqlite3.h>

#include "envgrid/gis/error.hpp"
#include "envgrid/gis/log.hpp"
#include "envgrid/gis/store_tables.hpp"

namespace envgrid::gis {

namespace {

void call_lookup(sqlite3_context* context, int, sqlite3_value** arguments) {
  const auto* function = static_cast<const StoreLookupFunction*>(sqlite3_user_data(context));
  const LookupValue value = function->lookup()(sqlite3_value_int64(arguments[0]));
  if (!value.known) {
    sqlite3_result_value(context, arguments[1]);
  } else if (value.text) {
    // SQLITE_STATIC: the caller's text outlives the statement.
    sqlite3_result_text(context, value.text->data(), static_cast<int>(value.text->size()),
                        SQLITE_STATIC);
  } else {
    sqlite3_result_null(context);
  }
}

}  // namespace

StoreLookupFunction::StoreLookupFunction(Store& store, std::string name, Lookup lookup)
    : name_(std::move(name)), lookup_(std::move(lookup)) {
  db_ = static_cast<sqlite3*>(store_dataset(store).GetInternalHandle("SQLITE_HANDLE"));
  if (!db_ || sqlite3_create_function_v2(db_, name_.c_str(), 2, SQLITE_UTF8, this, call_lookup,
                                         nullptr, nullptr, nullptr) != SQLITE_OK) {
    throw_output_error("cannot make the SQL function " + name_ +
                           (db_ ? ": " + std::string(sqlite3_errmsg(db_)) : ""),
                       {.step = current_step(), .dataset = store.location()});
  }
}

StoreLookupFunction::~StoreLookupFunction() {
  // Gone from the connection, which GDAL keeps using after this object.
  sqlite3_create_function_v2(db_, name_.c_str(), 2, SQLITE_UTF8, nullptr, nullptr, nullptr, nullptr,
                             nullptr);
}

}  // namespace envgrid::gis
