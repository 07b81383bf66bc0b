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
// Drops GDAL's gpkg_ogr_contents and its triggers (feature_count_cache.cpp);
// true when there was one, and the dataset must be opened again for GDAL
// to stop using it.
bool drop_feature_count_table(GDALDataset& dataset, const std::string& location);

}  // namespace envgrid::gis::detail
