// Coordinate transform speed and GCJ-02 accuracy.
//
// The same 10^6 pseudo-random points over China (lon 73..135, lat 18..54,
// fixed seed) are transformed CGCS2000 (EPSG:4490) -> CGCS2000 3-degree
// Gauss-Kruger CM 114E (EPSG:4547):
//   * as text, by `envgrid crs transform` and by PROJ's `cs2cs` (the peer),
//     both reading a file and writing 9 decimals to /dev/null;
//   * in memory, by envgrid's CoordinateTransformer and by PROJ's
//     proj_trans_generic() on the same normalized operation (the peer).
// It also times the WGS 84 -> GCJ-02 -> WGS 84 round trip and measures its
// error over a 0.05 degree lattice of China.
//
// usage: crs_bench [--quick] [path/to/envgrid]   (default: envgrid beside this program)

#include <proj.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <numbers>
#include <random>
#include <string>
#include <vector>

#include "envgrid/gis/chinese_offsets.hpp"
#include "envgrid/gis/crs.hpp"
#include "envgrid/gis/proj_handles.hpp"

namespace {

namespace fs = std::filesystem;
using envgrid::gis::LonLat;
using Clock = std::chrono::steady_clock;

// 10^6 points; --quick uses 10^5 (bench/run --quick).
std::size_t point_count = 1'000'000;

struct Points {
  std::vector<double> lon, lat;
};

Points china_points() {
  std::mt19937_64 random(20261128);
  std::uniform_real_distribution<double> lon(73.0, 135.0), lat(18.0, 54.0);
  Points p;
  for (std::size_t i = 0; i < point_count; ++i) {
    p.lon.push_back(lon(random));
    p.lat.push_back(lat(random));
  }
  return p;
}

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// Best of `runs` (the machine is shared; the best run is the least disturbed).
template <typename Work>
double points_per_s(Work work, int runs = 3) {
  double best = 0;
  for (int i = 0; i < runs; ++i) {
    const auto start = Clock::now();
    work();
    best = std::max(best, static_cast<double>(point_count) / seconds_since(start));
  }
  return best;
}

void write_points(const std::string& path, const Points& p, bool lat_first) {
  std::ofstream out(path);
  char line[96];
  for (std::size_t i = 0; i < point_count; ++i) {
    std::snprintf(line, sizeof line, "%.9f %.9f\n", lat_first ? p.lat[i] : p.lon[i],
                  lat_first ? p.lon[i] : p.lat[i]);
    out << line;
  }
}

double command_points_per_s(const std::string& command) {
  double rate = 0;
  rate = points_per_s(
      [&] {
        if (std::system(command.c_str()) != 0) {
          std::fprintf(stderr, "failed: %s\n", command.c_str());
          std::exit(1);
        }
      },
      1);
  return rate;
}

double distance_m(LonLat a, LonLat b) {
  constexpr double metres_per_degree = 6378137.0 * std::numbers::pi / 180.0;
  const double dx = (a.lon - b.lon) * std::cos(a.lat * std::numbers::pi / 180.0);
  return std::hypot(dx, a.lat - b.lat) * metres_per_degree;
}

void gcj02_accuracy_over_lattice() {
  double max_m = 0, sum_m = 0;
  long count = 0;
  for (int i = 0; i <= (135 - 73) * 20; ++i) {
    for (int j = 0; j <= (54 - 18) * 20; ++j) {
      const LonLat start{73.0 + i * 0.05, 18.0 + j * 0.05};
      const double e =
          distance_m(envgrid::gis::gcj02_to_wgs84(envgrid::gis::wgs84_to_gcj02(start)), start);
      max_m = std::max(max_m, e);
      sum_m += e;
      ++count;
    }
  }
  std::printf(
      "gcj02 round trip over %ld lattice points (0.05 deg, lon 73..135, lat 18..54): "
      "max %.3g mm, mean %.3g mm\n",
      count, max_m * 1000, sum_m / static_cast<double>(count) * 1000);
}

}  // namespace

