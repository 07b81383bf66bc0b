#pragma once
// The project store: one GeoPackage file (SQLite, WAL) by default, or a
// PostGIS database when the location is a "PG:" connection string. Both
// have the same layers and fields (docs/store.md); the code path is GDAL/OGR
// in both cases. Layer names are a contract; store_schema() lists them all
// (grid's, hydro's, imagery's, monitor's, the tasks' and the viewer's users
// and sessions, each table with its owner in docs/store.md "Owners"), plus
// the envgrid_metadata table (schema_version, crs, created_at).
//
// Every layer has the feature id column "fid" and, when it has a geometry,
// the geometry column "geom", in the store CRS, on both backends.
//
// This class hands out no GDAL dataset or OGR layer: the libraries that own
// tables reach them through envgrid/gis/store_tables.hpp, everyone else
// through those libraries' typed queries.

#include <array>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "envgrid/gis/crs.hpp"
#include "envgrid/gis/gdal_handles.hpp"
#include "envgrid/gis/vector_io.hpp"

namespace envgrid::gis {

// The version of the layer/field layout written by this envgrid; stored as
// envgrid_metadata.schema_version. Store::open refuses other versions, except
// that opening a version-2 store for writing upgrades it (the layers added in
// 3 are created empty, docs/store.md "Changing the layout").
inline constexpr int store_schema_version = 3;
// How long a GeoPackage store waits for another process's write (docs/store.md).
inline constexpr int store_busy_timeout_ms = 30000;
inline constexpr const char* store_metadata_table = "envgrid_metadata";
inline constexpr const char* store_fid_column = "fid";
inline constexpr const char* store_geometry_column = "geom";

// What a text or integer field accepts beyond its type.
enum class FieldFormat {
  any,
  iso_date,      // YYYY-MM-DD
  iso_datetime,  // YYYY-MM-DD[THH:MM[:SS[.fff]]][Z|+hh:mm|-hh:mm]
  json,          // a JSON object or array (checked for balanced brackets only)
};

// One field of a store layer (docs/store.md documents each with its unit).
struct StoreField {
  std::string name;
  FieldType type = FieldType::text;
  FieldFormat format = FieldFormat::any;
  // When not empty, the only values accepted (as text: "1".."5", "key").
  std::vector<std::string> allowed_values;
};

struct StoreLayerSchema {
  std::string name;
  OGRwkbGeometryType geometry_type = wkbNone;  // wkbNone: a plain table
  std::string id_field;  // the layer's natural key, unique in the layer; "" when none
  std::vector<StoreField> fields;
  // Fields with a (non-unique) index besides id_field, for the joins the tools make.
  std::vector<std::string> indexed_fields;
  // False for the tables envgrid alone writes (users, sessions): `import` refuses them.
  bool importable = true;

