#include "envgrid/imagery/flags.hpp"

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <filesystem>

#include "envgrid/gis/atomic_file.hpp"
#include "envgrid/gis/error.hpp"
#include "envgrid/gis/gdal_handles.hpp"
#include "envgrid/gis/log.hpp"
#include "envgrid/gis/vector_io.hpp"

namespace envgrid::imagery {
namespace {

std::uint64_t fnv1a(const std::string& text) {
  std::uint64_t h = 1469598103934665603ULL;
  for (unsigned char c : text) h = (h ^ c) * 1099511628211ULL;
  return h;
}

const std::vector<gis::OutputField>& flag_fields() {
  static const std::vector<gis::OutputField> fields = {
      {"flag_id", gis::FieldType::text},    {"kind", gis::FieldType::text},
      {"score", gis::FieldType::real},      {"status", gis::FieldType::text},
      {"source", gis::FieldType::text},     {"cell_id", gis::FieldType::text},
      {"area_m2", gis::FieldType::real},    {"created_at", gis::FieldType::text},
      {"source_lon", gis::FieldType::real}, {"source_lat", gis::FieldType::real}};
  return fields;
}

std::vector<gis::FieldValue> values_of(const Flag& flag) {
  const auto coordinate = [&](double gis::LonLat::*axis) -> gis::FieldValue {
    if (!flag.source_at) return std::monostate{};
    return (*flag.source_at).*axis;
  };
  return {flag.flag_id,
          flag.kind,
          flag.score,
          flag.status,
          flag.source,
          flag.cell_id,
          flag.area_m2,
          flag.created_at,
          coordinate(&gis::LonLat::lon),
          coordinate(&gis::LonLat::lat)};
}

void write_pixel_flags(const std::string& staged, const std::string& target,
                       const std::vector<Flag>& flags) {
  const std::string driver_name = gis::output_driver(target);
  GDALDriver* driver = GetGDALDriverManager()->GetDriverByName(driver_name.c_str());
  gis::DatasetPtr dataset(driver->Create(staged.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
  OGRLayer* layer = dataset ? dataset->CreateLayer("flags", nullptr, wkbPolygon, nullptr) : nullptr;
  if (!layer)
    gis::throw_output_error("cannot create: " + gis::take_last_gdal_error(), {.dataset = target});
  for (const auto& field : flag_fields()) {
    OGRFieldDefn definition(field.name.c_str(),
                            field.type == gis::FieldType::real ? OFTReal : OFTString);
    if (layer->CreateField(&definition) != OGRERR_NONE)
      gis::throw_output_error(
          "cannot create field " + field.name + ": " + gis::take_last_gdal_error(),
          {.dataset = target});
  }
  for (const Flag& flag : flags) {
    gis::FeaturePtr feature(OGRFeature::CreateFeature(layer->GetLayerDefn()));
    const auto values = values_of(flag);
    for (std::size_t i = 0; i < values.size(); ++i) {
      if (const auto* text = std::get_if<std::string>(&values[i]))
        feature->SetField(int(i), text->c_str());
      if (const auto* number = std::get_if<double>(&values[i])) feature->SetField(int(i), *number);
    }
    const OGRPolygon polygon = flag_polygon(flag);
    feature->SetGeometry(&polygon);
    if (layer->CreateFeature(feature.get()) != OGRERR_NONE) {
      gis::throw_output_error(
          "cannot write flag " + flag.flag_id + ": " + gis::take_last_gdal_error(),
          {.dataset = target});
    }
  }
}

// Images placed in pixel space (--gsd) have no CRS, which gis::VectorWriter
// (rightly) always wants: their flags are written through OGR directly, as
// a layer without a spatial reference, into a file in memory that the atomic
// writer then puts in place (every write checked, nothing left half-written).
void write_flags_in_pixel_space(const std::string& path, const std::vector<Flag>& flags) {
  gis::write_staged(path,
                    [&](const std::string& staged) { write_pixel_flags(staged, path, flags); });
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

OGRPolygon flag_polygon(const Flag& flag) {
  OGRPolygon polygon;
  OGRLinearRing ring;
  for (const auto& p : flag.ring) ring.addPoint(p.x, p.y);
  ring.closeRings();
  polygon.addRing(&ring);
  return polygon;
}

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

void write_flags(const std::string& path, const std::vector<Flag>& flags,
                 const std::string& crs_wkt) {
  gis::initialize_gdal();
  if (crs_wkt.empty()) return write_flags_in_pixel_space(path, flags);
  OGRSpatialReference srs;
  srs.importFromWkt(crs_wkt.c_str());
  gis::VectorWriter writer(path, "flags", wkbPolygon, gis::Crs::from_ogr(srs), flag_fields());
  for (const Flag& flag : flags) {
    const OGRPolygon polygon = flag_polygon(flag);
    const auto values = values_of(flag);
    writer.add(&polygon, values);
  }
  writer.finish();
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
