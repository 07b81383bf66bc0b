#pragma once
// The edges of `grid assign`: cells and sites read through gis::read_layer
// and converted to the cells' CRS, assignments written through
// gis::VectorWriter. Messages name the file, layer and row. The store
// variant (`envgrid grid assign PROJECT`, assign_store.hpp) reads the
// store's layers with the same functions.

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "envgrid/gis/crs.hpp"
#include "envgrid/gis/vector_io.hpp"
#include "envgrid/grid/assign.hpp"
#include "envgrid/grid/cell_index.hpp"

namespace envgrid::grid {

struct CellSourceOptions {
  std::optional<std::string> id_field;  // DEFAULT: the feature id
  std::optional<gis::Crs> crs;          // overrides each source's declaration
  std::string layer;                    // DEFAULT: each source's first layer
  std::string where;                    // OGR attribute filter; DEFAULT: every row
  std::string crs_option;               // the verb's option giving crs, named in messages
};

struct LoadedCells {
  CellIndex index;
  gis::Crs crs;  // of the first source; the others are converted to it
  std::size_t rows_read = 0;
  std::vector<std::string> messages;  // one per problem: "SOURCE, layer L, row R (id I): what"
};

// One cell layer as read (no conversion); throws Error(input) naming the
// source when it cannot be read or holds points.
[[nodiscard]] gis::FeatureTable read_cell_layer(const std::string& source,
                                                const CellSourceOptions& options,
                                                const std::string& step);

// Reads one or more cell layers (their cells are pooled) and indexes them.
[[nodiscard]] LoadedCells load_cells(std::span<const std::string> sources,
                                     const CellSourceOptions& options);

struct SiteSourceOptions {
  std::optional<std::string> id_field;  // DEFAULT: the feature id
  std::optional<std::string> x_field;   // REQUIRES: with y_field
  std::optional<std::string> y_field;
  std::optional<gis::Crs> crs;  // overrides the source's declaration
  std::string layer;            // DEFAULT: the source's first layer
  std::string crs_option;       // the verb's option giving crs, named in messages
};

// Sites as read (table, for ids, rows and the original geometry) and in the
// cells' CRS (columns, for the assignment).
struct LoadedSites {
  gis::FeatureTable table;
  // The points in the cells' CRS; empty when the table's are in it already.
  std::vector<double> xs, ys;
  std::vector<std::vector<unsigned char>> footprints;
  std::vector<std::string> problems;
  [[nodiscard]] SiteColumns columns() const {
    const bool converted = !xs.empty() || table.xs.empty();
    return {converted ? xs : table.xs, converted ? ys : table.ys, footprints, problems};
  }
};

[[nodiscard]] LoadedSites load_sites(const std::string& source, const SiteSourceOptions& options,
                                     const gis::Crs& cells_crs);

// One row per site, in input order: site_id, cell_id, match, other_cells,
// distance_m, with the site's geometry as read (in the sites' CRS).
void write_assignments(const std::string& path, const std::string& format, const LoadedSites& sites,
                       const AssignResult& result, const CellIndex& cells);

}  // namespace envgrid::grid
