#pragma once
// Demo imagery with ground truth: an industrial-park orthomosaic pair
// (before/after) and a river bank with outfall plumes. Deterministic from the
// seed (own distributions over std::mt19937_64, so every platform draws the
// same scene). Rendered in strips, so memory stays bounded for any size.

#include <cstdint>
#include <string>

namespace envgrid::imagery {

struct SynthOptions {
  std::uint64_t seed = 42;
  int size_px = 4096;          // side of the square images; REQUIRES: >= 512
  double gsd_m = 0.1;          // ground sample distance
  double centre_lon = 114.30;  // degrees, CGCS2000
  double centre_lat = 30.55;
  // Side of river.tif: at most this and size_px. The demo keeps it small;
  // the benchmark asks for a river as large as the park.
  int river_size_px = 2048;
  // Internal overviews (averaged, halving down to under 256 px) in
  // before.tif and after.tif, as OpenDroneMap and COG orthomosaics have.
  bool overviews = false;
};

struct SynthSummary {
  int new_buildings = 0, permitted_buildings = 0, demolitions = 0, earthworks = 0;
  int shift_x_px = 0, shift_y_px = 0;  // misregistration of `after` against `before`
  int plumes = 0, registered_outfalls = 0;
  std::string crs;  // e.g. "EPSG:4547"
};

// Writes into dir (created if needed): before.tif, after.tif, permits.geojson,
// truth.geojson (fields: truth_id, kind, permitted), river.tif,
// river_truth.geojson (kind=plume, matched_outfall), outfalls.geojson
// (registered outfalls, field outfall_id), water.geojson (the river polygon),
// scene.json (shift and illumination applied).
SynthSummary write_synthetic_imagery(const std::string& dir, const SynthOptions& options);

}  // namespace envgrid::imagery
