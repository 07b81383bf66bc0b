#pragma once
// A scalar SQL function `name(key, fallback)` on a GeoPackage store's own
// SQLite connection while the object lives: the text lookup(key) gives, SQL
// NULL, or the fallback argument when the key is unknown. One UPDATE over a
// whole table then takes each row's new value from memory: no statement per
// row, no staging table (grid assign's cell_id, #18 section 1).
// Raw access to the store: only the libraries owning the tables use it
// (docs/store.md, "Owners").

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "envgrid/gis/store.hpp"

struct sqlite3;

namespace envgrid::gis {

struct LookupValue {
  bool known = false;                    // false: the function returns its fallback
  std::optional<std::string_view> text;  // nullopt: SQL NULL; the text outlives the statement
};

class StoreLookupFunction {
 public:
  using Lookup = std::function<LookupValue(std::int64_t)>;
  // Throws Error(output) naming the store when the function cannot be made
  // (a store that is not a GeoPackage has no SQLite connection).
  StoreLookupFunction(Store& store, std::string name, Lookup lookup);
  ~StoreLookupFunction();
  StoreLookupFunction(const StoreLookupFunction&) = delete;
  StoreLookupFunction& operator=(const StoreLookupFunction&) = delete;

  [[nodiscard]] const Lookup& lookup() const { return lookup_; }

 private:
  sqlite3* db_ = nullptr;
  std::string name_;
  Lookup lookup_;
};

}  // namespace envgrid::gis
