// grid assign benchmark: 10^6 random points (10^5 with --quick) into 10^4
// irregular cells (Voronoi cells of random seeds, edges densified, over
// 2 x 2 degrees around Wuhan) with envgrid::grid, against GDAL's SQLite
// dialect with SpatiaLite's ST_Intersects and the GeoPackage R-tree
// (`ogr2ogr -dialect sqlite`) on the same data in the same run, and, when
// ENVGRID_TEST_PG names a PostGIS database (bench/run starts a throw-away
// one), against PostGIS: ST_Intersects and ST_Contains joins with GiST
// indexes on both tables.
//
// What is timed:
// - core: envgrid::grid::assign_to_cells on points already in memory, the
//   cell index built beforehand (its build time is printed apart); best of
//   --repeat runs, wall and CPU time, 1 and 2 threads;
// - end to end: `envgrid grid assign --cells GPKG --sites CSV -o CSV`, file
//   to file, as a user runs it (reading, CRS handling, index, writing): the
//   median of 3 runs with the direct CSV reader and writer, and one run
//   through GDAL's CSV driver (--config ENVGRID_DIRECT_CSV NO);
// - into a store: `envgrid grid assign STORE` on a GeoPackage store holding
//   the cells and the first end-to-end points as enterprises (the store made
//   and filled through GDAL beforehand, not timed), once;
// - the SpatiaLite peer: ogr2ogr from the GeoPackage to a CSV (file to
//   file); the PostGIS peer: the join into an unlogged table, data loaded
//   and indexed beforehand (not timed).
// Child processes are timed with wait4, which also gives their CPU time and
// peak memory.
//
// Usage: grid_assign_bench [--quick] [--points N] [--cells N] [--peer-points N]
//          [--end-to-end-points N] [--repeat N] [--core-only] [--keep]
// --keep leaves the files (cells GeoPackage, sites CSV, store) in the
// directory it names, for `envgrid --verbose` runs on the same data.
// Ends with lines `bench: NAME VALUE UNIT peer=PEER ratio=R`:
//   grid_assign_points_per_s          core, 2 threads, wall    vs ogr2ogr (wall)
//   grid_assign_points_per_cpu_s      core, 2 threads, CPU     vs ogr2ogr (CPU)
//   grid_assign_end_to_end_points_per_s  CLI file to file      vs ogr2ogr (wall)
//   grid_assign_end_to_end_points_per_cpu_s  CLI, CPU time     vs ogr2ogr (CPU)
//   grid_assign_end_to_end_vs_gdal_csv_points_per_s  CLI      vs the CLI through GDAL's CSV driver
//   grid_assign_peak_memory_mb        CLI file to file         vs ogr2ogr
//   grid_assign_store_points_per_s    CLI into a store, wall   vs ogr2ogr (wall)
//   grid_assign_vs_postgis_points_per_s  core, 2 threads       vs PostGIS ST_Intersects

#include <fcntl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <random>
#include <string>
#include <vector>

#include "envgrid/gis/gdal_handles.hpp"
#include "envgrid/gis/geos_handles.hpp"
#include "envgrid/gis/log.hpp"
#include "envgrid/grid/assign.hpp"

namespace {

namespace fs = std::filesystem;
using envgrid::grid::CellIndex;
using envgrid::grid::CellInput;
using Clock = std::chrono::steady_clock;

// The area: lon 113..115, lat 29.5..31.5 (Wuhan and around).
constexpr double min_lon = 113, min_lat = 29.5, max_lon = 115, max_lat = 31.5;

struct Config {
  std::size_t points = 1'000'000;
  std::size_t cells = 10'000;
  std::size_t peer_points = 0;        // 0: all points
  std::size_t end_to_end_points = 0;  // 0: all points, at most 10^6
  std::size_t repeat = 3;             // core runs; the best counts
  bool core_only = false;             // no design check, no end to end, no peers
  bool keep = false;                  // the files stay for runs by hand
};

Config parse(int argc, char** argv) {
  Config c;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    auto next = [&] { return i + 1 < argc ? std::stoull(argv[++i]) : 0ull; };
    if (arg == "--quick") c.points = 100'000, c.cells = 1'000;
    if (arg == "--points") c.points = next();
    if (arg == "--cells") c.cells = next();
    if (arg == "--peer-points") c.peer_points = next();
    if (arg == "--end-to-end-points") c.end_to_end_points = next();
    if (arg == "--repeat") c.repeat = std::max<std::size_t>(1, next());
    if (arg == "--core-only") c.core_only = true;
    if (arg == "--keep") c.keep = true;
  }
  if (c.peer_points == 0 || c.peer_points > c.points) c.peer_points = c.points;
  if (c.end_to_end_points == 0) c.end_to_end_points = std::min<std::size_t>(c.points, 1'000'000);
  c.end_to_end_points = std::min(c.end_to_end_points, c.points);
  return c;
}

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// CPU seconds used by this process: on a machine shared with other jobs the
// wall time says more about the neighbours than about the code.
double cpu_seconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
         static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

