// read_layer: one streaming pass over an OGR layer into columns.

#include <sys/stat.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <limits>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "envgrid/gis/bounded_input.hpp"
#include "envgrid/gis/csv_check.hpp"
#include "envgrid/gis/error.hpp"
#include "envgrid/gis/log.hpp"
#include "envgrid/gis/vector_io.hpp"
#include "vector_reader_arrow.hpp"
#include "vector_reader_csv.hpp"

namespace envgrid::gis {

namespace {

constexpr double na_n = std::numeric_limits<double>::quiet_NaN();

FeatureTable read_rows(const std::string& source, const ReadOptions& options);

FieldType field_type_of(OGRFieldType type) {
  switch (type) {
    case OFTInteger:
    case OFTInteger64:
      return FieldType::integer;
    case OFTReal:
      return FieldType::real;
    default:
      return FieldType::text;
  }
}

FieldValue field_value(const OGRFeature& feature, int index, FieldType type) {
  if (!feature.IsFieldSetAndNotNull(index)) return std::monostate{};
  switch (type) {
    case FieldType::integer:
      return static_cast<std::int64_t>(feature.GetFieldAsInteger64(index));
    case FieldType::real:
      return feature.GetFieldAsDouble(index);
    case FieldType::text:
      return std::string(feature.GetFieldAsString(index));
  }
  return std::monostate{};
}

OGRLayer& find_layer(GDALDataset& dataset, const std::string& source, const std::string& name) {
  OGRLayer* layer = name.empty() ? dataset.GetLayer(0) : dataset.GetLayerByName(name.c_str());
  if (!layer) {
    std::string available;
    for (auto* l : dataset.GetLayers())
      available += (available.empty() ? "" : ", ") + std::string(l->GetName());
    throw_input_error(
        name.empty() ? "has no layer" : "no layer named '" + name + "' (layers: " + available + ")",
        {.step = current_step(), .dataset = source});
  }
  return *layer;
}

int require_field(OGRFeatureDefn& definition, const std::string& name, const ErrorContext& where) {
  const int index = definition.GetFieldIndex(name.c_str());
  if (index < 0) {
    std::string available;
    for (int i = 0; i < definition.GetFieldCount(); ++i) {
      available += (i ? ", " : "") + std::string(definition.GetFieldDefn(i)->GetNameRef());
    }
    throw_input_error("no field named '" + name + "' (fields: " + available + ")", where);
  }
  return index;
}

// How the location of each row is found.
struct LocationPlan {
  int x_index = -1;  // coordinate columns, when >= 0
  int y_index = -1;
  bool geometry_points = false;  // the layer's geometry is of point type
  bool has_location = true;      // false for a plain table (no geometry, no coordinate columns)
};

LocationPlan plan_location(OGRLayer& layer, const ReadOptions& options, const ErrorContext& where,
                           std::vector<std::string>& field_names) {
  OGRFeatureDefn& definition = *layer.GetLayerDefn();
  LocationPlan plan;
  if (options.x_field || options.y_field) {
    if (!options.x_field || !options.y_field)
      throw_usage_error("--x-field and --y-field go together");
    plan.x_index = require_field(definition, *options.x_field, where);
    plan.y_index = require_field(definition, *options.y_field, where);
    return plan;
  }
  const bool has_geometry = definition.GetGeomFieldCount() > 0;
  if (!has_geometry) {
    if (auto columns = detect_coordinate_columns(field_names)) {
      plan.x_index = definition.GetFieldIndex(columns->x.c_str());
      plan.y_index = definition.GetFieldIndex(columns->y.c_str());
      log_info("reading coordinates from columns '" + columns->x + "' and '" + columns->y + "'");
    } else {
      plan.has_location = false;
    }
    return plan;
  }
  plan.geometry_points = wkbFlatten(layer.GetGeomType()) == wkbPoint;
  return plan;
}

Crs layer_crs(OGRLayer& layer, const ReadOptions& options, const std::string& source) {
  if (options.source_crs) return *options.source_crs;
  if (const OGRSpatialReference* srs = layer.GetSpatialRef()) return Crs::from_ogr(*srs);
  const std::string override_hint =
      options.crs_option.empty() ? "" : ", or give the CRS with " + options.crs_option;
  // A .prj beside the source that GDAL did not apply: GDAL reads one beside a
  // CSV only when it finds the geometry itself, and drops one it cannot parse.
  // A broken declaration is an error, not a missing one.
  if (const auto prj = std::filesystem::path(source).replace_extension(".prj");
      std::filesystem::is_regular_file(prj)) {
    const ErrorContext where{.step = current_step(), .dataset = prj.string()};
    const std::string text = read_bounded_text_file(prj.string(), max_text_file_bytes, where);
    OGRSpatialReference srs;
    if (srs.SetFromUserInput(text.c_str()) == OGRERR_NONE) return Crs::from_ogr(srs);
    throw_input_error("not a coordinate system GDAL can read: fix or remove it" + override_hint,
                      where);
  }
  log_warning(source + ": no coordinate system declared; assuming WGS 84 (EPSG:4326)" +
              (options.crs_option.empty() ? "" : ". Say otherwise with " + options.crs_option) +
              ".");
  return Crs::wgs84();
}

// The names of the coordinate columns, as messages give them.
CoordinateColumns coordinate_names(OGRFeatureDefn& definition, const LocationPlan& plan) {
  return {definition.GetFieldDefn(plan.x_index)->GetNameRef(),
          definition.GetFieldDefn(plan.y_index)->GetNameRef()};
}

void read_coordinates(const OGRFeature& feature, const LocationPlan& plan,
                      const CoordinateColumns& names, FeatureTable& table) {
  double x = na_n, y = na_n;
  std::string problem;
  // Copied: GDAL formats a typed field into a buffer the next call reuses.
  const std::string x_text = feature.GetFieldAsString(plan.x_index);
  const std::string y_text = feature.GetFieldAsString(plan.y_index);
  parse_coordinate_pair(x_text, y_text, names, x, y, problem);
  table.xs.push_back(x);
  table.ys.push_back(y);
  table.problems.push_back(std::move(problem));
}

void read_geometry(const OGRFeature& feature, const LocationPlan& plan, FeatureTable& table) {
  const OGRGeometry* geometry = feature.GetGeometryRef();
  std::string problem;
  if (!geometry || geometry->IsEmpty()) problem = "no geometry";
  if (plan.geometry_points) {
    const auto* point = geometry && !geometry->IsEmpty() ? geometry->toPoint() : nullptr;
    const bool finite = point && std::isfinite(point->getX()) && std::isfinite(point->getY());
    if (point && !finite) problem = "coordinates are not finite";
    table.xs.push_back(finite ? point->getX() : na_n);
    table.ys.push_back(finite ? point->getY() : na_n);
  } else {
    std::vector<unsigned char> wkb;
    if (geometry && !geometry->IsEmpty()) {
      wkb.resize(geometry->WkbSize());
      geometry->exportToWkb(wkbNDR, wkb.data(), wkbVariantIso);
    }
    table.geometries.push_back(std::move(wkb));
  }
  table.problems.push_back(std::move(problem));
}

// The drivers a file with this extension may be read with; empty for any.
// GDAL otherwise picks a driver by content: a ".csv" that starts like OSM XML
// went to the OSM driver, which builds a temporary database for it (found by
// the grid_tables fuzzer).
std::vector<const char*> drivers_for(const std::string& source) {
  static const std::vector<std::pair<std::string, std::vector<const char*>>> by_extension{
      {".csv", {"CSV", nullptr}},
      {".gpkg", {"GPKG", nullptr}},
      {".shp", {"ESRI Shapefile", nullptr}},
      {".fgb", {"FlatGeobuf", nullptr}},
      {".geojson", {"GeoJSON", "GeoJSONSeq", "ESRIJSON", "TopoJSON", nullptr}}};
  for (const auto& [extension, drivers] : by_extension) {
    if (source.size() > extension.size() &&
        EQUAL(source.c_str() + source.size() - extension.size(), extension.c_str())) {
      return drivers;
    }
  }
  return {};
}

DatasetPtr open_source(const std::string& source) {
  const std::vector<const char*> drivers = drivers_for(source);
  if (drivers.empty()) return open_dataset(source, GDAL_OF_VECTOR | GDAL_OF_READONLY);
  initialize_gdal();
  take_last_gdal_error();
  DatasetPtr dataset(GDALDataset::Open(
      source.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY | GDAL_OF_VERBOSE_ERROR, drivers.data()));
  if (!dataset) {
    const std::string reason = take_last_gdal_error();
    throw_input_error(std::string("cannot open as ") + drivers.front() + ": " +
                          (reason.empty() ? "GDAL cannot read it" : reason),
                      {.step = current_step(), .dataset = source});
  }
  return dataset;
}

// GDAL reads a source more than once (to count, to detect columns) and CSV
// sources are checked first: a FIFO or a process substitution (<(...)) would
// be empty the second time.
void require_regular_file(const std::string& source) {
  struct stat status {};
  if (::stat(source.c_str(), &status) == 0 && !S_ISREG(status.st_mode) &&
      !S_ISDIR(status.st_mode)) {
    throw_input_error(
        "the input must be a regular file (a pipe or process substitution can be "
        "read only once): save it to a file first",
        {.step = current_step(), .dataset = source});
  }
}

bool is_csv(const std::string& source) {
  const auto drivers = drivers_for(source);
  return !drivers.empty() && EQUAL(drivers.front(), "CSV");
}

// The rows check_csv_file() found wrong are rejected with its reason.
void reject_csv_rows(const CsvCheck& check, FeatureTable& table) {
  if (check.problems.empty()) return;
  std::map<std::int64_t, const std::string*> by_row;
  for (const auto& problem : check.problems) by_row[problem.row] = &problem.what;
  for (std::size_t i = 0; i < table.size(); ++i) {
    auto it = by_row.find(table.rows[i]);
    if (it == by_row.end()) continue;
    table.problems[i] = *it->second;
    if (table.points) {
      table.xs[i] = table.ys[i] = na_n;
    } else {
      table.geometries[i].clear();
    }
  }
}

bool is_wanted(const ReadOptions& options, const char* field) {
  if (!options.fields) return true;
  return std::any_of(options.fields->begin(), options.fields->end(),
                     [&](const std::string& name) { return EQUAL(name.c_str(), field); });
}

}  // namespace

const AttributeColumn* FeatureTable::column(const std::string& name) const {
  for (const auto& c : attributes) {
    if (EQUAL(c.name.c_str(), name.c_str())) return &c;
  }
  return nullptr;
}

std::string FeatureTable::describe_row(std::size_t i) const {
  std::string out = source;
  if (!layer.empty()) out += ", layer " + layer;
  out += ", row " + std::to_string(rows.at(i));
  if (ids.at(i) != std::to_string(rows.at(i))) out += " (id " + ids.at(i) + ")";
  return out;
}

FeatureTable read_layer(const std::string& source, const ReadOptions& options) {
  StepScope step("read " + source);
  require_regular_file(source);
  const CsvCheck csv = is_csv(source) ? check_csv_file(source) : CsvCheck{};
  FeatureTable table = read_rows(source, options);
  reject_csv_rows(csv, table);
  return table;
}

namespace {

FeatureTable read_rows(const std::string& source, const ReadOptions& options) {
  DatasetPtr dataset = open_source(source);
  OGRLayer& layer = find_layer(*dataset, source, options.layer);
  const ErrorContext where{.step = current_step(), .dataset = source, .layer = layer.GetName()};
  if (!options.where.empty() && layer.SetAttributeFilter(options.where.c_str()) != OGRERR_NONE) {
    throw_usage_error("invalid --where '" + options.where + "': " + take_last_gdal_error());
  }

  FeatureTable table;
  table.source = source;
  table.layer = layer.GetName();
  OGRFeatureDefn& definition = *layer.GetLayerDefn();
  std::vector<std::string> field_names;
  field_names.reserve(static_cast<std::size_t>(definition.GetFieldCount()));
  for (int i = 0; i < definition.GetFieldCount(); ++i)
    field_names.emplace_back(definition.GetFieldDefn(i)->GetNameRef());
  const LocationPlan plan = plan_location(layer, options, where, field_names);
  table.points = plan.x_index >= 0 || plan.geometry_points;
  if (plan.has_location) table.crs = layer_crs(layer, options, source);
  const int id_index = options.id_field ? require_field(definition, *options.id_field, where) : -1;
  // The layer field of each column of the table; the others are not read.
  std::vector<int> column_field;
  CPLStringList ignored;
  for (int i = 0; i < definition.GetFieldCount(); ++i) {
    const OGRFieldDefn* field = definition.GetFieldDefn(i);
    if (is_wanted(options, field->GetNameRef())) {
      column_field.push_back(i);
      table.attributes.push_back({field->GetNameRef(), field_type_of(field->GetType()), {}});
    } else if (i != id_index && i != plan.x_index && i != plan.y_index) {
      ignored.AddString(field->GetNameRef());
    }
  }
  if (!ignored.empty()) layer.SetIgnoredFields(const_cast<const char**>(ignored.List()));

  // Before the count: GDAL's CSV driver counts by reading the whole file.
  if (plan.x_index >= 0 && options.where.empty() && !options.feature_by_feature &&
      detail::read_csv_points(*dataset, layer,
                              {.x_index = plan.x_index,
                               .y_index = plan.y_index,
                               .id_index = id_index,
                               .column_fields = column_field},
                              table)) {
    if (options.on_progress) options.on_progress(table.size(), table.size());
    return table;
  }
  if (plan.x_index >= 0 && is_csv(source)) {
    log(LogLevel::debug,
        "rows read through GDAL's CSV driver, one feature at a time (the direct reader leaves "
        "this file, or this query, to GDAL)");
  }
  const GIntBig count = layer.GetFeatureCount(FALSE);
  const std::uint64_t total = count > 0 ? static_cast<std::uint64_t>(count) : 0;
  if (!options.feature_by_feature && plan.has_location && plan.x_index < 0 &&
      detail::can_read_arrow_columns(layer, column_field, id_index) &&
      detail::read_arrow_columns(layer, id_index, options.on_progress, total, table)) {
    return table;
  }
  const CoordinateColumns names =
      plan.x_index >= 0 ? coordinate_names(definition, plan) : CoordinateColumns{};
  std::uint64_t index = 0;
  for (auto& feature : layer) {
    ++index;
    const GIntBig fid = feature->GetFID();
    table.rows.push_back(fid >= 0 ? fid : static_cast<std::int64_t>(index));
    table.ids.push_back(id_index >= 0 ? feature->GetFieldAsString(id_index)
                                      : std::to_string(table.rows.back()));
    if (!plan.has_location) {
      table.geometries.emplace_back();
      table.problems.emplace_back();
    } else if (plan.x_index >= 0) {
      read_coordinates(*feature, plan, names, table);
    } else {
      read_geometry(*feature, plan, table);
    }
    for (std::size_t c = 0; c < table.attributes.size(); ++c) {
      auto& column = table.attributes[c];
      column.values.push_back(field_value(*feature, column_field[c], column.type));
    }
    if (options.on_progress) options.on_progress(index, total);
  }
  return table;
}

}  // namespace

}  // namespace envgrid::gis
