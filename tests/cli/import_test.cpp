// envgrid init / envgrid import, run as a user runs them, on GeoPackage and
// PostGIS (the PostGIS instances skip without ENVGRID_TEST_PG).

#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <map>
#include <regex>
#include <set>

#include "envgrid/gis/chinese_offsets.hpp"
#include "envgrid/gis/gdal_handles.hpp"
#include "store_backends.hpp"
#include "test_support.hpp"

namespace envgrid::test {
namespace {

// The store's features of one layer: id -> (x, y) of the point, read with GDAL.
std::map<std::string, std::pair<double, double>> read_points(const std::string& store,
                                                             const std::string& layer_name,
                                                             const std::string& id_field) {
  gis::DatasetPtr dataset = gis::open_dataset(store, GDAL_OF_VECTOR);
  OGRLayer* layer = dataset->GetLayerByName(layer_name.c_str());
  std::map<std::string, std::pair<double, double>> points;
  for (const auto& feature : *layer) {
    const OGRPoint* point = feature->GetGeometryRef()->toPoint();
    points[feature->GetFieldAsString(id_field.c_str())] = {point->getX(), point->getY()};
  }
  return points;
}

GIntBig count_rows(const std::string& store, const std::string& layer) {
  gis::DatasetPtr dataset = gis::open_dataset(store, GDAL_OF_VECTOR);
  return dataset->GetLayerByName(layer.c_str())->GetFeatureCount(TRUE);
}

// Great-circle distance in metres (sphere of radius 6371 km: good to 0.5 %,
// plenty for offsets of hundreds of metres).
double distance_m(double lon1, double lat1, double lon2, double lat2) {
  constexpr double radians_per_degree = 3.14159265358979323846 / 180;
  const double dlat = (lat2 - lat1) * radians_per_degree, dlon = (lon2 - lon1) * radians_per_degree;
  const double a = std::sin(dlat / 2) * std::sin(dlat / 2) +
                   std::cos(lat1 * radians_per_degree) * std::cos(lat2 * radians_per_degree) *
                       std::sin(dlon / 2) * std::sin(dlon / 2);
  return 2 * 6371000.0 * std::asin(std::sqrt(a));
}

class ImportTest : public StoreBackendTest {
 protected:
  void init() {
    const RunResult result = run_envgrid({"init", location()});
    ASSERT_EQ(result.exit_code, 0) << result.err;
  }
  RunResult import(const std::string& layer, const std::string& csv_text,
                   std::vector<std::string> extra = {}) {
    const std::string source = dir().file("source" + std::to_string(sources_++) + ".csv");
    write_text(source, csv_text);
    std::vector<std::string> args{"import", location(), "--layer", layer, source};
    args.insert(args.end(), extra.begin(), extra.end());
    return run_envgrid(args);
  }

