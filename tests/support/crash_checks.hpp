#pragma once
// Shared by the crash-consistency tests (tests/cli, tests/viewer): the seeded
// kill schedule and the checks a store must pass after a process writing to
// it was killed with SIGKILL.
//
// ENVGRID_CRASH_KILLS sets the number of kills per scenario (DEFAULT 30) and
// ENVGRID_CRASH_SEED the seed (DEFAULT: random, printed so a failure can be
// replayed).

#include <gtest/gtest.h>
#include <sys/wait.h>

#include <chrono>
#include <cstdlib>
#include <iostream>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "envgrid/gis/gdal_handles.hpp"
#include "envgrid/gis/log.hpp"
#include "envgrid/gis/store.hpp"
#include "envgrid/gis/store_tables.hpp"

namespace envgrid::test {

// The kills of one scenario: how many, and the random moments.
class KillSchedule {
 public:
  explicit KillSchedule(const std::string& scenario, int default_kills = 30) {
    kills_ = static_cast<int>(env_int("ENVGRID_CRASH_KILLS", default_kills));
    seed_ = static_cast<unsigned>(env_int("ENVGRID_CRASH_SEED", std::random_device{}()));
    random_.seed(seed_);
    std::cout << "crash consistency " << scenario << ": " << kills_ << " kills, seed " << seed_
              << " (replay with ENVGRID_CRASH_SEED=" << seed_ << ")" << std::endl;
    ::testing::Test::RecordProperty("crash_seed", std::to_string(seed_));
  }
  [[nodiscard]] int kills() const { return kills_; }
  [[nodiscard]] unsigned seed() const { return seed_; }
  // A moment uniformly in [0, longest].
  [[nodiscard]] std::chrono::microseconds moment(std::chrono::microseconds longest) {
    std::uniform_int_distribution<long long> pick(0, longest.count());
    return std::chrono::microseconds(pick(random_));
  }
  [[nodiscard]] std::mt19937& random() { return random_; }

 private:
  static long long env_int(const char* name, long long fallback) {
    const char* text = std::getenv(name);
    return text && *text ? std::atoll(text) : fallback;
  }
  int kills_ = 0;
  unsigned seed_ = 0;
  std::mt19937 random_;
};

// The rows of an SQL query's first column, as text (the store's own dialect:
// SQLite for a GeoPackage, PostgreSQL for PostGIS).
inline std::vector<std::string> sql_column(GDALDataset& dataset, const std::string& sql) {
  (void)gis::take_last_gdal_error();
  std::vector<std::string> values;
  OGRLayer* result = dataset.ExecuteSQL(sql.c_str(), nullptr, nullptr);
  if (result) {
    for (const auto& feature : *result) values.emplace_back(feature->GetFieldAsString(0));
    dataset.ReleaseResultSet(result);
  }
  if (const std::string error = gis::take_last_gdal_error(); !error.empty()) {
    ADD_FAILURE() << sql << ": " << error;
  }
  return values;
}

inline long long sql_count(GDALDataset& dataset, const std::string& sql) {
  const auto values = sql_column(dataset, sql);
  return values.empty() ? -1 : std::atoll(values.front().c_str());
}

// What a store must show after any kill, on both backends: it opens as an
// envgrid store; on GeoPackage, SQLite's integrity_check and the R-tree
// check of every spatial layer say ok and the feature counts GDAL caches
// agree with the rows; on PostGIS, every layer's natural key is still
// backed by its unique index and holds no duplicate or empty id. Returns the
// problems found (empty when none).
inline std::vector<std::string> store_problems(const std::string& location) {
  std::vector<std::string> problems;
  try {
    gis::Store store = gis::Store::open(location, false);
    GDALDataset& dataset = gis::store_dataset(store);
    if (!store.is_postgis()) {
      for (const auto& line : sql_column(dataset, "PRAGMA integrity_check")) {
        if (line != "ok") problems.push_back("integrity_check: " + line);
      }
    }
    for (const auto& schema : gis::store_schema()) {
      const std::string& table = schema.name;
      if (!store.is_postgis() && schema.geometry_type != wkbNone) {
        for (const auto& line :
             sql_column(dataset, "SELECT rtreecheck('rtree_" + table + "_geom')")) {
          if (line != "ok") problems.push_back("rtreecheck " + table + ": " + line);
        }
      }
      const long long rows = sql_count(dataset, "SELECT COUNT(*) FROM " + table);
      // What `ogrinfo -so` shows: GDAL's cached count must not outlive a kill.
      const long long gdal_rows = gis::store_layer(store, table).GetFeatureCount(TRUE);
      if (rows != gdal_rows) {
        problems.push_back(table + ": GDAL counts " + std::to_string(gdal_rows) + " features, " +
                           std::to_string(rows) + " rows are there");
      }
      if (schema.id_field.empty()) continue;
      const std::string& id = schema.id_field;
      const long long distinct = sql_count(dataset, "SELECT COUNT(DISTINCT " + id + ") FROM " +
                                                        table + " WHERE " + id + " IS NOT NULL");
      if (distinct != rows) {
        problems.push_back(table + ": " + std::to_string(rows) + " rows but " +
                           std::to_string(distinct) + " distinct non-null " + id);
      }
      const std::string index_query =
          // The catalog tables, not pg_indexes: its pg_get_indexdef() opens
          // every index of the schema, and fails ("could not open relation")
          // on one that the killed client's backend, still rolling back,
          // drops at that moment.
          store.is_postgis()
              ? "SELECT COUNT(*) FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
                "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = "
                "current_schema() AND c.relname = '" +
                    table + "_" + id + "_key' AND i.indisunique AND i.indisvalid"
              : "SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND name = '" + table +
                    "_" + id + "_key' AND sql LIKE 'CREATE UNIQUE%'";
      if (sql_count(dataset, index_query) != 1) {
        problems.push_back(table + ": the unique index on " + id + " is gone");
      }
    }
  } catch (const std::exception& error) {
    problems.push_back(std::string("the store does not open: ") + error.what());
  }
  return problems;
}

// A short description of a wait status for messages ("exit 0", "signal 9").
inline std::string describe_status(int status) {
  if (WIFEXITED(status)) return "exit " + std::to_string(WEXITSTATUS(status));
  if (WIFSIGNALED(status)) return "signal " + std::to_string(WTERMSIG(status));
  return "status " + std::to_string(status);
}

inline void sleep_for(std::chrono::microseconds delay) { std::this_thread::sleep_for(delay); }

}  // namespace envgrid::test
