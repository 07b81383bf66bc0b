// load_hierarchy: cell layers with their hierarchy fields, converted to a
// metric CRS for areas.

#include <cpl_json.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "envgrid/gis/error.hpp"
#include "envgrid/gis/log.hpp"
#include "envgrid/gis/vector_io.hpp"
#include "envgrid/grid/assign_io.hpp"
#include "envgrid/grid/validate_io.hpp"

namespace envgrid::grid {

namespace {

std::string json_member_text(const std::string& json, const std::string& member) {
  CPLJSONDocument document;
  if (json.empty() || !document.LoadMemory(json)) return "";
  const CPLJSONObject value = document.GetRoot().GetObj(member);
  if (!value.IsValid()) return "";
  switch (value.GetType()) {
    case CPLJSONObject::Type::String:
      return value.ToString();
    case CPLJSONObject::Type::Integer:
    case CPLJSONObject::Type::Long:
      return std::to_string(value.ToLong());
    case CPLJSONObject::Type::Double:
      return gis::field_value_text(value.ToDouble());
    default:
      return "";
  }
}

// Reads a field as text per row; "a.b" reads member b of JSON field a when
// there is no field named "a.b".
class TextField {
 public:
  TextField(const gis::FeatureTable& table, const std::optional<std::string>& name) {
    if (!name) return;
    column_ = table.column(*name);
    const auto dot = name->find('.');
    if (!column_ && dot != std::string::npos) {
      column_ = table.column(name->substr(0, dot));
      member_ = name->substr(dot + 1);
    }
    if (!column_) {
      gis::throw_input_error(
          "no field '" + *name + "'",
          {.step = "grid validate", .dataset = table.source, .layer = table.layer});
    }
  }
  [[nodiscard]] std::string operator()(std::size_t row) const {
    if (!column_) return "";
    const std::string text = gis::field_value_text(column_->values[row]);
    return member_.empty() ? text : json_member_text(text, member_);
  }

 private:
  const gis::AttributeColumn* column_ = nullptr;
  std::string member_;
};

struct LonLatBox {
  double min_x = std::numeric_limits<double>::infinity(), min_y = min_x;
  double max_x = -min_x, max_y = -min_x;
  void add(double x, double y) {
    min_x = std::min(min_x, x), max_x = std::max(max_x, x);
    min_y = std::min(min_y, y), max_y = std::max(max_y, y);
  }
};

// The table's extent in lon/lat (corners converted for a projected CRS).
void add_extent(const gis::FeatureTable& table, LonLatBox& box) {
  LonLatBox own;
  for (const auto& wkb : table.geometries) {
    OGRGeometry* parsed = nullptr;
    if (wkb.empty() ||
        OGRGeometryFactory::createFromWkb(wkb.data(), nullptr, &parsed, wkb.size()) != OGRERR_NONE)
      continue;
    gis::GeometryPtr geometry(parsed);
    OGREnvelope e;
    geometry->getEnvelope(&e);
    if (!std::isfinite(e.MinX) || !std::isfinite(e.MaxY)) continue;
    own.add(e.MinX, e.MinY);
    own.add(e.MaxX, e.MaxY);
  }
  if (own.min_x > own.max_x) return;
  if (table.crs.is_geographic()) {
    box.add(own.min_x, own.min_y), box.add(own.max_x, own.max_y);
    return;
  }
  gis::CoordinateTransformer to_lonlat(table.crs, gis::Crs::wgs84());
  for (double x : {own.min_x, own.max_x}) {
    for (double y : {own.min_y, own.max_y}) {
      double lon = x, lat = y;
      if (to_lonlat.transform(lon, lat)) box.add(lon, lat);
    }
  }
}

void append_cells(gis::FeatureTable& table, const HierarchySourceOptions& options,
                  const gis::Crs& metric, std::vector<HierarchyCell>& cells) {
  const TextField parent(table, options.parent_field);
  const TextField level(table, options.level_field);
  gis::CoordinateTransformer to_metric(table.crs, metric);
  for (std::size_t i = 0; i < table.size(); ++i) {
    HierarchyCell cell{table.ids[i],          parent(i), level(i), table.rows[i],
                       table.describe_row(i), {},        {},       table.problems[i]};
    auto& wkb = table.geometries[i];
    OGRGeometry* parsed = nullptr;
    if (cell.read_problem.empty() &&
        (wkb.empty() || OGRGeometryFactory::createFromWkb(wkb.data(), nullptr, &parsed,
                                                          wkb.size()) != OGRERR_NONE))
      cell.read_problem = "no readable geometry";
    gis::GeometryPtr geometry(parsed);
    if (geometry && !to_metric.transform(*geometry)) {
      cell.read_problem = "cannot convert from " + table.crs.name() + " to " + metric.name();
    } else if (geometry) {
      cell.wkb.resize(geometry->WkbSize());
      geometry->exportToWkb(wkbNDR, cell.wkb.data(), wkbVariantIso);
    }
    cells.push_back(std::move(cell));
  }
  table = {};  // the geometries are in the cells now
}

}  // namespace

LoadedHierarchy load_hierarchy(std::span<const std::string> sources,
                               const HierarchySourceOptions& options) {
  std::vector<gis::FeatureTable> tables;
  LonLatBox extent;
  for (const auto& source : sources) {
    CellSourceOptions read{options.id_field, options.crs, options.layer};
    read.crs_option = options.crs_option;
    tables.push_back(read_cell_layer(source, read, "grid validate"));
    add_extent(tables.back(), extent);
  }
  if (tables.empty() || extent.min_x > extent.max_x) {
    gis::throw_input_error("no cell with a readable geometry",
                           {.step = "grid validate", .dataset = sources.empty() ? "" : sources[0]});
  }
  LoadedHierarchy loaded{
      {},
      tables.front().crs,
      gis::choose_metric_crs(extent.min_x, extent.min_y, extent.max_x, extent.max_y),
      0};
  for (auto& table : tables) {
    loaded.rows_read += table.size();
    append_cells(table, options, loaded.metric.crs, loaded.cells);
  }
  return loaded;
}

LoadedHierarchy load_store_hierarchy(const std::string& project) {
  HierarchySourceOptions options;
  options.id_field = "cell_id";
  options.parent_field = "parent_id";
  options.level_field = "level";
  options.layer = "cells";
  const std::string sources[] = {project};
  return load_hierarchy(sources, options);
}

}  // namespace envgrid::grid
