// read_layer's direct CSV path against GDAL's CSV driver: every file below
// is read both ways (the direct path turned off with ENVGRID_DIRECT_CSV=NO)
// and must give the same table; the files the direct path should take are
// checked to be taken, the others to be left to GDAL.

#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "../../gis/src/vector_reader_csv.hpp"
#include "envgrid/gis/error.hpp"
#include "envgrid/gis/gdal_handles.hpp"
#include "envgrid/gis/log.hpp"
#include "envgrid/gis/vector_io.hpp"
#include "test_support.hpp"

namespace gis = envgrid::gis;
using envgrid::test::TempDir;
using envgrid::test::write_text;

namespace {

gis::FeatureTable read_with(const std::string& path, const gis::ReadOptions& options, bool direct) {
  CPLSetConfigOption("ENVGRID_DIRECT_CSV", direct ? "YES" : "NO");
  auto table = gis::read_layer(path, options);
  CPLSetConfigOption("ENVGRID_DIRECT_CSV", nullptr);
  return table;
}

bool same_number(double a, double b) { return (std::isnan(a) && std::isnan(b)) || a == b; }

void expect_same_tables(const gis::FeatureTable& gdal, const gis::FeatureTable& direct,
                        const std::string& what) {
  ASSERT_EQ(gdal.size(), direct.size()) << what;
  EXPECT_EQ(gdal.rows, direct.rows) << what;
  EXPECT_EQ(gdal.ids, direct.ids) << what;
  EXPECT_EQ(gdal.problems, direct.problems) << what;
  EXPECT_EQ(gdal.points, direct.points) << what;
  ASSERT_EQ(gdal.xs.size(), direct.xs.size()) << what;
  for (std::size_t i = 0; i < gdal.xs.size(); ++i) {
    EXPECT_TRUE(same_number(gdal.xs[i], direct.xs[i])) << what << " row " << i;
    EXPECT_TRUE(same_number(gdal.ys[i], direct.ys[i])) << what << " row " << i;
  }
  ASSERT_EQ(gdal.attributes.size(), direct.attributes.size()) << what;
  for (std::size_t c = 0; c < gdal.attributes.size(); ++c) {
    EXPECT_EQ(gdal.attributes[c].name, direct.attributes[c].name) << what;
    EXPECT_EQ(gdal.attributes[c].values, direct.attributes[c].values)
        << what << " column " << gdal.attributes[c].name;
  }
}

// Reads the file both ways: the same table, or the same refusal (the CSV
// checks of gis/csv_check run before either reader, so a file they refuse
// must be refused by both with one message).
void expect_same_reading(const std::string& path, const gis::ReadOptions& options,
                         const std::string& what) {
  std::string gdal_refusal;
  std::string direct_refusal;
  gis::FeatureTable gdal;
  gis::FeatureTable direct;
  try {
    gdal = read_with(path, options, false);
  } catch (const gis::Error& error) {
    gdal_refusal = error.what();
  }
  try {
    direct = read_with(path, options, true);
  } catch (const gis::Error& error) {
    direct_refusal = error.what();
  }
  EXPECT_EQ(gdal_refusal, direct_refusal) << what;
  if (gdal_refusal.empty() && direct_refusal.empty()) expect_same_tables(gdal, direct, what);
}

// Whether the direct path reads the file (its coordinate columns detected
// as read_layer does, the id in "id" when there is one).
bool read_directly(const std::string& path) {
  gis::initialize_gdal();
  gis::DatasetPtr dataset(
      GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr));
  if (!dataset) return false;
  OGRLayer& layer = *dataset->GetLayer(0);
  OGRFeatureDefn& definition = *layer.GetLayerDefn();
  std::vector<std::string> names;
  for (int i = 0; i < definition.GetFieldCount(); ++i)
    names.emplace_back(definition.GetFieldDefn(i)->GetNameRef());
  const auto columns = gis::detect_coordinate_columns(names);
  if (!columns) return false;
  const int x = definition.GetFieldIndex(columns->x.c_str());
  const int y = definition.GetFieldIndex(columns->y.c_str());
  gis::FeatureTable table;
  return gis::detail::read_csv_points(
      *dataset, layer, {.x_index = x, .y_index = y, .id_index = definition.GetFieldIndex("id")},
      table);
}

class CsvDirect : public ::testing::Test {
 protected:
  // Reads csv both ways, with the id field and without, all attributes.
  void expect_same(const std::string& name, const std::string& csv, bool direct_expected,
                   const std::string& id_field = "id") {
    const std::string path = dir_.file(name);
    write_text(path, csv);
    EXPECT_EQ(read_directly(path), direct_expected) << name;
    gis::ReadOptions options;
    expect_same_reading(path, options, name);
    if (csv.find(id_field) == std::string::npos) return;
    options.id_field = id_field;
    options.fields = std::vector<std::string>{};
    expect_same_reading(path, options, name + " by id");
  }
  TempDir dir_;
};

