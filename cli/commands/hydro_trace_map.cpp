// write_trace_map: lon/lat drawn on a plate carree whose x is scaled by
// cos(latitude), so that the picture is not stretched.

#include "hydro_trace_map.hpp"

#include <gdal_alg.h>

#include <algorithm>
#include <cmath>

#include "envgrid/gis/atomic_file.hpp"
#include "envgrid/gis/error.hpp"
#include "envgrid/gis/gdal_handles.hpp"
#include "envgrid/gis/log.hpp"

namespace envgrid::cli {

namespace {

constexpr int picture_px = 800;
constexpr double rad = 3.14159265358979323846 / 180;

struct Colour {
  double r, g, b;
};
constexpr Colour river{40, 90, 220};
constexpr Colour exceeding{220, 30, 30};
constexpr Colour stopping{30, 160, 60};
constexpr Colour suspect{245, 140, 20};

struct Canvas {
  gis::DatasetPtr dataset;
  double x_scale = 1;  // cos(latitude)
  double pixel = 1;    // scaled degrees per pixel
};

Canvas make_canvas(double min_x, double min_y, double max_x, double max_y) {
  Canvas c;
  c.x_scale = std::cos((min_y + max_y) / 2 * rad);
  const double width = std::max((max_x - min_x) * c.x_scale, 1e-6);
  const double height = std::max(max_y - min_y, 1e-6);
  c.pixel = std::max(width, height) * 1.1 / picture_px;
  const double centre_x = (min_x + max_x) / 2 * c.x_scale, centre_y = (min_y + max_y) / 2;
  GDALDriver* mem = GetGDALDriverManager()->GetDriverByName("MEM");
  c.dataset.reset(mem->Create("", picture_px, picture_px, 3, GDT_Byte, nullptr));
  double transform[6] = {centre_x - c.pixel * picture_px / 2, c.pixel, 0,
                         centre_y + c.pixel * picture_px / 2, 0,       -c.pixel};
  c.dataset->SetGeoTransform(transform);
  for (int b = 1; b <= 3; ++b) c.dataset->GetRasterBand(b)->Fill(255);
  return c;
}

void burn(Canvas& c, std::vector<OGRGeometryH> geometries, const Colour& colour) {
  if (geometries.empty()) return;
  int bands[3] = {1, 2, 3};
  std::vector<double> values;
  for (std::size_t k = 0; k < geometries.size(); ++k)
    values.insert(values.end(), {colour.r, colour.g, colour.b});
  char* options[] = {const_cast<char*>("ALL_TOUCHED=TRUE"), nullptr};
  GDALRasterizeGeometries(GDALDataset::ToHandle(c.dataset.get()), 3, bands,
                          static_cast<int>(geometries.size()), geometries.data(), nullptr, nullptr,
                          values.data(), options, nullptr, nullptr);
  for (OGRGeometryH g : geometries) OGR_G_DestroyGeometry(g);
}

OGRGeometryH square(const Canvas& c, const hydro::LonLat& p, int half_px) {
  const double x = p.lon * c.x_scale, y = p.lat, h = half_px * c.pixel;
  auto ring = new OGRLinearRing();
  ring->addPoint(x - h, y - h);
  ring->addPoint(x + h, y - h);
  ring->addPoint(x + h, y + h);
  ring->addPoint(x - h, y + h);
  ring->closeRings();
  auto polygon = new OGRPolygon();
  polygon->addRingDirectly(ring);
  return OGRGeometry::ToHandle(polygon);
}

// The point at `measure` percent from the downstream (last) vertex.
hydro::LonLat point_at_measure(const std::vector<hydro::LonLat>& line, double measure,
                               double x_scale) {
  auto length = [&](const hydro::LonLat& a, const hydro::LonLat& b) {
    return std::hypot((b.lon - a.lon) * x_scale, b.lat - a.lat);
  };
  double total = 0;
  for (std::size_t k = 1; k < line.size(); ++k) total += length(line[k - 1], line[k]);
  double remaining = (1 - measure / 100) * total;  // from the upstream end
  for (std::size_t k = 1; k < line.size(); ++k) {
    const double step = length(line[k - 1], line[k]);
    if (step > 0 && remaining <= step) {
      const double t = remaining / step;
      return {line[k - 1].lon + t * (line[k].lon - line[k - 1].lon),
              line[k - 1].lat + t * (line[k].lat - line[k - 1].lat)};
    }
    remaining -= step;
  }
  return line.back();
}

}  // namespace

void write_trace_map(const std::string& png_path, const hydro::Network& net,
                     const hydro::SourceTraceInput& input, const hydro::SourceTraceResult& result) {
  double min_x = 180, min_y = 90, max_x = -180, max_y = -90;
  for (const auto& step : result.trace.steps) {
    for (const auto& p : net.reaches[step.reach].line) {
      min_x = std::min(min_x, p.lon), max_x = std::max(max_x, p.lon);
      min_y = std::min(min_y, p.lat), max_y = std::max(max_y, p.lat);
    }
  }
  Canvas canvas = make_canvas(min_x, min_y, max_x, max_y);
  std::vector<OGRGeometryH> lines;
  for (const auto& step : result.trace.steps) {
    auto line = new OGRLineString();
    for (const auto& p : net.reaches[step.reach].line)
      line->addPoint(p.lon * canvas.x_scale, p.lat);
    lines.push_back(OGRGeometry::ToHandle(line));
  }
  burn(canvas, lines, river);
  std::vector<OGRGeometryH> suspects;
  for (std::size_t k = 0; k < result.suspects.size(); ++k)
    suspects.push_back(square(canvas, result.suspects[k].point, k == 0 ? 8 : 5));
  burn(canvas, suspects, suspect);
  // Sections are drawn on their reach at their measure (planar lengths in the
  // picture's plane: close enough for a picture).
  auto on_reach = [&](const std::string& reach_id, double measure) {
    return point_at_measure(net.reaches[*net.find(reach_id)].line, measure, canvas.x_scale);
  };
  std::vector<OGRGeometryH> stops;
  for (const auto& stop : result.stops)
    stops.push_back(
        square(canvas, on_reach(stop.reach_id, input.sections->at(stop.section_id).measure), 7));
  burn(canvas, stops, stopping);
  burn(canvas, {square(canvas, on_reach(input.section.reach_id, input.section.measure), 9)},
       exceeding);

  GDALDriver* png = GetGDALDriverManager()->GetDriverByName("PNG");
  gis::write_staged(png_path, [&](const std::string& staged) {
    gis::DatasetPtr out(
        png->CreateCopy(staged.c_str(), canvas.dataset.get(), FALSE, nullptr, nullptr, nullptr));
    if (!out) {
      gis::throw_output_error("cannot write the map: " + gis::take_last_gdal_error(),
                              {.step = "hydro trace", .dataset = png_path});
    }
  });
}

}  // namespace envgrid::cli
