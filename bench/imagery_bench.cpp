// imagery changes on a synthetic orthomosaic pair: megapixels per second and
// peak memory, against a raw GDAL read of both rasters (the floor) in the
// same run. Usage: imagery_bench [SIZE_PX=8192] [DIR]
// (the pair is generated into DIR, or a temporary folder, if missing).

#include <gdal_priv.h>
#include <sys/resource.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "envgrid/gis/log.hpp"
#include "envgrid/imagery/change_detection.hpp"
#include "envgrid/imagery/synthetic_imagery.hpp"

namespace imagery = envgrid::imagery;

namespace {

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

double peak_rss_mib() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss / 1024.0;  // kilobytes on Linux
}

// Reads every block of every band, the way any GDAL tool must at least.
void raw_read(const std::string& path) {
  GDALDatasetUniquePtr dataset(GDALDataset::Open(path.c_str(), GDAL_OF_RASTER));
  const int w = dataset->GetRasterXSize(), h = dataset->GetRasterYSize();
  std::vector<unsigned char> strip(std::size_t(w) * 256 * 3);
  for (int y = 0; y < h; y += 256) {
    const int rows = std::min(256, h - y);
    if (dataset->RasterIO(GF_Read, 0, y, w, rows, strip.data(), w, rows, GDT_Byte, 3, nullptr, 3,
                          std::int64_t(w) * 3, 1, nullptr) != CE_None) {
      std::fprintf(stderr, "raw read failed\n");
      std::exit(1);
    }
  }
}

}  // namespace

int main(int argc, char** argv) {
  const int size_px = argc > 1 ? std::atoi(argv[1]) : 8192;
  const std::string dir = argc > 2 ? argv[2]
                                   : (std::filesystem::temp_directory_path() /
                                      ("envgrid-imagery-bench-" + std::to_string(size_px)))
                                         .string();
  envgrid::gis::set_log_level(envgrid::gis::LogLevel::warning);
  envgrid::gis::initialize_gdal();
  if (!std::filesystem::exists(dir + "/after.tif")) {
    std::printf("generating a %d x %d pair in %s ...\n", size_px, size_px, dir.c_str());
    imagery::write_synthetic_imagery(dir, {.seed = 42, .size_px = size_px, .gsd_m = 0.1});
    // Start afresh, so that the generator's memory does not count in the peaks.
    const std::string size_text = std::to_string(size_px);
    char* again[] = {argv[0], const_cast<char*>(size_text.c_str()), const_cast<char*>(dir.c_str()),
                     nullptr};
    execv(argv[0], again);
  }
  // GDAL's block cache counts towards peak memory in both runs; keep it at 256 MiB.
  GDALSetCacheMax64(256LL << 20);
  const double megapixels = 2.0 * size_px * double(size_px) / 1e6;  // both epochs

  auto start = std::chrono::steady_clock::now();
  raw_read(dir + "/before.tif");
  raw_read(dir + "/after.tif");
  const double raw_s = seconds_since(start);
  const double raw_peak = peak_rss_mib();

  start = std::chrono::steady_clock::now();
  const auto before = imagery::RasterSource::open(dir + "/before.tif");
  const auto after = imagery::RasterSource::open(dir + "/after.tif");
  imagery::ChangeOptions options;
  const auto result = imagery::detect_changes(before, after, options);
  const double changes_s = seconds_since(start);

  const double changes_rate = megapixels / changes_s, raw_rate = megapixels / raw_s;
  std::printf("pair %d x %d x 2 (%.0f Mpx), %zu regions found\n", size_px, size_px, megapixels,
              result.regions.size());
  std::printf("raw GDAL read: %.2f s (%.1f Mpx/s), peak RSS %.0f MiB\n", raw_s, raw_rate, raw_peak);
  std::printf("imagery changes: %.2f s (%.1f Mpx/s), peak RSS %.0f MiB\n", changes_s, changes_rate,
              peak_rss_mib());
  std::printf("bench: imagery_changes_mpx_per_s %.2f Mpx/s peer=%.2f ratio=%.3f\n", changes_rate,
              raw_rate, changes_rate / raw_rate);
  std::printf("bench: imagery_changes_peak_rss_mib %.0f MiB peer=%.0f ratio=%.3f\n", peak_rss_mib(),
              raw_peak, peak_rss_mib() / raw_peak);
  return 0;
}
