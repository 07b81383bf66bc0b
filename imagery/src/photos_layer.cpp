#include "envgrid/imagery/photos_layer.hpp"

#include <filesystem>

#include "envgrid/gis/crs.hpp"

namespace envgrid::imagery {

namespace fs = std::filesystem;

const std::vector<gis::OutputField>& photos_layer_fields() {
  using gis::FieldType;
  static const std::vector<gis::OutputField> fields = {
      {"file", FieldType::text},    {"taken_at", FieldType::text},  {"lon", FieldType::real},
      {"lat", FieldType::real},     {"rel_alt_m", FieldType::real}, {"gsd_m", FieldType::real},
      {"yaw_deg", FieldType::real}, {"pitch_deg", FieldType::real}, {"camera", FieldType::text}};
  return fields;
}

namespace {
gis::FieldValue text_or_null(const std::string& text) {
  if (text.empty()) return std::monostate{};
  return text;
}
}  // namespace

std::vector<gis::FieldValue> photo_field_values(const LocatedPhoto& photo) {
  return {fs::path(photo.metadata.file).generic_string(),
          text_or_null(photo.metadata.taken_at),
          photo.pose.position.lon,
          photo.pose.position.lat,
          photo.pose.height_above_ground_m,
          photo.footprint.gsd_m,
          photo.pose.yaw_deg,
          photo.pose.pitch_deg,
          text_or_null(photo.camera)};
}

gis::GeometryPtr footprint_polygon(const Footprint& footprint) {
  auto ring = std::make_unique<OGRLinearRing>();
  for (const auto& corner : footprint.corners) ring->addPoint(corner.lon, corner.lat);
  ring->closeRings();
  auto polygon = std::make_unique<OGRPolygon>();
  polygon->addRingDirectly(ring.release());
  return gis::GeometryPtr(polygon.release());
}

void write_photos_layer(const PhotoSurvey& survey, const std::string& out,
                        const std::string& format) {
  gis::VectorWriter writer(out, k_photos_layer, wkbPolygon, gis::Crs::wgs84(),
                           photos_layer_fields(), format);
  for (const auto& photo : survey.photos) {
    const auto geometry = footprint_polygon(photo.footprint);
    const auto values = photo_field_values(photo);
    writer.add(geometry.get(), values);
  }
  writer.finish();
}

}  // namespace envgrid::imagery
