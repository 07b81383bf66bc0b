// Golden tests of `envgrid hydro build` and `envgrid hydro trace`: arguments,
// output and exit code, on a GeoJSON fixture written by the test.

#include <gtest/gtest.h>

#include <sstream>

#include "envgrid/gis/gdal_handles.hpp"
#include "test_support.hpp"

namespace {

using envgrid::test::run_envgrid;
using envgrid::test::TempDir;

// A braid: a -> (main | minor) -> d; "dup" repeats the id "a" (row 5).
const char* braid_geojson = R"({"type": "FeatureCollection", "features": [
{"type": "Feature", "properties": {"rid": "a", "div": 0},
 "geometry": {"type": "LineString", "coordinates": [[114.0, 30.003], [114.0, 30.002]]}},
{"type": "Feature", "properties": {"rid": "main", "div": 1},
 "geometry": {"type": "LineString", "coordinates": [[114.0, 30.002], [114.0, 30.001]]}},
{"type": "Feature", "properties": {"rid": "minor", "div": 2},
 "geometry": {"type": "LineString", "coordinates": [[114.0, 30.002], [114.001, 30.0015], [114.0, 30.001]]}},
{"type": "Feature", "properties": {"rid": "d", "div": 0},
 "geometry": {"type": "LineString", "coordinates": [[114.0, 30.001], [114.0, 30.0]]}}%s
]})";

std::string fixture(bool with_duplicate) {
  char text[4096];
  std::snprintf(text, sizeof text, braid_geojson,
                with_duplicate ? R"(,
{"type": "Feature", "properties": {"rid": "a", "div": 0},
 "geometry": {"type": "LineString", "coordinates": [[114.5, 30.5], [114.5, 30.4]]}})"
                               : "");
  return text;
}

std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

TEST(HydroCli, BuildThenTraceEachMode) {
  TempDir dir;
  envgrid::test::write_text(dir.file("reaches.geojson"), fixture(false));
  const auto built =
      run_envgrid({"hydro", "build", "--reaches", dir.file("reaches.geojson"), "--id-field", "rid",
                   "--divergence-field", "div", "-o", dir.file("net.gpkg")});
  ASSERT_EQ(built.exit_code, 0) << built.err;
  EXPECT_EQ(
      lines(built.out).at(0),
      "reaches 4 nodes 4 parts 1 outlets 1 headwaters 1 divergences 1 loops 0 gaps 0 problems 0");
  EXPECT_NE(built.out.find("divergence at node 2: main main, minor minor (divergence field)"),
            std::string::npos);

  auto trace = [&](const std::string& from, const std::string& mode) {
    const auto r =
        run_envgrid({"hydro", "trace", dir.file("net.gpkg"), "--from-reach", from, "--mode", mode});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return lines(r.out);
  };
  EXPECT_EQ(trace("d", "UT"), (std::vector<std::string>{"d", "main", "minor", "a"}));
  EXPECT_EQ(trace("d", "UM"), (std::vector<std::string>{"d", "main", "a"}));
  EXPECT_EQ(trace("a", "DM"), (std::vector<std::string>{"a", "main", "d"}));
  EXPECT_EQ(trace("a", "DD"), (std::vector<std::string>{"a", "main", "minor", "d"}));
}

