#pragma once
// GeoPackage writes through one prepared SQLite statement on the dataset's
// own connection: bound values, no SQL text parsed per row and no OGR
// feature per row (#15 section 6, docs/monitoring.md "Benchmark"; #18
// section 3, docs/hydro.md "Writing the reaches"). The statement runs inside
// the dataset's open transaction.

#include <cstddef>
#include <initializer_list>
#include <span>
#include <string>
#include <string_view>
#include <variant>

#include "envgrid/gis/store.hpp"

struct sqlite3;
struct sqlite3_stmt;

namespace envgrid::gis {

// One value bound to a `?`: NULL, text, a REAL, an INTEGER or a BLOB.
using SqlCell = std::variant<std::monostate, std::string_view, double, long long,
                             std::span<const unsigned char>>;

class PreparedInsert {
 public:
  // Throws Error(output) naming the location when the statement cannot be
  // prepared (a dataset that is not a GeoPackage has no SQLite connection).
  PreparedInsert(GDALDataset& dataset, const std::string& location, const std::string& statement);
  PreparedInsert(Store& store, const std::string& statement);
  ~PreparedInsert();
  PreparedInsert(const PreparedInsert&) = delete;
  PreparedInsert& operator=(const PreparedInsert&) = delete;

  // Runs the statement with these values; the rows it changed (0 when
  // INSERT OR IGNORE met a stored key).
  int run(std::initializer_list<SqlCell> cells);
  // The rowid of the last row inserted on the connection (the GeoPackage fid).
  [[nodiscard]] long long last_rowid() const;

 private:
  [[noreturn]] void fail(const std::string& what) const;

  std::string location_;
  sqlite3* db_ = nullptr;
  sqlite3_stmt* statement_ = nullptr;
};

}  // namespace envgrid::gis
