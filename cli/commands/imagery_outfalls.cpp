// envgrid imagery outfalls: plumes at river banks, matched to registered
// outfalls; every plume becomes a flag (matched: the registered outfall is
// active; unmatched: a suspected unregistered outfall).

#include <filesystem>
#include <iomanip>
#include <iostream>

#include "envgrid/gis/crs.hpp"
#include "envgrid/gis/error.hpp"
#include "envgrid/imagery/chips.hpp"
#include "envgrid/imagery/flags.hpp"
#include "envgrid/imagery/outfall_detection.hpp"
#include "envgrid/imagery/photo_raster.hpp"
#include "imagery_flags_output.hpp"
#include "registry.hpp"

namespace {

using namespace envgrid;

// Plume sources in WGS 84 for the flags' source_lon/source_lat (none in pixel space).
std::vector<std::optional<gis::LonLat>> sources_in_wgs84(const imagery::OutfallResult& result,
                                                         const imagery::RasterSource& image) {
  std::vector<std::optional<gis::LonLat>> sources(result.detections.size());
  if (image.pixel_space()) return sources;
  OGRSpatialReference srs;
  srs.importFromWkt(image.crs_wkt().c_str());
  const gis::CoordinateTransformer to_wgs84(gis::Crs::from_ogr(srs), gis::Crs::wgs84());
  for (std::size_t i = 0; i < sources.size(); ++i) {
    double x = result.detections[i].source.x, y = result.detections[i].source.y;
    if (to_wgs84.transform(x, y)) sources[i] = gis::LonLat{.lon = x, .lat = y};
  }
  return sources;
}

int run_outfalls(const cli::ParsedArgs& args) {
  const std::string image_path = args.require("--image");
  const std::string out = args.require("-o");
  const auto image = imagery::open_detection_image(image_path, args.get_double("--gsd"));
  cli::FlagsOutput output(out, args.get("--chips"), !image.pixel_space());
  imagery::OutfallOptions options;
  if (auto water = args.get("--water"))
    options.water_rings = imagery::read_polygon_rings(*water, image.crs_wkt());
  if (auto outfalls = args.get("--outfalls")) {
    options.registered =
        imagery::read_points(*outfalls, image.crs_wkt(), {"outfall_id", "id", "code", "name"});
  }
  if (auto thermal = args.get("--thermal")) {
    if (image.pixel_space()) gis::throw_usage_error("--thermal needs a georeferenced --image");
    (void)imagery::open_detection_image(*thermal);  // validated before the slow step
    options.thermal_path = *thermal;
  }
  if (auto d = args.get_double("--match-distance-m")) options.match_distance_m = *d;
  if (auto t = args.get_int("--threads")) options.threads = int(*t);

  const imagery::OutfallResult result = imagery::detect_outfalls(image, options);
  std::vector<imagery::Flag> flags;
  const auto sources = sources_in_wgs84(result, image);
  const std::string now = imagery::utc_now_iso8601();
  const std::string file = std::filesystem::path(image_path).filename().string();
  std::cout << std::fixed << std::setprecision(2);
  for (std::size_t i = 0; i < result.detections.size(); ++i) {
    const auto& d = result.detections[i];
    imagery::Flag flag;
    flag.kind = d.matched_outfall.empty() ? "unregistered_outfall" : "active_outfall";
    flag.flag_id = imagery::make_flag_id("out", flag.kind, d.ring);
    flag.score = d.score;
    flag.source = "imagery outfalls " + file + " (" + d.cue +
                  (d.matched_outfall.empty() ? ")" : "; registered " + d.matched_outfall + ")");
    flag.area_m2 = d.area_m2;
    flag.created_at = now;
    flag.ring = d.ring;
    flag.source_at = sources[i];
    std::cout << flag.flag_id << "  " << flag.kind << "  score " << d.score << "  source "
              << d.source.x << " " << d.source.y;
    if (flag.source_at)
      std::cout << std::setprecision(7) << " (lon " << flag.source_at->lon << ", lat "
                << flag.source_at->lat << ")" << std::setprecision(2);
    if (!d.matched_outfall.empty())
      std::cout << "  matches " << d.matched_outfall << " at " << d.match_distance_m << " m";
    std::cout << "\n";
    flags.push_back(std::move(flag));
  }
  for (std::size_t i = 0; i < flags.size(); ++i) {
    output.chips().write(flags[i].flag_id, "visible", image,
                         imagery::chip_window(result.detections[i].window, image.gsd_m()));
  }
  const std::string summary = output.write(flags, image.crs_wkt());
  for (const auto& id : result.registered_without_plume)
    std::cout << "registered outfall without a plume: " << id << "\n";
  std::cout << summary << "\n";
  return 0;
}

const cli::CommandRegistrar registrar({
    .path = "imagery outfalls",
    .summary = "find discharge plumes at river banks and match them to registered outfalls",
    .usage = "--image X [--thermal T] [--water SOURCE] [--outfalls SOURCE] [--chips DIR] -o "
             "OUT|PROJECT",
    .options =
        {{"--image", "", true,
          "bank imagery: GeoTIFF/COG orthomosaic, a nadir drone JPEG (placed on the ground from "
          "its EXIF/XMP), or an image with --gsd"},
         {"--thermal", "", true, "temperature raster (degrees) over the same ground, same CRS"},
         {"--water", "", true,
          "water or river polygons (buffered by 5 m); DEFAULT: found in the image"},
         {"--outfalls", "", true,
          "registered outfalls (points; id from outfall_id, id, code or name)"},
         {"--match-distance-m", "", true,
          "a plume source this close to a registered outfall matches it "
          "(DEFAULT 30)"},
         {"--gsd", "", true, "ground sample distance in metres for an image without georeference"},
         {"--threads", "", true, "worker threads (DEFAULT all cores)"},
         {"--chips", "", true,
          "folder for the review chips (DEFAULT OUT.chips; required for a PG: store)",
          /*writes=*/true},
         {"-o", "--output", true,
          "flags output: a vector file (.gpkg, .geojson, .fgb, .shp, .csv, replaced) or a "
          "project store (GeoPackage project or PG:, flags appended)"}},
    .run = run_outfalls,
});

}  // namespace
