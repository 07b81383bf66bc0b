// hydro_bench [REACHES]: builds a synthetic dendritic network of REACHES
// reaches (DEFAULT 100000) from its lines (geometry topology: snapping, gap
// search, derived values), then traces UT from the outlet (reach 0).
// Peer, in the same run: the same network in SQLite (from/to node columns,
// an index on to_node) and the same UT trace as a WITH RECURSIVE query.
// ratio = envgrid / peer (below 1: envgrid is faster).

#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include "envgrid/gis/hydro/navigate.hpp"

namespace {

namespace hydro = envgrid::gis::hydro;
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

void check(int rc, sqlite3* db, const char* what) {
  if (rc != SQLITE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW) {
    throw std::runtime_error(std::string(what) + ": " + sqlite3_errmsg(db));
  }
}

struct PeerFigures {
  double load_s = 0;
  double trace_ms = 0;
  long long count = 0;
};

PeerFigures sqlite_peer(const hydro::Network& net, int repeats) {
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
  sqlite3_stmt* ut = nullptr;
  check(sqlite3_prepare_v2(
            db,
            "WITH RECURSIVE ut(id, from_node) AS ("
            " SELECT id, from_node FROM reaches WHERE id = ?1"
            " UNION SELECT r.id, r.from_node FROM reaches r JOIN ut ON r.to_node = ut.from_node)"
            " SELECT count(*) FROM ut",
            -1, &ut, nullptr),
        db, "prepare ut");
  std::vector<double> times_ms;
  for (int k = 0; k < repeats; ++k) {
    const auto start = Clock::now();
    sqlite3_bind_int64(ut, 1, 0);
    check(sqlite3_step(ut), db, "ut");
    figures.count = sqlite3_column_int64(ut, 0);
    sqlite3_reset(ut);
    times_ms.push_back(seconds_since(start) * 1000);
  }
  sqlite3_finalize(ut);
  sqlite3_close(db);
  std::sort(times_ms.begin(), times_ms.end());
  figures.trace_ms = times_ms[times_ms.size() / 2];
  return figures;
}

}  // namespace

int main(int argc, char** argv) {
  const std::size_t count = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 100'000;
  constexpr int repeats = 5;  // medians of 5 runs
  std::printf("synthetic dendritic network: %zu reaches\n", count);
  const auto records = dendritic_network(count);

  const auto build_start = Clock::now();
  const hydro::Network net = hydro::build_network(records);
  const double build_s = seconds_since(build_start);

  std::vector<double> times_ms;
  std::size_t traced = 0;
  for (int k = 0; k < repeats; ++k) {
    const auto start = Clock::now();
    traced = hydro::trace(net, 0, {}).steps.size();
    times_ms.push_back(seconds_since(start) * 1000);
  }
  std::sort(times_ms.begin(), times_ms.end());
  const double trace_ms = times_ms[times_ms.size() / 2];

  const PeerFigures peer = sqlite_peer(net, repeats);
  std::printf(
      "envgrid: build from lines %.3f s (outlets %zu, loops %zu), UT from the outlet %zu reaches "
      "in %.2f ms\n",
      build_s, net.report.outlets.size(), net.report.loops.size(), traced, trace_ms);
  std::printf("sqlite:  load + index %.3f s, WITH RECURSIVE UT %lld reaches in %.2f ms\n",
              peer.load_s, peer.count, peer.trace_ms);
  if (static_cast<long long>(traced) != peer.count) {
    std::fprintf(stderr, "trace sizes differ: envgrid %zu, sqlite %lld\n", traced, peer.count);
    return 1;
  }
  std::printf("bench: hydro_ut_trace_ms %.3f ms peer=%.3f ratio=%.4f\n", trace_ms, peer.trace_ms,
              trace_ms / peer.trace_ms);
  std::printf("bench: hydro_build_s %.3f s peer=%.3f ratio=%.3f\n", build_s, peer.load_s,
              build_s / peer.load_s);
  return 0;
}
