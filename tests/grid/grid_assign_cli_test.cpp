// `envgrid grid assign` end to end: files written by the test, the verb run
// as a user runs it, the output read back through GDAL.

#include <gtest/gtest.h>

#include "geodesic.hpp"

#include <cmath>
#include <filesystem>
#include <map>
#include <random>
#include <sstream>

#include "envgrid/gis/chinese_offsets.hpp"
#include "envgrid/gis/log.hpp"
#include "envgrid/gis/vector_io.hpp"
#include "test_support.hpp"

namespace envgrid {
namespace {

using test::geodesic_m;

using test::read_text;
using test::run_envgrid;
using test::TempDir;
using test::write_text;

// Cells 1 | 2 | 10 along lon 114.00-114.03, lat 30.00-30.01; 10 overlaps 2
// between 114.015 and 114.02 (see tests/grid/assign_test.cpp).
const char* const cells_geojson = R"({"type": "FeatureCollection", "features": [
{"type": "Feature", "properties": {"cell_id": "10"}, "geometry": {"type": "Polygon",
 "coordinates": [[[114.015,30],[114.03,30],[114.03,30.01],[114.015,30.01],[114.015,30]]]}},
{"type": "Feature", "properties": {"cell_id": "1"}, "geometry": {"type": "Polygon",
 "coordinates": [[[114,30],[114.01,30],[114.01,30.01],[114,30.01],[114,30]]]}},
{"type": "Feature", "properties": {"cell_id": "2"}, "geometry": {"type": "Polygon",
 "coordinates": [[[114.01,30],[114.02,30],[114.02,30.01],[114.01,30.01],[114.01,30]]]}}
]})";

// One site of every kind, a duplicated id and unusable rows (data lines 1-11).
const char* const sites_csv =
    "id,lon,lat\n"
    "a,114.005,30.005\n"      // inside 1
    "b,114.01,30.005\n"       // on the edge of 1 and 2: boundary, 1 wins
    "c,114.017,30.005\n"      // in 2 and 10: ambiguous, 2 wins
    "d,114.005,29.999\n"      // 111 m south of 1: nearest with --snap-distance-m 200
    "e,114.2,30.2\n"          // outside
    "f,,30.0\n"               // empty longitude
    "g,30.005,114.005\n"      // latitude in the longitude column
    "h,abc,30\n"              // not a number
    "a,114.025,30.005\n"      // duplicate id: still its own row; inside 10
    "i,512345.0,3323456.0\n"  // projected metres in a WGS 84 file
    "j,NaN,30\n";

struct OutputRow {
  std::string site_id, cell_id, match, other_cells;
  std::optional<double> distance_m;
};

std::string text_of(const gis::FieldValue& value) {
  if (const auto* s = std::get_if<std::string>(&value)) return *s;
  if (const auto* i = std::get_if<std::int64_t>(&value)) return std::to_string(*i);
  return "";
}

std::vector<OutputRow> read_output(const std::string& path) {
  gis::initialize_gdal();
  const auto table = gis::read_layer(path);
  std::vector<OutputRow> rows(table.size());
  const auto column = [&](const char* name) {
    const auto* c = table.column(name);
    EXPECT_TRUE(c) << name;
    return c;
  };
  const auto *site = column("site_id"), *cell = column("cell_id"), *match = column("match"),
             *others = column("other_cells"), *distance = column("distance_m");
  for (std::size_t i = 0; i < rows.size(); ++i) {
    rows[i].site_id = text_of(site->values[i]);
    rows[i].cell_id = text_of(cell->values[i]);
    rows[i].match = text_of(match->values[i]);
    rows[i].other_cells = text_of(others->values[i]);
    const std::string d = text_of(distance->values[i]);
    if (const auto* real = std::get_if<double>(&distance->values[i]))
      rows[i].distance_m = *real;
    else if (!d.empty())
      rows[i].distance_m = std::stod(d);
  }
  return rows;
}

