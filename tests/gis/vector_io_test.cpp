#include "envgrid/gis/vector_io.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>

#include "envgrid/gis/error.hpp"
#include "test_support.hpp"

namespace gis = envgrid::gis;
using envgrid::test::TempDir;
using envgrid::test::write_text;

namespace {

std::string text_of(const gis::FeatureTable& table, const std::string& column, std::size_t row) {
  const auto* c = table.column(column);
  if (!c) return "<no column>";
  const auto& value = c->values.at(row);
  if (const auto* s = std::get_if<std::string>(&value)) return *s;
  return "<not text>";
}

}  // namespace

TEST(DetectCoordinateColumns, FindsCommonSpellings) {
  const std::vector<std::string> english{"id", "Longitude", "Latitude"};
  auto found = gis::detect_coordinate_columns(english);
  ASSERT_TRUE(found);
  EXPECT_EQ(found->x, "Longitude");
  EXPECT_EQ(found->y, "Latitude");

  const std::vector<std::string> chinese{"名称", "经度", "纬度"};
  found = gis::detect_coordinate_columns(chinese);
  ASSERT_TRUE(found);
  EXPECT_EQ(found->x, "经度");

  const std::vector<std::string> xy{"X", "Y", "name"};
  found = gis::detect_coordinate_columns(xy);
  ASSERT_TRUE(found);
  EXPECT_EQ(found->x, "X");

  const std::vector<std::string> none{"name", "address"};
  EXPECT_FALSE(gis::detect_coordinate_columns(none));
}

TEST(ParseCoordinate, GivesReasons) {
  std::string reason;
  EXPECT_DOUBLE_EQ(*gis::parse_coordinate(" 114.25 ", reason), 114.25);
  EXPECT_DOUBLE_EQ(*gis::parse_coordinate("+30.5", reason), 30.5);
  EXPECT_FALSE(gis::parse_coordinate("", reason));
  EXPECT_EQ(reason, "empty");
  EXPECT_FALSE(gis::parse_coordinate("114,25", reason));
  EXPECT_NE(reason.find("not a number"), std::string::npos);
  EXPECT_FALSE(gis::parse_coordinate("nan", reason));
  EXPECT_FALSE(gis::parse_coordinate("inf", reason));
}

TEST(ReadLayer, CsvWithChineseColumnsKeepsBadRowsWithReasons) {
  TempDir dir;
  const std::string csv = dir.file("sites.csv");
  write_text(csv,
             "编号,名称,经度,纬度\n"
             "A1,化工厂,114.30,30.60\n"
             "A2,食品厂,,30.61\n"
             "A3,电镀厂,abc,30.62\n"
             "A4,造纸厂,114.33,30.63\n");
  gis::ReadOptions options;
  options.id_field = "编号";
  const auto table = gis::read_layer(csv, options);
  ASSERT_EQ(table.size(), 4u);
  EXPECT_TRUE(table.points);
  EXPECT_EQ(table.ids[1], "A2");
  EXPECT_EQ(table.rows[2], 3);  // third data row
  EXPECT_DOUBLE_EQ(table.xs[0], 114.30);
  EXPECT_DOUBLE_EQ(table.ys[3], 30.63);
  EXPECT_TRUE(std::isnan(table.xs[1]));
  EXPECT_EQ(table.problems[0], "");
  EXPECT_EQ(table.problems[1], "经度 is empty");
  EXPECT_NE(table.problems[2].find("'abc' is not a number"), std::string::npos);
  EXPECT_EQ(text_of(table, "名称", 3), "造纸厂");
  EXPECT_NE(table.describe_row(2).find("row 3 (id A3)"), std::string::npos);
}

TEST(ReadLayer, NamedCoordinateFieldsAndMissingFieldError) {
  TempDir dir;
  const std::string csv = dir.file("plants.csv");
  write_text(csv, "id,east,north\n1,114.1,30.2\n");
  gis::ReadOptions options;
  options.x_field = "east";
  options.y_field = "north";
  const auto table = gis::read_layer(csv, options);
  EXPECT_DOUBLE_EQ(table.xs[0], 114.1);

  options.x_field = "lon";
  try {
    (void)gis::read_layer(csv, options);
    FAIL() << "expected an error for a missing field";
  } catch (const gis::Error& e) {
    EXPECT_EQ(e.code(), gis::ExitCode::input);
    EXPECT_NE(std::string(e.what()).find("no field named 'lon'"), std::string::npos);
    EXPECT_NE(std::string(e.what()).find("plants.csv"), std::string::npos);
  }
}

