#pragma once
// A quick-look orthophoto of one nadir photo: the photo warped onto flat
// ground through its footprint into a north-up GeoTIFF (WGS 84, EPSG:4326,
// or a CRS the caller chooses).
// No terrain model and no bundle adjustment: positions are as good as the
// drone's GPS and the flat-ground assumption (docs/imagery.md). Survey-grade
// mosaics come from OpenDroneMap or similar, which envgrid reads as rasters.

#include <array>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "envgrid/gis/crs.hpp"
#include "envgrid/imagery/photo_raster.hpp"
#include "envgrid/imagery/photos.hpp"

namespace envgrid::imagery {

struct OrthoOptions {
  PhotoOptions photo;
  // Photos whose optical axis is further than this from straight down are
  // refused: relief and the flat-ground assumption displace an oblique view
  // far more. DEFAULT: 10 degrees.
  double max_off_nadir_deg = off_nadir_limit_deg;
  // Output pixel size on the ground. DEFAULT: the photo's own GSD.
  std::optional<double> pixel_size_m;
  // Output CRS, e.g. a UTM or Gauss-Krueger zone to measure in metres.
  // DEFAULT: WGS 84 (EPSG:4326). REQUIRES: a CRS PROJ knows (not GCJ-02/BD-09).
  std::optional<gis::Crs> target_crs;
};

struct OrthoResult {
  LocatedPhoto photo;
  int width_px = 0;
  int height_px = 0;
  std::array<double, 6> geotransform{};  // GDAL order, in the output CRS's units, north up
  std::string crs_name;                  // e.g. "EPSG:4326"
};

// Writes out_tif (replaced if present). Throws gis::Error(input) naming the
// photo when it cannot be located or is not nadir, Error(output) when the
// GeoTIFF cannot be written. on_progress gets a fraction 0..1.
OrthoResult make_quicklook_ortho(const std::string& photo_path, const std::string& out_tif,
                                 const OrthoOptions& options,
                                 const std::function<void(double)>& on_progress = {});

}  // namespace envgrid::imagery
