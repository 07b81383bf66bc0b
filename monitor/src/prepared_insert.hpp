#pragma once
// GeoPackage writes of the monitoring layers through one prepared SQLite
// statement on the store's own connection: bound values, no SQL text parsed
// per row and no OGR feature per row (#15 section 6, docs/monitoring.md
// "Benchmark"). The statement runs inside the store's open transaction.

#include <initializer_list>
#include <string>
#include <string_view>
#include <variant>

#include "envgrid/gis/store.hpp"

struct sqlite3;
struct sqlite3_stmt;

namespace envgrid::monitor {

// One value bound to a `?`: NULL, text, a REAL or an INTEGER.
using SqlCell = std::variant<std::monostate, std::string_view, double, long long>;

class PreparedInsert {
 public:
  // Throws Error(output) naming the store when the statement cannot be
  // prepared (a store that is not a GeoPackage has no SQLite connection).
  PreparedInsert(gis::Store& store, const std::string& statement);
  ~PreparedInsert();
  PreparedInsert(const PreparedInsert&) = delete;
  PreparedInsert& operator=(const PreparedInsert&) = delete;

  // Runs the statement with these values; the rows it changed (0 when
  // INSERT OR IGNORE met a stored key).
  int run(std::initializer_list<SqlCell> cells);

 private:
  [[noreturn]] void fail(const std::string& what) const;

  gis::Store& store_;
  sqlite3* db_ = nullptr;
  sqlite3_stmt* statement_ = nullptr;
};

}  // namespace envgrid::monitor
