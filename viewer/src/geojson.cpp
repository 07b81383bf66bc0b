#include "geojson.hpp"

#include <cpl_conv.h>

namespace envgrid::viewer::detail {

Json properties_of(OGRFeature& feature) {
  Json properties = Json::object();
  OGRFeatureDefn* definition = feature.GetDefnRef();
  for (int i = 0; i < definition->GetFieldCount(); ++i) {
    OGRFieldDefn* field = definition->GetFieldDefn(i);
    const char* name = field->GetNameRef();
    if (!feature.IsFieldSetAndNotNull(i)) {
      properties[name] = nullptr;
      continue;
    }
    switch (field->GetType()) {
      case OFTInteger:
      case OFTInteger64:
        properties[name] = feature.GetFieldAsInteger64(i);
        break;
      case OFTReal:
        properties[name] = feature.GetFieldAsDouble(i);
        break;
      default:
        properties[name] = feature.GetFieldAsString(i);
        break;
    }
  }
  return properties;
}

std::string geometry_geojson(OGRFeature& feature) {
  const OGRGeometry* geometry = feature.GetGeometryRef();
  if (!geometry) return "null";
  char* text = geometry->exportToJson();
  std::string json = text ? text : "null";
  CPLFree(text);
  return json;
}

std::string feature_geojson(OGRFeature& feature) {
  return R"({"type":"Feature","geometry":)" + geometry_geojson(feature) + R"(,"properties":)" +
         json_text(properties_of(feature)) + "}";
}

Json feature_json(OGRFeature& feature) {
  return {{"type", "Feature"},
          {"geometry", Json::parse(geometry_geojson(feature))},
          {"properties", properties_of(feature)}};
}

}  // namespace envgrid::viewer::detail
