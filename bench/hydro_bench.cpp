// hydro_bench [--quick] [--no-peers] [REACHES]: builds a synthetic
// dendritic network of REACHES reaches (DEFAULT 100000; --quick 10000) from
// its lines (geometry topology: snapping, gap search, derived values), then
// traces UT from the outlet (reach 0) and from a mid-network reach draining
// about a tenth of the network. The build time is build_network on reach
// records already in memory: reading the source and writing the store
// (`envgrid hydro build` does both) are not in it. --no-peers skips the SQL
// peers (for profiling the build and the traces).
// Peers, in the same run: the same network in SQLite (from/to node columns,
// an index on to_node) and, when ENVGRID_TEST_PG is set, in PostGIS (the
// same table and index), with the same UT traces as WITH RECURSIVE queries
// (NLDI's navigation is recursive SQL of this form). Each peer run is
// measured in turn with envgrid runs of the same trace, and the ratios are
// from those paired figures (see paired_medians).
// ratio = envgrid / peer (below 1: envgrid is faster).

#include <sqlite3.h>
#include <sys/resource.h>

#include <unistd.h>
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <functional>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include "envgrid/gis/gdal_handles.hpp"
#include "envgrid/gis/log.hpp"
#include "envgrid/hydro/navigate.hpp"

namespace {

namespace hydro = envgrid::hydro;
using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// A dendritic network on a square lattice 300 m apart (a drainage density
// of about 3 km/km2, as in humid hill country): node k = (row, column) in
// row-major order, the outlet at (0, 0); each node drains to its neighbour
// above or to its left, chosen at random, so every path runs to the outlet
// and no two lines cross. Lines have a jittered middle vertex.
std::vector<hydro::ReachRecord> dendritic_network(std::size_t count) {
  std::mt19937_64 random(20260428);
  std::uniform_real_distribution<double> jitter_m(-40, 40);
  const auto side = static_cast<std::size_t>(std::ceil(std::sqrt(static_cast<double>(count))));
  constexpr double spacing_m = 300, metres_per_degree = 111'320.0;
  const double cos_lat = std::cos(30.0 * 3.14159265358979 / 180);
  auto position = [&](double row_m, double column_m) {
    return hydro::LonLat{114.0 + column_m / (metres_per_degree * cos_lat),
                         30.0 - row_m / metres_per_degree};
  };
  std::vector<hydro::ReachRecord> reaches(count);
  for (std::size_t k = 0; k < count; ++k) {
    const std::size_t row = k / side, column = k % side;
    double down_row = static_cast<double>(row), down_column = static_cast<double>(column);
    if (row == 0 && column == 0)
      down_row = -1;
    else if (row == 0)
      down_column -= 1;
    else if (column == 0)
      down_row -= 1;
    else
      (random() % 2 ? down_row : down_column) -= 1;
    auto& r = reaches[k];
    r.id = std::to_string(k);
    r.row = static_cast<std::int64_t>(k + 1);
    const double mid_row = (row + down_row) / 2 * spacing_m + jitter_m(random);
    const double mid_column = (column + down_column) / 2 * spacing_m + jitter_m(random);
    r.line = {position(row * spacing_m, column * spacing_m), position(mid_row, mid_column),
              position(down_row * spacing_m, down_column * spacing_m)};
  }
  return reaches;
}

// The UT trace of the peers: NLDI's navigation as recursive SQL, joining
// each reach to those ending at its upstream node (the index on to_node).
constexpr const char* ut_sql =
    "WITH RECURSIVE ut(id, from_node) AS ("
    " SELECT id, from_node FROM reaches WHERE id = %lld"
    " UNION SELECT r.id, r.from_node FROM reaches r JOIN ut ON r.to_node = ut.from_node)"
    " SELECT count(*) FROM ut";

std::string ut_query(std::size_t start) {
  char sql[512];
  std::snprintf(sql, sizeof sql, ut_sql, static_cast<long long>(start));
  return sql;
}

// Median wall-clock milliseconds of `repeats` runs (fewer when they have
// taken more than 20 s: the recursive SQL at 10^6 reaches takes minutes);
// the last result in *count, the median CPU milliseconds of this process in
// *cpu_ms when given (on a shared machine steadier than wall time).
double median_ms(int repeats, const std::function<long long()>& run, long long* count,
                 double* cpu_ms = nullptr) {
  std::vector<double> times_ms, cpu_times_ms;
  double total_ms = 0;
  for (int k = 0; k < repeats && total_ms < 20'000; ++k) {
    const auto start = Clock::now();
    const std::clock_t cpu_start = std::clock();
    *count = run();
    cpu_times_ms.push_back(static_cast<double>(std::clock() - cpu_start) * 1000 / CLOCKS_PER_SEC);
    times_ms.push_back(seconds_since(start) * 1000);
    total_ms += times_ms.back();
  }
  std::sort(times_ms.begin(), times_ms.end());
  std::sort(cpu_times_ms.begin(), cpu_times_ms.end());
  if (cpu_ms) *cpu_ms = cpu_times_ms[cpu_times_ms.size() / 2];
  return times_ms[times_ms.size() / 2];
}

// envgrid's and a peer's figure for one trace, measured in turns (envgrid's
// median of a few runs, then one peer run, `repeats` times; fewer when the
// peer has taken more than 20 s) so that both see the same load on a shared
// machine: ratios from figures taken minutes apart swung with the load.
struct PairedFigure {
  double envgrid_ms = 0, peer_ms = 0;
  long long envgrid_count = 0, peer_count = 0;
};

using Run = std::function<long long()>;

PairedFigure paired_medians(int repeats, const Run& envgrid_run, const Run& peer_run) {
  constexpr int envgrid_runs_per_turn = 7;
  std::vector<double> envgrid_ms, peer_ms;
  PairedFigure figure;
  double peer_total_ms = 0;
  for (int k = 0; k < repeats && peer_total_ms < 20'000; ++k) {
    envgrid_ms.push_back(median_ms(envgrid_runs_per_turn, envgrid_run, &figure.envgrid_count));
    peer_ms.push_back(median_ms(1, peer_run, &figure.peer_count));
    peer_total_ms += peer_ms.back();
  }
  std::sort(envgrid_ms.begin(), envgrid_ms.end());
  std::sort(peer_ms.begin(), peer_ms.end());
  figure.envgrid_ms = envgrid_ms[envgrid_ms.size() / 2];
  figure.peer_ms = peer_ms[peer_ms.size() / 2];
  return figure;
}

struct Starts {
  std::size_t outlet = 0;
  std::size_t mid = 0;  // drains about a tenth of the network
};

struct PeerFigures {
  double load_s = 0;
  PairedFigure outlet, mid;
};

// A UT trace by envgrid from a start, returning the reaches taken.
using EnvgridTrace = std::function<long long(std::size_t)>;

void check(int rc, sqlite3* db, const char* what) {
  if (rc != SQLITE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW) {
    throw std::runtime_error(std::string(what) + ": " + sqlite3_errmsg(db));
  }
}

PeerFigures sqlite_peer(const hydro::Network& net, const Starts& starts, int repeats,
                        const EnvgridTrace& envgrid_ut) {
  PeerFigures figures;
  sqlite3* db = nullptr;
  check(sqlite3_open(":memory:", &db), db, "open");
  const auto load_start = Clock::now();
  check(sqlite3_exec(
            db,
            "CREATE TABLE reaches(id INTEGER PRIMARY KEY, from_node INTEGER, to_node INTEGER);"
            "BEGIN;",
            nullptr, nullptr, nullptr),
        db, "create");
  sqlite3_stmt* insert = nullptr;
  check(sqlite3_prepare_v2(db, "INSERT INTO reaches VALUES (?1, ?2, ?3)", -1, &insert, nullptr), db,
        "prepare");
  for (std::size_t r = 0; r < net.reaches.size(); ++r) {
    sqlite3_bind_int64(insert, 1, static_cast<sqlite3_int64>(r));
    sqlite3_bind_int64(insert, 2, net.reaches[r].from_node);
    sqlite3_bind_int64(insert, 3, net.reaches[r].to_node);
    check(sqlite3_step(insert), db, "insert");
    sqlite3_reset(insert);
  }
  sqlite3_finalize(insert);
  check(sqlite3_exec(db, "COMMIT; CREATE INDEX reaches_to_node ON reaches(to_node);", nullptr,
                     nullptr, nullptr),
        db, "index");
  figures.load_s = seconds_since(load_start);
  auto ut = [&](std::size_t start) {
    sqlite3_stmt* statement = nullptr;
    check(sqlite3_prepare_v2(db, ut_query(start).c_str(), -1, &statement, nullptr), db, "ut");
    check(sqlite3_step(statement), db, "ut");
    const long long count = sqlite3_column_int64(statement, 0);
    sqlite3_finalize(statement);
    return count;
  };
  for (auto [start, figure] :
       {std::pair{starts.outlet, &figures.outlet}, std::pair{starts.mid, &figures.mid}}) {
    *figure = paired_medians(
        repeats, [&] { return envgrid_ut(start); }, [&] { return ut(start); });
  }
  sqlite3_close(db);
  return figures;
}

// PostGIS through GDAL's PostgreSQL driver (as the project store uses it):
// a plain table in a throw-away schema, loaded with multi-row INSERTs in one
// transaction, a btree index on to_node, ANALYZE; the same recursive query.
class PostgisPeer {
 public:
  explicit PostgisPeer(const std::string& connection)
      : db_(envgrid::gis::open_dataset(connection, GDAL_OF_VECTOR | GDAL_OF_UPDATE)),
        schema_("bench_hydro_" + std::to_string(getpid())) {
    run("CREATE SCHEMA " + schema_);
    run("SET search_path TO " + schema_ + ", public");
  }
  ~PostgisPeer() { run("DROP SCHEMA " + schema_ + " CASCADE"); }
  PostgisPeer(const PostgisPeer&) = delete;
  PostgisPeer& operator=(const PostgisPeer&) = delete;

