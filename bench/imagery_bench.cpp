// imagery changes and imagery outfalls on synthetic orthomosaics: megapixels
// per second, CPU time and peak memory of each verb, against a raw GDAL read
// of the rasters that verb reads (the floor), all in the same run.
//
// Usage: imagery_bench [--quick] [SIZE_PX=8192] [DIR]
//   The before/after pair and a river-bank image of SIZE_PX x SIZE_PX are
//   generated (strip by strip) into DIR, or a temporary folder, if missing.
//   Generated files in a temporary folder are deleted at the end; files in a
//   given DIR are kept for the next run.
//
// Each measurement runs in a child process (this program re-executed with
// `--measure WHAT SIZE_PX DIR`), so that its peak resident memory (ru_maxrss
// from wait4) is its own: a process's ru_maxrss is a high-water mark that
// would otherwise carry over from one measurement to the next.

#include <gdal_priv.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "envgrid/gis/log.hpp"
#include "envgrid/imagery/change_detection.hpp"
#include "envgrid/imagery/outfall_detection.hpp"
#include "envgrid/imagery/synthetic_imagery.hpp"

namespace imagery = envgrid::imagery;

namespace {

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// Reads every pixel of every band in strips of whole blocks, the least any
// GDAL tool must do to see the whole raster, with the block cache the verbs
// use (capped at 128 MiB unless GDAL_CACHEMAX is set: bound_gdal_block_cache
// in imagery/src/tiled_mask.hpp), so that both run under the same settings.
void raw_read(const std::string& path) {
  constexpr GIntBig verbs_block_cache_bytes = GIntBig{128} << 20;
  if (CPLGetConfigOption("GDAL_CACHEMAX", nullptr) == nullptr &&
      GDALGetCacheMax64() > verbs_block_cache_bytes)
    GDALSetCacheMax64(verbs_block_cache_bytes);
  GDALDatasetUniquePtr dataset(GDALDataset::Open(path.c_str(), GDAL_OF_RASTER));
  if (!dataset) {
    std::fprintf(stderr, "cannot open %s\n", path.c_str());
    std::exit(1);
  }
  const int w = dataset->GetRasterXSize(), h = dataset->GetRasterYSize();
  const int bands = dataset->GetRasterCount();
  int block_x = 0, block_y = 0;
  dataset->GetRasterBand(1)->GetBlockSize(&block_x, &block_y);
  std::vector<unsigned char> strip(std::size_t(w) * block_y * bands);
  for (int y = 0; y < h; y += block_y) {
    const int rows = std::min(block_y, h - y);
    if (dataset->RasterIO(GF_Read, 0, y, w, rows, strip.data(), w, rows, GDT_Byte, bands, nullptr,
                          bands, std::int64_t(w) * bands, 1, nullptr) != CE_None) {
      std::fprintf(stderr, "raw read of %s failed\n", path.c_str());
      std::exit(1);
    }
  }
}

// --- child side: one measurement, its wall time and result on stdout ---

int measure(const std::string& what, const std::string& dir) {
  envgrid::gis::set_log_level(envgrid::gis::LogLevel::warning);
  envgrid::gis::initialize_gdal();
  const auto start = std::chrono::steady_clock::now();
  std::string found;
  if (what == "raw-changes") {
    raw_read(dir + "/before.tif");
    raw_read(dir + "/after.tif");
  } else if (what == "raw-outfalls") {
    raw_read(dir + "/river.tif");
  } else if (what == "changes") {
    const auto before = imagery::RasterSource::open(dir + "/before.tif");
    const auto after = imagery::RasterSource::open(dir + "/after.tif");
    imagery::ChangeOptions options;
    options.threads = 2;
    options.mask_path = dir + "/changes_mask.tif";
    const auto result = imagery::detect_changes(before, after, options);
    found = std::to_string(result.regions.size()) + " regions";
  } else if (what == "outfalls") {
    const auto image = imagery::RasterSource::open(dir + "/river.tif");
    imagery::OutfallOptions options;
    options.threads = 2;
    options.registered =
        imagery::read_points(dir + "/outfalls.geojson", image.crs_wkt(), {"outfall_id"});
    const auto result = imagery::detect_outfalls(image, options);
    found = std::to_string(result.detections.size()) + " plumes";
  } else if (what == "generate") {
    const char* size_text = std::getenv("IMAGERY_BENCH_SIZE");  // set by the parent
    const int size_px = std::atoi(size_text ? size_text : "8192");
    imagery::write_synthetic_imagery(dir, {.seed = 42,
                                           .size_px = size_px,
                                           .gsd_m = 0.1,
                                           .river_size_px = size_px,
                                           .overviews = true});
  } else {
    std::fprintf(stderr, "unknown measurement %s\n", what.c_str());
    return 2;
  }
  std::printf("%.6f %s\n", seconds_since(start), found.c_str());
  return 0;
}

// --- parent side ---

struct Measurement {
  double wall_s = 0;  // of the work itself, timed inside the child
  double cpu_s = 0;   // user + system of the whole child
  double peak_mib = 0;
  std::string found;
};

Measurement run_child(const char* self, const std::string& what, const std::string& dir,
                      int size_px) {
  int out[2];
  if (pipe(out) != 0) std::exit(1);
  const pid_t pid = fork();
  if (pid == 0) {
    dup2(out[1], STDOUT_FILENO);
    close(out[0]);
    close(out[1]);
    setenv("IMAGERY_BENCH_SIZE", std::to_string(size_px).c_str(), 1);
    execl(self, self, "--measure", what.c_str(), dir.c_str(), nullptr);
    _exit(127);
  }
  close(out[1]);
  std::string text;
  char buffer[256];
  for (ssize_t n; (n = read(out[0], buffer, sizeof buffer)) > 0;) text.append(buffer, n);
  close(out[0]);
  int status = 0;
  rusage usage{};
  wait4(pid, &status, 0, &usage);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    std::fprintf(stderr, "imagery_bench: measurement %s failed\n", what.c_str());
    std::exit(1);
  }
  Measurement m;
  m.wall_s = std::strtod(text.c_str(), nullptr);
  const auto space = text.find(' ');
  if (space != std::string::npos) m.found = text.substr(space + 1, text.find('\n') - space - 1);
  m.cpu_s = usage.ru_utime.tv_sec + usage.ru_utime.tv_usec / 1e6 + usage.ru_stime.tv_sec +
            usage.ru_stime.tv_usec / 1e6;
  m.peak_mib = usage.ru_maxrss / 1024.0;  // kilobytes on Linux
  return m;
}

