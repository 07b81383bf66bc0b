#include "envgrid/imagery/flags.hpp"

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <filesystem>

#include "envgrid/gis/error.hpp"
#include "envgrid/gis/gdal_handles.hpp"
#include "envgrid/gis/log.hpp"

namespace envgrid::imagery {
namespace {

std::uint64_t fnv1a(const std::string& text) {
  std::uint64_t h = 1469598103934665603ULL;
  for (unsigned char c : text) h = (h ^ c) * 1099511628211ULL;
  return h;
}

std::string driver_for(const std::string& path) {
  std::string ext = std::filesystem::path(path).extension().string();
  for (auto& c : ext) c = char(std::tolower(static_cast<unsigned char>(c)));
  if (ext == ".gpkg") return "GPKG";
  if (ext == ".geojson" || ext == ".json") return "GeoJSON";
  if (ext == ".fgb") return "FlatGeobuf";
  if (ext == ".shp") return "ESRI Shapefile";
  if (ext == ".csv") return "CSV";
  gis::throw_usage_error("cannot tell the output format of " + path +
                         " (use .gpkg, .geojson, .fgb, .shp or .csv)");
}

// Source geometries in the target CRS (traditional x = east order).
gis::CoordinateTransformationPtr transformation_to(const OGRSpatialReference* source_srs,
                                                   const std::string& target_wkt,
                                                   OGRSpatialReference& target) {
  if (target_wkt.empty() || !source_srs) return nullptr;
  target.importFromWkt(target_wkt.c_str());
  target.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  OGRSpatialReference source(*source_srs);
  source.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  if (source.IsSame(&target)) return nullptr;
  return gis::CoordinateTransformationPtr(OGRCreateCoordinateTransformation(&source, &target));
}

template <typename Visit>
void for_each_geometry(const std::string& source, const std::string& target_wkt, Visit visit) {
  gis::DatasetPtr dataset = gis::open_dataset(source, GDAL_OF_VECTOR);
  if (dataset->GetLayerCount() == 0) gis::throw_input_error("no layer", {.dataset = source});
  OGRLayer* layer = dataset->GetLayer(0);
  OGRSpatialReference target;
  gis::CoordinateTransformationPtr transform =
      transformation_to(layer->GetSpatialRef(), target_wkt, target);
  for (const auto& feature : *layer) {
    OGRGeometry* geometry = feature->GetGeometryRef();
    if (!geometry || geometry->IsEmpty()) {
      gis::log_warning(source + ": feature " + std::to_string(feature->GetFID()) +
                       " has no geometry; skipped");
      continue;
    }
    gis::GeometryPtr copy(geometry->clone());
    if (transform && copy->transform(transform.get()) != OGRERR_NONE) {
      gis::log_warning(source + ": feature " + std::to_string(feature->GetFID()) +
                       " cannot be transformed to the image CRS; skipped");
      continue;
    }
    visit(*feature, *copy);
  }
}

void add_rings(const OGRGeometry& geometry, std::vector<std::vector<cv::Point2d>>& out) {
  const auto type = wkbFlatten(geometry.getGeometryType());
  if (type == wkbPolygon) {
    const OGRLinearRing* ring = geometry.toPolygon()->getExteriorRing();
    std::vector<cv::Point2d> points;
    for (int i = 0; ring && i < ring->getNumPoints(); ++i)
      points.emplace_back(ring->getX(i), ring->getY(i));
    if (points.size() >= 4) out.push_back(std::move(points));
  } else if (type == wkbMultiPolygon || type == wkbGeometryCollection) {
    for (const auto* part : *geometry.toGeometryCollection()) add_rings(*part, out);
  }
}

}  // namespace

std::string make_flag_id(const std::string& prefix, const std::string& kind,
                         const std::vector<cv::Point2d>& ring) {
  std::string text = kind;
  char buffer[64];
  for (const auto& p : ring) {
    std::snprintf(buffer, sizeof buffer, ";%.2f,%.2f", p.x,
                  p.y);  // centimetres: stable across platforms
    text += buffer;
  }
  std::snprintf(buffer, sizeof buffer, "%012llx",
                static_cast<unsigned long long>(fnv1a(text) & 0xFFFFFFFFFFFFULL));
  return prefix + "-" + buffer;
}

std::string utc_now_iso8601() {
  const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm utc{};
  gmtime_r(&now, &utc);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return buffer;
}

void write_flags(const std::string& path, const std::vector<Flag>& flags,
                 const std::string& crs_wkt) {
  gis::initialize_gdal();
  const std::string driver_name = driver_for(path);
  GDALDriver* driver = GetGDALDriverManager()->GetDriverByName(driver_name.c_str());
  // Written under a temporary name and renamed at the end: a failure never
  // leaves half a layer under the requested name.
  const std::string partial = (std::filesystem::path(path).parent_path() /
                               (".partial-" + std::filesystem::path(path).filename().string()))
                                  .string();
  std::error_code ec;
  std::filesystem::remove(partial, ec);
  gis::DatasetPtr dataset(driver->Create(partial.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
  if (!dataset)
    gis::throw_output_error("cannot create: " + gis::take_last_gdal_error(), {.dataset = path});
  OGRSpatialReference srs;
  if (!crs_wkt.empty()) srs.importFromWkt(crs_wkt.c_str());
  char* layer_options[] = {const_cast<char*>("GEOMETRY_NAME=geom"), nullptr};
  OGRLayer* layer = dataset->CreateLayer("flags", crs_wkt.empty() ? nullptr : &srs, wkbPolygon,
                                         driver_name == "GPKG" ? layer_options : nullptr);
  if (!layer)
    gis::throw_output_error("cannot create the flags layer: " + gis::take_last_gdal_error(),
                            {.dataset = path});
  const std::pair<const char*, OGRFieldType> fields[] = {
      {"flag_id", OFTString}, {"kind", OFTString},      {"score", OFTReal},
      {"status", OFTString},  {"source", OFTString},    {"cell_id", OFTString},
      {"area_m2", OFTReal},   {"created_at", OFTString}};
  for (const auto& [name, type] : fields) {
    OGRFieldDefn field(name, type);
    layer->CreateField(&field);
  }
  layer->StartTransaction();
  for (const Flag& flag : flags) {
    gis::FeaturePtr feature(OGRFeature::CreateFeature(layer->GetLayerDefn()));
    feature->SetField("flag_id", flag.flag_id.c_str());
    feature->SetField("kind", flag.kind.c_str());
    feature->SetField("score", flag.score);
    feature->SetField("status", flag.status.c_str());
    feature->SetField("source", flag.source.c_str());
    feature->SetField("cell_id", flag.cell_id.c_str());
    feature->SetField("area_m2", flag.area_m2);
    feature->SetField("created_at", flag.created_at.c_str());
    OGRPolygon polygon;
    OGRLinearRing ring;
    for (const auto& p : flag.ring) ring.addPoint(p.x, p.y);
    ring.closeRings();
    polygon.addRing(&ring);
    feature->SetGeometry(&polygon);
    if (layer->CreateFeature(feature.get()) != OGRERR_NONE) {
      gis::throw_output_error(
          "cannot write flag " + flag.flag_id + ": " + gis::take_last_gdal_error(),
          {.dataset = path});
    }
  }
  if (layer->CommitTransaction() != OGRERR_NONE) {
    gis::throw_output_error("cannot commit: " + gis::take_last_gdal_error(), {.dataset = path});
  }
  dataset.reset();
  std::filesystem::remove(path, ec);
  std::filesystem::rename(partial, path, ec);
  if (ec)
    gis::throw_output_error("cannot rename the finished file: " + ec.message(), {.dataset = path});
}

std::vector<std::vector<cv::Point2d>> read_polygon_rings(const std::string& source,
                                                         const std::string& target_crs_wkt) {
  std::vector<std::vector<cv::Point2d>> rings;
  for_each_geometry(source, target_crs_wkt,
                    [&](OGRFeature&, OGRGeometry& g) { add_rings(g, rings); });
  return rings;
}

std::vector<NamedPoint> read_points(const std::string& source, const std::string& target_crs_wkt,
                                    const std::vector<std::string>& id_fields) {
  std::vector<NamedPoint> points;
  for_each_geometry(source, target_crs_wkt, [&](OGRFeature& feature, OGRGeometry& g) {
    OGRPoint centre;
    if (g.Centroid(&centre) != OGRERR_NONE) return;
    std::string id = std::to_string(feature.GetFID());
    for (const auto& name : id_fields) {
      const int index = feature.GetFieldIndex(name.c_str());
      if (index >= 0 && feature.IsFieldSetAndNotNull(index)) {
        id = feature.GetFieldAsString(index);
        break;
      }
    }
    points.push_back({id, {centre.getX(), centre.getY()}});
  });
  return points;
}

}  // namespace envgrid::imagery