TEST(GridAssignCli, EveryRowComesOutWithItsMatch) {
  TempDir dir;
  test::write_text(dir.file("cells.geojson"), cells_geojson);
  test::write_text(dir.file("sites.csv"), sites_csv);
  const auto run = run_envgrid({"grid", "assign", "--cells", dir.file("cells.geojson"), "--cell-id",
                                "cell_id", "--sites", dir.file("sites.csv"), "--site-id", "id",
                                "--snap-distance-m", "200", "-o", dir.file("out.csv")});
  EXPECT_EQ(run.exit_code, 1) << run.err;  // done, with data problems reported
  const auto rows = read_output(dir.file("out.csv"));
  ASSERT_EQ(rows.size(), 11u);
  const std::vector<std::array<std::string, 4>> expected = {
      {"a", "1", "inside", ""},  {"b", "1", "boundary", "2"}, {"c", "2", "ambiguous", "10"},
      {"d", "1", "nearest", ""}, {"e", "", "outside", ""},    {"f", "", "invalid", ""},
      {"g", "", "invalid", ""},  {"h", "", "invalid", ""},    {"a", "10", "inside", ""},
      {"i", "", "invalid", ""},  {"j", "", "invalid", ""},
  };
  for (std::size_t i = 0; i < rows.size(); ++i) {
    EXPECT_EQ(rows[i].site_id, expected[i][0]) << i;
    EXPECT_EQ(rows[i].cell_id, expected[i][1]) << i;
    EXPECT_EQ(rows[i].match, expected[i][2]) << i;
    EXPECT_EQ(rows[i].other_cells, expected[i][3]) << i;
  }
  EXPECT_EQ(rows[0].distance_m, 0.0);
  ASSERT_TRUE(rows[3].distance_m);
  // Tolerance 0.1 %: the local tangent plane against the geodesic, plus mm rounding.
  const double expected_m = geodesic_m(114.005, 29.999, 114.005, 30.0);
  EXPECT_NEAR(*rows[3].distance_m, expected_m, expected_m * 1e-3);
  EXPECT_FALSE(rows[4].distance_m);
  // Each unusable row is named on stderr with its reason.
  for (const char* needle :
       {"row 6 (id f): lon is empty", "row 7 (id g): longitude and latitude look swapped",
        "row 8 (id h): lon is", "row 10 (id i): coordinates",
        "projected metres declared as degrees", "row 11 (id j)"}) {
    EXPECT_NE(run.err.find(needle), std::string::npos) << needle << "\n" << run.err;
  }
}

TEST(GridAssignCli, FootprintsGoToTheLargestOverlap) {
  TempDir dir;
  test::write_text(dir.file("cells.geojson"), cells_geojson);
  test::write_text(dir.file("footprints.geojson"), R"({"type": "FeatureCollection", "features": [
{"type": "Feature", "properties": {"name": "works"}, "geometry": {"type": "Polygon",
 "coordinates": [[[114.007,30.004],[114.014,30.004],[114.014,30.006],[114.007,30.006],[114.007,30.004]]]}}
]})");
  const auto run = run_envgrid({"grid", "assign", "--cells", dir.file("cells.geojson"), "--cell-id",
                                "cell_id", "--sites", dir.file("footprints.geojson"), "--site-id",
                                "name", "-o", dir.file("out.gpkg")});
  EXPECT_EQ(run.exit_code, 1) << run.err;  // the overlap of cells 2 and 10 is reported
  const auto rows = read_output(dir.file("out.gpkg"));
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].site_id, "works");
  EXPECT_EQ(rows[0].cell_id, "2");  // 4/7 of it lies in 2, 3/7 in 1
  EXPECT_EQ(rows[0].match, "boundary");
  EXPECT_EQ(rows[0].other_cells, "1");
}