// Resident memory now, from /proc/self/statm (pages).
double current_rss_mb() {
  std::FILE* f = std::fopen("/proc/self/statm", "r");
  unsigned long long size = 0, resident = 0;
  if (f) {
    if (std::fscanf(f, "%llu %llu", &size, &resident) != 2) resident = 0;
    std::fclose(f);
  }
  return static_cast<double>(resident) * static_cast<double>(sysconf(_SC_PAGESIZE)) / 1048576.0;
}

double peak_rss_mb(int who) {
  rusage usage{};
  getrusage(who, &usage);
  return static_cast<double>(usage.ru_maxrss) / 1024.0;
}

// Voronoi cells of random seeds, clipped to the area, edges densified so a
// cell has about 30 vertices like a digitised township cell.
std::vector<CellInput> make_cells(std::size_t count, std::mt19937_64& random) {
  auto& context = envgrid::gis::thread_geos_context();
  GEOSContextHandle_t h = context.get();
  std::uniform_real_distribution<double> lon(min_lon, max_lon), lat(min_lat, max_lat);
  std::vector<GEOSGeometry*> seeds;
  seeds.reserve(count);
  for (std::size_t i = 0; i < count; ++i) {
    seeds.push_back(GEOSGeom_createPointFromXY_r(h, lon(random), lat(random)));
  }
  auto points = envgrid::gis::geos_take(
      context, GEOSGeom_createCollection_r(h, GEOS_MULTIPOINT, seeds.data(),
                                           static_cast<unsigned>(seeds.size())));
  auto area = envgrid::gis::geos_take(
      context, GEOSGeom_createRectangle_r(h, min_lon, min_lat, max_lon, max_lat));
  auto diagram =
      envgrid::gis::geos_take(context, GEOSVoronoiDiagram_r(h, points.get(), area.get(), 0, 0));
  const double spacing = (max_lon - min_lon) / std::sqrt(static_cast<double>(count));
  std::vector<CellInput> cells;
  cells.reserve(count);
  auto* writer = GEOSWKBWriter_create_r(h);
  for (int i = 0; i < GEOSGetNumGeometries_r(h, diagram.get()); ++i) {
    auto clipped = envgrid::gis::geos_take(
        context, GEOSIntersection_r(h, GEOSGetGeometryN_r(h, diagram.get(), i), area.get()));
    auto dense = envgrid::gis::geos_take(context, GEOSDensify_r(h, clipped.get(), spacing / 8));
    std::size_t size = 0;
    unsigned char* wkb = GEOSWKBWriter_write_r(h, writer, dense.get(), &size);
    cells.push_back({"C" + std::to_string(100000 + i), i + 1, {wkb, wkb + size}, {}});
    GEOSFree_r(h, wkb);
  }
  GEOSWKBWriter_destroy_r(h, writer);
  return cells;
}

