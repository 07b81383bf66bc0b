#pragma once
// The project store: one GeoPackage file (SQLite, WAL) by default, or a
// PostGIS database when the location is a "PG:" connection string. Both
// have the same layers and fields (docs/store.md); the code path is GDAL/OGR
// in both cases. Layer names are a contract: cells, enterprises, outfalls,
// reaches, sections, readings, photos, flags, reviews, traces, suspects,
// patrols, plus the envgrid_metadata table (schema_version, crs).

#include <functional>
#include <string>
#include <vector>

#include "envgrid/gis/crs.hpp"
#include "envgrid/gis/gdal_handles.hpp"
#include "envgrid/gis/vector_io.hpp"

namespace envgrid::gis {

// One field of a store layer (docs/store.md documents each with its unit).
struct StoreField {
  std::string name;
  FieldType type = FieldType::text;
};

struct StoreLayerSchema {
  std::string name;
  OGRwkbGeometryType geometry_type = wkbNone;  // wkbNone: a plain table
  std::string id_field;                        // the layer's natural key
  std::vector<StoreField> fields;
};

// Every store layer, in creation order.
[[nodiscard]] const std::vector<StoreLayerSchema>& store_schema();
[[nodiscard]] const StoreLayerSchema& store_layer_schema(const std::string& layer);

class Store {
 public:
  // Creates a new store (GeoPackage file must not exist; a PostGIS database
  // must exist and have no envgrid layers). DEFAULT crs: CGCS2000 (EPSG:4490).
  [[nodiscard]] static Store create(const std::string& location, const Crs& crs = Crs::cgcs2000());
  // Opens an existing store; checks the schema version.
  [[nodiscard]] static Store open(const std::string& location, bool update);

  [[nodiscard]] const std::string& location() const noexcept { return location_; }
  [[nodiscard]] bool is_postgis() const noexcept;
  [[nodiscard]] const Crs& crs() const noexcept { return crs_; }
  [[nodiscard]] GDALDataset& dataset() noexcept { return *dataset_; }
  // Throws Error(input) naming the store when the layer is missing.
  [[nodiscard]] OGRLayer& layer(const std::string& name);

  // Runs work inside one database transaction: committed when work returns,
  // rolled back when it throws (the exception propagates). A kill midway
  // leaves the store as it was before.
  void transaction(const std::function<void()>& work);

 private:
  Store(std::string location, DatasetPtr dataset, Crs crs);
  std::string location_;
  DatasetPtr dataset_;
  Crs crs_;
};

}  // namespace envgrid::gis
