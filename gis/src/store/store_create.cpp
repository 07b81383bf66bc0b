// Creating a project store: every layer of store_schema() with the same
// names, types, FID and geometry column on GeoPackage and PostGIS, the
// indexes, and the envgrid_metadata table, in one transaction.

#include <cpl_string.h>

#include <filesystem>

#include "envgrid/gis/error.hpp"
#include "envgrid/gis/log.hpp"
#include "envgrid/gis/store.hpp"
#include "envgrid/gis/store_tables.hpp"
#include "store_pragmas.hpp"
#include "store_sql.hpp"

namespace envgrid::gis {

namespace {

void execute_sql(GDALDataset& dataset, const std::string& location, const std::string& sql) {
  run_sql_or_throw(dataset, sql, {.step = current_step(), .dataset = location});
}

OGRFieldType ogr_type(FieldType type) {
  switch (type) {
    case FieldType::integer:
      return OFTInteger64;  // INTEGER on GPKG, int8 on PostGIS
    case FieldType::real:
      return OFTReal;  // REAL / float8
    case FieldType::text:
      return OFTString;  // TEXT / varchar
  }
  return OFTString;
}

CPLStringList layer_options(bool postgis, bool spatial) {
  CPLStringList options;
  options.SetNameValue("FID", store_fid_column);
  if (spatial) {
    options.SetNameValue("GEOMETRY_NAME", store_geometry_column);
    options.SetNameValue("SPATIAL_INDEX", postgis ? "GIST" : "YES");
  }
  if (postgis) {
    options.SetNameValue("DIM", "2");
    options.SetNameValue("FID64", "YES");  // bigserial, 64-bit like SQLite's rowid
    // PRECISION=NO: plain float8/int8/varchar, no numeric(w,p) or varchar(n).
    options.SetNameValue("PRECISION", "NO");
    options.SetNameValue("LAUNDER", "NO");
  }
  return options;
}

}  // namespace

namespace detail {

OGRLayer& create_layer(GDALDataset& dataset, const std::string& location, const std::string& name,
                       OGRwkbGeometryType geometry_type, OGRSpatialReference* srs,
                       const std::vector<StoreField>& fields, bool postgis) {
  const ErrorContext where{.step = current_step(), .dataset = location, .layer = name};
  CPLStringList options = layer_options(postgis, geometry_type != wkbNone);
  OGRLayer* layer = dataset.CreateLayer(name.c_str(), geometry_type == wkbNone ? nullptr : srs,
                                        geometry_type, options.List());
  if (!layer) throw_output_error("cannot create the layer: " + take_last_gdal_error(), where);
  for (const auto& field : fields) {
    OGRFieldDefn definition(field.name.c_str(), ogr_type(field.type));
    if (layer->CreateField(&definition) != OGRERR_NONE) {
      throw_output_error("cannot create field " + field.name + ": " + take_last_gdal_error(),
                         where);
    }
  }
  // GDAL defers CREATE TABLE until the first write; the indexes need the table now.
  layer->SyncToDisk();
  return *layer;
}

void create_indexes(GDALDataset& dataset, const std::string& location,
                    const StoreLayerSchema& schema) {
  if (!schema.id_field.empty()) {
    execute_sql(dataset, location,
                "CREATE UNIQUE INDEX " + schema.name + "_" + schema.id_field + "_key ON " +
                    schema.name + " (" + schema.id_field + ")");
  }
  for (const auto& field : schema.indexed_fields) {
    execute_sql(dataset, location,
                "CREATE INDEX " + schema.name + "_" + field + "_idx ON " + schema.name + " (" +
                    field + ")");
  }
}

}  // namespace detail

namespace {

using detail::create_indexes;
using detail::create_layer;

void write_metadata(GDALDataset& dataset, const std::string& location, const Crs& crs,
                    bool postgis) {
  OGRLayer& table = create_layer(dataset, location, store_metadata_table, wkbNone, nullptr,
                                 {{"key", FieldType::text}, {"value", FieldType::text}}, postgis);
  execute_sql(dataset, location,
              std::string("CREATE UNIQUE INDEX ") + store_metadata_table + "_key ON " +
                  store_metadata_table + " (key)");
  const std::pair<std::string, std::string> entries[] = {
      {"schema_version", std::to_string(store_schema_version)},
      {"crs", crs.name()},
      {"created_at", utc_now_iso8601()},
  };
  for (const auto& [key, value] : entries) {
    FeaturePtr feature(OGRFeature::CreateFeature(table.GetLayerDefn()));
    feature->SetField("key", key.c_str());
    feature->SetField("value", value.c_str());
    if (table.CreateFeature(feature.get()) != OGRERR_NONE) {
      throw_output_error("cannot write metadata: " + take_last_gdal_error(),
                         {.step = current_step(), .dataset = location});
    }
  }
}

void create_schema_layer(GDALDataset& dataset, const std::string& location,
                         OGRSpatialReference* srs, const StoreLayerSchema& schema, bool postgis) {
  create_layer(dataset, location, schema.name, schema.geometry_type, srs, schema.fields, postgis);
  create_indexes(dataset, location, schema);
}

void create_all_layers(GDALDataset& dataset, const std::string& location, const Crs& crs,
                       bool postgis) {
  const SpatialReferencePtr srs = crs.to_ogr();
  for (const auto& schema : store_schema()) {
    create_schema_layer(dataset, location, srs.get(), schema, postgis);
  }
  write_metadata(dataset, location, crs, postgis);
}

// A new GeoPackage file in WAL mode (readers do not block the writer).
DatasetPtr create_geopackage(const std::string& location) {
  const ErrorContext where{.step = current_step(), .dataset = location};
  if (std::filesystem::exists(location)) {
    throw_output_error("already exists; a new store needs a new file", where);
  }
  GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("GPKG");
  if (!driver) throw_output_error("GDAL has no GPKG driver", where);
  // No gpkg_ogr_contents: see feature_count_cache.cpp.
  const char* options[] = {"ADD_GPKG_OGR_CONTENTS=NO", nullptr};
  DatasetPtr dataset(
      driver->Create(location.c_str(), 0, 0, 0, GDT_Unknown, const_cast<char**>(options)));
  if (!dataset) throw_output_error("cannot create: " + take_last_gdal_error(), where);
  detail::enable_wal(*dataset, location);
  return dataset;
}

DatasetPtr open_empty_postgis(const std::string& location) {
  DatasetPtr dataset = open_dataset(location, GDAL_OF_VECTOR | GDAL_OF_UPDATE);
  std::vector<std::string> names{store_metadata_table};
  for (const auto& schema : store_schema()) names.push_back(schema.name);
  for (const auto& name : names) {
    if (dataset->GetLayerByName(name.c_str())) {
      throw_output_error("already has a layer '" + name +
                             "'; init needs a database (or schema) "
                             "without envgrid layers",
                         {.step = current_step(), .dataset = location});
    }
  }
  return dataset;
}

void remove_geopackage(const std::string& location) {
  std::error_code ignored;
  for (const char* suffix : {"", "-wal", "-shm", "-journal"}) {
    std::filesystem::remove(location + suffix, ignored);
  }
}

}  // namespace

void Store::create_layer_if_missing(const std::string& name) {
  if (has_layer(name)) return;
  const StoreLayerSchema& schema = store_layer_schema(name);
  const SpatialReferencePtr srs = crs_.to_ogr();
  create_schema_layer(store_dataset(*this), location_, srs.get(), schema, is_postgis());
}

Store Store::create(const std::string& location, const Crs& crs) {
  initialize_gdal();
  StepScope step("create store");
  if (crs.kind() != Crs::Kind::proj) {
    throw_usage_error("the store CRS must be one PROJ knows, not " + crs.name() +
                      "; GCJ-02/BD-09 data is converted on import (--s-srs)");
  }
  const bool postgis = is_postgis_location(location);
  DatasetPtr dataset = postgis ? open_empty_postgis(location) : create_geopackage(location);
  try {
    Store store(location, std::move(dataset), crs);
    store.transaction([&] { create_all_layers(store_dataset(store), location, crs, postgis); });
  } catch (...) {
    if (!postgis) remove_geopackage(location);
    throw;
  }
  return open(location, true);
}

}  // namespace envgrid::gis
