// envgrid grid make --boundary SOURCE --cell-size-m 1000 -o OUT: supervision
// cells covering boundary polygons, clipped to them, with position codes;
// docs/cli/grid-make.md.

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>
#include <string>

#include "envgrid/gis/crs.hpp"
#include "envgrid/gis/error.hpp"
#include "envgrid/gis/log.hpp"
#include "envgrid/gis/vector_io.hpp"
#include "envgrid/grid/make_cells.hpp"
#include "registry.hpp"

namespace envgrid::cli {

namespace {

struct MakeArgs {
  std::string boundary;
  std::optional<std::string> boundary_id;
  std::optional<gis::Crs> boundary_crs;
  std::string output;
  std::string format;
  grid::MakeCellsOptions options;
};

MakeArgs validate(const ParsedArgs& args) {
  MakeArgs a;
  a.boundary = args.require("--boundary");
  a.boundary_id = args.get("--boundary-id");
  if (auto crs = args.get("--boundary-srs")) a.boundary_crs = gis::Crs::parse(*crs);
  a.output = args.require("--output");
  a.format = args.get_or("--format", "");
  (void)gis::output_driver(a.output, a.format);
  a.options.cell_size_m = args.get_double("--cell-size-m").value_or(1000);
  if (!(a.options.cell_size_m >= 1)) gis::throw_usage_error("--cell-size-m must be >= 1");
  const std::string shape = args.get_or("--shape", "square");
  if (shape != "square" && shape != "hex") gis::throw_usage_error("--shape is square or hex");
  a.options.shape = shape == "hex" ? grid::CellShape::hex : grid::CellShape::square;
  a.options.code_prefix = args.get_or("--code-prefix", "");
  a.options.min_area_m2 = args.get_double("--min-area-m2").value_or(0);
  if (a.options.min_area_m2 < 0) gis::throw_usage_error("--min-area-m2 must be >= 0");
  return a;
}

gis::GeometryPtr from_wkb(const std::vector<unsigned char>& wkb) {
  OGRGeometry* parsed = nullptr;
  OGRGeometryFactory::createFromWkb(wkb.data(), nullptr, &parsed, wkb.size());
  return gis::GeometryPtr(parsed);
}

std::vector<unsigned char> to_wkb(const OGRGeometry& geometry) {
  std::vector<unsigned char> wkb(geometry.WkbSize());
  geometry.exportToWkb(wkbNDR, wkb.data(), wkbVariantIso);
  return wkb;
}

// The boundary's extent in WGS 84 from its envelope's corners, or nullopt
// when a corner is no longitude/latitude (NaN, infinite or absurd
// coordinates): such a boundary is reported and skipped by boundaries_in,
// and must not decide the CRS of the others.
std::optional<OGREnvelope> lonlat_extent(const OGRGeometry& geometry,
                                         const gis::CoordinateTransformer& to_wgs84) {
  OGREnvelope e;
  geometry.getEnvelope(&e);
  double lon[4] = {e.MinX, e.MaxX, e.MinX, e.MaxX};
  double lat[4] = {e.MinY, e.MinY, e.MaxY, e.MaxY};
  OGREnvelope lonlat;
  for (int k = 0; k < 4; ++k) {
    if (!to_wgs84.transform(lon[k], lat[k]) || !(std::abs(lon[k]) <= 180) ||
        !(std::abs(lat[k]) <= 90)) {
      return std::nullopt;
    }
    lonlat.Merge(lon[k], lat[k]);
  }
  return lonlat;
}

// The metric CRS for the boundaries' extent, found from its corners in WGS 84.
gis::MetricCrs metric_crs_for(const gis::FeatureTable& table) {
  gis::CoordinateTransformer to_wgs84(table.crs, gis::Crs::wgs84());
  OGREnvelope extent;
  for (const auto& wkb : table.geometries) {
    if (auto g = wkb.empty() ? nullptr : from_wkb(wkb)) {
      if (auto e = lonlat_extent(*g, to_wgs84)) extent.Merge(*e);
    }
  }
  if (!extent.IsInit()) {
    gis::throw_input_error("no boundary geometry with coordinates convertible to WGS 84",
                           {.dataset = table.source});
  }
  return gis::choose_metric_crs(extent.MinX, extent.MinY, extent.MaxX, extent.MaxY);
}

std::vector<grid::BoundaryInput> boundaries_in(const gis::FeatureTable& table,
                                               const gis::Crs& metric) {
  gis::CoordinateTransformer transformer(table.crs, metric);
  std::vector<grid::BoundaryInput> out;
  for (std::size_t i = 0; i < table.size(); ++i) {
    auto geometry = table.geometries[i].empty() ? nullptr : from_wkb(table.geometries[i]);
    if (!geometry || !transformer.transform(*geometry)) {
      gis::log_warning(
          table.describe_row(i) + ": " +
          (table.problems[i].empty() ? "cannot convert to " + metric.name() : table.problems[i]) +
          ": skipped");
      continue;
    }
    out.push_back({table.ids[i], table.rows[i], to_wkb(*geometry), {}});
  }
  return out;
}

void write_cells(const MakeArgs& a, const grid::MakeCellsResult& result, const gis::Crs& metric,
                 const gis::Crs& target) {
  using gis::FieldType;
  gis::VectorWriter writer(a.output, "cells", wkbMultiPolygon, target,
                           {{"code", FieldType::text},
                            {"row", FieldType::integer},
                            {"column", FieldType::integer},
                            {"piece", FieldType::integer},
                            {"boundary_id", FieldType::text},
                            {"area_m2", FieldType::real}},
                           a.format);
  gis::CoordinateTransformer back(metric, target);
  std::vector<gis::FieldValue> values(6);
  for (const auto& cell : result.cells) {
    gis::GeometryPtr geometry(
        OGRGeometryFactory::forceToMultiPolygon(from_wkb(cell.wkb).release()));
    if (!back.transform(*geometry)) {
      gis::throw_output_error("cell " + cell.code + " cannot be converted back to " +
                              target.name());
    }
    values = {cell.code,
              std::int64_t{cell.row},
              std::int64_t{cell.column},
              std::int64_t{cell.piece},
              cell.boundary_id,
              std::round(cell.area_m2 * 100) / 100};  // cm2 digits are overlay noise
    writer.add(geometry.get(), values);
  }
  writer.finish();
}

int run_make(const ParsedArgs& args) {
  const MakeArgs a = validate(args);
  gis::StepScope step("grid make");
  gis::ReadOptions read;
  read.id_field = a.boundary_id;
  read.source_crs = a.boundary_crs;
  read.crs_option = "--boundary-srs";
  const gis::FeatureTable table = gis::read_layer(a.boundary, read);
  if (table.points) gis::throw_input_error("boundaries must be polygons", {.dataset = a.boundary});
  const gis::MetricCrs metric = metric_crs_for(table);
  gis::log_info("cells built in " + metric.description);
  const auto result = grid::make_cells(boundaries_in(table, metric.crs), a.options);
  for (const auto& problem : result.problems) gis::log_warning(a.boundary + ": " + problem);
  write_cells(a, result, metric.crs, table.crs);
  gis::log_info(std::to_string(result.cells.size()) + " cells written, " +
                std::to_string(result.slivers_merged) + " slivers under " +
                std::to_string(static_cast<long long>(result.min_area_m2)) + " m2 merged");
  return static_cast<int>(result.problems.empty() ? gis::ExitCode::done
                                                  : gis::ExitCode::data_problems);
}

const CommandRegistrar registrar({
    .path = "grid make",
    .summary = "make square or hexagonal supervision cells clipped to boundaries",
    .usage = "--boundary SOURCE [--boundary-id FIELD] [--boundary-srs CRS] --cell-size-m SIZE "
             "[--shape square|hex] [--code-prefix PREFIX] [--min-area-m2 A] -o OUT [-f FORMAT]",
    .options =
        {
            {"--boundary", "", true, "township or county polygons (any GDAL vector source)"},
            {"--boundary-id", "", true, "field holding the boundary code (DEFAULT: feature id)"},
            {"--boundary-srs", "", true, "CRS of the boundaries, overriding the file"},
            {"--cell-size-m", "", true, "square side or hexagon width across flats (DEFAULT 1000)"},
            {"--shape", "", true, "square or hex (DEFAULT square)"},
            {"--code-prefix", "", true, "prefix of every cell code, e.g. 420102"},
            {"--min-area-m2", "", true,
             "pieces smaller than this are merged into a neighbour (DEFAULT 10 % of a cell)"},
            {"--output", "-o", true,
             "output (GeoPackage, GeoJSON, FlatGeobuf, CSV, Shapefile, PG:)"},
            {"--format", "-f", true, "output format when the extension does not tell"},
        },
    .run = run_make,
});

}  // namespace

}  // namespace envgrid::cli