 private:
  int sources_ = 0;
};

TEST_P(ImportTest, GoodRowsLoadAndEachBadRowIsReportedWithItsNumberAndReason) {
  init();
  const RunResult result = import("enterprises",
                                  "enterprise_id,name,lon,lat,risk_class,last_inspected,Capacity\n"
                                  "E1,Good one,114.30,30.59,key,2024-05-01,12\n"
                                  "E2,Empty lon,,30.5,key,,1\n"
                                  "E3,NaN lat,114.1,nan,ordinary,,1\n"
                                  "E4,Text lon,abc,30.5,ordinary,,1\n"
                                  "E5,New York,-73.98,40.75,ordinary,,1\n"
                                  "E1,Duplicate id,114.31,30.60,ordinary,,1\n"
                                  "E6,Good two,120.15,30.28,special,2023-12-31,1\n"
                                  "E7,Bad class,114.2,30.5,high,,1\n"
                                  "E8,Bad date,114.2,30.5,key,2023-02-29,1\n"
                                  ",No id,114.2,30.5,key,,1\n");
  EXPECT_EQ(result.exit_code, 1) << result.err;
  const std::map<std::string, std::string> expected{
      {"row 2 (id E2)", "lon is empty"},
      {"row 3 (id E3)", "lat is"},
      {"row 4 (id E4)", "lon is"},
      {"row 5 (id E5)", "outside the area of use of EPSG:4490"},
      {"row 6 (id E1)", "duplicate enterprise_id 'E1' (row 1 has it)"},
      {"row 8 (id E7)", "risk_class: 'high' is not one of key, ordinary, special"},
      {"row 9 (id E8)", "last_inspected: '2023-02-29' is not a date"},
      {"row 10", "no enterprise_id"},
  };
  for (const auto& [row, reason] : expected) {
    const auto at = result.err.find(row + ": ");
    ASSERT_NE(at, std::string::npos) << row << " not reported:\n" << result.err;
    const std::string line = result.err.substr(at, result.err.find('\n', at) - at);
    EXPECT_NE(line.find(reason), std::string::npos) << line;
  }
  EXPECT_NE(result.err.find("read 10 rows, loaded 2, rejected 8"), std::string::npos) << result.err;
  // The unknown field is named once, the coordinate columns are not "ignored".
  const auto ignored = result.err.find("ignored: Capacity");
  EXPECT_NE(ignored, std::string::npos) << result.err;
  EXPECT_EQ(result.err.find("Capacity", ignored + 20), std::string::npos) << result.err;

  const auto points = read_points(location(), "enterprises", "enterprise_id");
  ASSERT_EQ(points.size(), 2u);
  // CGCS2000 and WGS 84 agree to well under a metre: the coordinates are kept.
  EXPECT_NEAR(points.at("E1").first, 114.30, 1e-9);
  EXPECT_NEAR(points.at("E1").second, 30.59, 1e-9);
  EXPECT_NEAR(points.at("E6").first, 120.15, 1e-9);
}

TEST_P(ImportTest, IdsAlreadyInTheStoreAreRejected) {
  init();
  ASSERT_EQ(import("enterprises", "enterprise_id,lon,lat\nE1,114.3,30.6\n").exit_code, 0);
  const RunResult again =
      import("enterprises", "enterprise_id,lon,lat\nE2,114.3,30.6\nE1,114.4,30.6\n");
  EXPECT_EQ(again.exit_code, 1);
  EXPECT_NE(again.err.find("row 2 (id E1): enterprise_id 'E1' is already in the store"),
            std::string::npos)
      << again.err;
  EXPECT_EQ(count_rows(location(), "enterprises"), 2);
}

// An import into an empty GeoPackage layer writes its R-tree packed and its
// indexes after the rows: the spatial filter finds exactly the points inside
// the box, later imports into the same layer still do, and the layer keeps
// the indexes a new store gives it.
TEST_P(ImportTest, AnEmptyLayerLoadedInBulkKeepsItsSpatialFilterAndIndexes) {
  init();
  auto index_names = [&] {
    std::set<std::string> names;
    if (postgis()) return names;
    gis::DatasetPtr dataset = gis::open_dataset(location(), GDAL_OF_VECTOR);
    OGRLayer* result = dataset->ExecuteSQL(
        "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'enterprises'", nullptr,
        nullptr);
    for (const auto& row : *result) names.insert(row->GetFieldAsString(0));
    dataset->ReleaseResultSet(result);
    return names;
  };
  const std::set<std::string> indexes_before = index_names();
  std::string grid = "enterprise_id,lon,lat\n";
  for (int i = 0; i < 20; ++i) {
    for (int j = 0; j < 20; ++j)
      grid += "G" + std::to_string(i * 20 + j) + "," + std::to_string(110 + 0.1 * i) + "," +
              std::to_string(30 + 0.1 * j) + "\n";
  }
  ASSERT_EQ(import("enterprises", grid).exit_code, 0);
  ASSERT_EQ(import("enterprises", "enterprise_id,lon,lat\nLATER,110.05,30.05\n").exit_code, 0);
  EXPECT_EQ(index_names(), indexes_before);
  gis::DatasetPtr dataset = gis::open_dataset(location(), GDAL_OF_VECTOR);
  OGRLayer* layer = dataset->GetLayerByName("enterprises");
  // lon 110.0-110.2, lat 30.0-30.1: 3 x 2 grid points and the later one.
  layer->SetSpatialFilterRect(109.99, 29.99, 110.21, 30.11);
  std::set<std::string> found;
  for (const auto& feature : *layer) found.insert(feature->GetFieldAsString("enterprise_id"));
  EXPECT_EQ(found, (std::set<std::string>{"G0", "G1", "G20", "G21", "G40", "G41", "LATER"}));
}

TEST_P(ImportTest, GCJ02CoordinatesAreConvertedIntoTheStoreCrs) {
  init();
  // 黄鹤楼, Wuhan, as a Chinese web map gives it (GCJ-02).
  const double gcj_lon = 114.30245, gcj_lat = 30.54593;
  const RunResult result = import(
      "enterprises",
      "enterprise_id,x,y\nWH1," + std::to_string(gcj_lon) + "," + std::to_string(gcj_lat) + "\n",
      {"--s-srs", "GCJ02"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const auto stored = read_points(location(), "enterprises", "enterprise_id").at("WH1");
  // GCJ-02 shifts Wuhan by a few hundred metres (0.3-0.7 km in Hubei).
  const double moved_m = distance_m(gcj_lon, gcj_lat, stored.first, stored.second);
  EXPECT_GT(moved_m, 300);
  EXPECT_LT(moved_m, 800);
  // And it moved to where the inverse of GCJ-02 puts it (within 0.1 m;
  // CGCS2000 = WGS 84 at that level).
  const gis::LonLat wgs = gis::gcj02_to_wgs84({gcj_lon, gcj_lat});
  EXPECT_LT(distance_m(wgs.lon, wgs.lat, stored.first, stored.second), 0.1);
}

TEST_P(ImportTest, NamedFieldsAndAWhereClauseAreHonoured) {
  init();
  const RunResult result = import(
      "enterprises",
      "Plant Code,Name,E,N,Fuel\n"
      "P1,Coal one,114.3,30.6,Coal\n"
      "P2,Hydro one,111.0,30.8,Hydro\n",
      {"--id-field", "Plant Code", "--x-field", "E", "--y-field", "N", "--where", "Fuel = 'Coal'"});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  const auto points = read_points(location(), "enterprises", "enterprise_id");
  ASSERT_EQ(points.size(), 1u);
  EXPECT_NEAR(points.at("P1").first, 114.3, 1e-9);
}

TEST_P(ImportTest, MissingIdFieldIsAUsageErrorNamingTheOption) {
  init();
  const RunResult result = import("enterprises", "code,lon,lat\nP1,114.3,30.6\n");
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.err.find("--id-field"), std::string::npos) << result.err;
  EXPECT_EQ(count_rows(location(), "enterprises"), 0);
}

TEST_P(ImportTest, PolygonsAreRepairedOrRejectedByThePolicy) {
  init();
  // A valid square, a ring that touches itself (repaired without changing
  // its area), and a bow-tie whose repair would change the area (rejected).
  const RunResult result = import(
      "cells",
      "cell_id,level,WKT\n"
      "C1,cell,\"POLYGON((114 30,114.1 30,114.1 30.1,114 30.1,114 30))\"\n"
      "C2,cell,\"POLYGON((114 30,114.2 30,114.2 30.2,114.1 30.2,114.15 30.15,114.1 30.1,114.1 "
      "30.2,114 30.2,114 30))\"\n"
      "C3,cell,\"POLYGON((114 30,114.1 30.1,114.1 30,114 30.1,114 30))\"\n",
      {"--s-srs", "EPSG:4490"});
  EXPECT_EQ(result.exit_code, 1) << result.err;
  EXPECT_NE(
      result.err.find("repaired " + dir().file("source0.csv") + ", layer source0, row 2 (id C2)"),
      std::string::npos)
      << result.err;
  EXPECT_NE(result.err.find("row 3 (id C3): invalid (Self-intersection"), std::string::npos)
      << result.err;
  EXPECT_EQ(count_rows(location(), "cells"), 2);
}

TEST_P(ImportTest, PointsIntoAPolygonLayerIsAUsageError) {
  init();
  const RunResult result = import("cells", "cell_id,lon,lat\nC1,114.3,30.6\n");
  EXPECT_EQ(result.exit_code, 2) << result.err;
  EXPECT_NE(result.err.find("has points"), std::string::npos) << result.err;
}

TEST_P(ImportTest, ReadingsWithoutGeometryLoad) {
  init();
  const RunResult result = import("readings",
                                  "section_id,taken_at,parameter,value,unit\n"
                                  "S1,2024-05-01T08:00:00+08:00,COD,18.5,mg/L\n"
                                  "S1,2024-05-01T08:00:00+08:00,NH3-N,high,mg/L\n");
  EXPECT_EQ(result.exit_code, 1) << result.err;
  EXPECT_NE(result.err.find("row 2: value: 'high' is not a finite number"), std::string::npos)
      << result.err;
  EXPECT_EQ(count_rows(location(), "readings"), 1);
}

// Installs a database trigger that refuses enterprises named 'boom': a real
// failure of the database in the middle of an import.
void add_refusing_trigger(const std::string& store, bool postgis) {
  gis::DatasetPtr dataset = gis::open_dataset(store, GDAL_OF_VECTOR | GDAL_OF_UPDATE);
  std::vector<std::string> statements;
  if (postgis) {
    statements = {
        "CREATE FUNCTION refuse_boom() RETURNS trigger AS $$ BEGIN IF NEW.name = 'boom' THEN "
        "RAISE EXCEPTION 'refused by test trigger'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql",
        "CREATE TRIGGER refuse_boom BEFORE INSERT ON enterprises FOR EACH ROW EXECUTE FUNCTION "
        "refuse_boom()"};
  } else {
    statements = {
        "CREATE TRIGGER refuse_boom BEFORE INSERT ON enterprises WHEN NEW.name = 'boom' "
        "BEGIN SELECT RAISE(ABORT, 'refused by test trigger'); END"};
  }
  for (const auto& sql : statements) {
    (void)gis::take_last_gdal_error();
    OGRLayer* result = dataset->ExecuteSQL(sql.c_str(), nullptr, nullptr);
    if (result) dataset->ReleaseResultSet(result);
    ASSERT_EQ(gis::take_last_gdal_error(), "") << sql;
  }
}

TEST_P(ImportTest, AFailureMidwayLeavesTheStoreAsItWas) {
  init();
  ASSERT_EQ(import("enterprises", "enterprise_id,name,lon,lat\nE1,one,114.3,30.6\n").exit_code, 0);
  add_refusing_trigger(location(), postgis());
  std::string csv = "enterprise_id,name,lon,lat\n";
  for (int i = 2; i <= 500; ++i) {
    csv += "E" + std::to_string(i) + "," + (i == 400 ? "boom" : "fine") + ",114.3,30.6\n";
  }
  const RunResult result = import("enterprises", csv);
  EXPECT_EQ(result.exit_code, 101) << result.err;
  if (!postgis()) {
    // SQLite refuses the row at once; PostgreSQL at the end of the COPY.
    EXPECT_NE(result.err.find("row 399 (id E400)"), std::string::npos) << result.err;
  }
  EXPECT_NE(result.err.find("refused by test trigger"), std::string::npos) << result.err;
  const auto points = read_points(location(), "enterprises", "enterprise_id");
  EXPECT_EQ(points.size(), 1u);
  EXPECT_EQ(points.count("E1"), 1u);
}

// Kills at random moments of an import: crash_consistency_test.cpp.

ENVGRID_INSTANTIATE_STORE_BACKENDS(ImportTest);

TEST(Init, CreatesAGeoPackageStoreAndRefusesToOverwriteIt) {
  TempDir dir;
  const std::string path = dir.file("project.gpkg");
  const RunResult first = run_envgrid({"init", path, "--crs", "EPSG:4326"});
  ASSERT_EQ(first.exit_code, 0) << first.err;
  {
    gis::DatasetPtr dataset = gis::open_dataset(path, GDAL_OF_VECTOR);
    EXPECT_STREQ(dataset->GetLayerByName("enterprises")->GetSpatialRef()->GetAuthorityCode(nullptr),
                 "4326");
  }
  const RunResult second = run_envgrid({"init", path});
  EXPECT_EQ(second.exit_code, 101);
  EXPECT_NE(second.err.find("already exists"), std::string::npos) << second.err;
}

TEST(Init, UnknownOrUnusableCrsIsAUsageError) {
  TempDir dir;
  EXPECT_EQ(run_envgrid({"init", dir.file("a.gpkg"), "--crs", "EPSG:999999"}).exit_code, 2);
  EXPECT_EQ(run_envgrid({"init", dir.file("b.gpkg"), "--crs", "GCJ02"}).exit_code, 2);
  EXPECT_FALSE(std::filesystem::exists(dir.file("b.gpkg")));
}

TEST(Import, UnknownLayerIsAUsageError) {
  TempDir dir;
  ASSERT_EQ(run_envgrid({"init", dir.file("p.gpkg")}).exit_code, 0);
  write_text(dir.file("s.csv"), "id,lon,lat\n1,114,30\n");
  const RunResult result =
      run_envgrid({"import", dir.file("p.gpkg"), "--layer", "factories", dir.file("s.csv")});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.err.find("enterprises"), std::string::npos) << result.err;
}

// "read N rows, loaded L, rejected R" from the summary line.
std::array<long, 3> summary_counts(const std::string& err) {
  std::smatch match;
  const std::regex pattern(R"(read (\d+) rows, loaded (\d+), rejected (\d+))");
  if (!std::regex_search(err, match, pattern)) return {-1, -1, -1};
  return {std::stol(match[1]), std::stol(match[2]), std::stol(match[3])};
}

long count_lines_with(const std::string& text, const std::string& needle) {
  long count = 0;
  for (auto at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1))
    ++count;
  return count;
}

TEST(ImportRealData, PowerPlantsLoadAndEveryRejectionIsExplained) {
  const auto data = shared_real_data();
  if (!data) GTEST_SKIP() << "shared real data not found (set ENVGRID_SHARED_DATA)";
  const std::string source = (*data / "admin" / "pointsources" / "wri_gppd_china.csv").string();
  TempDir dir;
  ASSERT_EQ(run_envgrid({"init", dir.file("p.gpkg")}).exit_code, 0);
  const RunResult result = run_envgrid({"import", dir.file("p.gpkg"), "--layer", "enterprises",
                                        source, "--id-field", "Power Plant ID"});
  const auto [read, loaded, rejected] = summary_counts(result.err);
  EXPECT_EQ(read, count_rows(source, "wri_gppd_china"));
  EXPECT_EQ(loaded + rejected, read);
  EXPECT_EQ(count_lines_with(result.err, "envgrid import: rejected "), rejected);
  EXPECT_EQ(result.exit_code, rejected > 0 ? 1 : 0) << result.err;
  EXPECT_EQ(count_rows(dir.file("p.gpkg"), "enterprises"), loaded);
}

TEST(ImportRealData, DataVBoundariesAreRepairedAndShiftedOutOfGcj02) {
  const auto data = shared_real_data();
  if (!data) GTEST_SKIP() << "shared real data not found (set ENVGRID_SHARED_DATA)";
  const std::string source = (*data / "admin" / "hubei" / "province_420000.json").string();
  TempDir dir;
  ASSERT_EQ(run_envgrid({"init", dir.file("p.gpkg")}).exit_code, 0);
  const RunResult result = run_envgrid({"import", dir.file("p.gpkg"), "--layer", "cells", source,
                                        "--s-srs", "GCJ02", "--id-field", "adcode"});
  const auto [read, loaded, rejected] = summary_counts(result.err);
  EXPECT_EQ(loaded + rejected, read);
  // Most of these prefecture polygons are invalid (self-intersections) and
  // repairable without changing their area.
  EXPECT_GT(count_lines_with(result.err, "envgrid import: repaired "), 0) << result.err;
  // Wuhan (420100) moved out of GCJ-02 by a few hundred metres.
  gis::DatasetPtr source_ds = gis::open_dataset(source, GDAL_OF_VECTOR);
  gis::DatasetPtr store_ds = gis::open_dataset(dir.file("p.gpkg"), GDAL_OF_VECTOR);
  OGREnvelope before, after;
  for (const auto& f : *source_ds->GetLayer(0)) {
    if (f->GetFieldAsInteger64("adcode") == 420100) f->GetGeometryRef()->getEnvelope(&before);
  }
  for (const auto& f : *store_ds->GetLayerByName("cells")) {
    if (std::string(f->GetFieldAsString("cell_id")) == "420100") {
      f->GetGeometryRef()->getEnvelope(&after);
    }
  }
  const double moved_m = distance_m(before.MinX, before.MinY, after.MinX, after.MinY);
  EXPECT_GT(moved_m, 300);
  EXPECT_LT(moved_m, 800);
}

}  // namespace
}  // namespace envgrid::test