void report(const char* verb, double megapixels, const Measurement& raw, const Measurement& run) {
  const double rate = megapixels / run.wall_s, raw_rate = megapixels / raw.wall_s;
  std::printf("raw GDAL read for %s: %.2f s wall, %.2f s CPU (%.1f Mpx/s), peak RSS %.0f MiB\n",
              verb, raw.wall_s, raw.cpu_s, raw_rate, raw.peak_mib);
  std::printf(
      "imagery %s: %.2f s wall, %.2f s CPU (%.1f Mpx/s), peak RSS %.0f MiB, %s; "
      "%.2f x the raw read's time\n",
      verb, run.wall_s, run.cpu_s, rate, run.peak_mib, run.found.c_str(), run.wall_s / raw.wall_s);
  std::printf("bench: imagery_%s_mpx_per_s %.2f Mpx/s peer=%.2f ratio=%.3f\n", verb, rate, raw_rate,
              rate / raw_rate);
  std::printf("bench: imagery_%s_peak_rss_mib %.0f MiB peer=%.0f ratio=%.3f\n", verb, run.peak_mib,
              raw.peak_mib, run.peak_mib / raw.peak_mib);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc == 4 && std::strcmp(argv[1], "--measure") == 0) return measure(argv[2], argv[3]);
  std::vector<std::string> args(argv + 1, argv + argc);
  int size_px = 8192;
  if (!args.empty() && args.front() == "--quick") {
    size_px = 2048;
    args.erase(args.begin());
  }
  if (!args.empty()) size_px = std::atoi(args[0].c_str());
  const bool own_dir = args.size() < 2;
  const std::string dir = !own_dir ? args[1]
                                   : (std::filesystem::temp_directory_path() /
                                      ("envgrid-imagery-bench-" + std::to_string(size_px)))
                                         .string();
  const char* self = "/proc/self/exe";
  if (!std::filesystem::exists(dir + "/river.tif")) {
    std::printf("generating a %d x %d pair and river bank in %s ...\n", size_px, size_px,
                dir.c_str());
    std::fflush(stdout);
    const Measurement generation = run_child(self, "generate", dir, size_px);
    std::printf("generated in %.1f s (peak RSS %.0f MiB)\n", generation.wall_s,
                generation.peak_mib);
  }
  const double pair_mpx = 2.0 * size_px * double(size_px) / 1e6;
  const double river_mpx = size_px * double(size_px) / 1e6;
  std::printf("before/after %d x %d x 2 (%.0f Mpx), river bank %d x %d (%.0f Mpx), 2 threads\n",
              size_px, size_px, pair_mpx, size_px, size_px, river_mpx);
  std::fflush(stdout);
  // Each raw read right before its verb, so that both find the page cache
  // alike; each verb's figures as soon as they are known.
  const Measurement raw_changes = run_child(self, "raw-changes", dir, size_px);
  const Measurement changes = run_child(self, "changes", dir, size_px);
  report("changes", pair_mpx, raw_changes, changes);
  std::fflush(stdout);
  const Measurement raw_outfalls = run_child(self, "raw-outfalls", dir, size_px);
  const Measurement outfalls = run_child(self, "outfalls", dir, size_px);
  report("outfalls", river_mpx, raw_outfalls, outfalls);
  std::error_code ec;
  if (own_dir) {
    std::filesystem::remove_all(dir, ec);
  } else {
    std::filesystem::remove(dir + "/changes_mask.tif", ec);
  }
  return 0;
}
