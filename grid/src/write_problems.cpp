// write_problems and problems_table: the report of `grid validate`.

#include <cmath>
#include <cstdio>

#include "envgrid/gis/error.hpp"
#include "envgrid/gis/vector_io.hpp"
#include "envgrid/grid/validate_io.hpp"

namespace envgrid::grid {

namespace {

// Square metres to the centimetre² is more than any boundary's precision.
double rounded_m2(double area_m2) { return std::round(area_m2 * 100) / 100; }

// The problem's geometry in the cells' CRS as a MultiPolygon, or null.
gis::GeometryPtr report_geometry(const HierarchyProblem& problem,
                                 const gis::CoordinateTransformer& to_cells) {
  if (!problem.geometry) return nullptr;
  const auto wkb = gis::geos_to_wkb(gis::thread_geos_context(), problem.geometry.get());
  OGRGeometry* parsed = nullptr;
  if (wkb.empty() ||
      OGRGeometryFactory::createFromWkb(wkb.data(), nullptr, &parsed, wkb.size()) != OGRERR_NONE)
    return nullptr;
  gis::GeometryPtr geometry(OGRGeometryFactory::forceToMultiPolygon(parsed));
  if (!geometry || !to_cells.transform(*geometry)) return nullptr;
  return geometry;
}

}  // namespace

void write_problems(const std::string& path, const std::string& format,
                    const ValidationReport& report, const LoadedHierarchy& cells) {
  gis::VectorWriter writer(path, "problems", wkbMultiPolygon, cells.crs,
                           {{"problem", gis::FieldType::text},
                            {"cell_id", gis::FieldType::text},
                            {"other_id", gis::FieldType::text},
                            {"area_m2", gis::FieldType::real},
                            {"detail", gis::FieldType::text}},
                           format);
  const gis::CoordinateTransformer to_cells(cells.metric.crs, cells.crs);
  for (const auto& problem : report.problems) {
    const auto geometry = report_geometry(problem, to_cells);
    const gis::FieldValue values[] = {std::string(problem_name(problem.kind)), problem.cell_id,
                                      problem.other_id, rounded_m2(problem.area_m2),
                                      problem.detail};
    writer.add(geometry.get(), values);
  }
  writer.finish();
}

std::string problems_table(const ValidationReport& report) {
  std::string table = "problem\tcell_id\tother_id\tarea_m2\tdetail\n";
  for (const auto& problem : report.problems) {
    char area[32];
    std::snprintf(area, sizeof area, "%.2f", rounded_m2(problem.area_m2));
    table += std::string(problem_name(problem.kind)) + "\t" + problem.cell_id + "\t" +
             problem.other_id + "\t" + area + "\t" + problem.detail + "\n";
  }
  return table;
}

}  // namespace envgrid::grid
