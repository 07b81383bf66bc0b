// envgrid import: read a source in one pass, check each row (location, id,
// field values), and write the good rows into a store layer in one
// transaction.

#include "envgrid/gis/store_import.hpp"
#include "envgrid/gis/text.hpp"

#include <cpl_conv.h>

#include <algorithm>
#include <unordered_map>
#include <unordered_set>

#include "envgrid/gis/error.hpp"
#include "envgrid/gis/log.hpp"
#include "envgrid/gis/progress.hpp"
#include "envgrid/gis/store_tables.hpp"
#include "import_bulk_load.hpp"
#include "import_location.hpp"

namespace envgrid::gis {

namespace {

// One store field filled from a source column.
struct FieldMapping {
  const StoreField* field = nullptr;
  int layer_index = -1;  // in the store layer's definition
  const AttributeColumn* column = nullptr;
};

struct ImportPlan {
  std::vector<FieldMapping> fields;
  int id_layer_index = -1;                     // store layer index of the id field, or -1
  const AttributeColumn* id_column = nullptr;  // the source column with the ids
};

// Source fields that carry the location or the id, so they are not "ignored".
std::unordered_set<std::string> location_and_id_fields(const FeatureTable& table,
                                                       const ImportOptions& options) {
  std::unordered_set<std::string> used;
  for (const auto& name : {options.x_field, options.y_field, options.id_field}) {
    if (name) used.insert(ascii_lower(*name));
  }
  // GDAL's CSV driver reads a WKT column as the geometry and keeps it as a field.
  if (!table.points) used.insert("wkt");
  if (!options.x_field) {
    std::vector<std::string> names;
    for (const auto& column : table.attributes) names.push_back(column.name);
    if (auto detected = detect_coordinate_columns(names)) {
      used.insert(ascii_lower(detected->x));
      used.insert(ascii_lower(detected->y));
    }
  }
  return used;
}

ImportPlan plan_fields(const StoreLayerSchema& schema, OGRLayer& layer, const FeatureTable& table,
                       const ImportOptions& options, ImportReport& report) {
  ImportPlan plan;
  std::unordered_set<std::string> matched = location_and_id_fields(table, options);
  for (const auto& field : schema.fields) {
    const int index = layer.GetLayerDefn()->GetFieldIndex(field.name.c_str());
    const AttributeColumn* column = table.column(
        field.name == schema.id_field ? options.id_field.value_or(field.name) : field.name);
    if (!column) continue;
    matched.insert(ascii_lower(column->name));
    if (field.name == schema.id_field) {
      plan.id_layer_index = index;
      plan.id_column = column;
    } else {
      plan.fields.push_back({&field, index, column});
    }
    report.copied_fields.push_back(field.name);
  }
  if (!schema.id_field.empty() && !plan.id_column) {
    throw_usage_error(table.source + " has no field named '" + schema.id_field +
                      "' (the id of layer " + schema.name +
                      "); name the source field that holds it with --id-field");
  }
  for (const auto& column : table.attributes) {
    if (!matched.count(ascii_lower(column.name))) report.ignored_fields.push_back(column.name);
  }
  return plan;
}

void check_geometry_kind(const StoreLayerSchema& schema, const FeatureTable& table) {
  if (schema.geometry_type == wkbNone) return;
  const bool layer_points = schema.geometry_type == wkbPoint;
  // Said once for the file, not as "empty geometry" on every row.
  const bool no_location = !table.points && table.size() > 0 &&
                           std::all_of(table.geometries.begin(), table.geometries.end(),
                                       [](const auto& wkb) { return wkb.empty(); }) &&
                           std::all_of(table.problems.begin(), table.problems.end(),
                                       [](const auto& problem) { return problem.empty(); });
  if (no_location) {
    throw_input_error(
        "no row has a location: no coordinate columns were found (lon/lat, x/y, "
        "longitude/latitude, 经度/纬度) and no geometry; name the columns with "
        "--x-field and --y-field",
        {.step = "import", .dataset = table.source, .layer = table.layer});
  }
  if (table.points && !layer_points) {
    throw_usage_error("layer " + schema.name + " holds " +
                      OGRGeometryTypeToName(schema.geometry_type) + " geometries; " + table.source +
                      " has points");
  }
}

std::unordered_set<std::string> existing_ids(OGRLayer& layer, const std::string& id_field) {
  std::unordered_set<std::string> ids;
  if (id_field.empty()) return ids;
  const int index = layer.GetLayerDefn()->GetFieldIndex(id_field.c_str());
  layer.ResetReading();
  for (const auto& feature : layer) {
    if (feature->IsFieldSetAndNotNull(index)) ids.insert(feature->GetFieldAsString(index));
  }
  layer.ResetReading();
  return ids;
}

void set_field(OGRFeature& feature, int index, const FieldValue& value) {
  if (const auto* i = std::get_if<std::int64_t>(&value)) {
    feature.SetField(index, static_cast<GIntBig>(*i));
  } else if (const auto* d = std::get_if<double>(&value)) {
    feature.SetField(index, *d);
  } else if (const auto* s = std::get_if<std::string>(&value)) {
    feature.SetField(index, s->c_str());
  } else {
    feature.SetFieldNull(index);
  }
}

// Checks and writes the rows; the caller holds the transaction.
class RowLoader {
 public:
  RowLoader(Store& store, const StoreLayerSchema& schema, const FeatureTable& table,
            const ImportPlan& plan, const ImportOptions& options)
      : store_(store),
        schema_(schema),
        table_(table),
        plan_(plan),
        layer_(gis::store_layer(store, schema.name)),
        ids_in_store_(existing_ids(layer_, schema.id_field)),
        bulk_(store, schema.name, schema.geometry_type != wkbNone) {
    if (schema.geometry_type != wkbNone) {
      location_.emplace(table.crs, store.crs(), schema.geometry_type, options.repair);
    }
  }