// Cells in GCJ-02 (declared WGS 84 by the file, as agencies deliver them),
// split at GCJ-02 longitude 114.01. A site at GCJ-02 longitude 114.012 lies
// west of 114.01 in WGS 84: converted, it falls in cell 2; taken as GCJ-02
// itself (--sites-srs GCJ02) it falls in cell 1.
TEST(GridAssignCli, SitesAreConvertedToTheCellsCrsBeforeTheJoin) {
  const gis::LonLat gcj{114.012, 30.005};
  const gis::LonLat wgs = gis::gcj02_to_wgs84(gcj);
  ASSERT_LT(wgs.lon, 114.01);  // the offset in Wuhan is about +0.005 degree of longitude
  TempDir dir;
  test::write_text(dir.file("cells.geojson"), cells_geojson);
  std::ostringstream csv;
  csv.precision(12);
  csv << "id,lon,lat\nplant," << wgs.lon << "," << wgs.lat << "\n";
  test::write_text(dir.file("sites.csv"), csv.str());
  const std::vector<std::string> common = {
      "grid",        "assign", "--cells", dir.file("cells.geojson"), "--cell-id", "cell_id",
      "--cells-srs", "GCJ02",  "--sites", dir.file("sites.csv")};
  auto converted = common;
  converted.insert(converted.end(), {"--sites-srs", "EPSG:4326", "-o", dir.file("a.csv")});
  ASSERT_EQ(run_envgrid(converted).exit_code, 1);  // 1: the overlap of cells 2 and 10
  EXPECT_EQ(read_output(dir.file("a.csv"))[0].cell_id, "2");
  auto as_gcj = common;
  as_gcj.insert(as_gcj.end(), {"--sites-srs", "GCJ02", "-o", dir.file("b.csv")});
  ASSERT_EQ(run_envgrid(as_gcj).exit_code, 1);
  EXPECT_EQ(read_output(dir.file("b.csv"))[0].cell_id, "1");
}

TEST(GridAssignCli, OneAndTwoThreadsWriteTheSameBytes) {
  TempDir dir;
  test::write_text(dir.file("cells.geojson"), cells_geojson);
  std::mt19937 random(3);
  std::uniform_real_distribution<double> lon(113.995, 114.035), lat(29.995, 30.015);
  std::ostringstream csv;
  csv.precision(10);
  csv << "id,lon,lat\n";
  for (int i = 0; i < 20000; ++i) {
    csv << "s" << i << ',';
    if (i % 97 == 0)
      csv << ",30\n";  // an unusable row now and then
    else
      csv << (i % 10 == 0 ? 114.01 : lon(random)) << ',' << lat(random) << '\n';
  }
  test::write_text(dir.file("sites.csv"), csv.str());
  std::string outputs[2];
  for (int threads : {1, 2}) {
    const std::string out = dir.file("out" + std::to_string(threads) + ".csv");
    const auto run =
        run_envgrid({"grid", "assign", "--cells", dir.file("cells.geojson"), "--cell-id", "cell_id",
                     "--sites", dir.file("sites.csv"), "--site-id", "id", "--snap-distance-m",
                     "300", "--threads", std::to_string(threads), "-o", out});
    ASSERT_EQ(run.exit_code, 1) << run.err;
    outputs[threads - 1] = test::read_text(out);
  }
  EXPECT_GT(outputs[0].size(), 20000u * 10);
  EXPECT_TRUE(outputs[0] == outputs[1]);
}

TEST(GridAssignCli, BadCellsAreNamedAndTheOthersUsed) {
  TempDir dir;
  test::write_text(dir.file("cells.geojson"), R"({"type": "FeatureCollection", "features": [
{"type": "Feature", "properties": {"cell_id": "A"}, "geometry": {"type": "Polygon",
 "coordinates": [[[114,30],[114.01,30],[114.01,30.01],[114,30.01],[114,30]]]}},
{"type": "Feature", "properties": {"cell_id": "bowtie"}, "geometry": {"type": "Polygon",
 "coordinates": [[[114.02,30],[114.03,30.01],[114.03,30],[114.02,30.01],[114.02,30]]]}},
{"type": "Feature", "properties": {"cell_id": "empty"}, "geometry": null},
{"type": "Feature", "properties": {"cell_id": "A"}, "geometry": {"type": "Polygon",
 "coordinates": [[[114.01,30],[114.02,30],[114.02,30.01],[114.01,30.01],[114.01,30]]]}},
{"type": "Feature", "properties": {"cell_id": "B"}, "geometry": {"type": "Polygon",
 "coordinates": [[[114.005,30],[114.015,30],[114.015,30.01],[114.005,30.01],[114.005,30]]]}}
]})");
  test::write_text(dir.file("sites.csv"), "id,lon,lat\np,114.002,30.005\nq,114.012,30.005\n");
  const auto run =
      run_envgrid({"grid", "assign", "--cells", dir.file("cells.geojson"), "--cell-id", "cell_id",
                   "--sites", dir.file("sites.csv"), "--site-id", "id", "-o", dir.file("out.csv")});
  EXPECT_EQ(run.exit_code, 1);
  for (const char* needle :
       {"row 1 (id bowtie): invalid (Self-intersection", "row 2 (id empty): no geometry",
        "row 3 (id A): duplicate cell id", "the cells overlap"}) {
    EXPECT_NE(run.err.find(needle), std::string::npos) << needle << "\n" << run.err;
  }
  const auto rows = read_output(dir.file("out.csv"));
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].cell_id, "A");
  EXPECT_EQ(rows[0].match, "inside");
  EXPECT_EQ(rows[1].cell_id, "A");  // the joined duplicate; B overlaps it there
  EXPECT_EQ(rows[1].match, "ambiguous");
  EXPECT_EQ(rows[1].other_cells, "B");
}

