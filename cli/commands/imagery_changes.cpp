// envgrid imagery changes: construction change detection between two
// orthomosaic epochs; unpermitted changes become flags.

#include <cmath>
#include <filesystem>
#include <iomanip>
#include <iostream>
#include <map>

#include "envgrid/gis/error.hpp"
#include "envgrid/imagery/change_detection.hpp"
#include "envgrid/imagery/chips.hpp"
#include "envgrid/imagery/flags.hpp"
#include "envgrid/imagery/photo_raster.hpp"
#include "imagery_flags_output.hpp"
#include "registry.hpp"

namespace {

using namespace envgrid;

std::vector<imagery::Flag> flags_of(const imagery::ChangeResult& result,
                                    const std::string& source) {
  std::vector<imagery::Flag> flags;
  const std::string now = imagery::utc_now_iso8601();
  for (const auto& region : result.regions) {
    if (region.permitted) continue;
    imagery::Flag flag;
    flag.kind = imagery::to_string(region.kind);
    flag.flag_id = imagery::make_flag_id("chg", flag.kind, region.ring);
    flag.score = region.score;
    flag.source = source;
    flag.area_m2 = region.area_m2;
    flag.created_at = now;
    flag.ring = region.ring;
    flags.push_back(std::move(flag));
  }
  return flags;
}

// Before and after chips of every flag (flags are the unpermitted regions, in order).
void write_chips(imagery::ChipWriter& chips, const imagery::ChangeResult& result,
                 const std::vector<imagery::Flag>& flags, const imagery::RasterSource& before,
                 const imagery::RasterSource& after) {
  std::size_t next = 0;
  for (const auto& region : result.regions) {
    if (region.permitted) continue;
    const auto window = imagery::chip_window(region.window, before.gsd_m());
    const imagery::PixelWindow shifted{window.x + int(std::lround(result.after_offset_px.x)),
                                       window.y + int(std::lround(result.after_offset_px.y)),
                                       window.width, window.height};
    chips.write(flags[next].flag_id, "before", before, window);
    chips.write(flags[next].flag_id, "after", after, shifted);
    ++next;
  }
}

int run_changes(const cli::ParsedArgs& args) {
  const std::string before_path = args.require("--before");
  const std::string after_path = args.require("--after");
  const std::string out = args.require("-o");
  imagery::ChangeOptions options;
  if (auto area = args.get_double("--min-area-m2")) {
    if (!(*area > 0)) gis::throw_usage_error("--min-area-m2 must be positive");
    options.min_area_m2 = *area;
  }
  if (auto threads = args.get_int("--threads")) options.threads = int(*threads);
  options.mask_path = args.get_or("--mask-out", "");
  options.model_path = args.get_or("--model", "");
  const auto gsd = args.get_double("--gsd");
  // Validate everything before the first slow step.
  // A drone frame is placed on the ground at half the working pixel when
  // finer: the verb averages down to the working pixel anyway.
  const auto before =
      imagery::open_detection_image(before_path, gsd, nullptr, options.work_gsd_m / 2);
  const auto after = imagery::open_detection_image(after_path, gsd, &before);
  cli::FlagsOutput output(out, args.get("--chips"), !before.pixel_space());
  std::vector<std::vector<cv::Point2d>> permits;
  if (auto source = args.get("--permits"))
    permits = imagery::read_polygon_rings(*source, before.crs_wkt());

  imagery::ChangeResult result = imagery::detect_changes(before, after, options);
  imagery::mark_permitted(result.regions, permits);
  const std::string source = "imagery changes " +
                             std::filesystem::path(before_path).filename().string() + " -> " +
                             std::filesystem::path(after_path).filename().string();
  auto flags = flags_of(result, source);
  write_chips(output.chips(), result, flags, before, after);
  const std::string summary = output.write(flags, before.crs_wkt());

  std::map<std::string, int> by_kind;
  int permitted = 0;
  for (const auto& r : result.regions) {
    ++by_kind[imagery::to_string(r.kind)];
    permitted += r.permitted ? 1 : 0;
  }
  std::cout << std::fixed << std::setprecision(2) << "residual shift of after: " << result.shift_x_m
            << " m east, " << result.shift_y_m << " m north (" << result.shift_x_px << ", "
            << result.shift_y_px << " px)\n";
  if (!result.registration_kept_because.empty()) {
    std::cout << "registration found (" << result.proposed_shift_x_px << ", "
              << result.proposed_shift_y_px
              << " px) not applied, the pair kept as it is: " << result.registration_kept_because
              << "\n";
  }
  if (result.affine_found) {
    std::cout << std::setprecision(3) << "affine of after: rotation " << result.affine_rotation_deg
              << " deg counter-clockwise, scale " << std::setprecision(5) << result.affine_scale
              << std::setprecision(2) << ", up to " << result.affine_departure_m
              << " m beyond the shift at the corners, fit rms " << result.affine_rms_m
              << " m against " << result.affine_shift_rms_m << " m for a shift alone ("
              << result.affine_inliers << " matched features); "
              << (result.affine_applied ? "applied" : "not needed") << "\n";
  } else {
    std::cout << "affine of after: too few matched features, shift only\n";
  }
  std::cout << "changed regions: " << result.regions.size();
  for (const auto& [kind, n] : by_kind) std::cout << ", " << kind << " " << n;
  std::cout << "; permitted " << permitted << "; seasonal vegetation dropped "
            << int(result.seasonal_regions) << "\n"
            << summary << "\n";
  return 0;
}

const cli::CommandRegistrar registrar({
    .path = "imagery changes",
    .summary =
        "detect construction changes between two orthomosaics; unpermitted ones become flags",
    .usage = "--before A --after B [--permits SOURCE] [--min-area-m2 20] [--gsd M] [--mask-out "
             "MASK] [--model FILE.onnx] [--chips DIR] -o OUT|PROJECT",
    .options = {{"--before", "", true,
                 "earlier orthomosaic (GeoTIFF/COG, drone JPEG or image with --gsd)"},
                {"--after", "", true, "later orthomosaic, same CRS and pixel size"},
                {"--permits", "", true, "vector source of permitted building footprints"},
                {"--min-area-m2", "", true,
                 "smallest change reported, in square metres (DEFAULT 20)"},
                {"--gsd", "", true,
                 "ground sample distance in metres for images without georeference"},
                {"--mask-out", "", true,
                 "write a GeoTIFF mask of the before image's size: 255 changed, 0 not"},
                {"--model", "", true,
                 "ONNX change model fused with the classical cues (docs/imagery-detection.md)"},
                {"--threads", "", true, "worker threads (DEFAULT all cores)"},
                {"--chips", "", true,
                 "folder for before/after review chips (DEFAULT OUT.chips; required for a PG: "
                 "store)",
                 /*writes=*/true},
                {"-o", "--output", true,
                 "flags output: a vector file (.gpkg, .geojson, .fgb, .shp, .csv, replaced) or a "
                 "project store (GeoPackage project or PG:, flags appended)"}},
    .run = run_changes,
});

}  // namespace