  // After the last row: the indexes and the R-tree of an empty layer.
  void finish() { bulk_.finish(); }

  void load(std::size_t i, ImportReport& report) {
    std::vector<std::string> reasons;
    FeaturePtr feature(OGRFeature::CreateFeature(layer_.GetLayerDefn()));
    std::string repair_note;
    if (location_) {
      GeometryPtr geometry = build_geometry(i, reasons, repair_note);
      if (geometry) feature->SetGeometryDirectly(geometry.release());
    }
    const std::string id = set_id(i, *feature, reasons);
    for (const auto& mapping : plan_.fields) {
      std::string reason;
      auto value = to_store_value(*mapping.field, mapping.column->values[i], reason);
      if (value)
        set_field(*feature, mapping.layer_index, *value);
      else
        reasons.push_back(reason);
    }
    if (!reasons.empty()) {
      report.rejected.push_back({table_.rows[i], table_.describe_row(i), join(reasons, "; ")});
      return;
    }
    write(i, *feature);
    if (!id.empty()) ids_loaded_.emplace(id, table_.rows[i]);
    ++report.loaded;
    if (!repair_note.empty()) {
      report.repaired.push_back({table_.rows[i], table_.describe_row(i), repair_note});
    }
  }

 private:
  GeometryPtr build_geometry(std::size_t i, std::vector<std::string>& reasons,
                             std::string& repair_note) {
    if (!table_.problems[i].empty()) {
      reasons.push_back(table_.problems[i]);
      return nullptr;
    }
    std::string reason;
    GeometryPtr geometry = table_.points
                               ? location_->point(table_.xs[i], table_.ys[i], reason)
                               : location_->geometry(table_.geometries[i], reason, repair_note);
    if (!geometry) reasons.push_back(reason);
    return geometry;
  }

  // Returns the id ("" for layers without one), adding a reason when it is
  // missing or already taken.
  std::string set_id(std::size_t i, OGRFeature& feature, std::vector<std::string>& reasons) {
    if (plan_.id_layer_index < 0) return {};
    const FieldValue& raw = plan_.id_column->values[i];
    std::string reason;
    const auto value = to_store_value(*schema_.field(schema_.id_field), raw, reason);
    const std::string* id = value ? std::get_if<std::string>(&*value) : nullptr;
    if (!id) {
      reasons.push_back("no " + schema_.id_field + " (the id is empty)");
      return {};
    }
    if (auto loaded = ids_loaded_.find(*id); loaded != ids_loaded_.end()) {
      reasons.push_back("duplicate " + schema_.id_field + " '" + *id + "' (row " +
                        std::to_string(loaded->second) + " has it)");
    } else if (ids_in_store_.count(*id)) {
      reasons.push_back(schema_.id_field + " '" + *id + "' is already in the store");
    }
    feature.SetField(plan_.id_layer_index, id->c_str());
    return *id;
  }

