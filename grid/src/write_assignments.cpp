// write_assignments: one row per site through GDAL's VectorWriter, or, for a
// CSV file of points, formatted on every core and written in large blocks
// (the same bytes; tests/grid/grid_assign_cli_test.cpp compares the two).

#include <array>
#include <cmath>
#include <limits>

#include "envgrid/gis/csv_output.hpp"
#include "envgrid/gis/log.hpp"
#include "envgrid/gis/parallel.hpp"
#include "envgrid/grid/assign_io.hpp"

namespace envgrid::grid {

namespace {

const std::vector<std::string> field_names{"site_id", "cell_id", "match", "other_cells",
                                           "distance_m"};
constexpr std::size_t rows_per_block = 1 << 16;

// Rounded to the millimetre: finer digits are noise of the distance model.
double output_distance(double distance_m) {
  return std::isfinite(distance_m) ? std::round(distance_m * 1000) / 1000
                                   : std::numeric_limits<double>::quiet_NaN();
}

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

void write_through_gdal(const std::string& path, const std::string& format,
                        const LoadedSites& sites, const AssignResult& result,
                        const CellIndex& cells) {
  const auto& table = sites.table;
  using gis::FieldType;
  gis::VectorWriter writer(path, "assignments", table.points ? wkbPoint : wkbUnknown, table.crs,
                           {{field_names[0], FieldType::text},
                            {field_names[1], FieldType::text},
                            {field_names[2], FieldType::text},
                            {field_names[3], FieldType::text},
                            {field_names[4], FieldType::real}},
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
    const double distance = output_distance(site.distance_m);
    values[4] = std::isfinite(distance) ? gis::FieldValue(distance) : gis::FieldValue();
    auto geometry = site_geometry(table, i);
    writer.add(geometry.get(), values);
  }
  writer.finish();
}

// The CSV text of every cell id and match name, escaped once rather than per row.
struct CsvTexts {
  std::vector<std::string> cells;
  std::array<std::string, match_kind_count> matches;

  explicit CsvTexts(const CellIndex& index) {
    cells.resize(index.size());
    for (std::uint32_t c = 0; c < index.size(); ++c) gis::csv_field::text(cells[c], index.id(c));
    for (std::size_t m = 0; m < match_kind_count; ++m) {
      gis::csv_field::text(matches[m], match_name(static_cast<Match>(m)));
    }
  }
};

void format_csv_rows(const LoadedSites& sites, const AssignResult& result, const CellIndex& cells,
                     const CsvTexts& texts, std::size_t begin, std::size_t end, std::string& out) {
  namespace field = gis::csv_field;
  const auto& table = sites.table;
  out.clear();
  for (std::size_t i = begin; i < end; ++i) {
    const SiteAssignment& site = result.sites[i];
    field::point(out, table.xs[i], table.ys[i]);
    out += ',';
    field::text(out, table.ids[i]);
    out += ',';
    if (site.cell >= 0) out += texts.cells[static_cast<std::size_t>(site.cell)];
    out += ',';
    out += texts.matches[static_cast<std::size_t>(site.match)];
    out += ',';
    if (site.others_count) field::text(out, result.other_cell_ids(cells, i));
    out += ',';
    field::real(out, output_distance(site.distance_m));
    out += '\n';
  }
}

// False when the output is not a CSV file of points the direct writer can create.
bool write_csv_directly(const std::string& path, const std::string& format,
                        const LoadedSites& sites, const AssignResult& result,
                        const CellIndex& cells) {
  if (!sites.table.points || !gis::writes_csv_directly(path, format)) return false;
  auto file = gis::CsvFile::create(path);
  if (!file) return false;
  file->write_point_header(field_names);
  const CsvTexts texts(cells);
  const std::size_t threads = std::min<std::size_t>(8, gis::hardware_threads());
  std::vector<std::string> buffers(threads);
  const std::size_t rows = sites.table.size();
  for (std::size_t block = 0; block < rows; block += rows_per_block * threads) {
    const std::size_t block_end = std::min(rows, block + rows_per_block * threads);
    const std::size_t share = (block_end - block + threads - 1) / threads;
    gis::run_on_threads(threads, [&](std::size_t t) {
      const std::size_t begin = std::min(block_end, block + t * share);
      const std::size_t end = std::min(block_end, begin + share);
      format_csv_rows(sites, result, cells, texts, begin, end, buffers[t]);
    });
    for (const auto& buffer : buffers) file->write(buffer);
  }
  file->finish();
  return true;
}

}  // namespace

void write_assignments(const std::string& path, const std::string& format, const LoadedSites& sites,
                       const AssignResult& result, const CellIndex& cells) {
  if (write_csv_directly(path, format, sites, result, cells)) return;
  if (gis::output_driver(path, format) == "CSV") {
    gis::log(gis::LogLevel::debug,
             path +
                 ": written through GDAL's CSV driver, one feature at a time (footprints, "
                 "ENVGRID_DIRECT_CSV=NO, OGR_WKT_* options or a /vsi path)");
  }
  write_through_gdal(path, format, sites, result, cells);
}

}  // namespace envgrid::grid
