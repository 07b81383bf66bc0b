#pragma once
// An import into a GeoPackage store layer that is empty when it starts: the
// layer's R-tree is written packed after the rows and its indexes are made
// again by one sort each (gpkg_spatial_index.hpp), instead of SQLite
// updating both row by row (the R-tree alone costs about 11 us a row). On
// PostGIS the indexes that back no constraint (the GiST index, the plain
// ones) are dropped before the COPY and made again after it. A layer that
// holds rows keeps its indexes as they are.
//
// Use inside the store's transaction, before the first CreateFeature:
//   ImportBulkLoad bulk(store, layer);  ... bulk.add(feature) after each ...
//   bulk.finish();

#include <optional>
#include <string>
#include <vector>

#include "envgrid/gis/gpkg_spatial_index.hpp"
#include "envgrid/gis/store.hpp"

namespace envgrid::gis::detail {

class ImportBulkLoad {
 public:
  ImportBulkLoad(Store& store, const std::string& layer, bool has_geometry);
  // A feature just written (its fid set by CreateFeature).
  void add(OGRFeature& feature);
  // Restores the indexes and writes the R-tree. Throws Error(output).
  void finish();

 private:
  Store& store_;
  std::vector<std::string> postgis_indexes_;  // CREATE INDEX statements
  std::optional<TriggersSetAside> indexes_;
  std::optional<GpkgPackedSpatialIndex> spatial_index_;
};

}  // namespace envgrid::gis::detail