  PeerFigures measure(const hydro::Network& net, const Starts& starts, int repeats,
                      const EnvgridTrace& envgrid_ut) {
    PeerFigures figures;
    const auto load_start = Clock::now();
    run("CREATE TABLE reaches(id bigint PRIMARY KEY, from_node bigint, to_node bigint)");
    if (db_->StartTransaction() != OGRERR_NONE) throw std::runtime_error("postgis: BEGIN");
    constexpr std::size_t rows_per_insert = 10'000;
    for (std::size_t first = 0; first < net.reaches.size(); first += rows_per_insert) {
      std::string sql = "INSERT INTO reaches VALUES ";
      for (std::size_t r = first; r < std::min(first + rows_per_insert, net.reaches.size()); ++r) {
        sql += (r == first ? "(" : ",(") + std::to_string(r) + "," +
               std::to_string(net.reaches[r].from_node) + "," +
               std::to_string(net.reaches[r].to_node) + ")";
      }
      run(sql);
    }
    if (db_->CommitTransaction() != OGRERR_NONE) throw std::runtime_error("postgis: COMMIT");
    run("CREATE INDEX reaches_to_node ON reaches(to_node)");
    run("ANALYZE reaches");
    figures.load_s = seconds_since(load_start);
    for (auto [start, figure] :
         {std::pair{starts.outlet, &figures.outlet}, std::pair{starts.mid, &figures.mid}}) {
      *figure = paired_medians(
          repeats, [&] { return envgrid_ut(start); }, [&] { return count(ut_query(start)); });
    }
    return figures;
  }

