// Import rate into the project store: a generated CSV of enterprise points
// (lon/lat in WGS 84) loaded into the enterprises layer of a GeoPackage
// store, and of a PostGIS store when ENVGRID_TEST_PG is set, against
// ogr2ogr loading the same CSV with the same CRS conversion (the peer).
//
// envgrid does more per row than the peer (checks every value, ids against
// the store and the file, the area of use, a unique index); the ratio says
// what that costs.
//
// Usage: import_bench [--quick] [ROWS]   (DEFAULT 1,000,000 rows, #18; --quick 10,000)

#include <cpl_conv.h>
#include <sys/resource.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <string>

#include "envgrid/gis/log.hpp"
#include "envgrid/gis/progress.hpp"
#include "envgrid/gis/store.hpp"
#include "envgrid/gis/store_import.hpp"

namespace {

namespace fs = std::filesystem;
using envgrid::gis::Store;

// Points spread over eastern China by a fixed linear congruential sequence,
// so every run loads the same file.
void write_source(const std::string& path, int rows) {
  std::ofstream out(path);
  out << "enterprise_id,name,lon,lat,risk_class\n";
  std::uint64_t state = 42;
  auto next_unit = [&state] {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<double>(state >> 11) / 9007199254740992.0;
  };
  const char* classes[] = {"key", "ordinary", "special"};
  char line[160];
  for (int i = 0; i < rows; ++i) {
    const double lon = 105 + 15 * next_unit(), lat = 22 + 18 * next_unit();
    std::snprintf(line, sizeof line, "E%07d,Enterprise %d,%.6f,%.6f,%s\n", i, i, lon, lat,
                  classes[i % 3]);
    out << line;
  }
}

// CPU seconds (user + system) of this process and of its waited-for children.
double cpu_seconds(int who) {
  rusage usage{};
  getrusage(who, &usage);
  auto s = [](const timeval& t) { return static_cast<double>(t.tv_sec) + t.tv_usec / 1e6; };
  return s(usage.ru_utime) + s(usage.ru_stime);
}

// Wall-clock seconds of work; prints its CPU seconds too, which are steadier
// than wall time on a shared machine (the PostgreSQL server's are not counted).
double seconds(const std::string& who, const std::function<void()>& work) {
  const double cpu_self = cpu_seconds(RUSAGE_SELF), cpu_children = cpu_seconds(RUSAGE_CHILDREN);
  const auto start = std::chrono::steady_clock::now();
  work();
  const double wall =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const double cpu =
      cpu_seconds(RUSAGE_SELF) - cpu_self + cpu_seconds(RUSAGE_CHILDREN) - cpu_children;
  std::printf("%s: %.2f s wall, %.2f s CPU\n", who.c_str(), wall, cpu);
  return wall;
}

double envgrid_rate(const std::string& store_location, const std::string& source, int rows) {
  { (void)Store::create(store_location); }
  std::uint64_t loaded = 0;
  const double s = seconds("envgrid import", [&] {
    Store store = Store::open(store_location, true);
    envgrid::gis::ImportOptions options;
    options.layer = "enterprises";
    loaded = envgrid::gis::import_into_store(store, source, options).loaded;
  });
  if (loaded != static_cast<std::uint64_t>(rows)) {
    std::cerr << "import_bench: loaded " << loaded << " of " << rows << " rows\n";
    std::exit(1);
  }
  return rows / s;
}

double ogr2ogr_rate(const std::string& format, const std::string& destination,
                    const std::string& source, int rows) {
  const std::string command = "ogr2ogr -f " + format + " '" + destination + "' '" + source +
                              "' -oo X_POSSIBLE_NAMES=lon -oo Y_POSSIBLE_NAMES=lat "
                              "-s_srs EPSG:4326 -t_srs EPSG:4490 -nln enterprises "
                              "-lco GEOMETRY_NAME=geom -lco FID=fid";
  int status = 0;
  const double s = seconds("ogr2ogr", [&] { status = std::system(command.c_str()); });
  if (status != 0) {
    std::cerr << "import_bench: peer failed: " << command << "\n";
    std::exit(1);
  }
  return rows / s;
}

void report(const std::string& name, double ours, double peer) {
  std::printf("envgrid import: %.0f rows/s, ogr2ogr: %.0f rows/s\n", ours, peer);
  std::printf("bench: %s %.0f rows/s peer=%.0f ratio=%.2f\n", name.c_str(), ours, peer,
              ours / peer);
}

void run_sql(const std::string& connection, const std::string& sql) {
  envgrid::gis::DatasetPtr db =
      envgrid::gis::open_dataset(connection, GDAL_OF_VECTOR | GDAL_OF_UPDATE);
  OGRLayer* result = db->ExecuteSQL(sql.c_str(), nullptr, nullptr);
  if (result) db->ReleaseResultSet(result);
}

void bench_postgis(const std::string& connection, const std::string& source, int rows) {
  const std::string suffix = std::to_string(getpid());
  const std::string ours = "bench_envgrid_" + suffix, peer = "bench_ogr2ogr_" + suffix;
  run_sql(connection, "CREATE SCHEMA " + ours);
  run_sql(connection, "CREATE SCHEMA " + peer);
  const double ours_rate = envgrid_rate(connection + " active_schema=" + ours, source, rows);
  const double peer_rate =
      ogr2ogr_rate("PostgreSQL", connection + " active_schema=" + peer, source, rows);
  run_sql(connection, "DROP SCHEMA " + ours + " CASCADE");
  run_sql(connection, "DROP SCHEMA " + peer + " CASCADE");
  report("import_postgis_rows_per_s", ours_rate, peer_rate);
}

}  // namespace

int main(int argc, char** argv) {
  int rows = 1000000;
  for (int i = 1; i < argc; ++i)
    rows = std::string(argv[i]) == "--quick" ? 10000 : std::atoi(argv[i]);
  envgrid::gis::initialize_gdal();
  envgrid::gis::set_log_level(envgrid::gis::LogLevel::error);
  envgrid::gis::set_progress_mode(envgrid::gis::ProgressMode::never);
  char pattern[] = "/tmp/envgrid-import-bench-XXXXXX";
  const fs::path dir = mkdtemp(pattern);
  const std::string source = (dir / "enterprises.csv").string();
  write_source(source, rows);
  std::printf("import of %d points from %s\n", rows, source.c_str());

  const double ours = envgrid_rate((dir / "store.gpkg").string(), source, rows);
  const double peer = ogr2ogr_rate("GPKG", (dir / "peer.gpkg").string(), source, rows);
  report("import_gpkg_rows_per_s", ours, peer);
  if (const char* pg = std::getenv("ENVGRID_TEST_PG"); pg && *pg) {
    bench_postgis(pg, source, rows);
  } else {
    std::printf("ENVGRID_TEST_PG unset: PostGIS import not measured\n");
  }
  fs::remove_all(dir);
  return 0;
}
