#pragma once
// Reading the rows of the stored network's reach_network table: through
// SQLite's incremental blob I/O on a GeoPackage (each array copied once,
// from SQLite's pages into a buffer of its own), through GDAL on PostGIS.
// Private to the hydro library.

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "envgrid/gis/store.hpp"

namespace envgrid::hydro::detail {

struct ReadPart {
  std::string name;
  std::shared_ptr<const void> owner;  // keeps data alive
  const void* data = nullptr;         // aligned for any element type
  std::size_t size = 0;
};

// The rows of table whose part is one of names; nullopt when they cannot be
// read (then the stored network is not used).
[[nodiscard]] std::optional<std::vector<ReadPart>> read_stored_parts(
    gis::Store& store, const std::string& table, const std::vector<std::string>& names);

}  // namespace envgrid::hydro::detail
