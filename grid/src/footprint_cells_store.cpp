// footprint_cells_in_store: the store's cells of new footprints (flags
// written straight into a store by the imagery verbs), by the same rule as
// `grid assign PROJECT`.

#include "envgrid/gis/gdal_handles.hpp"
#include "envgrid/grid/assign_store.hpp"

namespace envgrid::grid {

std::optional<std::vector<std::string>> footprint_cells_in_store(
    const std::string& project, std::span<const std::vector<unsigned char>> footprints,
    const gis::Crs& crs) {
  const LoadedCells cells = load_store_cells(project);
  if (cells.index.size() == 0) return std::nullopt;
  const gis::CoordinateTransformer to_cells(crs, cells.crs);
  std::vector<std::vector<unsigned char>> converted(footprints.size());
  std::vector<std::string> problems(footprints.size());
  for (std::size_t i = 0; i < footprints.size(); ++i) {
    OGRGeometry* parsed = nullptr;
    OGRGeometryFactory::createFromWkb(footprints[i].data(), nullptr, &parsed, footprints[i].size());
    gis::GeometryPtr geometry(parsed);
    if (!geometry || !to_cells.transform(*geometry)) {
      problems[i] = "cannot convert the footprint to " + cells.crs.name();
      continue;
    }
    converted[i].resize(geometry->WkbSize());
    geometry->exportToWkb(wkbNDR, converted[i].data(), wkbVariantIso);
  }
  const SiteColumns sites{{}, {}, converted, problems};
  const AssignResult result = assign_to_cells(cells.index, sites);
  std::vector<std::string> ids(footprints.size());
  for (std::size_t i = 0; i < ids.size(); ++i) {
    const std::int32_t cell = result.sites[i].cell;
    if (cell >= 0) ids[i] = cells.index.id(static_cast<std::uint32_t>(cell));
  }
  return ids;
}

}  // namespace envgrid::grid
