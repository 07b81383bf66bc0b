#pragma once
// GCJ-02 ("Mars coordinates", 国测局坐标) and BD-09 (Baidu) conversions.
// All coordinates are (longitude, latitude) in degrees. Outside China's
// bounding box as the public formula defines it, GCJ-02 equals WGS 84.
// Formula and measured accuracy: docs/crs.md.

#include "envgrid/gis/geodesy.hpp"

namespace envgrid::gis {

[[nodiscard]] bool inside_china_offset_area(LonLat p);
[[nodiscard]] LonLat wgs84_to_gcj02(LonLat wgs);
// Iterative inverse; round trip within 1 mm anywhere in China.
[[nodiscard]] LonLat gcj02_to_wgs84(LonLat gcj);
[[nodiscard]] LonLat gcj02_to_bd09(LonLat gcj);
[[nodiscard]] LonLat bd09_to_gcj02(LonLat bd);  // iterative inverse, within 1 mm
[[nodiscard]] LonLat wgs84_to_bd09(LonLat wgs);
[[nodiscard]] LonLat bd09_to_wgs84(LonLat bd);

}  // namespace envgrid::gis