// The same cells and points in a GeoPackage for the peer.
void write_geopackage(const std::string& path, const std::vector<CellInput>& cells,
                      const std::vector<double>& xs, const std::vector<double>& ys,
                      std::size_t peer_points) {
  GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("GPKG");
  envgrid::gis::DatasetPtr dataset(driver->Create(path.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
  OGRSpatialReference wgs84;
  wgs84.importFromEPSG(4326);
  OGRLayer* cell_layer = dataset->CreateLayer("cells", &wgs84, wkbPolygon, nullptr);
  OGRFieldDefn id_field("cell_id", OFTString);
  cell_layer->CreateField(&id_field);
  dataset->StartTransaction();
  for (const auto& cell : cells) {
    envgrid::gis::FeaturePtr feature(OGRFeature::CreateFeature(cell_layer->GetLayerDefn()));
    feature->SetField(0, cell.id.c_str());
    OGRGeometry* geometry = nullptr;
    OGRGeometryFactory::createFromWkb(cell.wkb.data(), nullptr, &geometry, cell.wkb.size());
    feature->SetGeometryDirectly(geometry);
    cell_layer->CreateFeature(feature.get());
  }
  dataset->CommitTransaction();
  const char* no_index[] = {"SPATIAL_INDEX=NO", nullptr};
  OGRLayer* point_layer =
      dataset->CreateLayer("points", &wgs84, wkbPoint, const_cast<char**>(no_index));
  dataset->StartTransaction();
  for (std::size_t i = 0; i < peer_points; ++i) {
    envgrid::gis::FeaturePtr feature(OGRFeature::CreateFeature(point_layer->GetLayerDefn()));
    feature->SetGeometryDirectly(new OGRPoint(xs[i], ys[i]));
    point_layer->CreateFeature(feature.get());
  }
  dataset->CommitTransaction();
}

// What a child process cost: wall and CPU seconds (wall < 0: it failed),
// and its peak resident memory.
struct ChildRun {
  double wall_s = -1;
  double cpu_s = 0;
  double peak_mb = 0;
};

// Runs a program (no shell), its output to /dev/null.
ChildRun run_timed(const std::vector<std::string>& command) {
  std::vector<char*> argv;
  argv.reserve(command.size() + 1);
  for (const auto& arg : command) argv.push_back(const_cast<char*>(arg.c_str()));
  argv.push_back(nullptr);
  const auto start = Clock::now();
  const pid_t pid = fork();
  if (pid == 0) {
    // Quiet: envgrid names each overlap of the synthetic cells (slivers
    // where densified shared edges do not coincide to the last bit).
    const int null = open("/dev/null", O_WRONLY);
    if (null >= 0) dup2(null, STDOUT_FILENO), dup2(null, STDERR_FILENO);
    execvp(argv[0], argv.data());
    _exit(127);
  }
  int status = 0;
  rusage usage{};
  wait4(pid, &status, 0, &usage);
  ChildRun run;
  if (!WIFEXITED(status) || WEXITSTATUS(status) > 1) {  // envgrid: 1 = done, rows reported
    std::cerr << "grid_assign_bench: " << command[0] << " failed\n";
    return run;
  }
  run.wall_s = seconds_since(start);
  run.cpu_s = static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
              static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
  run.peak_mb = static_cast<double>(usage.ru_maxrss) / 1024.0;
  return run;
}

// A store (`envgrid init`, EPSG:4326) holding the cells and the first
// `count` points as enterprises E1, E2, ..., written through GDAL in one
// transaction each. False when it cannot be made.
bool write_store(const std::string& cli, const std::string& path,
                 const std::vector<CellInput>& cells, const std::vector<double>& xs,
                 const std::vector<double>& ys, std::size_t count) {
  if (run_timed({cli, "--quiet", "init", path, "--crs", "EPSG:4326"}).wall_s < 0) return false;
  envgrid::gis::DatasetPtr store(
      GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_UPDATE, nullptr, nullptr, nullptr));
  if (!store) return false;
  OGRLayer* cell_layer = store->GetLayerByName("cells");
  OGRLayer* enterprises = store->GetLayerByName("enterprises");
  if (!cell_layer || !enterprises) return false;
  store->StartTransaction();
  for (const auto& cell : cells) {
    envgrid::gis::FeaturePtr feature(OGRFeature::CreateFeature(cell_layer->GetLayerDefn()));
    feature->SetField("cell_id", cell.id.c_str());
    feature->SetField("level", "cell");
    OGRGeometry* geometry = nullptr;
    OGRGeometryFactory::createFromWkb(cell.wkb.data(), nullptr, &geometry, cell.wkb.size());
    feature->SetGeometryDirectly(OGRGeometryFactory::forceToMultiPolygon(geometry));
    if (cell_layer->CreateFeature(feature.get()) != OGRERR_NONE) return false;
  }
  store->CommitTransaction();
  store->StartTransaction();
  for (std::size_t i = 0; i < count; ++i) {
    envgrid::gis::FeaturePtr feature(OGRFeature::CreateFeature(enterprises->GetLayerDefn()));
    feature->SetField("enterprise_id", ("E" + std::to_string(i + 1)).c_str());
    feature->SetGeometryDirectly(new OGRPoint(xs[i], ys[i]));
    if (enterprises->CreateFeature(feature.get()) != OGRERR_NONE) return false;
  }
  return store->CommitTransaction() == OGRERR_NONE;
}

// `envgrid grid assign` file to file, the CSV read and written directly or
// through GDAL's CSV driver.
ChildRun run_end_to_end(const std::string& cli, const std::string& gpkg,
                        const std::string& sites_csv, const std::string& assigned, bool direct) {
  return run_timed({cli,
                    "--quiet",
                    "--config",
                    "ENVGRID_DIRECT_CSV",
                    direct ? "YES" : "NO",
                    "grid",
                    "assign",
                    "--cells",
                    gpkg,
                    "--cell-id",
                    "cell_id",
                    "--sites",
                    sites_csv,
                    "--site-id",
                    "site",
                    "--x-field",
                    "lon",
                    "--y-field",
                    "lat",
                    "--sites-srs",
                    "EPSG:4326",
                    "--threads",
                    "2",
                    "-o",
                    assigned});
}

// Runs ogr2ogr with the SpatiaLite join, GeoPackage to CSV.
ChildRun run_peer(const std::string& gpkg, const std::string& out) {
  const std::string sql =
      "SELECT p.fid AS site, c.cell_id FROM points p "
      "JOIN rtree_cells_geom r ON r.minx <= ST_X(p.geom) AND r.maxx >= ST_X(p.geom) "
      "AND r.miny <= ST_Y(p.geom) AND r.maxy >= ST_Y(p.geom) "
      "JOIN cells c ON c.fid = r.id WHERE ST_Intersects(c.geom, p.geom)";
  return run_timed({"ogr2ogr", "-f", "CSV", out, gpkg, "-dialect", "sqlite", "-sql", sql});
}

// Runs SQL on PostGIS through GDAL (statements other than SELECT go to the
// server as they are); returns the wall time in seconds.
double run_sql(GDALDataset& db, const std::string& sql) {
  const auto start = Clock::now();
  CPLErrorReset();
  OGRLayer* result = db.ExecuteSQL(sql.c_str(), nullptr, nullptr);
  if (result) db.ReleaseResultSet(result);
  if (CPLGetLastErrorType() >= CE_Failure) {
    std::cerr << "grid_assign_bench: " << sql << ": " << CPLGetLastErrorMsg() << "\n";
    return -1;
  }
  return seconds_since(start);
}

std::int64_t count_rows(GDALDataset& db, const std::string& table) {
  OGRLayer* result = db.ExecuteSQL(("SELECT count(*) FROM " + table).c_str(), nullptr, nullptr);
  std::int64_t rows = -1;
  if (result) {
    envgrid::gis::FeaturePtr feature(result->GetNextFeature());
    if (feature) rows = feature->GetFieldAsInteger64(0);
    db.ReleaseResultSet(result);
  }
  return rows;
}

// The PostGIS peer: the GeoPackage's cells and points copied into tables
// with GiST indexes and analysed (not timed), then each join written into
// an unlogged table (timed, like ogr2ogr writing its CSV). Returns the
// points per second of the ST_Intersects join (the rule closest to ours:
// edges count), 0 when it failed.
double run_postgis_peer(const std::string& connection, const std::string& gpkg,
                        std::size_t points) {
  const std::string suffix = std::to_string(getpid());
  const std::string cells = "bench_assign_cells_" + suffix, sites = "bench_assign_points_" + suffix;
  auto start = Clock::now();
  for (const auto& [layer, table] : {std::pair{"cells", cells}, std::pair{"points", sites}}) {
    if (run_timed({"ogr2ogr", "-f", "PostgreSQL", connection, gpkg, layer, "-nln", table, "-lco",
                   "GEOMETRY_NAME=geom", "-lco", "SPATIAL_INDEX=GIST"})
            .wall_s < 0)
      return 0;
  }
  envgrid::gis::DatasetPtr db =
      envgrid::gis::open_dataset(connection, GDAL_OF_VECTOR | GDAL_OF_UPDATE);
  run_sql(*db, "ANALYZE " + cells);
  run_sql(*db, "ANALYZE " + sites);
  std::printf("peer: PostGIS tables with GiST indexes loaded and analysed in %.1f s (not timed)\n",
              seconds_since(start));
  double intersects_rate = 0;
  for (const char* predicate : {"ST_Intersects", "ST_Contains"}) {
    const std::string result = "bench_assign_result_" + suffix;
    std::string join = "CREATE UNLOGGED TABLE " + result;
    join += " AS SELECT p.fid AS site, c.cell_id FROM " + sites;
    join += " p JOIN " + cells;
    join += std::string(" c ON ") + predicate + "(c.geom, p.geom)";
    const double s = run_sql(*db, join);
    const std::int64_t rows = s > 0 ? count_rows(*db, result) : -1;
    if (s > 0) run_sql(*db, "DROP TABLE " + result);
    const double rate = s > 0 ? static_cast<double>(points) / s : 0;
    std::printf(
        "peer: PostGIS %s join with GiST: %zu points in %.1f s, %.0f points/s, %lld "
        "result rows\n",
        predicate, points, s, rate, static_cast<long long>(rows));
    if (std::string(predicate) == "ST_Intersects") intersects_rate = rate;
  }
  run_sql(*db, "DROP TABLE " + cells);
  run_sql(*db, "DROP TABLE " + sites);
  return intersects_rate;
}

// The design alternative: GEOS's STRtree with prepared geometries (one
// thread), on the first `count` points; returns points per CPU-second.
double geos_strtree_rate(const std::vector<CellInput>& cells, const std::vector<double>& xs,
                         const std::vector<double>& ys, std::size_t count) {
  auto& context = envgrid::gis::thread_geos_context();
  GEOSContextHandle_t h = context.get();
  std::vector<envgrid::gis::GeosGeometryPtr> geometries;
  std::vector<envgrid::gis::GeosPreparedPtr> prepared;
  geometries.reserve(cells.size());
  prepared.reserve(cells.size());
  GEOSSTRtree* tree = GEOSSTRtree_create_r(h, 10);
  for (const auto& cell : cells) {
    geometries.push_back(envgrid::gis::geos_from_wkb(context, cell.wkb.data(), cell.wkb.size()));
  }
  // The tree's items point at the prepared geometries (no integers cast to pointers).
  for (const auto& geometry : geometries) {
    prepared.push_back(envgrid::gis::geos_prepare(context, geometry.get()));
  }
  for (std::size_t i = 0; i < geometries.size(); ++i) {
    GEOSSTRtree_insert_r(h, tree, geometries[i].get(), &prepared[i]);
  }
  struct Query {
    GEOSContextHandle_t h;
    const GEOSGeometry* point;
    std::size_t hits = 0;
  };
  const double cpu_start = cpu_seconds();
  Query query{h, nullptr};
  for (std::size_t i = 0; i < count; ++i) {
    GEOSGeometry* point = GEOSGeom_createPointFromXY_r(h, xs[i], ys[i]);
    query.point = point;
    GEOSSTRtree_query_r(
        h, tree, point,
        [](void* item, void* data) {
          auto* q = static_cast<Query*>(data);
          const auto* cell = static_cast<const envgrid::gis::GeosPreparedPtr*>(item);
          q->hits += GEOSPreparedCovers_r(q->h, cell->get(), q->point) == 1;
        },
        &query);
    GEOSGeom_destroy_r(h, point);
  }
  const double cpu_s = cpu_seconds() - cpu_start;
  GEOSSTRtree_destroy_r(h, tree);
  prepared.clear();
  return static_cast<double>(count) / cpu_s;
}

struct CoreRun {
  double wall_s = -1;
  double cpu_s = -1;
  std::array<std::size_t, envgrid::grid::match_kind_count> counts{};
  std::uint64_t digest = 0;  // of every site's match and cell, to compare runs
};

CoreRun run_core(const CellIndex& index, const std::vector<double>& xs,
                 const std::vector<double>& ys, unsigned threads) {
  const auto start = Clock::now();
  const double cpu_start = cpu_seconds();
  const auto result = envgrid::grid::assign_to_cells(index, {xs, ys, {}, {}},
                                                     {.snap_distance_m = 0, .threads = threads});
  CoreRun run{seconds_since(start), cpu_seconds() - cpu_start, result.counts,
              1469598103934665603ull};
  for (const auto& site : result.sites) {  // FNV-1a over (match, cell)
    run.digest = (run.digest ^ (static_cast<std::uint64_t>(site.match) << 32 |
                                static_cast<std::uint32_t>(site.cell))) *
                 1099511628211ull;
  }
  return run;
}

std::size_t vertices_per_cell(const std::vector<CellInput>& cells) {
  std::size_t wkb_bytes = 0;
  for (const auto& cell : cells) wkb_bytes += cell.wkb.size();
  // A polygon's WKB holds 16 bytes per vertex plus a few headers.
  return wkb_bytes / 16 / std::max<std::size_t>(cells.size(), 1);
}

// The first `count` points as an agency's CSV: site,lon,lat.
void write_sites_csv(const std::string& path, const std::vector<double>& xs,
                     const std::vector<double>& ys, std::size_t count) {
  std::FILE* f = std::fopen(path.c_str(), "w");
  if (!f) return;
  std::fputs("site,lon,lat\n", f);
  for (std::size_t i = 0; i < count; ++i) std::fprintf(f, "S%zu,%.9f,%.9f\n", i + 1, xs[i], ys[i]);
  std::fclose(f);
}

void print_bench(const char* name, double value, const char* unit, double peer) {
  std::printf("bench: %s %.0f %s peer=%.0f ratio=%.1f\n", name, value, unit, peer,
              peer > 0 ? value / peer : 0);
}

std::size_t count_lines(const std::string& path) {
  std::FILE* f = std::fopen(path.c_str(), "r");
  std::size_t lines = 0;
  for (int c; f && (c = std::fgetc(f)) != EOF;) lines += c == '\n';
  if (f) std::fclose(f);
  return lines;
}

}  // namespace

