#include <algorithm>
#include <string>

#include "envgrid/gis/error.hpp"
#include "envgrid/gis/log.hpp"
#include "envgrid/grid/assign_io.hpp"

namespace envgrid::grid {

namespace {

// Overlaps named one by one in the warnings; the rest are counted, so that a
// badly tiled layer gives a few lines and a pointer, not thousands.
constexpr std::size_t overlaps_named = 3;

// Converts a table's polygons to the target CRS; a failure is a row problem.
void convert_geometries(gis::FeatureTable& table, const gis::Crs& target) {
  if (table.crs.same_as(target)) return;
  gis::CoordinateTransformer transformer(table.crs, target);
  for (std::size_t i = 0; i < table.size(); ++i) {
    auto& wkb = table.geometries[i];
    if (wkb.empty()) continue;
    OGRGeometry* parsed = nullptr;
    OGRGeometryFactory::createFromWkb(wkb.data(), nullptr, &parsed, wkb.size());
    gis::GeometryPtr geometry(parsed);
    if (!geometry || !transformer.transform(*geometry)) {
      table.problems[i] = "cannot convert from " + table.crs.name() + " to " + target.name();
      wkb.clear();
      continue;
    }
    wkb.resize(geometry->WkbSize());
    geometry->exportToWkb(wkbNDR, wkb.data(), wkbVariantIso);
  }
}

}  // namespace

gis::FeatureTable read_cell_layer(const std::string& source, const CellSourceOptions& options,
                                  const std::string& step) {
  gis::ReadOptions read;
  read.id_field = options.id_field;
  read.source_crs = options.crs;
  read.crs_option = options.crs_option;
  read.layer = options.layer;
  read.where = options.where;
  gis::FeatureTable table = gis::read_layer(source, read);
  if (table.points) {
    gis::throw_input_error("cells must be polygons, not points", {.step = step, .dataset = source});
  }
  return table;
}

LoadedCells load_cells(std::span<const std::string> sources, const CellSourceOptions& options) {
  std::vector<gis::FeatureTable> tables;
  std::vector<CellInput> inputs;
  std::vector<std::pair<std::size_t, std::size_t>> origin;  // input -> (table, row index)
  std::vector<std::string> messages;
  for (const auto& source : sources) {
    tables.push_back(read_cell_layer(source, options, "read cells"));
    gis::FeatureTable& table = tables.back();
    convert_geometries(table, tables.front().crs);
    for (std::size_t i = 0; i < table.size(); ++i) {
      if (!table.problems[i].empty()) {
        messages.push_back(table.describe_row(i) + ": " + table.problems[i] + ": skipped");
        continue;
      }
      origin.emplace_back(tables.size() - 1, i);
      inputs.push_back({table.ids[i], table.rows[i], std::move(table.geometries[i]), {}});
    }
  }
  const gis::Crs crs = tables.empty() ? gis::Crs::wgs84() : tables.front().crs;
  CellIndexOptions index_options;
  index_options.units = crs.is_geographic() ? CoordinateUnits::degrees : CoordinateUnits::metres;
  LoadedCells loaded{CellIndex::build(inputs, index_options), crs, 0, std::move(messages)};
  for (const auto& table : tables) loaded.rows_read += table.size();
  auto where = [&](std::size_t input) {
    const auto [t, i] = origin[input];
    return tables[t].describe_row(i);
  };
  for (const auto& problem : loaded.index.problems()) {
    loaded.messages.push_back(where(problem.input) + ": " + problem.message);
  }
  const auto& overlaps = loaded.index.overlaps();
  for (std::size_t k = 0; k < std::min(overlaps.size(), overlaps_named); ++k) {
    loaded.messages.push_back(where(loaded.index.inputs(overlaps[k].first).front()) + " and " +
                              where(loaded.index.inputs(overlaps[k].second).front()) +
                              ": the cells overlap (sites in both come out `ambiguous`)");
  }
  if (overlaps.size() > overlaps_named) {
    loaded.messages.push_back(std::to_string(overlaps.size() - overlaps_named) +
                              " more pairs of cells overlap; `envgrid grid validate` lists "
                              "every overlap with its area");
  }
  return loaded;
}

}  // namespace envgrid::grid
