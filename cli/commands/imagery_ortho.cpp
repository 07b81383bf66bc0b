// envgrid imagery ortho PHOTO -o OUT.tif: one nadir photo warped onto flat
// ground through its footprint, as a north-up GeoTIFF (a quick look, not a
// survey-grade orthophoto: docs/imagery.md).

#include <sstream>
#include <string>

#include "envgrid/gis/crs.hpp"
#include "envgrid/gis/error.hpp"
#include "envgrid/gis/log.hpp"
#include "envgrid/gis/progress.hpp"
#include "envgrid/imagery/ortho.hpp"
#include "registry.hpp"

namespace {

namespace imagery = envgrid::imagery;

double positive(const envgrid::cli::ParsedArgs& args, const std::string& name, double fallback) {
  const auto value = args.get_double(name);
  if (!value) return fallback;
  if (!(*value > 0)) envgrid::gis::throw_usage_error(name + " must be positive");
  return *value;
}

int run(const envgrid::cli::ParsedArgs& args) {
  if (args.positionals.size() != 1) envgrid::gis::throw_usage_error("give one photo (PHOTO)");
  const std::string& photo = args.positionals[0];
  const std::string out = args.require("--output");
  imagery::OrthoOptions options;
  options.photo.ground_alt_m = args.get_double("--ground-alt-m");
  options.max_off_nadir_deg = positive(args, "--max-off-nadir-deg", options.max_off_nadir_deg);
  if (args.has("--pixel-size-m")) options.pixel_size_m = positive(args, "--pixel-size-m", 0);
  if (auto crs = args.get("--t-srs")) options.target_crs = envgrid::gis::Crs::parse(*crs);

  envgrid::gis::StepScope step("imagery ortho");
  envgrid::gis::Progress progress(1000);
  const imagery::OrthoResult result = imagery::make_quicklook_ortho(
      photo, out, options,
      [&progress](double fraction) { progress.set(static_cast<std::uint64_t>(fraction * 1000)); });
  progress.done();
  for (const auto& warning : result.photo.warnings)
    envgrid::gis::log_warning(photo + ": " + warning);
  std::ostringstream summary;
  summary.precision(3);
  summary << photo << " -> " << out << ": " << result.width_px << " x " << result.height_px
          << " px, " << result.crs_name << ", pixel "
          << options.pixel_size_m.value_or(result.photo.footprint.gsd_m) << " m";
  envgrid::gis::log_info(summary.str());
  return 0;
}

const envgrid::cli::CommandRegistrar registrar({
    .path = "imagery ortho",
    .summary = "one nadir drone photo -> quick-look north-up GeoTIFF (flat ground)",
    .usage = "PHOTO -o OUT.tif [--t-srs CRS] [--pixel-size-m M] [--max-off-nadir-deg DEG] "
             "[--ground-alt-m M]",
    .options =
        {
            {"--output", "-o", true, "output GeoTIFF"},
            {"--t-srs", "", true,
             "output CRS (EPSG:n, PROJ string, WKT), e.g. a UTM zone; DEFAULT EPSG:4326"},
            {"--pixel-size-m", "", true,
             "output pixel size on the ground; DEFAULT: the photo's GSD"},
            {"--max-off-nadir-deg", "", true,
             "refuse photos whose camera looks further from straight down; DEFAULT 10"},
            {"--ground-alt-m", "", true,
             "take-off elevation above sea level, for photos without DJI RelativeAltitude"},
        },
    .run = run,
});

}  // namespace
