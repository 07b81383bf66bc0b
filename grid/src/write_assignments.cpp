#include <cmath>

#include "envgrid/grid/assign_io.hpp"

namespace envgrid::grid {

namespace {

gis::GeometryPtr site_geometry(const gis::FeatureTable& table, std::size_t i) {
  if (table.points) {
    if (!std::isfinite(table.xs[i]) || !std::isfinite(table.ys[i])) return nullptr;
    return gis::GeometryPtr(new OGRPoint(table.xs[i], table.ys[i]));
  }
  const auto& wkb = table.geometries[i];
  if (wkb.empty()) return nullptr;
  OGRGeometry* parsed = nullptr;
  OGRGeometryFactory::createFromWkb(wkb.data(), nullptr, &parsed, wkb.size());
  return gis::GeometryPtr(parsed);
}

}  // namespace

void write_assignments(const std::string& path, const std::string& format, const LoadedSites& sites,
                       const AssignResult& result, const CellIndex& cells) {
  const auto& table = sites.table;
  using gis::FieldType;
  gis::VectorWriter writer(path, "assignments", table.points ? wkbPoint : wkbUnknown, table.crs,
                           {{"site_id", FieldType::text},
                            {"cell_id", FieldType::text},
                            {"match", FieldType::text},
                            {"other_cells", FieldType::text},
                            {"distance_m", FieldType::real}},
                           format);
  std::vector<gis::FieldValue> values(5);
  for (std::size_t i = 0; i < table.size(); ++i) {
    const SiteAssignment& site = result.sites[i];
    values[0] = table.ids[i];
    values[1] = site.cell >= 0 ? gis::FieldValue(cells.id(static_cast<std::uint32_t>(site.cell)))
                               : gis::FieldValue();
    values[2] = std::string(match_name(site.match));
    values[3] =
        site.others_count ? gis::FieldValue(result.other_cell_ids(cells, i)) : gis::FieldValue();
    // Rounded to the millimetre: finer digits are noise of the distance model.
    values[4] = std::isfinite(site.distance_m)
                    ? gis::FieldValue(std::round(site.distance_m * 1000) / 1000)
                    : gis::FieldValue();
    auto geometry = site_geometry(table, i);
    writer.add(geometry.get(), values);
  }
  writer.finish();
}

}  // namespace envgrid::grid