  [[nodiscard]] const StoreField* field(const std::string& name) const;
};

// Every store layer, in creation order.
[[nodiscard]] const std::vector<StoreLayerSchema>& store_schema();
// Throws Error(usage) listing the layer names when the name is unknown.
[[nodiscard]] const StoreLayerSchema& store_layer_schema(const std::string& layer);
// The same for `import`: also Error(usage) when the layer is not importable.
[[nodiscard]] const StoreLayerSchema& store_import_schema(const std::string& layer);

// Converts a value to the field's type and checks its format and allowed
// values. Returns the stored value (monostate for null/empty text), or
// nullopt with the reason ("risk_class: 'high' is not one of key, ordinary, special").
[[nodiscard]] std::optional<FieldValue> to_store_value(const StoreField& field,
                                                       const FieldValue& value,
                                                       std::string& reason);

[[nodiscard]] bool is_postgis_location(const std::string& location);
// True when the location is a project store: a PostGIS connection string or
// an existing file, with the envgrid metadata table.
[[nodiscard]] bool is_store_location(const std::string& location);

// Now, as the store writes times: ISO 8601 UTC to the second ("2026-11-28T18:00:00Z").
[[nodiscard]] std::string utc_now_iso8601();

// The rows of the store's cells layer that are supervision cells, as an OGR
// attribute filter. The layer also holds the administrative units above the
// cells (townships, the county: level other than 'cell'); every reader that
// means "the grid's cells" (assign, draw, patrol, workload, a manager's
// cells) keeps only these. Rows without a level count as cells, for stores
// whose cells came without a hierarchy.
inline constexpr const char* supervision_cells_where =
    "(level = 'cell' OR level IS NULL OR level = '')";

// A row of a store layer as GDAL reads it: fields by name, the geometry in
// the store CRS. The typed queries of the table-owning libraries hand rows
// to the viewer and the CLI this way; no layer or dataset leaves them.
using StoreRowVisitor = std::function<void(OGRFeature&)>;
// A box in the store CRS: min x, min y, max x, max y.
using StoreBox = std::array<double, 4>;

class Store;

// The rows of a store layer whose geometry meets the box (all rows without
// one), for map views that show any layer. Throws Error(input) when the
// store has no such layer.
void for_each_row_in(Store& store, const std::string& layer, const std::optional<StoreBox>& box,
                     const StoreRowVisitor& visit);

class Store {
 public:
  // Creates a new store (GeoPackage file must not exist; a PostGIS database
  // must exist, have PostGIS, and have no envgrid layers in the active
  // schema). DEFAULT crs: CGCS2000 (EPSG:4490). REQUIRES: a CRS PROJ knows
  // (GCJ-02/BD-09 data is converted on import instead).
  [[nodiscard]] static Store create(const std::string& location, const Crs& crs = Crs::cgcs2000());
  // Opens an existing store; checks that it is one and its schema version.
  [[nodiscard]] static Store open(const std::string& location, bool update);

  Store(Store&&) noexcept = default;
  Store& operator=(Store&&) noexcept = default;
  ~Store();

  [[nodiscard]] const std::string& location() const noexcept { return location_; }
  [[nodiscard]] bool is_postgis() const noexcept;
  [[nodiscard]] const Crs& crs() const noexcept { return crs_; }
  // Whether the store has this layer (tables newer than the store may be missing).
  [[nodiscard]] bool has_layer(const std::string& name);
  // Creates the store_schema() layer of this name, as init does, when the
  // store predates it. REQUIRES: inside transaction().
  void create_layer_if_missing(const std::string& name);
  // A value of envgrid_metadata, or nullopt.
  [[nodiscard]] std::optional<std::string> metadata(const std::string& key);
  // Sets (nullopt: removes) a value of envgrid_metadata, in its own
  // transaction. REQUIRES: opened for update; not inside transaction().
  void set_metadata(const std::string& key, const std::optional<std::string>& value);

  // Runs work inside one database transaction: committed when work returns,
  // rolled back when it throws (the exception propagates). A kill midway
  // leaves the store as it was before (SQLite/PostgreSQL transaction).
  // Transactions do not nest.
  void transaction(const std::function<void()>& work);

  // Closes the dataset now (the destructor does it otherwise).
  void close();

  // GeoPackage: how long a write waits for another process's lock (open
  // sets store_busy_timeout_ms). PostGIS: nothing to set.
  void set_busy_timeout(int milliseconds);
  // GeoPackage: SQLite's data_version, which changes when another
  // connection commits. PostGIS: nullopt.
  [[nodiscard]] std::optional<std::int64_t> data_version();

 private:
  Store(std::string location, DatasetPtr dataset, Crs crs);
  void take_write_lock();
  // Raw access for the table-owning libraries (envgrid/gis/store_tables.hpp).
  friend GDALDataset& store_dataset(Store& store);
  friend OGRLayer* find_store_layer(Store& store, const std::string& name);
  std::string location_;
  DatasetPtr dataset_;
  Crs crs_;
};

}  // namespace envgrid::gis
