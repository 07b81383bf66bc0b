#pragma once
// `grid assign PROJECT`: the store's enterprises, outfalls (points) and flags
// (polygons: the cell they overlap most) assigned to the store's cells, with
// each feature's cell_id updated in place in one transaction.

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "envgrid/gis/log.hpp"
#include "envgrid/grid/assign.hpp"
#include "envgrid/grid/assign_io.hpp"

namespace envgrid::grid {

// The store's `cells` layer (id field cell_id), indexed; may hold no cell.
[[nodiscard]] LoadedCells load_store_cells(const std::string& project);

// The cell each footprint (a WKB polygon in `crs`, e.g. a new drone flag)
// belongs to by the footprint rule of assign.hpp (largest overlap, ties:
// smallest id), "" for a footprint outside every cell or unusable; nullopt
// when the store has no usable cell.
[[nodiscard]] std::optional<std::vector<std::string>> footprint_cells_in_store(
    const std::string& project, std::span<const std::vector<unsigned char>> footprints,
    const gis::Crs& crs);

// The layers assigned, in order.
[[nodiscard]] const std::vector<std::string>& store_site_layers();

struct LayerAssignment {
  std::string layer;
  LoadedSites sites;
  AssignResult result;
};

struct StoreAssignment {
  LoadedCells cells;
  std::vector<LayerAssignment> layers;  // store_site_layers() order
};

// Reads the cells (id field cell_id) and every site layer, assigns them, and
// writes cell_id (null for outside / invalid sites) into every feature of
// those layers in one transaction. Throws Error(input) when the store has
// no usable cell; nothing is written then. times, when given, gets a lap
// for each phase (cells, each layer read and assigned, the write).
[[nodiscard]] StoreAssignment assign_store(const std::string& project, const AssignOptions& options,
                                           gis::PhaseTimes* times = nullptr);

}  // namespace envgrid::grid
