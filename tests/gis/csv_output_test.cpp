// The direct CSV writer against GDAL's CSV driver: the same rows written
// through VectorWriter (GEOMETRY=AS_XY) and through CsvFile/csv_field must
// give the same bytes.

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <limits>
#include <random>
#include <sstream>

#include "envgrid/gis/csv_output.hpp"
#include "envgrid/gis/log.hpp"
#include "envgrid/gis/vector_io.hpp"
#include "test_support.hpp"

namespace gis = envgrid::gis;
using envgrid::test::read_text;
using envgrid::test::TempDir;

namespace {

constexpr double na_n = std::numeric_limits<double>::quiet_NaN();

struct Row {
  double x, y;
  std::string text;
  double real;
};

std::vector<Row> rows_to_write() {
  const std::vector<std::string> texts{
      "",     "plain",      "007",      "1e5",  "-",    "nan",   "a,b",  "a;b", "tab\there",
      "q\"x", "two\nlines", "cr\rhere", " sp ", "汉字", "12abc", "0x1F", "+5",  "1.5e",
      ".5",   "5.",         "1 2",      "inf",  "-3",   "1,5",   "e5"};
  std::vector<double> coordinates{114.305,
                                  30.6,
                                  114,
                                  30,
                                  -0.0,
                                  0.5,
                                  -0.25,
                                  1e-7,
                                  0.000123,
                                  1e15,
                                  1.5e15,
                                  -1e16,
                                  123456789.123,
                                  1,
                                  -1,
                                  0.999999999999999,
                                  114.30000000000001,
                                  2147483648.0,
                                  512345.678,
                                  3323456.0};
  std::mt19937 random(11);
  std::uniform_real_distribution<double> lon(73, 135), unit(-1, 1), metres(-1e7, 1e7);
  for (int i = 0; i < 300; ++i) {
    coordinates.push_back(lon(random));
    coordinates.push_back(unit(random));
    coordinates.push_back(metres(random));
    coordinates.push_back(std::round(metres(random)));
    // Values with at most 15 significant digits, as agencies' files and
    // millimetre distances hold them: written from their shortest digits.
    coordinates.push_back(std::round(lon(random) * 1e9) / 1e9);
    coordinates.push_back(std::round(metres(random) * 1e3) / 1e3);
    coordinates.push_back(std::round(unit(random) * 1e7) / 1e11);
    coordinates.push_back(std::round(unit(random) * 1e14));
  }
  std::vector<Row> rows;
  for (std::size_t i = 0; i < coordinates.size(); ++i) {
    const double x = coordinates[i];
    const double y = coordinates[(i * 7 + 3) % coordinates.size()];
    const double real = coordinates[(i * 13 + 5) % coordinates.size()] * (i % 3 ? 1 : 1000);
    rows.push_back({x, y, texts[i % texts.size()], real});
  }
  rows.push_back({na_n, 30, "no point", na_n});
  rows.push_back({114, na_n, "", 1e20});
  return rows;
}

TEST(CsvOutput, WritesTheBytesGdalWrites) {
  TempDir dir;
  gis::initialize_gdal();
  const auto rows = rows_to_write();
  const std::string through_gdal = dir.file("gdal.csv");
  {
    gis::VectorWriter writer(through_gdal, "rows", wkbPoint, gis::Crs::wgs84(),
                             {{"name", gis::FieldType::text}, {"value", gis::FieldType::real}});
    std::vector<gis::FieldValue> values(2);
    for (const auto& row : rows) {
      values[0] = row.text.empty() ? gis::FieldValue() : gis::FieldValue(row.text);
      values[1] = std::isfinite(row.real) ? gis::FieldValue(row.real) : gis::FieldValue();
      OGRPoint point(row.x, row.y);
      const bool has_point = std::isfinite(row.x) && std::isfinite(row.y);
      writer.add(has_point ? &point : nullptr, values);
    }
    writer.finish();
  }
  const std::string direct = dir.file("direct.csv");
  ASSERT_TRUE(gis::writes_csv_directly(direct, ""));
  auto file = gis::CsvFile::create(direct);
  ASSERT_TRUE(file);
  const std::vector<std::string> names{"name", "value"};
  file->write_point_header(names);
  std::string out;
  for (const auto& row : rows) {
    gis::csv_field::point(out, row.x, row.y);
    out += ',';
    gis::csv_field::text(out, row.text);
    out += ',';
    gis::csv_field::real(out, row.real);
    out += '\n';
  }
  file->write(out);
  file->finish();
  const std::string expected = read_text(through_gdal), got = read_text(direct);
  ASSERT_GT(expected.size(), 1000u);
  // Line by line first, for a readable failure.
  std::istringstream expected_lines(expected), got_lines(got);
  std::string a, b;
  int line = 0;
  while (std::getline(expected_lines, a) && std::getline(got_lines, b)) {
    ++line;
    ASSERT_EQ(a, b) << "line " << line;
  }
  EXPECT_EQ(expected, got);
}

TEST(CsvOutput, OnlyLocalCsvFilesAreWrittenDirectly) {
  EXPECT_TRUE(gis::writes_csv_directly("out.csv", ""));
  EXPECT_TRUE(gis::writes_csv_directly("OUT.CSV", "csv"));
  EXPECT_FALSE(gis::writes_csv_directly("out.gpkg", ""));
  EXPECT_FALSE(gis::writes_csv_directly("out.txt", "csv"));  // GDAL makes a directory of it
  EXPECT_FALSE(gis::writes_csv_directly("/vsimem/out.csv", ""));
  CPLSetConfigOption("ENVGRID_DIRECT_CSV", "NO");
  EXPECT_FALSE(gis::writes_csv_directly("out.csv", ""));
  CPLSetConfigOption("ENVGRID_DIRECT_CSV", nullptr);
}

TEST(CsvOutput, AnUnfinishedFileLeavesNothingBehind) {
  TempDir dir;
  const std::string path = dir.file("out.csv");
  {
    auto file = gis::CsvFile::create(path);
    ASSERT_TRUE(file);
    file->write("X,Y\n");
  }
  EXPECT_TRUE(std::filesystem::is_empty(dir.path()));
  EXPECT_FALSE(gis::CsvFile::create(dir.file("missing/out.csv")));
}

}  // namespace
