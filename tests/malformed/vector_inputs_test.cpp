// Damaged vector sources fed to every verb that reads one: import, grid
// assign (--cells, --sites), grid make (--boundary), hydro build (--reaches).
// Random bytes under each extension GDAL knows, GeoPackages with a damaged
// page, a missing table, truncation and flipped bits, and layers of the
// wrong geometry kind.

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>

#include "malformed_support.hpp"

namespace envgrid::test {
namespace {

// Two 0.01-degree squares in Wuhan (about 1 km), and things on them.
const std::vector<std::string> cell_wkts{
    "POLYGON((114.30 30.60,114.31 30.60,114.31 30.61,114.30 30.61,114.30 30.60))",
    "POLYGON((114.31 30.60,114.32 30.60,114.32 30.61,114.31 30.61,114.31 30.60))"};
const std::vector<std::string> point_wkts{"POINT(114.305 30.605)", "POINT(114.315 30.605)"};
const std::vector<std::string> line_wkts{"LINESTRING(114.30 30.60,114.31 30.605)",
                                         "LINESTRING(114.31 30.605,114.32 30.61)"};

class VectorInputs : public ::testing::Test {
 protected:
  void SetUp() override {
    write_gpkg(dir_.file("cells.gpkg"), wkbPolygon, cell_wkts);
    write_gpkg(dir_.file("points.gpkg"), wkbPoint, point_wkts);
    write_gpkg(dir_.file("lines.gpkg"), wkbLineString, line_wkts);
    write_bytes(dir_.file("sites.csv"), "id,lon,lat\nS1,114.305,30.605\nS2,114.315,30.605\n");
    const BoundedRun init = run_bounded({"init", store()});
    ASSERT_EQ(init.exit_code, 0) << init.err;
  }

  std::string store() const { return dir_.file("store.gpkg"); }

  // Damaged copies of `good` (a GeoPackage), and random files under every extension.
  std::vector<std::string> damaged(const std::string& good, const std::string& kind) {
    std::vector<std::string> paths;
    const std::string bytes = file_bytes(good);
    auto add = [&](const std::string& name, const std::string& content) {
      paths.push_back(dir_.file(kind + "_" + name));
      write_bytes(paths.back(), content);
      return paths.back();
    };
    for (const char* extension : {".gpkg", ".csv", ".geojson", ".fgb", ".shp"}) {
      add(std::string("random") + extension, random_bytes(16 * 1024, 3));
    }
    // A shapefile whose three parts are all noise.
    const std::string shp = add("random_set.shp", random_bytes(4096, 4));
    write_bytes(shp.substr(0, shp.size() - 4) + ".shx", random_bytes(512, 5));
    write_bytes(shp.substr(0, shp.size() - 4) + ".dbf", random_bytes(2048, 6));
    add("sqlite_header_then_noise.gpkg",
        std::string("SQLite format 3", 16) + random_bytes(8192, 8));
    add("truncated_half.gpkg", bytes.substr(0, bytes.size() / 2));
    add("truncated_header.gpkg", bytes.substr(0, 100));
    for (std::uint32_t seed = 1; seed <= 3; ++seed) {
      add("flipped_" + std::to_string(seed) + ".gpkg", bit_flipped(bytes, seed, 32, 100));
    }
    const std::size_t pages = bytes.size() / 4096;
    for (std::size_t page : {std::size_t{1}, std::size_t{2}, pages / 2, pages}) {
      const std::string path = add("damaged_page_" + std::to_string(page) + ".gpkg", bytes);
      damage_page(path, page, static_cast<std::uint32_t>(page));
    }
    const std::string dropped = add("missing_table.gpkg", bytes);
    run_sqlite(dropped, "DROP TABLE features");
    const std::string no_geometry_columns = add("missing_geometry_columns.gpkg", bytes);
    run_sqlite(no_geometry_columns, "DELETE FROM gpkg_geometry_columns");
    const std::string geojson =
        add("truncated.geojson",
            "{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\",\"geometry\":{"
            "\"type\":\"Polygon\",\"coordinates\":[[[114.3,30.6],[114.31");
    add("not_geojson.geojson", "{\"type\":\"Feature\",\"geometry\":42,\"properties\":[]}");
    add("binary_rows.csv", "id,lon,lat\n" + random_bytes(4096, 9));
    return paths;
  }