int main(int argc, char** argv) {
  fs::path envgrid_program = fs::read_symlink("/proc/self/exe").parent_path() / "envgrid";
  for (int i = 1; i < argc; ++i) {
    if (std::string(argv[i]) == "--quick") {
      point_count = 100'000;
    } else {
      envgrid_program = argv[i];
    }
  }
  const Points points = china_points();
  const fs::path dir =
      fs::temp_directory_path() / ("envgrid-crs-bench-" + std::to_string(getpid()));
  fs::create_directories(dir);
  const std::string lon_lat_file = (dir / "lon_lat.txt").string();
  const std::string lat_lon_file = (dir / "lat_lon.txt").string();
  write_points(lon_lat_file, points, false);
  write_points(lat_lon_file, points, true);  // cs2cs follows EPSG:4490's lat/lon axis order

  // Text in, text out: envgrid crs transform vs cs2cs, same points, same CRSs.
  const double cli_rate =
      command_points_per_s("'" + envgrid_program.string() +
                           "' --quiet crs transform --s-srs EPSG:4490 --t-srs EPSG:4547 < " +
                           lon_lat_file + " > /dev/null");
  const double cs2cs_rate =
      command_points_per_s("cs2cs -f %.9f EPSG:4490 EPSG:4547 < " + lat_lon_file + " > /dev/null");

  // In memory: CoordinateTransformer vs proj_trans_generic on the operation it wraps.
  const envgrid::gis::CoordinateTransformer transformer(envgrid::gis::Crs::cgcs2000(),
                                                        envgrid::gis::Crs::parse("EPSG:4547"));
  std::vector<double> xs = points.lon, ys = points.lat;
  std::vector<char> ok(point_count);
  std::size_t failures = 0;
  // Each run starts from the original points (the copy is part of every
  // figure alike).
  const double library_rate = points_per_s([&] {
    xs = points.lon, ys = points.lat;
    failures = transformer.transform(xs, ys, ok);
  });
  const envgrid::gis::CoordinateTransformer unchecked(envgrid::gis::Crs::cgcs2000(),
                                                      envgrid::gis::Crs::parse("EPSG:4547"),
                                                      envgrid::gis::DomainCheck::proj_only);
  std::vector<double> ux = points.lon, uy = points.lat;
  std::vector<char> unchecked_ok(point_count);
  const double unchecked_rate = points_per_s([&] {
    ux = points.lon, uy = points.lat;
    (void)unchecked.transform(ux, uy, unchecked_ok);
  });
  PJ_CONTEXT* context = envgrid::gis::thread_proj_context();
  envgrid::gis::ProjPtr raw(proj_create_crs_to_crs(context, "EPSG:4490", "EPSG:4547", nullptr));
  envgrid::gis::ProjPtr normalized(proj_normalize_for_visualization(context, raw.get()));
  std::vector<double> px = points.lon, py = points.lat;
  const double proj_rate = points_per_s([&] {
    px = points.lon, py = points.lat;
    proj_trans_generic(normalized.get(), PJ_FWD, px.data(), sizeof(double), point_count, py.data(),
                       sizeof(double), point_count, nullptr, 0, 0, nullptr, 0, 0);
  });
  double max_diff_m = 0;
  for (std::size_t i = 0; i < point_count; ++i) {
    if (ok[i]) max_diff_m = std::max(max_diff_m, std::hypot(xs[i] - px[i], ys[i] - py[i]));
  }

  std::vector<LonLat> round_trip(point_count);
  const double gcj_rate = points_per_s([&] {
    for (std::size_t i = 0; i < point_count; ++i) {
      round_trip[i] = envgrid::gis::gcj02_to_wgs84(
          envgrid::gis::wgs84_to_gcj02({points.lon[i], points.lat[i]}));
    }
  });

  std::printf("points: %zu pseudo-random lon/lat in lon 73..135, lat 18..54 (seed 20261128)\n",
              point_count);
  std::printf("envgrid crs transform (text, EPSG:4490 -> EPSG:4547): %.0f points/s\n", cli_rate);
  std::printf("cs2cs -f %%.9f (text, EPSG:4490 -> EPSG:4547):        %.0f points/s\n", cs2cs_rate);
  std::printf("CoordinateTransformer (memory, with round-trip check): %.0f points/s, %zu failed\n",
              library_rate, failures);
  std::printf("CoordinateTransformer (memory, DomainCheck::proj_only): %.0f points/s\n",
              unchecked_rate);
  std::printf("proj_trans_generic (memory, same operation):           %.0f points/s\n", proj_rate);
  std::printf("largest envgrid vs PROJ difference: %.3g m\n", max_diff_m);
  std::printf("WGS84 -> GCJ02 -> WGS84 round trip (memory):           %.0f points/s\n", gcj_rate);
  gcj02_accuracy_over_lattice();
  fs::remove_all(dir);

  std::printf("bench: crs_transform_points_per_s %.0f points/s peer=%.0f ratio=%.2f\n", cli_rate,
              cs2cs_rate, cli_rate / cs2cs_rate);
  std::printf("bench: crs_transform_library_points_per_s %.0f points/s peer=%.0f ratio=%.2f\n",
              library_rate, proj_rate, library_rate / proj_rate);
  return 0;
}