TEST(GridAssignCli, SitesWithoutAnyLocationAreAnInputError) {
  TempDir dir;
  test::write_text(dir.file("cells.geojson"), cells_geojson);
  test::write_text(dir.file("sites.csv"), "name,address\nplant,Wuhan\n");
  const auto run = run_envgrid({"grid", "assign", "--cells", dir.file("cells.geojson"), "--sites",
                                dir.file("sites.csv"), "-o", dir.file("out.csv")});
  EXPECT_EQ(run.exit_code, 100);
  EXPECT_NE(run.err.find("--x-field and --y-field"), std::string::npos) << run.err;
}

TEST(GridAssignCli, UsageErrorsBeforeReading) {
  TempDir dir;
  EXPECT_EQ(run_envgrid({"grid", "assign", "--sites", "x.csv", "-o", "o.csv"}).exit_code, 2);
  EXPECT_EQ(run_envgrid({"grid", "assign", "--cells", "c.gpkg", "--sites", "x.csv", "--sites-srs",
                         "NOT-A-CRS", "-o", dir.file("o.csv")})
                .exit_code,
            2);
  EXPECT_EQ(run_envgrid({"grid", "assign", "--cells", "c.gpkg", "--sites", "x.csv",
                         "--snap-distance-m", "-5", "-o", dir.file("o.csv")})
                .exit_code,
            2);
  EXPECT_EQ(run_envgrid({"grid", "assign", "--cells", dir.file("missing.gpkg"), "--sites", "x.csv",
                         "-o", dir.file("o.csv")})
                .exit_code,
            100);
}

// CSV in and CSV out: the direct CSV reader and writer give the same bytes,
// messages and exit code as the GDAL path (the direct one turned off with
// --config ENVGRID_DIRECT_CSV NO), on awkward and on malformed site files.

// Quoting, line breaks inside fields, ids that look like numbers or hold
// separators, empty, NaN and unusable coordinates, every kind of match.
const char* const awkward_sites =
    "\xEF\xBB\xBF"
    "id,name,lon,lat\r\n"
    "a,\"Wuhan, Hubei\",114.005,30.005\r\n"
    "\"b\"\"1\",\"two\r\nlines\",114.01,30.005\r\n"
    "007,x,114.017,30.005\r\n"
    "1e5,,114.005,29.999\r\n"
    "\r\n"
    "c;d,y,114.2,30.2\r\n"
    "-,z,,30.0\r\n"
    "e,z,NaN,30\r\n"
    "f,z,abc,30\r\n"
    "g,z,30.005,114.005\r\n"
    "h,z,114,30\r\n"
    "i,z,0.5,0.25\r\n"
    "\"j\nk\",z,+114.025, 30.005 \r\n"
    "l,z,512345.0,3323456.0\r\n"
    "m\r\n";

class AssignCsv : public ::testing::Test {
 protected:
  void SetUp() override { write_text(dir_.file("cells.geojson"), cells_geojson); }

  struct Outcome {
    test::RunResult run;
    std::string output;
  };

