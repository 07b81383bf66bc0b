#pragma once
// Publishing imagery to the viewer: the review chips of flags and the
// orthomosaics shown as map tiles are recorded in the project store (the
// `chips` and `rasters` tables, docs/store.md) with the absolute paths of
// their files, so the viewer finds a file only by an id looked up there.

#include <string>
#include <vector>

#include "envgrid/gis/store.hpp"

namespace envgrid::imagery {

struct ChipPublishResult {
  int recorded = 0;
  std::vector<std::string> skipped;  // one reason per index row not recorded
};

// Records the chips listed in DIR/index.csv (flag_id,view,file as written
// by ChipWriter) whose flag is in the store, replacing earlier rows of the
// same flag and view, in one transaction. A row is skipped (with its reason)
// when its file name is not a plain `[A-Za-z0-9_-]+.png` inside DIR, the file
// is missing or not a PNG, or the flag is not in the store.
// Throws gis::Error(input) when DIR has no readable index.csv.
[[nodiscard]] ChipPublishResult publish_chips(gis::Store& store, const std::string& chips_dir);

struct RasterPublishRequest {
  std::string file;
  std::string raster_id;  // REQUIRES: [A-Za-z0-9_-]+
  std::string name;       // DEFAULT: the file name
};

// Checks the raster (RasterSource::open: 1, 3 or 4 bands, georeferenced,
// north up), computes its footprint in the store CRS and records it in
// `rasters`, replacing a raster of the same id. Throws gis::Error(input)
// for an unusable raster, (usage) for a malformed id.
void publish_raster(gis::Store& store, const RasterPublishRequest& request);

// Whether an id or view name is safe as a key and in a URL: [A-Za-z0-9_-]+.
[[nodiscard]] bool is_plain_name(const std::string& name);

}  // namespace envgrid::imagery