  void write(std::size_t i, OGRFeature& feature) {
    (void)take_last_gdal_error();
    if (layer_.CreateFeature(&feature) != OGRERR_NONE) {
      throw_output_error(
          "cannot write " + table_.describe_row(i) + ": " + take_last_gdal_error(),
          {.step = current_step(), .dataset = store_.location(), .layer = schema_.name});
    }
    bulk_.add(feature);
  }

  Store& store_;
  const StoreLayerSchema& schema_;
  const FeatureTable& table_;
  const ImportPlan& plan_;
  OGRLayer& layer_;
  std::optional<detail::LocationBuilder> location_;
  std::unordered_set<std::string> ids_in_store_;
  std::unordered_map<std::string, std::int64_t> ids_loaded_;  // id -> source row
  detail::ImportBulkLoad bulk_;
};

// PostGIS: COPY instead of one INSERT per row (GDAL uses COPY by default
// only for tables it has just created).
class PostgisCopyScope {
 public:
  explicit PostgisCopyScope(bool postgis) : active_(postgis) {
    if (active_) CPLSetThreadLocalConfigOption("PG_USE_COPY", "YES");
  }
  ~PostgisCopyScope() {
    if (active_) CPLSetThreadLocalConfigOption("PG_USE_COPY", nullptr);
  }
  PostgisCopyScope(const PostgisCopyScope&) = delete;
  PostgisCopyScope& operator=(const PostgisCopyScope&) = delete;

 private:
  bool active_;
};

// Messages name rows by the layer's id ("row 5 (id E5)") even when the
// source's id field was found by name rather than given with --id-field.
void name_rows_by_id(FeatureTable& table, const AttributeColumn& id_column) {
  for (std::size_t i = 0; i < table.size(); ++i) {
    const auto* text = std::get_if<std::string>(&id_column.values[i]);
    const auto* number = std::get_if<std::int64_t>(&id_column.values[i]);
    if (text && !text->empty())
      table.ids[i] = *text;
    else if (number)
      table.ids[i] = std::to_string(*number);
    else
      table.ids[i] = std::to_string(table.rows[i]);  // describe_row then shows no id
  }
}

ReadOptions read_options(const ImportOptions& options, Progress& progress) {
  ReadOptions read;
  read.layer = options.source_layer;
  read.x_field = options.x_field;
  read.y_field = options.y_field;
  read.id_field = options.id_field;
  read.where = options.where;
  read.source_crs = options.source_crs;
  read.crs_option = options.crs_option;
  // Reading is the first half of the progress, writing the second.
  read.on_progress = [&progress](std::uint64_t done, std::uint64_t total) {
    if (total > 0) progress.set(std::min<std::uint64_t>(done, total) * 100 / total);
  };
  return read;
}

}  // namespace

ImportReport import_into_store(Store& store, const std::string& source,
                               const ImportOptions& options) {
  const StoreLayerSchema& schema = store_import_schema(options.layer);
  StepScope step("import");
  Progress progress(200);
  FeatureTable table = read_layer(source, read_options(options, progress));
  progress.set(100);
  check_geometry_kind(schema, table);

  ImportReport report;
  report.rows_read = table.size();
  const ImportPlan plan =
      plan_fields(schema, gis::store_layer(store, schema.name), table, options, report);
  if (plan.id_column) name_rows_by_id(table, *plan.id_column);
  PostgisCopyScope copy(store.is_postgis());
  store.transaction([&] {
    RowLoader loader(store, schema, table, plan, options);
    for (std::size_t i = 0; i < table.size(); ++i) {
      loader.load(i, report);
      progress.set(100 + (i + 1) * 100 / std::max<std::size_t>(table.size(), 1));
    }
    loader.finish();
  });
  progress.done();
  return report;
}

}  // namespace envgrid::gis