  Outcome assign(const std::string& sites, bool direct, std::vector<std::string> extra = {}) {
    const std::string out = dir_.file("assigned.csv");
    std::filesystem::remove(out);
    std::vector<std::string> args{"--config",
                                  "ENVGRID_DIRECT_CSV",
                                  direct ? "YES" : "NO",
                                  "grid",
                                  "assign",
                                  "--cells",
                                  dir_.file("cells.geojson"),
                                  "--cell-id",
                                  "cell_id",
                                  "--sites",
                                  sites,
                                  "--threads",
                                  "2",
                                  "-o",
                                  out};
    args.insert(args.end(), extra.begin(), extra.end());
    Outcome outcome{run_envgrid(args), ""};
    if (std::filesystem::exists(out)) outcome.output = read_text(out);
    return outcome;
  }

  // Both paths: same exit code, stdout, stderr and output bytes.
  void expect_same(const std::string& sites, const std::vector<std::string>& extra = {}) {
    const Outcome gdal = assign(sites, false, extra);
    const Outcome direct = assign(sites, true, extra);
    EXPECT_EQ(gdal.run.exit_code, direct.run.exit_code) << sites;
    EXPECT_EQ(gdal.run.out, direct.run.out) << sites;
    EXPECT_EQ(gdal.run.err, direct.run.err) << sites;
    EXPECT_EQ(gdal.output, direct.output) << sites;
  }

  TempDir dir_;
};

TEST_F(AssignCsv, AwkwardSitesGiveTheSameBytesAsGdal) {
  const std::string sites = dir_.file("sites.csv");
  write_text(sites, awkward_sites);
  const Outcome direct = assign(sites, true, {"--site-id", "id", "--snap-distance-m", "200"});
  ASSERT_EQ(direct.run.exit_code, 1) << direct.run.err;  // unusable rows
  // The rows a user checks: quoted ids, the line break kept, every match kind.
  EXPECT_NE(direct.output.find("\"b\"\"1\""), std::string::npos) << direct.output;
  EXPECT_NE(direct.output.find("\"j\nk\""), std::string::npos) << direct.output;
  EXPECT_NE(direct.output.find(",\"007\",\"2\",ambiguous,\"10\",0\n"), std::string::npos)
      << direct.output;
  EXPECT_NE(direct.output.find("\"c;d\",,outside"), std::string::npos) << direct.output;
  EXPECT_NE(direct.run.err.find("row 14 (id m): lon is empty; lat is empty"), std::string::npos)
      << direct.run.err;
  expect_same(sites, {"--site-id", "id", "--snap-distance-m", "200"});
  expect_same(sites);
}

TEST_F(AssignCsv, TypedColumnsAndNamedCoordinatesGiveTheSameBytesAsGdal) {
  const std::string sites = dir_.file("typed.csv");
  write_text(sites, "id,x_deg,y_deg\nA,114.0050,30.005\nB,114.017,30.0050\nC,,30\n");
  expect_same(sites, {"--x-field", "x_deg", "--y-field", "y_deg"});
  write_text(dir_.file("typed.csvt"), "Integer,Real,Real\n");
  expect_same(sites, {"--x-field", "x_deg", "--y-field", "y_deg", "--site-id", "id"});
  expect_same(sites, {"--x-field", "x_deg", "--y-field", "missing"});
}

TEST_F(AssignCsv, MalformedSiteFilesGiveTheSameMessagesAsGdal) {
  std::mt19937 random(9);
  const auto noise = [&](std::size_t n) {
    std::string bytes(n, '\0');
    for (char& c : bytes) c = static_cast<char>(random() & 0xFF);
    return bytes;
  };
  const std::vector<std::pair<std::string, std::string>> files{
      {"random.csv", noise(16 * 1024)},
      {"binary_rows.csv", "id,lon,lat\n" + noise(4096)},
      {"unclosed_quote.csv", "id,lon,lat\nA,114.005,30.005\n\"B,114.005,30.005\n"},
      {"lone_cr.csv", "id,lon,lat\rA,114.005,30.005\r"},
      {"no_coordinates.csv", "id,name\nA,x\n"},
      {"empty.csv", ""},
      {"header_only.csv", "id,lon,lat\n"},
  };
  for (const auto& [name, bytes] : files) {
    write_text(dir_.file(name), bytes);
    expect_same(dir_.file(name));
  }
  expect_same(dir_.file("missing.csv"));
}

}  // namespace
}  // namespace envgrid
