#pragma once
// The SQLite pragmas of a GeoPackage store, all in store_pragmas.cpp
// (private to gis/src/store).

#include <string>

#include "envgrid/gis/store.hpp"

namespace envgrid::gis::detail {

// A new GeoPackage in WAL mode: readers do not block the writer.
void enable_wal(GDALDataset& dataset, const std::string& location);
// What Store::open sets on a GeoPackage (busy timeout, page cache).
void apply_open_pragmas(Store& store);

}  // namespace envgrid::gis::detail
