#pragma once
// The WGS 84 place of a store feature, for the hydro store readers.

#include <optional>

#include "envgrid/gis/crs.hpp"
#include "envgrid/gis/gdal_handles.hpp"
#include "envgrid/hydro/network.hpp"

namespace envgrid::hydro::detail {

// The feature's point (its centroid for lines and polygons) in WGS 84, or
// nullopt without a geometry or when it cannot be transformed.
[[nodiscard]] std::optional<LonLat> feature_point(const OGRFeature& f,
                                                  const gis::CoordinateTransformer& to_wgs84);

}  // namespace envgrid::hydro::detail
