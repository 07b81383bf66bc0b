#pragma once
// Web map tiles (XYZ, Web Mercator EPSG:3857, 256 px, y down from the north
// as OpenStreetMap numbers them) rendered from a georeferenced raster by GDAL
// warping (bilinear, from the file's overviews when it has them), as PNG
// with an alpha band that is transparent outside the raster.

#include <optional>
#include <string>

namespace envgrid::imagery {

inline constexpr int xyz_tile_px = 256;
// Tiles finer than zoom 24 (a centimetre a pixel at the equator) are refused.
inline constexpr int xyz_max_zoom = 24;

struct XyzTile {
  int z = 0, x = 0, y = 0;
};

// Whether z is 0..xyz_max_zoom and x, y are 0..2^z - 1.
[[nodiscard]] bool valid_xyz_tile(const XyzTile& tile);

// The tile's bounds in EPSG:3857 metres: min x, min y, max x, max y.
struct MercatorBounds {
  double min_x, min_y, max_x, max_y;
};
[[nodiscard]] MercatorBounds xyz_tile_bounds(const XyzTile& tile);

// The PNG (RGBA, or grey + alpha for a one-band raster) of the tile, or
// nullopt when the tile does not meet the raster or would need more than
// max_source_px source pixels a side from the coarsest overview (a whole
// province at zoom 6 from a raster without overviews: add them with gdaladdo).
// REQUIRES: valid_xyz_tile(tile). Throws gis::Error(input) when the raster
// cannot be read. Thread-safe (opens its own handle).
[[nodiscard]] std::optional<std::string> render_xyz_tile(const std::string& raster_path,
                                                         const XyzTile& tile,
                                                         int max_source_px = 8192);

// A fully transparent 256 px PNG.
[[nodiscard]] const std::string& transparent_xyz_tile();

}  // namespace envgrid::imagery