  // Runs the verb once per source, the source in place of the word SOURCE in args.
  void expect_each_refused_cleanly(const std::vector<std::string>& sources,
                                   const std::vector<std::string>& args) {
    for (const auto& source : sources) {
      std::vector<std::string> call = args;
      std::replace(call.begin(), call.end(), std::string("SOURCE"), source);
      const BoundedRun run = run_bounded(call);
      expect_clean(run, args[0] + " " + args[1] + " " + name_of(source), name_of(source));
    }
  }

  TempDir dir_;
};

TEST_F(VectorInputs, ImportRefusesEachDamagedSourceCleanly) {
  auto sources = damaged(dir_.file("points.gpkg"), "enterprises");
  sources.push_back(dir_.file("lines.gpkg"));  // the wrong geometry kind for points
  expect_each_refused_cleanly(
      sources, {"import", store(), "--layer", "enterprises", "SOURCE", "--id-field", "id"});
  auto cells = damaged(dir_.file("cells.gpkg"), "cells");
  cells.push_back(dir_.file("points.gpkg"));
  expect_each_refused_cleanly(
      cells, {"import", store(), "--layer", "cells", "SOURCE", "--id-field", "id"});
}

TEST_F(VectorInputs, GridAssignRefusesDamagedCellsAndSitesCleanly) {
  auto cells = damaged(dir_.file("cells.gpkg"), "cells");
  cells.push_back(dir_.file("points.gpkg"));
  cells.push_back(dir_.file("lines.gpkg"));
  expect_each_refused_cleanly(
      cells, {"grid", "assign", "--cells", "SOURCE", "--sites", dir_.file("sites.csv"), "--threads",
              "2", "-o", dir_.file("assigned.csv")});
  auto sites = damaged(dir_.file("points.gpkg"), "sites");
  sites.push_back(dir_.file("lines.gpkg"));
  expect_each_refused_cleanly(
      sites, {"grid", "assign", "--cells", dir_.file("cells.gpkg"), "--sites", "SOURCE",
              "--threads", "2", "-o", dir_.file("assigned.csv")});
}

TEST_F(VectorInputs, GridMakeRefusesEachDamagedBoundaryCleanly) {
  auto boundaries = damaged(dir_.file("cells.gpkg"), "boundary");
  boundaries.push_back(dir_.file("points.gpkg"));
  boundaries.push_back(dir_.file("lines.gpkg"));
  expect_each_refused_cleanly(boundaries, {"grid", "make", "--boundary", "SOURCE", "--cell-size-m",
                                           "500", "-o", dir_.file("grid.gpkg")});
}

TEST_F(VectorInputs, HydroBuildRefusesEachDamagedReachesCleanly) {
  auto reaches = damaged(dir_.file("lines.gpkg"), "reaches");
  reaches.push_back(dir_.file("points.gpkg"));
  reaches.push_back(dir_.file("cells.gpkg"));
  expect_each_refused_cleanly(
      reaches, {"hydro", "build", "--reaches", "SOURCE", "-o", dir_.file("network.gpkg")});
}

TEST_F(VectorInputs, CrsTransformSurvivesAnyStandardInput) {
  const std::vector<std::pair<std::string, std::string>> inputs{
      {"random bytes", random_bytes(256 * 1024, 12)},
      {"one 8 MB line", std::string(8 << 20, '1')},
      {"non-finite numbers", "nan nan\ninf -inf\n1e999 1\n-0x1p3 4\n"},
      {"NUL bytes", std::string("114.3\0 30.6\n", 12)}};
  for (const auto& [what, text] : inputs) {
    const BoundedRun run =
        run_bounded({"crs", "transform", "--s-srs", "GCJ02", "--t-srs", "EPSG:32650"}, text);
    expect_clean(run, "crs transform with " + what, "<stdin>");
  }
  const BoundedRun bad_crs = run_bounded(
      {"crs", "transform", "--s-srs", random_bytes(200, 13).c_str(), "--t-srs", "EPSG:4326"});
  expect_clean(bad_crs, "crs transform --s-srs <random>", "CRS");
}

}  // namespace
}  // namespace envgrid::test
