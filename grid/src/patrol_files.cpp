// A patrol plan as GeoJSON (route line + stops) and GPX (waypoints + route).

#include <atomic>
#include <memory>
#include <string>

#include <cpl_vsi.h>

#include "envgrid/gis/atomic_file.hpp"
#include "envgrid/gis/error.hpp"
#include "envgrid/gis/log.hpp"
#include "envgrid/gis/vector_io.hpp"
#include "envgrid/grid/patrol_store.hpp"

namespace envgrid::grid {

namespace {

OGRLineString route_geometry(const PatrolOutput& output) {
  OGRLineString line;
  for (const auto& p : output.route_line) line.addPoint(p.x, p.y);
  return line;
}

std::string stop_label(const PatrolOutput& output, std::size_t order) {
  const auto& stop = output.stops[output.plan.visits[order].stop];
  return std::to_string(order + 1) + " " + stop.object_kind + " " + stop.object_id;
}

void create_fields(OGRLayer& layer, std::initializer_list<const char*> names,
                   const std::string& path) {
  for (const char* name : names) {
    OGRFieldDefn field(name, OFTString);
    if (layer.CreateField(&field) != OGRERR_NONE)
      gis::throw_output_error("cannot create field " + std::string(name),
                              {.step = "patrol plan", .dataset = path});
  }
}

}  // namespace

void write_patrol_geojson(const PatrolOutput& output, const gis::Crs& crs,
                          const std::string& path) {
  gis::VectorWriter writer(path, "patrol", wkbUnknown, crs,
                           {{"kind"},
                            {"stop_order", gis::FieldType::integer},
                            {"object_kind"},
                            {"object_id"},
                            {"eta"},
                            {"overdue_days", gis::FieldType::integer},
                            {"risk_class"},
                            {"leg_m", gis::FieldType::real},
                            {"length_m", gis::FieldType::real},
                            {"lower_bound_m", gis::FieldType::real}});
  const OGRLineString line = route_geometry(output);
  const std::vector<gis::FieldValue> route{
      std::string("route"),     {}, {}, output.patrol_id, {}, {}, {}, {}, output.plan.length_m,
      output.plan.lower_bound_m};
  writer.add(&line, route);
  for (std::size_t i = 0; i < output.plan.visits.size(); ++i) {
    const auto& visit = output.plan.visits[i];
    const auto& stop = output.stops[visit.stop];
    const OGRPoint point(stop.x, stop.y);
    const std::vector<gis::FieldValue> row{std::string("stop"),
                                           static_cast<std::int64_t>(i + 1),
                                           stop.object_kind,
                                           stop.object_id,
                                           arrival_time(output, visit.arrival_min),
                                           std::int64_t{stop.overdue_days},
                                           stop.risk_class,
                                           visit.leg_m,
                                           {},
                                           {}};
    writer.add(&point, row);
  }
  writer.finish();
}

namespace {

// The GPX at gdal_path, closed on return; messages name path.
void write_gpx_to(const PatrolOutput& output, const gis::Crs& crs, const std::string& gdal_path,
                  const std::string& path) {
  const gis::ErrorContext context{.step = "patrol plan", .dataset = path};
  GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("GPX");
  if (!driver) gis::throw_output_error("GDAL has no GPX driver", context);
  gis::DatasetPtr gpx(driver->Create(gdal_path.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
  if (!gpx) gis::throw_output_error("cannot create: " + gis::take_last_gdal_error(), context);
  const gis::Crs wgs84 = gis::Crs::wgs84();
  gis::CoordinateTransformer to_wgs84(crs, wgs84);
  auto srs = wgs84.to_ogr();
  OGRLayer* waypoints = gpx->CreateLayer("waypoints", srs.get(), wkbPoint, nullptr);
  OGRLayer* routes = gpx->CreateLayer("routes", srs.get(), wkbLineString, nullptr);
  if (!waypoints || !routes)
    gis::throw_output_error("cannot create GPX layers: " + gis::take_last_gdal_error(), context);
  create_fields(*waypoints, {"name", "desc"}, path);
  create_fields(*routes, {"name", "desc"}, path);
  for (std::size_t i = 0; i < output.plan.visits.size(); ++i) {
    const auto& visit = output.plan.visits[i];
    const auto& stop = output.stops[visit.stop];
    OGRPoint point(stop.x, stop.y);
    if (!to_wgs84.transform(point)) continue;
    gis::FeaturePtr feature(OGRFeature::CreateFeature(waypoints->GetLayerDefn()));
    feature->SetField("name", stop_label(output, i).c_str());
    feature->SetField("desc", ("eta " + arrival_time(output, visit.arrival_min)).c_str());
    feature->SetGeometry(&point);
    if (waypoints->CreateFeature(feature.get()) != OGRERR_NONE)
      gis::throw_output_error("cannot write waypoint: " + gis::take_last_gdal_error(), context);
  }
  OGRLineString line = route_geometry(output);
  if (!to_wgs84.transform(line))
    gis::throw_output_error("cannot convert the route to WGS 84", context);
  gis::FeaturePtr route(OGRFeature::CreateFeature(routes->GetLayerDefn()));
  route->SetField("name", output.patrol_id.c_str());
  route->SetGeometry(&line);
  if (routes->CreateFeature(route.get()) != OGRERR_NONE)
    gis::throw_output_error("cannot write the route: " + gis::take_last_gdal_error(), context);
  gpx.reset();  // GPX is written on close
}

}  // namespace

void write_patrol_gpx(const PatrolOutput& output, const gis::Crs& crs, const std::string& path) {
  gis::write_staged(path,
                    [&](const std::string& staged) { write_gpx_to(output, crs, staged, path); });
}

std::string patrol_gpx_bytes(const PatrolOutput& output, const gis::Crs& crs) {
  static std::atomic<unsigned long long> counter{0};
  const std::string path = "/vsimem/envgrid-patrol-" + std::to_string(++counter) + ".gpx";
  try {
    write_gpx_to(output, crs, path, path);
  } catch (...) {
    VSIUnlink(path.c_str());
    throw;
  }
  vsi_l_offset length = 0;
  GByte* bytes = VSIGetMemFileBuffer(path.c_str(), &length, TRUE);
  std::string gpx(reinterpret_cast<const char*>(bytes), static_cast<std::size_t>(length));
  CPLFree(bytes);
  return gpx;
}

}  // namespace envgrid::grid
