// The GeoPackage paths that skip GDAL's row-by-row work: read_layer through
// the Arrow stream (same table as one OGRFeature a row) and VectorWriter's
// packed R-tree (the spatial index GDAL would have grown, and SQLite's
// rtreecheck accepts).

#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <cstdio>
#include <limits>
#include <optional>
#include <random>
#include <set>

#include "envgrid/gis/gdal_handles.hpp"
#include "envgrid/gis/log.hpp"
#include "envgrid/gis/vector_io.hpp"
#include "test_support.hpp"

namespace gis = envgrid::gis;
using envgrid::test::TempDir;

namespace {

// A line layer with what real reach files hold: lines, multi-lines, a 3D
// line, a point and a polygon where lines are expected, empty and missing
// geometries, a line with a NaN vertex, and null, empty and non-ASCII values.
void write_mixed_layer(const std::string& path) {
  gis::initialize_gdal();
  GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("GPKG");
  gis::DatasetPtr dataset(driver->Create(path.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
  ASSERT_TRUE(dataset);
  gis::SpatialReferencePtr wgs84 = gis::Crs::wgs84().to_ogr();
  OGRLayer* layer = dataset->CreateLayer("reaches", wgs84.get(), wkbUnknown, nullptr);
  ASSERT_TRUE(layer);
  for (auto [name, type] : {std::pair{"code", OFTString}, std::pair{"small", OFTInteger},
                            std::pair{"big", OFTInteger64}, std::pair{"speed", OFTReal},
                            std::pair{"name", OFTString}}) {
    OGRFieldDefn field(name, type);
    ASSERT_EQ(layer->CreateField(&field), OGRERR_NONE);
  }
  const std::vector<std::string> wkts = {
      "LINESTRING (114 30,114.01 30.01,114.02 30.01)",
      "MULTILINESTRING ((114 30,114.1 30.1),(114.1 30.1,114.2 30.1))",
      "LINESTRING Z (114 30 5,114.1 30 6)",
      "POINT (114 30)",
      "POLYGON ((114 30,114.1 30,114.1 30.1,114 30))",
      "LINESTRING EMPTY",
      "",
      "LINESTRING (114 30,114.1 30)",
  };
  for (std::size_t i = 0; i < wkts.size() + 2; ++i) {
    gis::FeaturePtr f(OGRFeature::CreateFeature(layer->GetLayerDefn()));
    if (i % 3 != 1) f->SetField("code", ("C" + std::to_string(i)).c_str());
    if (i % 4 != 2) f->SetField("small", static_cast<int>(i) - 3);
    f->SetField("big", static_cast<GIntBig>(i) * 10000000000LL);
    if (i % 2 == 0) f->SetField("speed", 0.1 * static_cast<double>(i));
    f->SetField("name", i == 3 ? "" : (i == 4 ? "汉江" : "river"));
    if (i < wkts.size() && !wkts[i].empty()) {
      f->SetGeometry(gis::geometry_from_wkt(wkts[i]).get());
    } else if (i == wkts.size()) {
      OGRLineString line;
      line.addPoint(114, 30);
      line.addPoint(std::nan(""), 30);
      f->SetGeometry(&line);
    }
    ASSERT_EQ(layer->CreateFeature(f.get()), OGRERR_NONE);
  }
}

// A point layer as a register holds it: points, a 3D point, an empty point,
// a missing geometry, and points with a NaN or an infinite coordinate.
void write_point_layer(const std::string& path) {
  gis::initialize_gdal();
  GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("GPKG");
  gis::DatasetPtr dataset(driver->Create(path.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
  ASSERT_TRUE(dataset);
  gis::SpatialReferencePtr wgs84 = gis::Crs::wgs84().to_ogr();
  OGRLayer* layer = dataset->CreateLayer("enterprises", wgs84.get(), wkbPoint, nullptr);
  ASSERT_TRUE(layer);
  OGRFieldDefn code("code", OFTString);
  ASSERT_EQ(layer->CreateField(&code), OGRERR_NONE);
  const double inf = std::numeric_limits<double>::infinity();
  const std::vector<std::optional<OGRPoint>> points = {
      OGRPoint(114.25, 30.5), OGRPoint(114.5, 30.5, 7),   OGRPoint(),
      std::nullopt,           OGRPoint(std::nan(""), 30), OGRPoint(114, inf),
      OGRPoint(-0.0, 1e-300)};
  for (std::size_t i = 0; i < points.size(); ++i) {
    gis::FeaturePtr f(OGRFeature::CreateFeature(layer->GetLayerDefn()));
    f->SetField("code", ("E" + std::to_string(i)).c_str());
    if (points[i]) f->SetGeometry(&*points[i]);
    ASSERT_EQ(layer->CreateFeature(f.get()), OGRERR_NONE);
  }
}

// Doubles compared bit for bit, so that NaN equals NaN.
std::vector<std::uint64_t> bits(const std::vector<double>& values) {
  std::vector<std::uint64_t> out;
  for (const double v : values) out.push_back(std::bit_cast<std::uint64_t>(v));
  return out;
}

void expect_same_tables(const gis::FeatureTable& a, const gis::FeatureTable& b) {
  ASSERT_EQ(a.size(), b.size());
  EXPECT_EQ(a.rows, b.rows);
  EXPECT_EQ(a.ids, b.ids);
  EXPECT_EQ(a.problems, b.problems);
  EXPECT_EQ(a.geometries, b.geometries);
  EXPECT_EQ(a.points, b.points);
  EXPECT_EQ(bits(a.xs), bits(b.xs));
  EXPECT_EQ(bits(a.ys), bits(b.ys));
  ASSERT_EQ(a.attributes.size(), b.attributes.size());
  for (std::size_t c = 0; c < a.attributes.size(); ++c) {
    EXPECT_EQ(a.attributes[c].name, b.attributes[c].name);
    EXPECT_EQ(a.attributes[c].values, b.attributes[c].values) << a.attributes[c].name;
  }
}

}  // namespace

TEST(ReadLayerColumns, GivesTheSameTableAsOneFeatureARow) {
  TempDir dir;
  const std::string path = dir.file("mixed.gpkg");
  write_mixed_layer(path);
  {
    const gis::DatasetPtr dataset = gis::open_dataset(path, GDAL_OF_VECTOR);
    ASSERT_TRUE(dataset->GetLayer(0)->TestCapability(OLCFastGetArrowStream))
        << "this GDAL reads GeoPackages row by row: the column path is not tested";
  }
  for (const std::string& where : {std::string(), std::string("small >= 0 OR small IS NULL")}) {
    for (const std::optional<std::string>& id_field :
         {std::optional<std::string>(), std::optional<std::string>("code"),
          std::optional<std::string>("big")}) {
      gis::ReadOptions options;
      options.where = where;
      options.id_field = id_field;
      const gis::FeatureTable columns = gis::read_layer(path, options);
      options.feature_by_feature = true;
      const gis::FeatureTable features = gis::read_layer(path, options);
      SCOPED_TRACE("where '" + where + "', id field " + id_field.value_or("(fid)"));
      expect_same_tables(columns, features);
      // Some fields only (one the layer lacks): the same columns both ways.
      options.fields = {"SPEED", "code", "absent"};
      const gis::FeatureTable some = gis::read_layer(path, options);
      options.feature_by_feature = false;
      const gis::FeatureTable some_columns = gis::read_layer(path, options);
      expect_same_tables(some_columns, some);
      ASSERT_EQ(some.attributes.size(), 2u);
      EXPECT_EQ(some.attributes[0].name, "code");
      EXPECT_EQ(some.attributes[1].name, "speed");
      EXPECT_EQ(some.ids, features.ids);
    }
  }
  const gis::FeatureTable table = gis::read_layer(path);
  ASSERT_EQ(table.size(), 10u);
  EXPECT_EQ(table.problems[5], "no geometry");  // LINESTRING EMPTY
  EXPECT_EQ(table.problems[6], "no geometry");  // none
  EXPECT_EQ(table.problems[0], "");
  EXPECT_EQ(std::get<std::string>(table.column("name")->values[4]), "汉江");
  EXPECT_TRUE(std::holds_alternative<std::monostate>(table.column("code")->values[1]));
  EXPECT_EQ(std::get<std::int64_t>(table.column("big")->values[9]), 90000000000LL);
}

TEST(VectorWriterSpatialIndex, IsAValidRTreeThatFindsWhatABruteForceSearchFinds) {
  TempDir dir;
  const std::string path = dir.file("lines.gpkg");
  std::mt19937 random(7);
  std::uniform_real_distribution<double> lon(100, 120), lat(20, 40), step(-0.05, 0.05);
  std::vector<OGREnvelope> envelopes;  // by fid - 1; MinX > MaxX when none
  {
    gis::VectorWriter writer(path, "lines", wkbLineString, gis::Crs::wgs84(),
                             {{"n", gis::FieldType::integer}});
    for (int i = 0; i < 20000; ++i) {
      OGRLineString line;
      double x = lon(random), y = lat(random);
      for (int k = 0; k < 1 + i % 5; ++k, x += step(random), y += step(random)) line.addPoint(x, y);
      const bool none = i % 97 == 0;
      const std::vector<gis::FieldValue> values{std::int64_t{i}};
      writer.add(none ? nullptr : &line, values);
      OGREnvelope e;
      if (none) e.MinX = 1;
      if (!none) line.getEnvelope(&e);
      envelopes.push_back(e);
    }
    writer.finish();
  }
  const gis::DatasetPtr dataset = gis::open_dataset(path, GDAL_OF_VECTOR);
  auto single_text = [&](const std::string& sql) {
    OGRLayer* result = dataset->ExecuteSQL(sql.c_str(), nullptr, nullptr);
    gis::FeaturePtr row(result ? result->GetNextFeature() : nullptr);
    std::string text = row ? row->GetFieldAsString(0) : "<no result>";
    if (result) dataset->ReleaseResultSet(result);
    return text;
  };
  EXPECT_EQ(single_text("SELECT rtreecheck('rtree_lines_geom')"), "ok");
  EXPECT_EQ(single_text("SELECT count(*) FROM rtree_lines_geom"), std::to_string(20000 - 207));
  EXPECT_EQ(single_text("SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name "
                        "LIKE 'rtree_lines_geom_%'"),
            "6");
  EXPECT_EQ(single_text("SELECT count(*) FROM gpkg_extensions WHERE table_name = 'lines' AND "
                        "extension_name = 'gpkg_rtree_index'"),
            "1");
  // The R-tree queried directly: it must find every feature whose envelope
  // meets the window, and nothing farther than its float rounding (1e-5
  // degree) from it.
  for (int window = 0; window < 20; ++window) {
    const double x = lon(random), y = lat(random), size = 0.02 * window + 0.001;
    auto meets = [&](const OGREnvelope& e, double margin) {
      return e.MinX <= e.MaxX && e.MaxX >= x - margin && e.MinX <= x + size + margin &&
             e.MaxY >= y - margin && e.MinY <= y + size + margin;
    };
    std::set<GIntBig> expected;
    for (std::size_t i = 0; i < envelopes.size(); ++i) {
      if (meets(envelopes[i], 0)) expected.insert(static_cast<GIntBig>(i) + 1);
    }
    char sql[256];
    std::snprintf(sql, sizeof sql,
                  "SELECT id FROM rtree_lines_geom WHERE maxx >= %.17g AND minx <= %.17g AND "
                  "maxy >= %.17g AND miny <= %.17g",
                  x, x + size, y, y + size);
    OGRLayer* result = dataset->ExecuteSQL(sql, nullptr, nullptr);
    ASSERT_TRUE(result);
    std::set<GIntBig> found;
    for (auto& f : *result) {
      found.insert(f->GetFieldAsInteger64(0));
      EXPECT_TRUE(
          meets(envelopes.at(static_cast<std::size_t>(f->GetFieldAsInteger64(0)) - 1), 1e-5))
          << "window " << window << ": fid " << f->GetFieldAsInteger64(0) << " is far from it";
    }
    dataset->ReleaseResultSet(result);
    for (GIntBig fid : expected)
      EXPECT_TRUE(found.count(fid)) << "window " << window << ": fid " << fid << " missed";
  }
}

TEST(ReadLayerColumns, GivesTheSamePointsAsOneFeatureARow) {
  TempDir dir;
  const std::string path = dir.file("points.gpkg");
  write_point_layer(path);
  {
    const gis::DatasetPtr dataset = gis::open_dataset(path, GDAL_OF_VECTOR);
    ASSERT_TRUE(dataset->GetLayer(0)->TestCapability(OLCFastGetArrowStream))
        << "this GDAL reads GeoPackages row by row: the column path is not tested";
  }
  gis::ReadOptions options;
  options.id_field = "code";
  const gis::FeatureTable columns = gis::read_layer(path, options);
  options.feature_by_feature = true;
  const gis::FeatureTable features = gis::read_layer(path, options);
  expect_same_tables(columns, features);
  ASSERT_EQ(columns.size(), 7u);
  EXPECT_TRUE(columns.points);
  EXPECT_EQ(columns.xs[0], 114.25);
  EXPECT_EQ(columns.ys[1], 30.5);                 // the 3D point's y
  EXPECT_EQ(columns.problems[2], "no geometry");  // POINT EMPTY
  EXPECT_EQ(columns.problems[3], "no geometry");  // none
  EXPECT_EQ(columns.problems[4], "no geometry");  // GDAL keeps a NaN point as empty
  EXPECT_EQ(columns.problems[5], "coordinates are not finite");
  EXPECT_EQ(columns.problems[6], "");
  EXPECT_TRUE(std::isnan(columns.xs[5]));
}