TEST(ReadLayer, MissingFileNamesIt) {
  try {
    (void)gis::read_layer("/nonexistent/enterprises.gpkg");
    FAIL();
  } catch (const gis::Error& e) {
    EXPECT_EQ(e.code(), gis::ExitCode::input);
    EXPECT_NE(std::string(e.what()).find("/nonexistent/enterprises.gpkg"), std::string::npos);
  }
}

class WriteReadRoundTrip : public ::testing::TestWithParam<std::string> {};

TEST_P(WriteReadRoundTrip, PolygonsAndFieldsSurvive) {
  TempDir dir;
  const std::string path = dir.file("cells." + GetParam());
  const auto crs = gis::Crs::parse("EPSG:4490");
  {
    gis::VectorWriter writer(path, "cells", wkbPolygon, crs,
                             {{"cell_id", gis::FieldType::text},
                              {"area_m2", gis::FieldType::real},
                              {"stops", gis::FieldType::integer}});
    auto square =
        gis::geometry_from_wkt("POLYGON ((114 30,114.01 30,114.01 30.01,114 30.01,114 30))");
    const std::vector<gis::FieldValue> first{std::string("C001"), 1.0e6, std::int64_t{3}};
    writer.add(square.get(), first);
    const std::vector<gis::FieldValue> second{std::string("C002"), std::monostate{},
                                              std::int64_t{0}};
    writer.add(square.get(), second);
    writer.finish();
  }
  ASSERT_TRUE(std::filesystem::exists(path));
  const auto table = gis::read_layer(path);
  ASSERT_EQ(table.size(), 2u);
  EXPECT_FALSE(table.points);
  EXPECT_EQ(text_of(table, "cell_id", 1), "C002");
  ASSERT_FALSE(table.geometries[0].empty());
  EXPECT_EQ(table.problems[0], "");
}

INSTANTIATE_TEST_SUITE_P(Formats, WriteReadRoundTrip,
                         ::testing::Values("gpkg", "geojson", "fgb", "csv"));

TEST(VectorWriter, UnfinishedWriteLeavesNoFile) {
  TempDir dir;
  const std::string path = dir.file("out.gpkg");
  {
    gis::VectorWriter writer(path, "sites", wkbPoint, gis::Crs::wgs84(),
                             {{"site_id", gis::FieldType::text}});
    OGRPoint point(114, 30);
    const std::vector<gis::FieldValue> values{std::string("S1")};
    writer.add(&point, values);
    // No finish(): as if an exception unwound the writer.
  }
  EXPECT_FALSE(std::filesystem::exists(path));
  EXPECT_TRUE(std::filesystem::is_empty(dir.path()));
}

TEST(VectorWriter, FormatFromExtensionOrOption) {
  EXPECT_EQ(gis::output_driver("a.gpkg"), "GPKG");
  EXPECT_EQ(gis::output_driver("a.GeoJSON"), "GeoJSON");
  EXPECT_EQ(gis::output_driver("a.fgb"), "FlatGeobuf");
  EXPECT_EQ(gis::output_driver("PG:dbname=x"), "PostgreSQL");
  EXPECT_EQ(gis::output_driver("out.txt", "csv"), "CSV");
  EXPECT_THROW((void)gis::output_driver("out.txt"), gis::Error);
}

TEST(VectorIo, NoFileDescriptorLeaks) {
  TempDir dir;
  const std::string path = dir.file("points.gpkg");
  // Round 0 warms up what GDAL and PROJ open once per process (proj.db);
  // later rounds must not add descriptors.
  int before = -1;
  for (int round = 0; round < 4; ++round) {
    if (round == 1) before = envgrid::test::open_fd_count();
    gis::VectorWriter writer(path, "points", wkbPoint, gis::Crs::wgs84(),
                             {{"n", gis::FieldType::integer}});
    OGRPoint point(114, 30);
    const std::vector<gis::FieldValue> values{std::int64_t{round}};
    writer.add(&point, values);
    writer.finish();
    EXPECT_EQ(gis::read_layer(path).size(), 1u);
  }
  EXPECT_EQ(envgrid::test::open_fd_count(), before);
}
