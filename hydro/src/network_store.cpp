// write_network / load_network: the `reaches` layer of a project store
// (gis::Store, rewritten inside Store::transaction) or of a new vector file
// (gis::VectorWriter).

#include <optional>

#include "envgrid/gis/atomic_file.hpp"
#include "envgrid/gis/crs.hpp"
#include "envgrid/gis/error.hpp"
#include "envgrid/gis/gdal_handles.hpp"
#include "envgrid/gis/gpkg_spatial_index.hpp"
#include "envgrid/gis/log.hpp"
#include "envgrid/gis/store.hpp"
#include "envgrid/gis/store_tables.hpp"
#include "envgrid/gis/vector_io.hpp"
#include "envgrid/hydro/reach_io.hpp"
#include "envgrid/hydro/stored_network.hpp"
#include "reach_rows_gpkg.hpp"
#include "step_timer.hpp"
#include "stored_network_tables.hpp"

namespace envgrid::hydro {

namespace {

// The reaches layer's fields, in order (docs/hydro.md).
const std::vector<gis::OutputField>& reach_fields() {
  static const std::vector<gis::OutputField> fields = {{"reach_id", gis::FieldType::text},
                                                       {"from_node", gis::FieldType::integer},
                                                       {"to_node", gis::FieldType::integer},
                                                       {"length_m", gis::FieldType::real},
                                                       {"flow_distance_m", gis::FieldType::real},
                                                       {"upstream_length_m", gis::FieldType::real},
                                                       {"strahler", gis::FieldType::integer},
                                                       {"levelpath_id", gis::FieldType::text},
                                                       {"divergence", gis::FieldType::integer},
                                                       {"velocity_m_s", gis::FieldType::real},
                                                       {"name", gis::FieldType::text}};
  return fields;
}

std::vector<gis::FieldValue> field_values(const Reach& r) {
  return {r.id,
          r.from_node,
          r.to_node,
          r.length_m,
          r.flow_distance_m,
          r.upstream_length_m,
          std::int64_t{r.strahler},
          r.levelpath_id,
          std::int64_t{r.divergence},
          r.velocity_m_s ? gis::FieldValue{*r.velocity_m_s} : gis::FieldValue{},
          r.name};
}

// The line in WGS 84, or nullptr when the reach has none.
gis::GeometryPtr wgs84_line(const Reach& r) {
  if (r.line.empty()) return nullptr;
  auto line = std::make_unique<OGRLineString>();
  for (const auto& p : r.line) line->addPoint(p.lon, p.lat);
  return gis::GeometryPtr(line.release());
}

[[noreturn]] void fail(const std::string& path, const std::string& what) {
  gis::throw_output_error(what + ": " + gis::take_last_gdal_error(),
                          {.step = "hydro write", .dataset = path, .layer = reaches_layer});
}

void set_field(OGRFeature& f, int index, const gis::FieldValue& value) {
  std::visit(
      [&](const auto& v) {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, std::string>)
          f.SetField(index, v.c_str());
        else if constexpr (std::is_same_v<T, std::int64_t>)
          f.SetField(index, static_cast<GIntBig>(v));
        else if constexpr (std::is_same_v<T, double>)
          f.SetField(index, v);
        else
          f.SetFieldNull(index);
      },
      value);
}

// The index of each of reach_fields() in the store's layer.
std::vector<int> field_indexes(OGRFeatureDefn& definition, const std::string& path) {
  std::vector<int> indexes;
  for (const auto& field : reach_fields()) {
    indexes.push_back(definition.GetFieldIndex(field.name.c_str()));
    if (indexes.back() < 0) fail(path, "the store's reaches layer has no field " + field.name);
  }
  return indexes;
}

void execute(gis::Store& store, const std::string& sql) {
  gis::run_sql_or_throw(
      gis::store_dataset(store), sql,
      {.step = "hydro write", .dataset = store.location(), .layer = reaches_layer});
}

// Empties the reaches layer of a GeoPackage store. A store has no
// feature-count triggers (gis feature_count_cache.cpp), so SQLite empties the
// table and its indexes at once instead of updating a count per row.
void empty_gpkg_layer(gis::Store& store) {
  execute(store, std::string("DELETE FROM ") + reaches_layer);
}

// The number of rows of a layer that a WHERE clause selects.
std::int64_t count_rows(gis::Store& store, const std::string& layer, const std::string& where) {
  const std::string sql = "SELECT COUNT(*) FROM " + layer + " WHERE " + where;
  gis::take_last_gdal_error();
  OGRLayer* result = gis::store_dataset(store).ExecuteSQL(sql.c_str(), nullptr, nullptr);
  std::int64_t count = 0;
  if (result) {
    gis::FeaturePtr row(result->GetNextFeature());
    if (row) count = row->GetFieldAsInteger64(0);
    gis::store_dataset(store).ReleaseResultSet(result);
  }
  if (const std::string error = gis::take_last_gdal_error(); !error.empty() || !result) {
    gis::throw_output_error(sql + ": " + error,
                            {.step = "hydro write", .dataset = store.location()});
  }
  return count;
}

// Sections and outfalls snapped to a reach the new network lacks would point
// nowhere: they are marked unsnapped (reach_id and measure empty), and said so.
void unsnap_from_vanished_reaches(gis::Store& store) {
  const std::string vanished = "reach_id IS NOT NULL AND reach_id NOT IN (SELECT reach_id FROM " +
                               std::string(reaches_layer) + " WHERE reach_id IS NOT NULL)";
  std::string unsnapped;
  for (const std::string layer : {"sections", "outfalls"}) {
    const std::int64_t count = count_rows(store, layer, vanished);
    if (count == 0) continue;
    execute(store, "UPDATE " + layer + " SET reach_id = NULL, measure = NULL WHERE " + vanished);
    unsnapped += (unsnapped.empty() ? "" : " and ") + std::to_string(count) + " " + layer;
  }
  if (unsnapped.empty()) return;
  gis::log_warning(unsnapped +
                   " were snapped to reaches the new network does not have: marked "
                   "unsnapped; run `envgrid hydro snap " +
                   store.location() + "` to snap them again");
}

// Replaces the features of a PostGIS store's reaches layer (or, as the
// reference for the fast path, a GeoPackage store's) through OGR features,
// with geometries in the store's CRS. One DELETE empties the layer; on a
// GeoPackage the R-tree is dropped before the bulk insert and written packed
// after it (GpkgPackedSpatialIndex), since its triggers would otherwise
// update it row by row.
void rewrite_store_features(const Network& net, gis::Store& store,
                            const gis::CoordinateTransformer& to_store) {
  const std::string& path = store.location();
  OGRLayer& layer = gis::store_layer(store, reaches_layer);
  const std::string spatial_index_args =
      std::string("('") + reaches_layer + "', '" + gis::store_geometry_column + "')";
  const std::vector<int> indexes = field_indexes(*layer.GetLayerDefn(), path);
  std::optional<gis::GpkgPackedSpatialIndex> spatial_index;
  if (store.is_postgis()) {
    execute(store, std::string("DELETE FROM ") + reaches_layer);
  } else {
    execute(store, "SELECT DisableSpatialIndex" + spatial_index_args);
    empty_gpkg_layer(store);
  }
  if (!store.is_postgis())
    spatial_index.emplace(gis::store_dataset(store), reaches_layer, gis::store_geometry_column);
  // One feature, refilled for each reach.
  gis::FeaturePtr f(OGRFeature::CreateFeature(layer.GetLayerDefn()));
  for (const Reach& r : net.reaches) {
    f->SetFID(OGRNullFID);
    const auto values = field_values(r);
    for (std::size_t k = 0; k < values.size(); ++k) set_field(*f, indexes[k], values[k]);
    gis::GeometryPtr line = wgs84_line(r);
    if (line && !to_store.transform(*line)) fail(path, "cannot transform reach " + r.id);
    f->SetGeometryDirectly(line.release());
    if (layer.CreateFeature(f.get()) != OGRERR_NONE) fail(path, "cannot write reach " + r.id);
    if (spatial_index && f->GetGeometryRef()) {
      OGREnvelope envelope;
      f->GetGeometryRef()->getEnvelope(&envelope);
      spatial_index->add(f->GetFID(), envelope);
    }
  }
  if (spatial_index) spatial_index->finish();
}

// Replaces the reaches of the store in one transaction: on a GeoPackage
// through one prepared INSERT (reach_rows_gpkg.hpp), on PostGIS (or when
// asked for) through OGR features.
void rewrite_store_layer(const Network& net, gis::Store& store, const WriteOptions& options) {
  const gis::CoordinateTransformer to_store(gis::Crs::wgs84(), store.crs());
  detail::StepTimer timer;
  store.transaction([&] {
    detail::drop_edit_triggers(store);
    if (store.is_postgis() || options.through_ogr_features) {
      rewrite_store_features(net, store, to_store);
    } else {
      detail::rewrite_gpkg_reaches(gis::store_dataset(store), store.location(), net, to_store);
    }
    timer.lap("reaches rows");
    unsnap_from_vanished_reaches(store);
    // PostGIS keeps 15 significant digits of GDAL's doubles, so the network
    // load_network rebuilds there is not quite net: that one is stored, below.
    write_stored_network(store.is_postgis() ? nullptr : &net, store);
    timer.lap("stored network");
  });
}

// A new GeoPackage: the empty layer made by GDAL (VectorWriter), then its
// rows as in a store, the whole written beside the path and moved into place.
void write_gpkg_file(const Network& net, const std::string& path) {
  gis::write_beside(path, [&](const std::string& temporary) {
    gis::VectorWriter(temporary, reaches_layer, wkbLineString, gis::Crs::wgs84(), reach_fields(),
                      "GPKG")
        .finish();
    gis::DatasetPtr dataset = gis::open_dataset(temporary, GDAL_OF_VECTOR | GDAL_OF_UPDATE);
    if (dataset->StartTransaction(FALSE) != OGRERR_NONE) fail(path, "cannot start a transaction");
    const gis::CoordinateTransformer identity(gis::Crs::wgs84(), gis::Crs::wgs84());
    detail::rewrite_gpkg_reaches(*dataset, path, net, identity);
    if (dataset->CommitTransaction() != OGRERR_NONE) fail(path, "cannot commit");
  });
}

}  // namespace

