// VectorWriter: one layer out through GDAL. Single-file outputs are written
// under a temporary name beside the target and renamed when finished, so a
// crash or kill never leaves a half-written file under the real name.

#include <filesystem>
#include <map>

#include "envgrid/gis/atomic_file.hpp"
#include "envgrid/gis/error.hpp"
#include "envgrid/gis/gpkg_spatial_index.hpp"
#include "envgrid/gis/log.hpp"
#include "envgrid/gis/text.hpp"
#include "envgrid/gis/vector_io.hpp"

namespace envgrid::gis {

namespace fs = std::filesystem;

namespace {

bool is_postgis(const std::string& path) { return path.rfind("PG:", 0) == 0; }

OGRFieldType ogr_type(FieldType type) {
  switch (type) {
    case FieldType::integer:
      return OFTInteger64;
    case FieldType::real:
      return OFTReal;
    case FieldType::text:
      return OFTString;
  }
  return OFTString;
}

// GeoPackages are written by SQLite, which reports every failed write, under a
// temporary name beside the target; the other single-file formats go through
// GDAL's VSI streams, which do not check every write, so they are staged in
// memory and written out by the atomic writer (atomic_file.hpp).
bool staged_in_memory(const std::string& driver) {
  return driver == "GeoJSON" || driver == "FlatGeobuf" || driver == "CSV";
}

bool renamed_on_finish(const std::string& driver) {
  return driver == "GPKG" || staged_in_memory(driver);
}

// A failed GeoPackage write can surface far from its cause ("no such table"
// when SQLite could not write the file's header): the folder is probed, and
// the system's reason and the file are added to the message.
[[noreturn]] void throw_with_disk_reason(const Error& error, const std::string& path) {
  const std::string reason = probe_write_failure(path);
  ErrorContext context = error.context();
  if (context.dataset.empty()) context.dataset = path;
  throw Error(error.code(), reason.empty() ? error.reason() : error.reason() + " (" + reason + ")",
              context);
}

}  // namespace

std::string output_driver(const std::string& path, const std::string& format) {
  static const std::map<std::string, std::string> short_names = {
      {"gpkg", "GPKG"},
      {"geopackage", "GPKG"},
      {"geojson", "GeoJSON"},
      {"json", "GeoJSON"},
      {"fgb", "FlatGeobuf"},
      {"flatgeobuf", "FlatGeobuf"},
      {"csv", "CSV"},
      {"shp", "ESRI Shapefile"},
      {"shapefile", "ESRI Shapefile"},
      {"esri shapefile", "ESRI Shapefile"},
      {"pg", "PostgreSQL"},
      {"postgis", "PostgreSQL"},
      {"postgresql", "PostgreSQL"}};
  if (!format.empty()) {
    auto it = short_names.find(ascii_lower(format));
    if (it != short_names.end()) return it->second;
    initialize_gdal();
    if (GetGDALDriverManager()->GetDriverByName(format.c_str())) return format;
    throw_usage_error("unknown output format '" + format + "'");
  }
  if (is_postgis(path)) return "PostgreSQL";
  const std::string extension = ascii_lower(fs::path(path).extension().string());
  if (!extension.empty()) {
    auto it = short_names.find(extension.substr(1));
    if (it != short_names.end()) return it->second;
  }
  throw_usage_error("cannot tell the output format of '" + path +
                    "' from its extension; give -f (gpkg, geojson, fgb, csv, shp, pg)");
}

VectorWriter::VectorWriter(const std::string& path, const std::string& layer_name,
                           OGRwkbGeometryType geometry_type, const Crs& crs,
                           std::vector<OutputField> fields, const std::string& format,
                           WriteMode mode)
    : path_(path), final_path_(path), fields_(std::move(fields)) {
  try {
    create(layer_name, geometry_type, crs, format, mode);
  } catch (const Error& error) {
    in_transaction_ = false;
    dataset_.reset();
    discard_temporary();
    if (error.code() != ExitCode::output || is_postgis(final_path_)) throw;
    throw_with_disk_reason(error, final_path_);
  } catch (...) {
    in_transaction_ = false;
    dataset_.reset();
    discard_temporary();
    throw;
  }
}

void VectorWriter::create(const std::string& layer_name, OGRwkbGeometryType geometry_type,
                          const Crs& crs, const std::string& format, WriteMode mode) {
  const std::string path = final_path_;
  initialize_gdal();
  const std::string driver_name = output_driver(path, format);
  const ErrorContext where{.step = current_step(), .dataset = path, .layer = layer_name};
  GDALDriver* driver = GetGDALDriverManager()->GetDriverByName(driver_name.c_str());
  if (!driver) throw_output_error("GDAL has no " + driver_name + " driver", where);

  if (driver_name == "PostgreSQL") {
    dataset_ = open_dataset(path, GDAL_OF_VECTOR | GDAL_OF_UPDATE);
  } else if (mode == WriteMode::add_layer && driver_name == "GPKG" && fs::exists(path)) {
    dataset_ = open_dataset(path, GDAL_OF_VECTOR | GDAL_OF_UPDATE);
    for (int i = 0; i < dataset_->GetLayerCount(); ++i) {
      if (layer_name == dataset_->GetLayer(i)->GetName()) dataset_->DeleteLayer(i);
    }
  } else {
    check_folder_writable(path);
    in_memory_ = staged_in_memory(driver_name);
    std::string target = in_memory_                       ? staging_path(path)
                         : renamed_on_finish(driver_name) ? temporary_path_beside(path)
                                                          : path;
    // GDAL's CSV driver makes a folder of CSV files for a name without ".csv"
    // (an output to /dev/stdout given -f csv).
    if (driver_name == "CSV" && in_memory_ &&
        ascii_lower(fs::path(target).extension().string()) != ".csv")
      target += ".csv";
    std::error_code ignored;
    fs::remove(target, ignored);
    if (driver_name == "ESRI Shapefile" && fs::exists(path)) driver->Delete(path.c_str());
    dataset_.reset(driver->Create(target.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    if (!dataset_) throw_output_error("cannot create: " + take_last_gdal_error(), where);
    if (target != path) path_ = target;
  }

  CPLStringList layer_options;
  if (driver_name == "CSV" && geometry_type != wkbNone) {
    layer_options.SetNameValue("GEOMETRY",
                               wkbFlatten(geometry_type) == wkbPoint ? "AS_XY" : "AS_WKT");
  }
  if (driver_name == "PostgreSQL") layer_options.SetNameValue("OVERWRITE", "YES");
  // GDAL would grow the R-tree at the end one feature at a time; it is
  // written packed by finish() instead.
  const bool packed_spatial_index = driver_name == "GPKG" && geometry_type != wkbNone;
  if (packed_spatial_index) layer_options.SetNameValue("SPATIAL_INDEX", "NO");
  SpatialReferencePtr srs = geometry_type == wkbNone ? nullptr : crs.to_ogr();
  layer_ =
      dataset_->CreateLayer(layer_name.c_str(), srs.get(), geometry_type, layer_options.List());
  if (!layer_) throw_output_error("cannot create layer: " + take_last_gdal_error(), where);
  for (const auto& field : fields_) {
    OGRFieldDefn definition(field.name.c_str(), ogr_type(field.type));
    if (layer_->CreateField(&definition) != OGRERR_NONE) {
      throw_output_error("cannot create field " + field.name + ": " + take_last_gdal_error(),
                         where);
    }
  }
  in_transaction_ = dataset_->StartTransaction(FALSE) == OGRERR_NONE;
  if (packed_spatial_index) {
    spatial_index_ = std::make_unique<detail::GpkgPackedSpatialIndex>(*dataset_, layer_name,
                                                                      layer_->GetGeometryColumn());
  }
}

VectorWriter::~VectorWriter() {
  if (!dataset_) return;
  if (in_transaction_) dataset_->RollbackTransaction();
  dataset_.reset();
  discard_temporary();
}

void VectorWriter::discard_temporary() {
  if (path_ == final_path_) return;
  if (in_memory_) {
    discard_staged(path_);
    return;
  }
  std::error_code ignored;
  fs::remove(path_, ignored);
  fs::remove(path_ + "-journal", ignored);
}

void VectorWriter::add(const OGRGeometry* geometry, std::span<const FieldValue> values) {
  FeaturePtr feature(OGRFeature::CreateFeature(layer_->GetLayerDefn()));
  for (std::size_t i = 0; i < values.size() && i < fields_.size(); ++i) {
    const int index = static_cast<int>(i);
    std::visit(
        [&](const auto& value) {
          using T = std::decay_t<decltype(value)>;
          if constexpr (std::is_same_v<T, std::monostate>) {
            feature->SetFieldNull(index);
          } else if constexpr (std::is_same_v<T, std::int64_t>) {
            feature->SetField(index, static_cast<GIntBig>(value));
          } else if constexpr (std::is_same_v<T, double>) {
            feature->SetField(index, value);
          } else {
            feature->SetField(index, value.c_str());
          }
        },
        values[i]);
  }
  if (geometry) feature->SetGeometry(geometry);
  if (layer_->CreateFeature(feature.get()) != OGRERR_NONE) {
    const Error error(
        ExitCode::output,
        "cannot write feature " + std::to_string(written_ + 1) + ": " + take_last_gdal_error(),
        {.step = current_step(), .dataset = final_path_, .layer = layer_->GetName()});
    if (is_postgis(final_path_)) throw error;
    throw_with_disk_reason(error, final_path_);
  }
  if (spatial_index_ && geometry && !geometry->IsEmpty()) {
    OGREnvelope envelope;
    geometry->getEnvelope(&envelope);
    spatial_index_->add(feature->GetFID(), envelope);
  }
  ++written_;
}

void VectorWriter::finish() {
  const ErrorContext where{.step = current_step(), .dataset = final_path_};
  try {
    if (spatial_index_) spatial_index_->finish();
    spatial_index_.reset();
    if (in_transaction_ && dataset_->CommitTransaction() != OGRERR_NONE) {
      throw_output_error("cannot commit: " + take_last_gdal_error(), where);
    }
  } catch (const Error& error) {
    if (is_postgis(final_path_)) throw;
    throw_with_disk_reason(error, final_path_);
  }
  in_transaction_ = false;
  // GDAL 3.6's GDALClose returns nothing: a failed flush shows as the last error.
  CPLErrorReset();
  take_last_gdal_error();
  GDALClose(dataset_.release());
  if (CPLGetLastErrorType() >= CE_Failure) {
    const std::string reason = take_last_gdal_error();
    discard_temporary();
    path_ = final_path_;
    throw_output_error("cannot close: " + reason, where);
  }
  if (path_ != final_path_) {
    const std::string written = path_;
    path_ = final_path_;
    if (in_memory_) {
      publish_staged(written, final_path_);
    } else {
      commit_file(written, final_path_);
    }
  }
}

}  // namespace envgrid::gis
