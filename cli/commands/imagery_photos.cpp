// envgrid imagery photos DIR -o OUT: drone photos -> the `photos` layer of
// footprints. Photos that cannot be located are listed on stderr with the
// reason; the others are written. Exit 1 when any photo was skipped.

#include <filesystem>
#include <string>

#include "envgrid/gis/error.hpp"
#include "envgrid/gis/log.hpp"
#include "envgrid/gis/progress.hpp"
#include "envgrid/gis/store.hpp"
#include "envgrid/imagery/photos.hpp"
#include "envgrid/imagery/photos_layer.hpp"
#include "registry.hpp"

namespace {

using envgrid::gis::ExitCode;
namespace imagery = envgrid::imagery;

imagery::PhotoOptions photo_options(const envgrid::cli::ParsedArgs& args) {
  imagery::PhotoOptions options;
  options.ground_alt_m = args.get_double("--ground-alt-m");
  if (auto limit = args.get_double("--max-off-nadir-deg")) {
    if (!(*limit > 0 && *limit < 90)) {
      envgrid::gis::throw_usage_error("--max-off-nadir-deg must be between 0 and 90");
    }
    options.footprint.max_off_nadir_deg = *limit;
  }
  return options;
}

// An existing GeoPackage or PostGIS database with envgrid's metadata table
// is a project store: photos go into its `photos` layer. Anything else is
// a vector file (replaced).
bool is_envgrid_store(const std::string& out) {
  std::error_code ignored;
  const bool existing_gpkg = std::filesystem::is_regular_file(out, ignored) &&
                             std::filesystem::path(out).extension() == ".gpkg";
  if (!existing_gpkg && !envgrid::gis::is_postgis_location(out)) return false;
  return envgrid::gis::is_store_location(out);
}

int run(const envgrid::cli::ParsedArgs& args) {
  if (args.positionals.size() != 1) {
    envgrid::gis::throw_usage_error("give one photo folder (DIR)");
  }
  const std::string& folder = args.positionals[0];
  const std::string out = args.require("--output");
  const std::string format = args.get_or("--format", "");
  const imagery::PhotoOptions options = photo_options(args);

  envgrid::gis::StepScope step("imagery photos");
  const std::vector<std::string> files = imagery::find_photo_files(folder);
  if (files.empty()) {
    envgrid::gis::throw_input_error("no JPEG photos (.jpg, .jpeg) found",
                                    {.step = envgrid::gis::current_step(), .dataset = folder});
  }
  envgrid::gis::Progress progress(files.size());
  const imagery::PhotoSurvey survey = imagery::survey_photos(
      files, options, [&progress](std::uint64_t done, std::uint64_t) { progress.set(done); });
  progress.done();
  for (const auto& photo : survey.photos) {
    for (const auto& warning : photo.warnings) {
      envgrid::gis::log_warning(photo.metadata.file + ": " + warning);
    }
  }
  for (const auto& skipped : survey.skipped) {
    envgrid::gis::log_warning(skipped.file + ": skipped: " + skipped.reason);
  }
  if (is_envgrid_store(out)) {
    envgrid::gis::Store store = envgrid::gis::Store::open(out, true);
    imagery::write_photos_to_store(store, survey);
  } else {
    imagery::write_photos_layer(survey, out, format);
  }
  envgrid::gis::log_info(std::to_string(survey.photos.size()) + " of " +
                         std::to_string(files.size()) + " photos located, " +
                         std::to_string(survey.skipped.size()) + " skipped; layer photos -> " +
                         out);
  return static_cast<int>(survey.skipped.empty() ? ExitCode::done : ExitCode::data_problems);
}

const envgrid::cli::CommandRegistrar registrar({
    .path = "imagery photos",
    .summary = "drone photos (EXIF + DJI XMP) -> footprints and GSD in a photos layer",
    .usage = "DIR -o OUT [-f FORMAT] [--ground-alt-m M] [--max-off-nadir-deg DEG]",
    .options =
        {
            {"--output", "-o", true,
             "project store (its photos layer) or output vector file (gpkg, geojson, fgb, csv, "
             "shp, PG:...)"},
            {"--format", "-f", true, "output format; DEFAULT: from OUT's extension"},
            {"--ground-alt-m", "", true,
             "take-off elevation above sea level, for photos without DJI RelativeAltitude"},
            {"--max-off-nadir-deg", "", true,
             "refuse photos with a corner ray further from straight down; DEFAULT 80"},
        },
    .run = run,
});

}  // namespace
