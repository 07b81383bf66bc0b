#pragma once
// Vector input and output through GDAL/OGR.
//
// Input: any source GDAL reads (GeoPackage, Shapefile, GeoJSON, FlatGeobuf,
// CSV with coordinate columns, PostGIS "PG:" strings) is read in one
// streaming pass into columns (FeatureTable). Coordinate columns of tables
// without geometry are found automatically (lon/lat, x/y,
// longitude/latitude, 经度/纬度, any case) or named by the caller, and parsed
// by envgrid so that every unusable row gets a reason instead of vanishing.
//
// Output: GeoPackage, GeoJSON, FlatGeobuf, CSV, Shapefile and PostGIS,
// chosen by an explicit format or by the file extension.

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "envgrid/gis/crs.hpp"
#include "envgrid/gis/gdal_handles.hpp"

namespace envgrid::gis {

namespace detail {
class GpkgPackedSpatialIndex;
}

enum class FieldType { integer, real, text };

using FieldValue = std::variant<std::monostate, std::int64_t, double, std::string>;

// The value as it would appear in a text file: "" for null, integers without
// a decimal point, reals with up to 17 significant digits.
[[nodiscard]] std::string field_value_text(const FieldValue& value);

struct AttributeColumn {
  std::string name;
  FieldType type = FieldType::text;
  std::vector<FieldValue> values;  // one per row; monostate = null
};

struct ReadOptions {
  std::string layer;                   // DEFAULT: the first layer
  std::optional<std::string> x_field;  // REQUIRES: given together with y_field
  std::optional<std::string> y_field;
  std::optional<std::string> id_field;  // DEFAULT: the feature id (FID)
  std::string where;                    // OGR attribute filter (SQL WHERE)
  std::optional<Crs> source_crs;        // overrides the dataset's declaration
  // The verb's option that gives the CRS (named in messages); "" when it has none.
  std::string crs_option;
  // Called as rows are read, for progress; total is 0 when unknown.
  std::function<void(std::uint64_t done, std::uint64_t total)> on_progress;
  // When set, the only attribute fields read into the table (matched
  // without regard to case; names the layer lacks are skipped). GDAL skips
  // the others too (OGRLayer::SetIgnoredFields).
  std::optional<std::vector<std::string>> fields;
  // Read one OGRFeature a row even where GDAL's column-oriented Arrow stream
  // is fast (GeoPackage), as a check on that path: both give the same table.
  bool feature_by_feature = false;
};

// One layer, as columns. Row i is described by rows[i], ids[i], and either
// xs[i]/ys[i] (points) or geometries[i] (WKB, any type), and attributes[*].values[i].
struct FeatureTable {
  std::string source;
  std::string layer;
  Crs crs = Crs::wgs84();
  bool points = false;                                 // true: xs/ys hold the coordinates
  std::vector<std::int64_t> rows;                      // 1-based row (CSV data line) or the FID
  std::vector<std::string> ids;                        // id field value, or the FID as text
  std::vector<double> xs, ys;                          // points only; NaN when unusable
  std::vector<std::vector<unsigned char>> geometries;  // WKB; empty when none
  std::vector<std::string>
      problems;  // "" or why the row's location is unusable; always "" in a plain table
  std::vector<AttributeColumn> attributes;

  [[nodiscard]] std::size_t size() const { return rows.size(); }
  [[nodiscard]] const AttributeColumn* column(const std::string& name) const;
  // "source, layer L, row R (id I)" for messages.
  [[nodiscard]] std::string describe_row(std::size_t i) const;
};

// Throws Error(input) when the source or layer cannot be opened or a named
// field does not exist. A source that declares no CRS (a plain CSV) is taken
// as WGS 84, with a warning, unless options.source_crs says otherwise.
[[nodiscard]] FeatureTable read_layer(const std::string& source, const ReadOptions& options = {});

// The coordinate columns among field names (lon/lat, x/y, longitude/latitude,
// 经度/纬度, case-insensitive), or nullopt.
struct CoordinateColumns {
  std::string x;
  std::string y;
};
[[nodiscard]] std::optional<CoordinateColumns> detect_coordinate_columns(
    std::span<const std::string> field_names);

// Parses one coordinate cell. nullopt and a reason when empty, not a number or not finite.
[[nodiscard]] std::optional<double> parse_coordinate(std::string_view text, std::string& reason);

// Both cells of a row's point: x and y, or NaN for both and in problem why
// ("lon is empty; lat is 'abc' is not a number"), the columns named as in names.
void parse_coordinate_pair(std::string_view x_text, std::string_view y_text,
                           const CoordinateColumns& names, double& x, double& y,
                           std::string& problem);

// GDAL driver for an output: format may be a driver name or a short name
// (gpkg, geojson, fgb, csv, shp, pg); when empty it comes from the extension
// or the "PG:" prefix. Throws Error(usage) when neither tells.
[[nodiscard]] std::string output_driver(const std::string& path, const std::string& format = "");

struct OutputField {
  std::string name;
  FieldType type = FieldType::text;
};

// Writes one layer, in one transaction where the driver supports it. The
// file is replaced (or the PostGIS table overwritten). Geometries are given
// in the CRS of the layer. For CSV, points are written as X/Y columns and
// other geometries as WKT.
// WriteMode::add_layer adds the layer to an existing GeoPackage (replacing a
// layer of the same name) instead of replacing the file, for files of
// several layers; the added layer is not written under a temporary name.
enum class WriteMode { replace_file, add_layer };

class VectorWriter {
 public:
  VectorWriter(const std::string& path, const std::string& layer, OGRwkbGeometryType geometry_type,
               const Crs& crs, std::vector<OutputField> fields, const std::string& format = "",
               WriteMode mode = WriteMode::replace_file);
  ~VectorWriter();
  VectorWriter(const VectorWriter&) = delete;
  VectorWriter& operator=(const VectorWriter&) = delete;

  // geometry may be null; values in the order of fields.
  void add(const OGRGeometry* geometry, std::span<const FieldValue> values);
  // Commits and closes; without it the destructor rolls back where it can.
  void finish();

 private:
  void create(const std::string& layer, OGRwkbGeometryType geometry_type, const Crs& crs,
              const std::string& format, WriteMode mode);
  void discard_temporary();

  std::string path_;        // being written (a temporary until finish(): atomic_file.hpp)
  std::string final_path_;  // what the caller asked for
  bool in_memory_ = false;  // path_ is staged in /vsimem/
  DatasetPtr dataset_;
  OGRLayer* layer_ = nullptr;
  std::vector<OutputField> fields_;
  bool in_transaction_ = false;
  std::int64_t written_ = 0;
  // GeoPackage layers with a geometry: their R-tree, written packed by
  // finish() (gpkg_spatial_index.hpp).
  std::unique_ptr<detail::GpkgPackedSpatialIndex> spatial_index_;
};

}  // namespace envgrid::gis
