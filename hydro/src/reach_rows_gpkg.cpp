// rewrite_gpkg_reaches: the reaches as GeoPackage rows through a prepared
// INSERT (reach_rows_gpkg.hpp).

#include "reach_rows_gpkg.hpp"

#include <sqlite3.h>

#include <bit>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <vector>

#include "envgrid/gis/error.hpp"
#include "envgrid/gis/gpkg_spatial_index.hpp"
#include "envgrid/gis/log.hpp"
#include "envgrid/gis/prepared_insert.hpp"
#include "envgrid/gis/store_tables.hpp"
#include "envgrid/hydro/reach_io.hpp"

namespace envgrid::hydro::detail {

namespace {

using gis::SqlCell;

[[noreturn]] void fail(const std::string& location, const std::string& what) {
  gis::throw_output_error(what + ": " + gis::take_last_gdal_error(),
                          {.step = "hydro write", .dataset = location, .layer = reaches_layer});
}

void execute(GDALDataset& dataset, const std::string& location, const std::string& sql) {
  gis::run_sql_or_throw(dataset, sql,
                        {.step = "hydro write", .dataset = location, .layer = reaches_layer});
}

// The reaches layer's geometry column and srs_id (gpkg_geometry_columns).
std::pair<std::string, int> geometry_column(GDALDataset& dataset, const std::string& location) {
  const std::string sql = std::string(
                              "SELECT column_name, srs_id FROM gpkg_geometry_columns WHERE "
                              "lower(table_name) = '") +
                          reaches_layer + "'";
  OGRLayer* result = dataset.ExecuteSQL(sql.c_str(), nullptr, nullptr);
  if (!result) fail(location, "no reaches layer");
  gis::FeaturePtr row(result->GetNextFeature());
  std::pair<std::string, int> found{row ? row->GetFieldAsString(0) : "",
                                    row ? row->GetFieldAsInteger(1) : 0};
  dataset.ReleaseResultSet(result);
  if (found.first.empty()) fail(location, "the reaches layer has no geometry column");
  return found;
}

template <typename T>
void put(std::vector<unsigned char>& out, T value) {
  const auto at = out.size();
  out.resize(at + sizeof value);
  std::memcpy(out.data() + at, &value, sizeof value);
}

// A GeoPackage geometry blob of a 2D LineString as GDAL 3.6 writes it
// (GPkgGeometryFromOGR): "GP", version 0, flags 0x03 (little endian, an xy
// envelope), srs_id, the envelope (min x, max x, min y, max y), then ISO WKB.
void line_blob(std::span<const double> xs, std::span<const double> ys, int srs_id,
               const OGREnvelope& envelope, std::vector<unsigned char>& blob) {
  static_assert(std::endian::native == std::endian::little);
  blob.clear();
  blob.reserve(8 + 32 + 9 + 16 * xs.size());
  for (unsigned char c : {'G', 'P', '\0', '\3'}) blob.push_back(c);
  put<std::int32_t>(blob, srs_id);
  for (double v : {envelope.MinX, envelope.MaxX, envelope.MinY, envelope.MaxY}) put(blob, v);
  blob.push_back(1);  // little endian
  put<std::uint32_t>(blob, wkbLineString);
  put<std::uint32_t>(blob, static_cast<std::uint32_t>(xs.size()));
  for (std::size_t i = 0; i < xs.size(); ++i) {
    put(blob, xs[i]);
    put(blob, ys[i]);
  }
}

OGREnvelope envelope_of(std::span<const double> xs, std::span<const double> ys) {
  OGREnvelope e;
  e.MinX = e.MinY = std::numeric_limits<double>::infinity();
  e.MaxX = e.MaxY = -std::numeric_limits<double>::infinity();
  for (std::size_t i = 0; i < xs.size(); ++i) {
    e.MinX = std::min(e.MinX, xs[i]);
    e.MaxX = std::max(e.MaxX, xs[i]);
    e.MinY = std::min(e.MinY, ys[i]);
    e.MaxY = std::max(e.MaxY, ys[i]);
  }
  return e;
}

// GDAL keeps the layer's extent in gpkg_contents, grown by every feature it
// writes (never shrunk by a DELETE): the same here.
void grow_contents_extent(GDALDataset& dataset, const std::string& location,
                          const std::optional<OGREnvelope>& written) {
  std::string set = "last_change = strftime('%Y-%m-%dT%H:%M:%fZ','now')";
  if (written) {
    OGREnvelope e = *written;
    // GDAL reads the stored extent as SQLite's text of it (sqlite3_get_table:
    // 15 significant digits), so the same digits are merged here.
    const std::string sql = std::string(
                                "SELECT CAST(min_x AS TEXT), CAST(min_y AS TEXT), CAST(max_x AS "
                                "TEXT), CAST(max_y AS TEXT) FROM gpkg_contents WHERE "
                                "lower(table_name) = '") +
                            reaches_layer + "' AND min_x IS NOT NULL";
    if (OGRLayer* result = dataset.ExecuteSQL(sql.c_str(), nullptr, nullptr)) {
      if (gis::FeaturePtr row(result->GetNextFeature()); row) {
        auto stored = [&](int i) { return std::strtod(row->GetFieldAsString(i), nullptr); };
        OGREnvelope previous;
        previous.MinX = stored(0);
        previous.MinY = stored(1);
        previous.MaxX = stored(2);
        previous.MaxY = stored(3);
        e.Merge(previous);
      }
      dataset.ReleaseResultSet(result);
    }
    // SQLite's own printf, as GDAL's SaveExtent formats them: its digits
    // differ from the C library's in the last places.
    char* values = sqlite3_mprintf(", min_x = %.18g, min_y = %.18g, max_x = %.18g, max_y = %.18g",
                                   e.MinX, e.MinY, e.MaxX, e.MaxY);
    set += values;
    sqlite3_free(values);
  }
  execute(dataset, location,
          "UPDATE gpkg_contents SET " + set + " WHERE lower(table_name) = '" + reaches_layer + "'");
}

// A new GeoPackage keeps GDAL's row count in gpkg_ogr_contents (a store has
// none: gis feature_count_cache.cpp); GDAL writes it when it closes the
// layer it wrote, so the same here.
void set_feature_count(GDALDataset& dataset, const std::string& location, std::size_t rows) {
  OGRLayer* result = dataset.ExecuteSQL(
      "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'gpkg_ogr_contents'", nullptr,
      nullptr);
  if (!result) return;
  const bool found = gis::FeaturePtr(result->GetNextFeature()) != nullptr;
  dataset.ReleaseResultSet(result);
  if (!found) return;
  execute(dataset, location,
          "UPDATE gpkg_ogr_contents SET feature_count = " + std::to_string(rows) +
              " WHERE lower(table_name) = '" + reaches_layer + "'");
}

}  // namespace

void rewrite_gpkg_reaches(GDALDataset& dataset, const std::string& location, const Network& net,
                          const gis::CoordinateTransformer& to_layer) {
  const auto [geometry, srs_id] = geometry_column(dataset, location);
  const std::string index_args = std::string("('") + reaches_layer + "', '" + geometry + "')";
  execute(dataset, location, "SELECT DisableSpatialIndex" + index_args);
  // A store has no feature-count triggers (gis feature_count_cache.cpp): one
  // DELETE empties the table and its indexes at once.
  execute(dataset, location, std::string("DELETE FROM ") + reaches_layer);
  gis::GpkgPackedSpatialIndex spatial_index(dataset, reaches_layer, geometry);
  // A store's reaches have three indexes (reach_id, from_node, to_node):
  // made again after the rows by one sort each, not updated row by row.
  gis::TriggersSetAside indexes(
      dataset, std::string("tbl_name = '") + reaches_layer + "' AND sql IS NOT NULL", "index");
  gis::PreparedInsert insert(
      dataset, location,
      std::string("INSERT INTO ") + reaches_layer + " (\"" + geometry +
          "\", reach_id, from_node, to_node, length_m, flow_distance_m, upstream_length_m, "
          "strahler, levelpath_id, divergence, velocity_m_s, name) "
          "VALUES (?,?,?,?,?,?,?,?,?,?,?,?)");
  const bool identity = to_layer.is_identity();
  std::vector<double> xs, ys;
  std::vector<char> ok;
  std::vector<unsigned char> blob;
  std::optional<OGREnvelope> extent;
  for (const Reach& r : net.reaches) {
    SqlCell geometry_cell;
    OGREnvelope envelope;
    if (!r.line.empty()) {
      xs.resize(r.line.size());
      ys.resize(r.line.size());
      for (std::size_t i = 0; i < r.line.size(); ++i) {
        xs[i] = r.line[i].lon;
        ys[i] = r.line[i].lat;
      }
      if (!identity) {
        ok.assign(xs.size(), 0);
        if (to_layer.transform(xs, ys, ok) != 0) fail(location, "cannot transform reach " + r.id);
      }
      envelope = envelope_of(xs, ys);
      line_blob(xs, ys, srs_id, envelope, blob);
      geometry_cell = std::span<const unsigned char>(blob);
      if (extent)
        extent->Merge(envelope);
      else
        extent = envelope;
    }
    insert.run({geometry_cell, std::string_view(r.id), static_cast<long long>(r.from_node),
                static_cast<long long>(r.to_node), r.length_m, r.flow_distance_m,
                r.upstream_length_m, static_cast<long long>(r.strahler),
                std::string_view(r.levelpath_id), static_cast<long long>(r.divergence),
                r.velocity_m_s ? SqlCell{*r.velocity_m_s} : SqlCell{}, std::string_view(r.name)});
    if (!r.line.empty()) spatial_index.add(insert.last_rowid(), envelope);
  }
  indexes.restore();
  spatial_index.finish();
  grow_contents_extent(dataset, location, extent);
  set_feature_count(dataset, location, net.reaches.size());
}

}  // namespace envgrid::hydro::detail
