// Photos read per second: envgrid::imagery::survey_photos (exiv2 EXIF + XMP,
// completeness check, footprint) against GDAL's JPEG driver reading the same
// EXIF and XMP in the same process (GDALOpen + GetMetadata for the default
// and xml:XMP domains) — the reading gdalinfo does, without its process
// start-up. exiftool and exiv2's own CLI are not installed here.
//
// Usage: photos_bench [FOLDER] [--quick]. FOLDER DEFAULT: $ENVGRID_SHARED_DATA/drone,
// else ../shared/data/real/drone (bench/run runs from the checkout).

#include <gdal_priv.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "envgrid/gis/gdal_handles.hpp"
#include "envgrid/gis/log.hpp"
#include "envgrid/imagery/photos.hpp"

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

fs::path default_folder() {
  if (const char* env = std::getenv("ENVGRID_SHARED_DATA")) return fs::path(env) / "drone";
  return fs::path("..") / "shared" / "data" / "real" / "drone";
}

double envgrid_seconds(const std::vector<std::string>& files, int rounds, std::size_t& located) {
  const auto start = Clock::now();
  for (int r = 0; r < rounds; ++r) {
    located += envgrid::imagery::survey_photos(files, {}).photos.size();
  }
  return std::chrono::duration<double>(Clock::now() - start).count();
}

double gdal_seconds(const std::vector<std::string>& files, int rounds, std::size_t& with_gps) {
  const auto start = Clock::now();
  for (int r = 0; r < rounds; ++r) {
    for (const auto& file : files) {
      envgrid::gis::DatasetPtr jpeg(
          GDALDataset::Open(file.c_str(), GDAL_OF_RASTER | GDAL_OF_VERBOSE_ERROR));
      if (!jpeg) continue;
      char** xmp = jpeg->GetMetadata("xml:XMP");
      if (jpeg->GetMetadataItem("EXIF_GPSLatitude") && xmp && xmp[0]) ++with_gps;
    }
  }
  return std::chrono::duration<double>(Clock::now() - start).count();
}

}  // namespace

int main(int argc, char** argv) {
  fs::path folder = default_folder();
  int rounds = 30;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--quick") {
      rounds = 5;
    } else {
      folder = arg;
    }
  }
  if (!fs::is_directory(folder)) {
    std::fprintf(stderr, "photos_bench: %s absent; no figure\n", folder.string().c_str());
    return 0;
  }
  envgrid::gis::initialize_gdal();
  envgrid::gis::set_log_level(envgrid::gis::LogLevel::warning);
  const std::vector<std::string> files = envgrid::imagery::find_photo_files(folder.string());
  const double reads = static_cast<double>(files.size()) * rounds;

  // One untimed pass each so both read from the page cache.
  std::size_t located = 0, with_gps = 0;
  envgrid_seconds(files, 1, located);
  gdal_seconds(files, 1, with_gps);
  located = with_gps = 0;
  const double ours_s = envgrid_seconds(files, rounds, located);
  const double peer_s = gdal_seconds(files, rounds, with_gps);

  const double ours_rate = reads / ours_s, peer_rate = reads / peer_s;
  std::printf("%zu photos x %d rounds from %s\n", files.size(), rounds, folder.string().c_str());
  std::printf("envgrid survey_photos (exiv2, footprint): %.0f photos/s (%zu located)\n", ours_rate,
              located);
  std::printf("GDAL JPEG driver EXIF + XMP (peer):       %.0f photos/s (%zu with GPS + XMP)\n",
              peer_rate, with_gps);
  std::printf("bench: imagery_photos_per_s %.0f photos/s peer=%.0f ratio=%.2f\n", ours_rate,
              peer_rate, ours_rate / peer_rate);
  return 0;
}