TEST_F(CsvDirect, ReadsQuotingLineBreaksBomAndBadCoordinatesAsGdal) {
  expect_same("plain.csv", "id,lon,lat,name\nA,114.3,30.6,x\nB,114.31,30.61,y\n", true);
  expect_same("crlf.csv", "id,lon,lat\r\nA,114.3,30.6\r\nB,114.31,30.61\r\n", true);
  expect_same("bom.csv", "\xEF\xBB\xBFid,lon,lat\nA,114.3,30.6\n", true);
  expect_same("quoted.csv",
              "id,lon,lat,name\n"
              "\"A,1\",114.3,30.6,\"say \"\"hi\"\"\"\n"
              "B\"q\"z,\"114.31\",30.61,\"two\nlines\"\n"
              "C,114.32,30.62,\"crlf\r\ninside\"\r\n"
              "\"\",114.33,30.63,\"\"\n"
              "\"D\"\"\",114.34,30.64,a\"b,c\"d\n",
              true);
  expect_same("coordinates.csv",
              "id,lon,lat\n"
              "empty,,30\n"
              "nan,NaN,30\n"
              "inf,114,inf\n"
              "huge,1e400,30\n"
              "plus,+114.3,+30.6\n"
              "spaces, 114.3 ,\t30.6\n"
              "text,abc,def\n"
              "comma,\"114,3\",30\n"
              "short,114.3\n"
              "only_id\n"
              "extra,114.3,30.6,more,fields,\n"
              "trailing,114.3,30.6,\n",
              true);
  expect_same("blank_lines.csv", "id,lon,lat\n\nA,114.3,30.6\n\r\n  \nB,1,2\n\n", true);
  expect_same("no_final_newline.csv", "id,lon,lat\nA,114.3,30.6", true);
  expect_same("chinese.csv", "编号,经度,纬度\n甲,114.3,30.6\n乙,114.4,30.7\n", true, "编号");
  expect_same("header_only.csv", "id,lon,lat\n", true);
}

TEST_F(CsvDirect, LeavesUnusualFilesToGdal) {
  expect_same("backslash_quote.csv", "id,lon,lat\n\"C\\\"x\",1,2\n\"D\n", false);
  expect_same("unclosed_quote.csv", "id,lon,lat\nA,114.3,30.6\n\"B,114,30\n", false);
  expect_same("lone_cr.csv", "id,lon,lat\rA,114.3,30.6\rB,1,2\r", false);
  expect_same("nul.csv", std::string("id,lon,lat\nA,114.3\0,30.6\n", 25), false);
  expect_same("quoted_header.csv", "\"id\",\"lon\",\"lat\"\nA,114.3,30.6\n", false);
  expect_same("semicolons.csv", "id;lon;lat\nA;114.3;30.6\n", false);
  expect_same("numeric_header.csv", "1,114.3,30.6\n2,114.4,30.7\n", false);
  expect_same("wkt.csv", "WKT,id,lon,lat\n\"POINT (1 2)\",A,114.3,30.6\n", false);
  write_text(dir_.file("typed.csvt"), "String,Real,Real\n");
  expect_same("typed.csv", "id,lon,lat\nA,114.30,30.60\nB,,x\n", false);
  write_text(dir_.file("strings.csvt"), "String,String,String\n");
  expect_same("strings.csv", "id,lon,lat\nA,114.30,30.60\n", true);
}

// Random fields of quotes, commas, line breaks and numbers: whatever the
// direct path accepts, it reads as GDAL does.
TEST_F(CsvDirect, RandomQuotingReadsAsGdal) {
  std::mt19937 random(7);
  const std::vector<std::string> pieces{"\"",    "\"\"", ",", "\n", "\r\n", " ",
                                        "114.3", "30.6", "a", "-",  "1e5",  "汉"};
  int accepted = 0;
  for (int file = 0; file < 60; ++file) {
    std::string csv = "id,lon,lat,name\n";
    for (int row = 0; row < 8; ++row) {
      csv += "r" + std::to_string(row) + ",114.3,30.6,";
      const int count = static_cast<int>(random() % 6);
      for (int i = 0; i < count; ++i) csv += pieces[random() % pieces.size()];
      csv += "\n";
    }
    const std::string name = "random_" + std::to_string(file) + ".csv";
    const std::string path = dir_.file(name);
    write_text(path, csv);
    accepted += read_directly(path) ? 1 : 0;
    expect_same_reading(path, gis::ReadOptions{}, name);
  }
  EXPECT_GT(accepted, 20);
}

// A file large enough to be read by several threads, whose records span
// lines so that the parts start inside quoted fields.
TEST_F(CsvDirect, ThreadsSplittingInsideQuotedRecordsReadAsGdal) {
  std::string csv = "id,name,lon,lat\n";
  for (int row = 0; row < 30000; ++row) {
    csv += "s" + std::to_string(row) + ",\"" + std::string(20, 'x') + "\n" + std::string(20, 'y') +
           "\n\"\"" + std::to_string(row % 7) + "\"\"\"," + std::to_string(114 + row * 1e-5) + "," +
           (row % 11 ? "30.5" : "") + "\n";
  }
  const std::string path = dir_.file("large.csv");
  write_text(path, csv);
  ASSERT_GT(csv.size(), 2u << 20);
  EXPECT_TRUE(read_directly(path));
  gis::ReadOptions options;
  options.id_field = "id";
  const auto gdal = read_with(path, options, false);
  ASSERT_EQ(gdal.size(), 30000u);
  expect_same_tables(gdal, read_with(path, options, true), "large.csv");
}

}  // namespace