TEST(HydroCli, TraceCsvHasTheNldiDistance) {
  TempDir dir;
  envgrid::test::write_text(dir.file("reaches.geojson"), fixture(false));
  ASSERT_EQ(run_envgrid({"hydro", "build", "--reaches", dir.file("reaches.geojson"), "--id-field",
                         "rid", "--divergence-field", "div", "-o", dir.file("net.gpkg")})
                .exit_code,
            0);
  // 0.001 degree of latitude at 30 N is 110.85 m on the WGS 84 ellipsoid.
  const auto r = run_envgrid({"hydro", "trace", dir.file("net.gpkg"), "--from-reach", "d", "--mode",
                              "UT", "--max-distance-km", "0.15", "--format", "csv"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto rows = lines(r.out);
  ASSERT_EQ(rows.size(), 4u);  // header, d, main, minor; a ends 221.7 m up
  EXPECT_EQ(rows[0], "reach_id,distance_km,travel_hours,length_m,strahler,levelpath_id,name");
  EXPECT_TRUE(rows[2].starts_with("main,0.1108")) << rows[2];
  EXPECT_TRUE(rows[3].starts_with("minor,0.1108")) << rows[3];
}

TEST(HydroCli, DuplicateIdIsReportedByRowAndTheRestIsBuilt) {
  TempDir dir;
  envgrid::test::write_text(dir.file("reaches.geojson"), fixture(true));
  const auto built = run_envgrid({"hydro", "build", "--reaches", dir.file("reaches.geojson"),
                                  "--id-field", "rid", "-o", dir.file("net.gpkg")});
  EXPECT_EQ(built.exit_code, 1);
  EXPECT_NE(
      built.out.find("problem: row 4 (reach a): duplicate reach id (first at row 0); row skipped"),
      std::string::npos)
      << built.out;
  EXPECT_EQ(lines(built.out).at(0).substr(0, 9), "reaches 4");
}

TEST(HydroCli, UsageAndInputErrors) {
  TempDir dir;
  envgrid::test::write_text(dir.file("reaches.geojson"), fixture(false));
  EXPECT_EQ(run_envgrid({"hydro", "build", "--reaches", dir.file("reaches.geojson"), "--topology",
                         "nodes", "-o", dir.file("net.gpkg")})
                .exit_code,
            2);
  ASSERT_EQ(run_envgrid({"hydro", "build", "--reaches", dir.file("reaches.geojson"), "--id-field",
                         "rid", "-o", dir.file("net.gpkg")})
                .exit_code,
            0);
  EXPECT_EQ(
      run_envgrid({"hydro", "trace", dir.file("net.gpkg"), "--from-reach", "d", "--mode", "UP"})
          .exit_code,
      2);
  const auto missing =
      run_envgrid({"hydro", "trace", dir.file("net.gpkg"), "--from-reach", "zz", "--mode", "UT"});
  EXPECT_EQ(missing.exit_code, 100);
  EXPECT_NE(missing.err.find("no reach 'zz'"), std::string::npos) << missing.err;
  EXPECT_EQ(run_envgrid({"hydro", "build", "--reaches", dir.file("reaches.geojson"), "--id-field",
                         "nope", "-o", dir.file("net2.gpkg")})
                .exit_code,
            100);
}

// Into a project store made by `envgrid init`: the reaches layer is filled in
// the store's CRS (CGCS2000), a second build replaces it, and a trace reads it.
TEST(HydroCli, BuildIntoAProjectStore) {
  TempDir dir;
  envgrid::test::write_text(dir.file("reaches.geojson"), fixture(false));
  ASSERT_EQ(run_envgrid({"init", dir.file("project.gpkg")}).exit_code, 0);
  const std::vector<std::string> build = {
      "hydro",      "build", "--reaches", dir.file("reaches.geojson"),
      "--id-field", "rid",   "-o",        dir.file("project.gpkg")};
  ASSERT_EQ(run_envgrid(build).exit_code, 0);
  const auto again = run_envgrid(build);
  ASSERT_EQ(again.exit_code, 0) << again.err;
  {
    auto store = envgrid::gis::open_dataset(dir.file("project.gpkg"), GDAL_OF_VECTOR);
    OGRLayer* reaches = store->GetLayerByName("reaches");
    ASSERT_NE(reaches, nullptr);
    EXPECT_EQ(reaches->GetFeatureCount(), 4);
    EXPECT_STREQ(reaches->GetSpatialRef()->GetAuthorityCode(nullptr), "4490");
    EXPECT_NE(store->GetLayerByName("cells"), nullptr);
    // The R-tree written packed after the bulk insert: valid, complete, and
    // its triggers back for later edits.
    auto single_text = [&](const char* sql) {
      OGRLayer* result = store->ExecuteSQL(sql, nullptr, nullptr);
      envgrid::gis::FeaturePtr row(result ? result->GetNextFeature() : nullptr);
      std::string text = row ? row->GetFieldAsString(0) : "<no result>";
      if (result) store->ReleaseResultSet(result);
      return text;
    };
    EXPECT_EQ(single_text("SELECT rtreecheck('rtree_reaches_geom')"), "ok");
    EXPECT_EQ(single_text("SELECT count(*) FROM rtree_reaches_geom"), "4");
    EXPECT_EQ(single_text("SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND "
                          "name LIKE 'rtree_reaches_geom_%'"),
              "6");
  }
  const auto ut = run_envgrid(
      {"hydro", "trace", dir.file("project.gpkg"), "--from-reach", "d", "--mode", "UT"});
  ASSERT_EQ(ut.exit_code, 0) << ut.err;
  EXPECT_EQ(lines(ut.out).size(), 4u);
}

TEST(HydroCli, NewHopeFromTheCommandLine) {
  const auto root = envgrid::test::shared_real_data();
  if (!root) GTEST_SKIP() << "../shared/data/real is absent";
  TempDir dir;
  const auto built = run_envgrid(
      {"hydro", "build", "--reaches", (*root / "hydro/hydroloom/new_hope.gpkg").string(),
       "--id-field", "COMID", "--divergence-field", "Divergence", "-o", dir.file("nh.gpkg")});
  ASSERT_EQ(built.exit_code, 0) << built.err;
  const auto ut = run_envgrid(
      {"hydro", "trace", dir.file("nh.gpkg"), "--from-reach", "8897784", "--mode", "UT"});
  ASSERT_EQ(ut.exit_code, 0) << ut.err;
  EXPECT_EQ(lines(ut.out).size(), 746u);
}

}  // namespace
