#pragma once
// OGR features as JSON: attribute values keep their type (integer, real,
// text, null) and geometries are GeoJSON in the store CRS (lon, lat order).

#include <ogrsf_frmts.h>

#include <string>

#include "http_types.hpp"

namespace envgrid::viewer::detail {

[[nodiscard]] Json properties_of(OGRFeature& feature);
// GeoJSON geometry text, "null" when the feature has none.
[[nodiscard]] std::string geometry_geojson(OGRFeature& feature);
// {"type":"Feature","geometry":...,"properties":...}
[[nodiscard]] Json feature_json(OGRFeature& feature);
[[nodiscard]] std::string feature_geojson(OGRFeature& feature);

}  // namespace envgrid::viewer::detail