void write_network(const Network& net, const std::string& path, const WriteOptions& options) {
  gis::StepScope step("hydro write");
  gis::initialize_gdal();
  if (gis::is_store_location(path)) {
    gis::Store store = gis::Store::open(path, true);
    rewrite_store_layer(net, store, options);
    if (store.is_postgis()) {
      store.close();
      if (const auto edits = prepare_stored_network(path))
        (void)store_network(path, load_network(path), *edits);
    }
    return;
  }
  if (!options.through_ogr_features && gis::output_driver(path, "") == "GPKG") {
    write_gpkg_file(net, path);
    return;
  }
  gis::VectorWriter writer(path, reaches_layer, wkbLineString, gis::Crs::wgs84(), reach_fields());
  for (const Reach& r : net.reaches) {
    const gis::GeometryPtr line = wgs84_line(r);
    writer.add(line.get(), field_values(r));
  }
  writer.finish();
}

Network load_network(const std::string& path) {
  ReachSourceOptions options;
  options.layer = reaches_layer;
  options.id_field = "reach_id";
  options.from_node_field = "from_node";
  options.to_node_field = "to_node";
  options.divergence_field = "divergence";
  options.levelpath_field = "levelpath_id";
  options.velocity_field = "velocity_m_s";
  options.name_field = "name";
  options.length_field = "length_m";
  ReachSource source = read_reaches(path, options);
  BuildOptions build;
  build.topology = Topology::nodes;
  build.gap_search_m = 0;  // reported by build already
  return build_network(std::move(source.records), build);
}

}  // namespace envgrid::hydro