 private:
  void run(const std::string& sql) {
    OGRLayer* result = db_->ExecuteSQL(sql.c_str(), nullptr, nullptr);
    if (result) db_->ReleaseResultSet(result);
  }
  long long count(const std::string& sql) {
    OGRLayer* result = db_->ExecuteSQL(sql.c_str(), nullptr, nullptr);
    if (!result) throw std::runtime_error("postgis: " + envgrid::gis::take_last_gdal_error());
    envgrid::gis::FeaturePtr f(result->GetNextFeature());
    const long long n = f ? f->GetFieldAsInteger64(0) : -1;
    db_->ReleaseResultSet(result);
    return n;
  }

  envgrid::gis::DatasetPtr db_;
  std::string schema_;
};

// The reach whose upstream network is closest to a tenth of the total.
std::size_t mid_network_reach(const hydro::Network& net) {
  double total_m = 0;
  for (const auto& r : net.reaches) total_m = std::max(total_m, r.upstream_length_m);
  std::size_t best = 0;
  for (std::size_t r = 0; r < net.reaches.size(); ++r) {
    if (std::abs(net.reaches[r].upstream_length_m - total_m / 10) <
        std::abs(net.reaches[best].upstream_length_m - total_m / 10))
      best = r;
  }
  return best;
}

double peak_memory_mb() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) / 1024;  // Linux: kilobytes
}

bool same_counts(const char* peer, const PeerFigures& p) {
  bool same = true;
  for (const PairedFigure* f : {&p.outlet, &p.mid}) {
    if (f->envgrid_count == f->peer_count) continue;
    std::fprintf(stderr, "trace sizes differ: envgrid %lld, %s %lld\n", f->envgrid_count, peer,
                 f->peer_count);
    same = false;
  }
  return same;
}

void print_peer(const char* name, const PeerFigures& p, double build_s) {
  std::printf(
      "%-8s load + index %.3f s, WITH RECURSIVE UT: outlet %lld reaches in %.2f ms (envgrid in "
      "turn %.2f ms), mid-network %lld reaches in %.2f ms (envgrid in turn %.3f ms); envgrid is "
      "%.0f times faster from the outlet, %.0f times from mid-network (issue target: 100)\n",
      name, p.load_s, p.outlet.peer_count, p.outlet.peer_ms, p.outlet.envgrid_ms, p.mid.peer_count,
      p.mid.peer_ms, p.mid.envgrid_ms, p.outlet.peer_ms / p.outlet.envgrid_ms,
      p.mid.peer_ms / p.mid.envgrid_ms);
  for (auto [figure_name, f] : {std::pair{"hydro_ut_outlet_trace_ms", &p.outlet},
                                std::pair{"hydro_ut_mid_trace_ms", &p.mid}}) {
    std::printf("bench: %s %.3f ms peer=%.3f ratio=%.4f (%s)\n", figure_name, f->envgrid_ms,
                f->peer_ms, f->envgrid_ms / f->peer_ms, name);
  }
  std::printf(
      "bench: hydro_build_s %.3f s peer=%.3f ratio=%.3f (envgrid: build in memory; %s: load + "
      "index)\n",
      build_s, p.load_s, build_s / p.load_s, name);
}

}  // namespace

