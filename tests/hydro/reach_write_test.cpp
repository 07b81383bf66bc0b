// hydro build's reaches written through one prepared SQLite INSERT (the fast
// path) against GDAL's per-feature API (the reference, WriteOptions::
// through_ogr_features): the same GeoPackage rows (geometry blobs byte for
// byte), R-tree, gpkg_contents extent and schema, into a new file and into a
// project store rewritten twice, on a real NHDPlus network.

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <string>
#include <vector>

#include "envgrid/gis/log.hpp"
#include "envgrid/gis/store.hpp"
#include "envgrid/hydro/reach_io.hpp"
#include "test_support.hpp"

namespace {

namespace hydro = envgrid::hydro;
using envgrid::test::TempDir;

// What a user reads back: every row of these, compared across the files.
const std::vector<std::string> compared = {
    "SELECT * FROM reaches",
    "SELECT typeof(geom), typeof(velocity_m_s), typeof(length_m), typeof(strahler) FROM reaches",
    "SELECT * FROM rtree_reaches_geom",
    "SELECT table_name, data_type, identifier, description, min_x, min_y, max_x, max_y, srs_id "
    "FROM gpkg_contents",
    "SELECT * FROM gpkg_geometry_columns",
    "SELECT * FROM gpkg_extensions",
    "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'",
};

std::int64_t count(sqlite3* db, const std::string& sql) {
  sqlite3_stmt* statement = nullptr;
  EXPECT_EQ(sqlite3_prepare_v2(db, sql.c_str(), -1, &statement, nullptr), SQLITE_OK)
      << sql << ": " << sqlite3_errmsg(db);
  std::int64_t n = -1;
  if (statement && sqlite3_step(statement) == SQLITE_ROW) n = sqlite3_column_int64(statement, 0);
  sqlite3_finalize(statement);
  return n;
}

// The rows of a query as text (the first few), for a failure message.
std::string rows_text(sqlite3* db, const std::string& sql) {
  std::string text;
  sqlite3_stmt* statement = nullptr;
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &statement, nullptr) != SQLITE_OK) return text;
  for (int row = 0; row < 3 && sqlite3_step(statement) == SQLITE_ROW; ++row) {
    for (int c = 0; c < sqlite3_column_count(statement); ++c) {
      const auto* value = sqlite3_column_text(statement, c);
      if (sqlite3_column_type(statement, c) == SQLITE_FLOAT) {
        char digits[32];  // every bit of a REAL
        std::snprintf(digits, sizeof digits, "%.17g", sqlite3_column_double(statement, c));
        text += digits;
      } else {
        text += value ? reinterpret_cast<const char*>(value) : "NULL";
      }
      text += c + 1 < sqlite3_column_count(statement) ? "|" : "\n";
    }
  }
  sqlite3_finalize(statement);
  return text;
}

// For each query: the same number of rows in both files and none in one
// that is not in the other (EXCEPT compares values and bytes exactly).
void expect_same_geopackage(const std::string& fast, const std::string& reference,
                            std::vector<std::string> queries = compared) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open_v2(fast.c_str(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
  ASSERT_EQ(
      sqlite3_exec(db, ("ATTACH '" + reference + "' AS ref").c_str(), nullptr, nullptr, nullptr),
      SQLITE_OK);
  for (const std::string& query : queries) {
    std::string in_ref = query;
    for (const char* table : {"FROM reaches", "FROM rtree_reaches_geom", "FROM gpkg_contents",
                              "FROM gpkg_geometry_columns", "FROM gpkg_extensions",
                              "FROM gpkg_ogr_contents", "FROM sqlite_master"}) {
      if (const auto at = in_ref.find(table); at != std::string::npos)
        in_ref.replace(at, 5, "FROM ref.");
    }
    const std::int64_t rows = count(db, "SELECT count(*) FROM (" + query + ")");
    EXPECT_GT(rows, 0) << query;
    EXPECT_EQ(rows, count(db, "SELECT count(*) FROM (" + in_ref + ")")) << query;
    EXPECT_EQ(count(db, "SELECT count(*) FROM (" + query + " EXCEPT " + in_ref + ")"), 0)
        << query << "\nfast:\n"
        << rows_text(db, query + " EXCEPT " + in_ref) << "reference:\n"
        << rows_text(db, in_ref + " EXCEPT " + query);
    EXPECT_EQ(count(db, "SELECT count(*) FROM (" + in_ref + " EXCEPT " + query + ")"), 0) << query;
  }
  sqlite3_close(db);
}

// New Hope Creek (746 flowlines, Albers, braided) with what its rows lack:
// reaches without a line, velocities, a name in Chinese.
hydro::Network new_hope(const std::string& path, std::size_t reaches) {
  hydro::ReachSourceOptions source;
  source.id_field = "COMID";
  source.divergence_field = "Divergence";
  auto records = hydro::read_reaches(path, source).records;
  records.resize(std::min(reaches, records.size()));
  for (std::size_t i = 0; i < records.size(); i += 7) records[i].velocity_m_s = 0.1 * (i % 11);
  records[5].name = "清水河";
  hydro::BuildOptions options;
  options.topology = hydro::Topology::geometry;
  hydro::Network net = hydro::build_network(records, options);
  for (std::size_t i = 3; i < net.reaches.size(); i += 97) net.reaches[i].line.clear();
  return net;
}

std::optional<std::string> new_hope_path() {
  auto root = envgrid::test::shared_real_data();
  if (!root) return std::nullopt;
  return (*root / "hydro" / "hydroloom" / "new_hope.gpkg").string();
}

TEST(HydroReachWrite, NewGeoPackageIsTheSameAsThroughOgrFeatures) {
  const auto path = new_hope_path();
  if (!path) GTEST_SKIP() << "../shared/data/real is absent";
  envgrid::gis::set_log_level(envgrid::gis::LogLevel::error);
  const hydro::Network net = new_hope(*path, 10000);
  TempDir dir;
  hydro::write_network(net, dir.file("fast.gpkg"));
  hydro::write_network(net, dir.file("reference.gpkg"), {.through_ogr_features = true});
  // A new file has GDAL's row count too (a store has not).
  std::vector<std::string> queries = compared;
  queries.push_back("SELECT * FROM gpkg_ogr_contents");
  expect_same_geopackage(dir.file("fast.gpkg"), dir.file("reference.gpkg"), queries);
  EXPECT_EQ(hydro::load_network(dir.file("fast.gpkg")).reaches.size(), 746u);
}

TEST(HydroReachWrite, StoreRewrittenTwiceIsTheSameAsThroughOgrFeatures) {
  const auto path = new_hope_path();
  if (!path) GTEST_SKIP() << "../shared/data/real is absent";
  envgrid::gis::set_log_level(envgrid::gis::LogLevel::error);
  TempDir dir;
  // The second network is smaller: the extent GDAL keeps only grows.
  for (const std::size_t reaches : {746, 300}) {
    const hydro::Network net = new_hope(*path, reaches);
    for (const char* name : {"fast.gpkg", "reference.gpkg"}) {
      if (reaches == 746) (void)envgrid::gis::Store::create(dir.file(name));
      hydro::write_network(net, dir.file(name),
                           {.through_ogr_features = std::string(name) == "reference.gpkg"});
    }
    expect_same_geopackage(dir.file("fast.gpkg"), dir.file("reference.gpkg"));
  }
  EXPECT_EQ(hydro::load_network(dir.file("fast.gpkg")).reaches.size(), 300u);
}

}  // namespace