int main(int argc, char** argv) {
  std::setvbuf(stdout, nullptr, _IOLBF, 0);  // lines appear as they are measured
  envgrid::gis::initialize_gdal();
  const Config config = parse(argc, argv);
  std::mt19937_64 random(20261128);
  auto cell_inputs = make_cells(config.cells, random);
  std::vector<double> xs(config.points), ys(config.points);
  // 2 % margin around the area, so some points are outside every cell.
  std::uniform_real_distribution<double> lon(min_lon - 0.02, max_lon + 0.02);
  std::uniform_real_distribution<double> lat(min_lat - 0.02, max_lat + 0.02);
  for (std::size_t i = 0; i < config.points; ++i) xs[i] = lon(random), ys[i] = lat(random);

  auto start = Clock::now();
  const double build_cpu_start = cpu_seconds();
  const double rss_before_index_mb = current_rss_mb();
  const CellIndex index =
      CellIndex::build(cell_inputs, {.find_overlaps = false});  // Voronoi cells cannot overlap
  const double build_s = seconds_since(start), build_cpu_s = cpu_seconds() - build_cpu_start;
  std::printf(
      "cells: %zu irregular cells, about %zu vertices each, index built in %.3f s (%.3f s CPU), "
      "index with GEOS geometries %.0f MB\n",
      index.size(), vertices_per_cell(cell_inputs), build_s, build_cpu_s,
      current_rss_mb() - rss_before_index_mb);

  std::printf("core: assign_to_cells on %zu points in memory, best of %zu runs\n", config.points,
              config.repeat);
  CoreRun core_1, core_2;
  for (unsigned threads : {1u, 2u}) {
    CoreRun& best = threads == 1 ? core_1 : core_2;
    for (std::size_t r = 0; r < config.repeat; ++r) {
      const CoreRun run = run_core(index, xs, ys, threads);
      if (best.wall_s < 0 || run.wall_s < best.wall_s) best.wall_s = run.wall_s;
      if (best.cpu_s < 0 || run.cpu_s < best.cpu_s) best.cpu_s = run.cpu_s;
      best.counts = run.counts;
      best.digest = run.digest;
    }
    const auto n = static_cast<double>(config.points);
    std::printf(
        "envgrid core: %zu points, %u thread(s): %.3f s wall, %.3f s CPU: %.0f points/s wall, "
        "%.0f points per CPU-second\n",
        config.points, threads, best.wall_s, best.cpu_s, n / best.wall_s, n / best.cpu_s);
  }
  const auto& counts = core_2.counts;
  std::printf(
      "envgrid core: inside %zu, boundary %zu, ambiguous %zu, outside %zu; 1 and 2 threads %s\n",
      counts[0], counts[1], counts[2], counts[4],
      core_1.digest == core_2.digest ? "agree" : "DISAGREE");
  const double core_peak_mb = peak_rss_mb(RUSAGE_SELF);
  std::printf(
      "envgrid core: peak memory of this process so far %.0f MB (cells as WKB and GEOS "
      "geometries, index, points, results)\n",
      core_peak_mb);
  const double rate_2 = static_cast<double>(config.points) / core_2.wall_s;
  const double cpu_rate_2 = static_cast<double>(config.points) / core_2.cpu_s;
  if (config.core_only) return core_1.digest == core_2.digest ? 0 : 1;

  const std::size_t geos_points = std::min<std::size_t>(config.points, 200'000);
  std::printf(
      "design check: GEOS STRtree + prepared Covers, 1 thread, %zu points: %.0f points "
      "per CPU-second\n",
      geos_points, geos_strtree_rate(cell_inputs, xs, ys, geos_points));

  const fs::path dir =
      fs::temp_directory_path() / ("grid_assign_bench_" + std::to_string(getpid()));
  fs::create_directories(dir);
  const std::string gpkg = (dir / "bench.gpkg").string(), out = (dir / "peer.csv").string();
  start = Clock::now();
  write_geopackage(gpkg, cell_inputs, xs, ys, config.peer_points);
  const std::string sites_csv = (dir / "sites.csv").string();
  write_sites_csv(sites_csv, xs, ys, config.end_to_end_points);
  std::printf("peer: GeoPackage and sites CSV written in %.1f s (not timed)\n",
              seconds_since(start));

  ChildRun end_to_end, through_gdal;
  const fs::path cli = fs::read_symlink("/proc/self/exe").parent_path() / "envgrid";
  if (fs::exists(cli)) {
    const std::string assigned = (dir / "assigned.csv").string();
    // The direct CSV path three times (the median counts: the machine is
    // shared), and once through GDAL's CSV driver (ENVGRID_DIRECT_CSV NO).
    std::vector<ChildRun> direct_runs;
    for (int run = 0; run < 3; ++run) {
      direct_runs.push_back(run_end_to_end(cli.string(), gpkg, sites_csv, assigned, true));
      if (run == 0) through_gdal = run_end_to_end(cli.string(), gpkg, sites_csv, assigned, false);
    }
    std::sort(direct_runs.begin(), direct_runs.end(),
              [](const ChildRun& a, const ChildRun& b) { return a.wall_s < b.wall_s; });
    end_to_end = direct_runs[1];
    const auto points = static_cast<double>(config.end_to_end_points);
    std::printf(
        "envgrid end to end: grid assign, GeoPackage cells + CSV sites -> CSV, 2 threads: %zu "
        "points in %.2f s wall (median of 3; %.2f-%.2f), %.2f s CPU, %.0f points/s, %.0f points "
        "per CPU-second, %zu rows written, peak memory %.0f MB\n",
        config.end_to_end_points, end_to_end.wall_s, direct_runs.front().wall_s,
        direct_runs.back().wall_s, end_to_end.cpu_s, points / end_to_end.wall_s,
        points / end_to_end.cpu_s, count_lines(assigned) - 1, end_to_end.peak_mb);
    std::printf(
        "envgrid end to end through GDAL's CSV driver (--config ENVGRID_DIRECT_CSV NO): %.2f s "
        "wall, %.2f s CPU, %.0f points/s, peak memory %.0f MB\n",
        through_gdal.wall_s, through_gdal.cpu_s, points / through_gdal.wall_s,
        through_gdal.peak_mb);
  } else {
    std::printf("envgrid end to end: %s not built, not measured\n", cli.c_str());
  }
  ChildRun into_store;
  if (fs::exists(cli)) {
    const std::string store = (dir / "store.gpkg").string();
    start = Clock::now();
    if (write_store(cli.string(), store, cell_inputs, xs, ys, config.end_to_end_points)) {
      std::printf("store: %zu cells and %zu enterprises written in %.1f s (not timed)\n",
                  cell_inputs.size(), config.end_to_end_points, seconds_since(start));
      into_store = run_timed({cli.string(), "--quiet", "grid", "assign", store, "--threads", "2"});
      std::printf(
          "envgrid into a store: grid assign STORE (GeoPackage), 2 threads: %zu enterprises in "
          "%.2f s wall, %.2f s CPU, %.0f points/s, peak memory %.0f MB\n",
          config.end_to_end_points, into_store.wall_s, into_store.cpu_s,
          static_cast<double>(config.end_to_end_points) / into_store.wall_s, into_store.peak_mb);
    } else {
      std::printf("envgrid into a store: the store could not be made, not measured\n");
    }
  }

  const ChildRun peer = run_peer(gpkg, out);
  const auto peer_points = static_cast<double>(config.peer_points);
  const double peer_rate = peer.wall_s > 0 ? peer_points / peer.wall_s : 0;
  const double peer_cpu_rate = peer.cpu_s > 0 ? peer_points / peer.cpu_s : 0;
  std::printf(
      "peer: ogr2ogr -dialect sqlite (SpatiaLite ST_Intersects + GeoPackage R-tree), GeoPackage "
      "-> CSV: %zu points in %.1f s wall, %.1f s CPU, %.0f points/s, %zu result rows, peak "
      "memory %.0f MB\n",
      config.peer_points, peer.wall_s, peer.cpu_s, peer_rate, count_lines(out) - 1, peer.peak_mb);
  double postgis_rate = -1;
  if (const char* pg = std::getenv("ENVGRID_TEST_PG"); pg && *pg) {
    postgis_rate = run_postgis_peer(pg, gpkg, config.peer_points);
  } else {
    std::printf("ENVGRID_TEST_PG unset: the PostGIS peer is not measured\n");
  }
  if (config.keep) {
    std::printf("files kept in %s\n", dir.c_str());
  } else {
    fs::remove_all(dir);
  }
  print_bench("grid_assign_points_per_s", rate_2, "points/s", peer_rate);
  print_bench("grid_assign_points_per_cpu_s", cpu_rate_2, "points/CPU-s", peer_cpu_rate);
  if (end_to_end.wall_s > 0) {
    print_bench("grid_assign_end_to_end_points_per_s",
                static_cast<double>(config.end_to_end_points) / end_to_end.wall_s, "points/s",
                peer_rate);
    print_bench("grid_assign_end_to_end_points_per_cpu_s",
                static_cast<double>(config.end_to_end_points) / end_to_end.cpu_s, "points/CPU-s",
                peer_cpu_rate);
    print_bench("grid_assign_end_to_end_vs_gdal_csv_points_per_s",
                static_cast<double>(config.end_to_end_points) / end_to_end.wall_s, "points/s",
                static_cast<double>(config.end_to_end_points) / through_gdal.wall_s);
    print_bench("grid_assign_peak_memory_mb", end_to_end.peak_mb, "MB", peer.peak_mb);
  } else {
    print_bench("grid_assign_peak_memory_mb", core_peak_mb, "MB", peer.peak_mb);
  }
  if (into_store.wall_s > 0) {
    print_bench("grid_assign_store_points_per_s",
                static_cast<double>(config.end_to_end_points) / into_store.wall_s, "points/s",
                peer_rate);
  }
  if (postgis_rate >= 0) {
    print_bench("grid_assign_vs_postgis_points_per_s", rate_2, "points/s", postgis_rate);
  }
  return core_1.digest == core_2.digest ? 0 : 1;
}