int main(int argc, char** argv) {
  std::size_t count = 100'000;
  bool peers = true;
  for (int k = 1; k < argc; ++k) {
    const std::string arg = argv[k];
    if (arg == "--no-peers")
      peers = false;
    else
      count = arg == "--quick" ? 10'000 : std::strtoull(arg.c_str(), nullptr, 10);
  }
  if (count == 0) {
    std::fprintf(stderr, "usage: hydro_bench [--quick] [REACHES]\n");
    return 2;
  }
  constexpr int repeats = 5;  // medians of 5 runs of the SQL traces
  // envgrid's traces take milliseconds: medians of more runs steady them on
  // a shared machine.
  constexpr int envgrid_repeats = 31;
  envgrid::gis::initialize_gdal();
  // The build steps' wall and CPU times go to stderr.
  envgrid::gis::set_log_level(envgrid::gis::LogLevel::debug);
  std::printf("synthetic dendritic network: %zu reaches\n", count);
  const auto records = dendritic_network(count);

  const auto build_start = Clock::now();
  const std::clock_t build_cpu_start = std::clock();
  const hydro::Network net = hydro::build_network(records);
  const double build_s = seconds_since(build_start);
  const double build_cpu_s = static_cast<double>(std::clock() - build_cpu_start) / CLOCKS_PER_SEC;
  const Starts starts{0, mid_network_reach(net)};

  long long outlet_count = 0, mid_count = 0;
  auto ut = [&](std::size_t start) {
    return static_cast<long long>(hydro::trace(net, start, {}).steps.size());
  };
  double outlet_cpu_ms = 0, mid_cpu_ms = 0;
  const double outlet_ms = median_ms(
      envgrid_repeats, [&] { return ut(starts.outlet); }, &outlet_count, &outlet_cpu_ms);
  const double mid_ms = median_ms(
      envgrid_repeats, [&] { return ut(starts.mid); }, &mid_count, &mid_cpu_ms);
  std::printf(
      "envgrid: build from reach records in memory (no source read, no store write) %.3f s "
      "wall, %.3f s CPU (outlets %zu, loops %zu, gaps %zu, peak memory %.0f MB)\n",
      build_s, build_cpu_s, net.report.outlets.size(), net.report.loops.size(),
      net.report.gaps.size(), peak_memory_mb());
  std::printf(
      "envgrid: UT outlet %lld reaches in %.2f ms (CPU %.2f ms), mid-network (reach %s) %lld "
      "reaches in %.2f ms (CPU %.2f ms); medians of %d\n",
      outlet_count, outlet_ms, outlet_cpu_ms, net.reaches[starts.mid].id.c_str(), mid_count, mid_ms,
      mid_cpu_ms, envgrid_repeats);
  // The targets as peers: a build of 10^6 reaches in 10 s, a UT
  // trace returning 10^5 reaches in 10 ms (scaled to the reaches returned).
  std::printf("bench: hydro_build_in_memory_s %.3f s peer=10.000 ratio=%.3f (target)\n", build_s,
              build_s / 10);
  std::printf("bench: hydro_build_in_memory_cpu_s %.3f s peer=10.000 ratio=%.3f (target)\n",
              build_cpu_s, build_cpu_s / 10);
  const double mid_target_ms = 10.0 * static_cast<double>(mid_count) / 100'000;
  std::printf("bench: hydro_ut_mid_trace_ms %.3f ms peer=%.3f ratio=%.3f (target)\n", mid_ms,
              mid_target_ms, mid_ms / mid_target_ms);

  if (!peers) return 0;
  bool ok = true;
  const PeerFigures sqlite = sqlite_peer(net, starts, repeats, ut);
  print_peer("sqlite", sqlite, build_s);
  ok = same_counts("sqlite", sqlite) && ok;
  if (const char* pg = std::getenv("ENVGRID_TEST_PG"); pg && *pg) {
    PostgisPeer postgis(pg);
    const PeerFigures figures = postgis.measure(net, starts, repeats, ut);
    print_peer("postgis", figures, build_s);
    ok = same_counts("postgis", figures) && ok;
  } else {
    std::printf("ENVGRID_TEST_PG unset: PostGIS peer not measured\n");
  }
  return ok ? 0 : 1;
}
