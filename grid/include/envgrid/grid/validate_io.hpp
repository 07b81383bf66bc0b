#pragma once
// The edges of `grid validate`: cell layers (files or the store's `cells`)
// read through gis::read_layer with their hierarchy fields and converted to
// a metric CRS chosen for their extent (gis::choose_metric_crs); the
// problems written through gis::VectorWriter in the cells' CRS.

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "envgrid/gis/crs.hpp"
#include "envgrid/grid/validate_cells.hpp"

namespace envgrid::grid {

struct HierarchySourceOptions {
  std::optional<std::string> id_field;  // DEFAULT: the feature id
  // DEFAULT: none (every cell is a top cell). A dotted name "parent.adcode"
  // that is not a field reads member "adcode" of the JSON object in field
  // "parent" (GeoJSON nested properties, as DataV's boundaries have).
  std::optional<std::string> parent_field;
  std::optional<std::string> level_field;  // DEFAULT: none (levels not checked); dotted as above
  std::optional<gis::Crs> crs;             // overrides each source's declaration
  std::string layer;                       // DEFAULT: each source's first layer
  std::string crs_option;                  // the verb's option giving crs, named in messages
};

struct LoadedHierarchy {
  std::vector<HierarchyCell> cells;  // geometries in metres (metric CRS)
  gis::Crs crs;                      // of the first source: the report's CRS
  gis::MetricCrs metric;             // where the areas are computed
  std::size_t rows_read = 0;
};

// Reads one or more cell layers (pooled, in order). Throws Error(input) for
// an unreadable source, a missing field, or point layers.
[[nodiscard]] LoadedHierarchy load_hierarchy(std::span<const std::string> sources,
                                             const HierarchySourceOptions& options);

// The store's `cells` with cell_id, parent_id and level.
[[nodiscard]] LoadedHierarchy load_store_hierarchy(const std::string& project);

// One MultiPolygon feature per problem (layer "problems"): problem, cell_id,
// other_id, area_m2, detail, in the cells' CRS.
void write_problems(const std::string& path, const std::string& format,
                    const ValidationReport& report, const LoadedHierarchy& cells);

// The problems as a tab-separated table with a header line, for stdout.
[[nodiscard]] std::string problems_table(const ValidationReport& report);

}  // namespace envgrid::grid
