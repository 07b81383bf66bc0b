#pragma once
// A GeoPackage layer's R-tree written packed after a bulk insert, instead of
// SQLite inserting every feature into it one by one (GDAL 3.6's
// CreateSpatialIndex and the R-tree triggers do that: about 11 us a feature,
// 11 s for 10^6 features, whatever the order). docs/hydro.md ("Writing the
// reaches") gives the figures.
//
// Use, inside one transaction and on an empty layer:
//   GpkgPackedSpatialIndex index(dataset, layer, geometry_column);  // empty R-tree, triggers off
//   ... CreateFeature ...; index.add(fid, envelope) for each non-empty geometry
//   index.finish();  // writes the R-tree, triggers back on
// The result is the R-tree GDAL would have made (same table, triggers and
// gpkg_extensions row), with the same entries, packed by sort-tile-recursive
// instead of grown by R*-tree inserts; SQLite's rtreecheck() accepts it.
// A rollback undoes all of it, like any other write of the transaction.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "envgrid/gis/gdal_handles.hpp"

namespace envgrid::gis::detail {

// SQLite triggers set aside (dropped) and put back (re-created from their
// own SQL) by restore(), inside the caller's transaction: a bulk write then
// runs without a trigger firing per row. condition: a WHERE clause on
// sqlite_master (type = 'trigger' is added). With kind "index", a table's
// indexes instead (condition "tbl_name = 'T' AND sql IS NOT NULL"): rebuilt
// by one sort each after the rows are in, rather than updated row by row.
// Throws Error(output).
class TriggersSetAside {
 public:
  TriggersSetAside(GDALDataset& dataset, const std::string& condition,
                   const std::string& kind = "trigger");
  TriggersSetAside(const TriggersSetAside&) = delete;
  TriggersSetAside& operator=(const TriggersSetAside&) = delete;
  [[nodiscard]] bool empty() const { return triggers_.empty(); }
  void restore();

 private:
  GDALDataset& dataset_;
  std::vector<std::string> triggers_;  // CREATE TRIGGER statements
};

class GpkgPackedSpatialIndex {
 public:
  // Makes the layer's R-tree (GDAL's CreateSpatialIndex on the still empty
  // layer) and sets its triggers aside. Throws Error(output).
  GpkgPackedSpatialIndex(GDALDataset& dataset, std::string layer,
                         const std::string& geometry_column);
  GpkgPackedSpatialIndex(const GpkgPackedSpatialIndex&) = delete;
  GpkgPackedSpatialIndex& operator=(const GpkgPackedSpatialIndex&) = delete;

  // A feature's envelope, in the layer's CRS.
  void add(std::int64_t fid, const OGREnvelope& envelope);
  // Writes the R-tree and restores its triggers. Throws Error(output).
  void finish();

 private:
  struct Entry {
    std::int64_t id;  // fid in a leaf, child node number above
    float min_x, max_x, min_y, max_y;
  };
  void execute(const std::string& sql);
  std::vector<std::vector<Entry>> pack_levels();
  void write_nodes(const std::vector<std::vector<Entry>>& levels);

  GDALDataset& dataset_;
  std::string layer_;
  std::string rtree_;  // rtree_<layer>_<geometry column>
  std::optional<TriggersSetAside> triggers_;
  std::vector<Entry> entries_;
  int node_bytes_ = 0;
  int node_capacity_ = 0;
};

}  // namespace envgrid::gis::detail

// The public names: a library that writes a store layer in bulk (hydro's
// reaches) uses these; VectorWriter uses them for every GeoPackage output.
namespace envgrid::gis {
using detail::GpkgPackedSpatialIndex;
using detail::TriggersSetAside;
}  // namespace envgrid::gis
