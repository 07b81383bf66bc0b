// publish_raster: an orthomosaic -> the store's `rasters` table.

#include <ogrsf_frmts.h>

#include <filesystem>

#include "envgrid/gis/crs.hpp"
#include "envgrid/gis/error.hpp"
#include "envgrid/gis/log.hpp"
#include "envgrid/gis/store_tables.hpp"
#include "envgrid/imagery/publish.hpp"
#include "envgrid/imagery/raster_tiles.hpp"

namespace envgrid::imagery {

namespace {

// Points along each edge of the image, so that a footprint reprojected into a
// geographic store CRS follows the curved edges closely enough for the map
// (a Gauss-Krueger edge of 10 km bows by centimetres between 16 points).
constexpr int points_per_edge = 16;

gis::GeometryPtr footprint_in(const RasterSource& source, const gis::Crs& store_crs) {
  OGRSpatialReference srs;
  srs.importFromWkt(source.crs_wkt().c_str());
  const gis::CoordinateTransformer to_store(gis::Crs::from_ogr(srs), store_crs,
                                            gis::DomainCheck::proj_only);
  const GeoTransform& gt = source.geo_transform();
  const double w = source.width(), h = source.height();
  const double corners[5][2] = {{0, 0}, {w, 0}, {w, h}, {0, h}, {0, 0}};
  OGRLinearRing ring;
  for (int edge = 0; edge < 4; ++edge) {
    for (int i = 0; i < points_per_edge; ++i) {
      const double t = double(i) / points_per_edge;
      const double col = corners[edge][0] + t * (corners[edge + 1][0] - corners[edge][0]);
      const double row = corners[edge][1] + t * (corners[edge + 1][1] - corners[edge][1]);
      ring.addPoint(gt[0] + col * gt[1] + row * gt[2], gt[3] + col * gt[4] + row * gt[5]);
    }
  }
  ring.closeRings();
  auto polygon = std::make_unique<OGRPolygon>();
  polygon->addRing(&ring);
  if (!to_store.transform(*polygon)) {
    gis::throw_input_error(
        "the raster's corners cannot be transformed into the store CRS " + store_crs.name(),
        {.step = "imagery publish", .dataset = source.path()});
  }
  return gis::GeometryPtr(polygon.release());
}

}  // namespace

void publish_raster(gis::Store& store, const RasterPublishRequest& request) {
  gis::initialize_gdal();
  if (!is_plain_name(request.raster_id)) {
    gis::throw_usage_error("--raster-id '" + request.raster_id +
                           "' must be letters, digits, '-' or '_'");
  }
  std::error_code ec;
  const std::string file = std::filesystem::canonical(request.file, ec).string();
  if (ec)
    gis::throw_input_error("no such file", {.step = "imagery publish", .dataset = request.file});
  // A published raster is placed on the map: pixel space (--gsd) has no place there.
  const RasterSource source = RasterSource::open(file, std::nullopt, false);
  gis::GeometryPtr footprint = footprint_in(source, store.crs());
  OGRLayer& rasters = gis::store_layer(store, "rasters");
  const gis::ErrorContext where{
      .step = "imagery publish", .dataset = store.location(), .layer = "rasters"};
  rasters.SetAttributeFilter(("raster_id = '" + request.raster_id + "'").c_str());
  std::vector<GIntBig> replaced;
  for (const auto& old : rasters) replaced.push_back(old->GetFID());
  rasters.SetAttributeFilter(nullptr);
  store.transaction([&] {
    for (GIntBig fid : replaced) {
      if (rasters.DeleteFeature(fid) != OGRERR_NONE)
        gis::throw_output_error("cannot replace: " + gis::take_last_gdal_error(), where);
    }
    gis::FeaturePtr row(OGRFeature::CreateFeature(rasters.GetLayerDefn()));
    row->SetField("raster_id", request.raster_id.c_str());
    const std::string name =
        request.name.empty() ? std::filesystem::path(file).filename().string() : request.name;
    row->SetField("name", name.c_str());
    row->SetField("file", file.c_str());
    row->SetField("width_px", source.width());
    row->SetField("height_px", source.height());
    row->SetField("gsd_m", source.gsd_m());
    row->SetField("crs", source.crs_wkt().c_str());
    row->SetField("created_at", gis::utc_now_iso8601().c_str());
    row->SetGeometry(footprint.get());
    if (rasters.CreateFeature(row.get()) != OGRERR_NONE)
      gis::throw_output_error("cannot record the raster: " + gis::take_last_gdal_error(), where);
  });
}

}  // namespace envgrid::imagery
