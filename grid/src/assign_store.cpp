// assign_store: the store side of `grid assign PROJECT`.

#include "envgrid/grid/assign_store.hpp"

#include <algorithm>
#include <functional>

#include "envgrid/gis/error.hpp"
#include "envgrid/gis/gdal_handles.hpp"
#include "envgrid/gis/progress.hpp"
#include "envgrid/gis/store.hpp"
#include "envgrid/gis/store_tables.hpp"

namespace envgrid::grid {

namespace {

constexpr const char* cell_id_field = "cell_id";

LoadedCells load_usable_store_cells(const std::string& project) {
  auto cells = load_store_cells(project);
  if (cells.index.size() == 0) {
    gis::throw_input_error("the store has no usable cell: import or make cells first",
                           {.step = "grid assign", .dataset = project, .layer = "cells"});
  }
  return cells;
}

// Sets cell_id of every feature of one layer to its assigned cell (null when
// none); on_row is called after each row.
void write_cell_ids(gis::Store& store, const LayerAssignment& assigned, const CellIndex& cells,
                    const std::function<void()>& on_row) {
  OGRLayer& layer = gis::store_layer(store, assigned.layer);
  const gis::ErrorContext where{
      .step = "grid assign", .dataset = store.location(), .layer = assigned.layer};
  const auto& rows = assigned.sites.table.rows;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    gis::FeaturePtr feature(layer.GetFeature(rows[i]));
    if (!feature) {
      gis::throw_output_error(assigned.sites.table.describe_row(i) + ": vanished while assigning",
                              where);
    }
    const int field = feature->GetFieldIndex(cell_id_field);
    const std::int32_t cell = assigned.result.sites[i].cell;
    if (cell >= 0) {
      feature->SetField(field, cells.id(static_cast<std::uint32_t>(cell)).c_str());
    } else {
      feature->SetFieldNull(field);
    }
    if (layer.SetFeature(feature.get()) != OGRERR_NONE) {
      gis::throw_output_error(
          assigned.sites.table.describe_row(i) + ": cannot update cell_id: " + CPLGetLastErrorMsg(),
          where);
    }
    on_row();
  }
}

}  // namespace

LoadedCells load_store_cells(const std::string& project) {
  CellSourceOptions options;
  options.id_field = cell_id_field;
  options.layer = "cells";
  options.where = gis::supervision_cells_where;
  const std::string sources[] = {project};
  return load_cells(sources, options);
}

const std::vector<std::string>& store_site_layers() {
  static const std::vector<std::string> layers = {"enterprises", "outfalls", "flags"};
  return layers;
}

StoreAssignment assign_store(const std::string& project, const AssignOptions& options) {
  // Reading and assigning is the first half of the progress, writing the
  // second (in percent).
  gis::Progress progress(100);
  StoreAssignment out{.cells = load_usable_store_cells(project), .layers = {}};
  for (const auto& layer : store_site_layers()) {
    SiteSourceOptions site_options;
    site_options.layer = layer;
    site_options.id_field = gis::store_layer_schema(layer).id_field;
    LayerAssignment assigned{
        .layer = layer, .sites = load_sites(project, site_options, out.cells.crs), .result = {}};
    assigned.result = assign_to_cells(out.cells.index, assigned.sites.columns(), options);
    out.layers.push_back(std::move(assigned));
    progress.set(50 * out.layers.size() / store_site_layers().size());
  }
  std::uint64_t rows = 0, written = 0;
  for (const auto& assigned : out.layers) rows += assigned.sites.table.size();
  gis::Store store = gis::Store::open(project, true);
  store.transaction([&] {
    for (const auto& assigned : out.layers) {
      write_cell_ids(store, assigned, out.cells.index,
                     [&] { progress.set(50 + 50 * ++written / std::max<std::uint64_t>(rows, 1)); });
    }
  });
  progress.done();
  return out;
}

}  // namespace envgrid::grid
