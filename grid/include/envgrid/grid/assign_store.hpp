#pragma once
// `grid assign PROJECT`: the store's enterprises, outfalls (points) and flags
// (polygons: the cell they overlap most) assigned to the store's cells, with
// each feature's cell_id updated in place in one transaction.

#include <string>
#include <vector>

#include "envgrid/grid/assign.hpp"
#include "envgrid/grid/assign_io.hpp"

namespace envgrid::grid {

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
// no usable cell; nothing is written then.
[[nodiscard]] StoreAssignment assign_store(const std::string& project,
                                           const AssignOptions& options);

}  // namespace envgrid::grid
