// envgrid grid assign PROJECT: the store's sites get their cell_id in place.

#include <gtest/gtest.h>

#include <algorithm>
#include <map>

#include "envgrid/gis/gdal_handles.hpp"
#include "envgrid/gis/vector_io.hpp"
#include "test_support.hpp"

namespace test = envgrid::test;
using test::TempDir;

namespace {

// Two 0.01-degree square cells side by side: C0 at x 114..114.01, C1 at 114.01..114.02.
std::string make_project(const TempDir& dir) {
  const std::string project = dir.file("project.gpkg");
  EXPECT_EQ(test::run_envgrid({"init", project}).exit_code, 0);
  test::write_text(
      dir.file("cells.csv"),
      "cell_id,level,WKT\n"
      "C0,cell,\"POLYGON((114 30,114.01 30,114.01 30.01,114 30.01,114 30))\"\n"
      "C1,cell,\"POLYGON((114.01 30,114.02 30,114.02 30.01,114.01 30.01,114.01 30))\"\n");
  auto imported = test::run_envgrid(
      {"import", project, "--layer", "cells", dir.file("cells.csv"), "--s-srs", "EPSG:4490"});
  EXPECT_EQ(imported.exit_code, 0) << imported.err;
  // E1 carries a stale cell_id that the assignment must overwrite.
  test::write_text(dir.file("enterprises.csv"),
                   "enterprise_id,cell_id,lon,lat\n"
                   "E1,C9,114.005,30.005\n"
                   "E2,,114.015,30.005\n"
                   "E3,C0,114.5,30.5\n");
  imported = test::run_envgrid({"import", project, "--layer", "enterprises",
                                dir.file("enterprises.csv"), "--s-srs", "EPSG:4490"});
  EXPECT_EQ(imported.exit_code, 0) << imported.err;
  test::write_text(dir.file("outfalls.csv"), "outfall_id,lon,lat\nO1,114.012,30.002\n");
  imported = test::run_envgrid(
      {"import", project, "--layer", "outfalls", dir.file("outfalls.csv"), "--s-srs", "EPSG:4490"});
  EXPECT_EQ(imported.exit_code, 0) << imported.err;
  return project;
}

// id -> cell_id ("" for null) of a store layer, read through GDAL.
std::map<std::string, std::string> cell_ids(const std::string& project, const std::string& layer,
                                            const std::string& id_field) {
  envgrid::gis::ReadOptions read;
  read.layer = layer;
  read.id_field = id_field;
  const auto table = envgrid::gis::read_layer(project, read);
  const auto* column = table.column("cell_id");
  EXPECT_NE(column, nullptr);
  std::map<std::string, std::string> out;
  for (std::size_t i = 0; i < table.size() && column; ++i) {
    const auto* text = std::get_if<std::string>(&column->values[i]);
    out[table.ids[i]] = text ? *text : "";
  }
  return out;
}

}  // namespace

TEST(GridAssignStoreCli, UpdatesCellIdsInPlace) {
  TempDir dir;
  const std::string project = make_project(dir);
  const auto run = test::run_envgrid({"grid", "assign", project, "--threads", "2"});
  EXPECT_EQ(run.exit_code, 1) << "one enterprise is outside every cell\n" << run.out << run.err;
  EXPECT_NE(run.out.find("enterprises: inside 2, boundary 0, ambiguous 0, nearest 0, outside 1, "
                         "invalid 0"),
            std::string::npos)
      << run.out;
  EXPECT_NE(run.out.find("outfalls: inside 1,"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("flags: inside 0,"), std::string::npos) << run.out;
  EXPECT_NE(run.err.find("E3"), std::string::npos) << "the outside site is named: " << run.err;

  const auto enterprises = cell_ids(project, "enterprises", "enterprise_id");
  EXPECT_EQ(enterprises,
            (std::map<std::string, std::string>{{"E1", "C0"}, {"E2", "C1"}, {"E3", ""}}));
  EXPECT_EQ(cell_ids(project, "outfalls", "outfall_id"),
            (std::map<std::string, std::string>{{"O1", "C1"}}));
}

// A register far outside the grid: the first sites are named, the rest
// counted in one line, and every one still ends with an empty cell_id.
TEST(GridAssignStoreCli, ManySitesOutsideAreCountedNotListed) {
  TempDir dir;
  const std::string project = make_project(dir);
  std::string far_away = "enterprise_id,lon,lat\n";
  for (int i = 0; i < 25; ++i) far_away += "F" + std::to_string(i) + ",115.5,31.5\n";
  test::write_text(dir.file("far.csv"), far_away);
  const auto imported = test::run_envgrid(
      {"import", project, "--layer", "enterprises", dir.file("far.csv"), "--s-srs", "EPSG:4490"});
  ASSERT_EQ(imported.exit_code, 0) << imported.err;
  const auto run = test::run_envgrid({"grid", "assign", project});
  EXPECT_EQ(run.exit_code, 1) << run.err;
  EXPECT_NE(run.out.find("outside 26,"), std::string::npos) << run.out;
  std::size_t named = 0;
  for (std::size_t at = run.err.find(": outside"); at != std::string::npos;
       at = run.err.find(": outside", at + 1)) {
    ++named;
  }
  EXPECT_EQ(named, 10u) << run.err;
  EXPECT_NE(run.err.find("16 more enterprises are outside every cell or ambiguous"),
            std::string::npos)
      << run.err;
  const auto enterprises = cell_ids(project, "enterprises", "enterprise_id");
  EXPECT_EQ(enterprises.at("F24"), "");
  EXPECT_EQ(enterprises.at("E1"), "C0");
}

TEST(GridAssignStoreCli, RefusesFileOptionsWithAProject) {
  TempDir dir;
  const std::string project = make_project(dir);
  const auto run =
      test::run_envgrid({"grid", "assign", project, "--sites", dir.file("enterprises.csv")});
  EXPECT_EQ(run.exit_code, 2) << run.err;
  EXPECT_NE(run.err.find("--sites"), std::string::npos) << run.err;
}

// Cell ids travel to the store as SQL and JSON text: quotes, backslashes and
// Chinese must arrive as they are; a second run finds nothing to change; the
// store keeps its index on cell_id.
TEST(GridAssignStoreCli, AnyCellIdArrivesAsItIs) {
  TempDir dir;
  const std::string project = dir.file("project.gpkg");
  ASSERT_EQ(test::run_envgrid({"init", project}).exit_code, 0);
  const std::string odd_id = "网格\"1'\\";  // 网格"1'\ .
  test::write_text(dir.file("cells.csv"),
                   "cell_id,level,WKT\n"
                   "\"网格\"\"1'\\\",cell,\"POLYGON((114 30,114.01 30,114.01 30.01,114 30.01,114 "
                   "30))\"\n");
  auto imported = test::run_envgrid(
      {"import", project, "--layer", "cells", dir.file("cells.csv"), "--s-srs", "EPSG:4490"});
  ASSERT_EQ(imported.exit_code, 0) << imported.err;
  test::write_text(dir.file("enterprises.csv"),
                   "enterprise_id,lon,lat\nE1,114.005,30.005\nE2,114.5,30.5\n");
  imported = test::run_envgrid({"import", project, "--layer", "enterprises",
                                dir.file("enterprises.csv"), "--s-srs", "EPSG:4490"});
  ASSERT_EQ(imported.exit_code, 0) << imported.err;
  for (int run = 0; run < 2; ++run) {
    const auto assigned = test::run_envgrid({"grid", "assign", project});
    EXPECT_EQ(assigned.exit_code, 1) << assigned.err;
    EXPECT_EQ(cell_ids(project, "enterprises", "enterprise_id"),
              (std::map<std::string, std::string>{{"E1", odd_id}, {"E2", ""}}));
  }
  envgrid::gis::DatasetPtr store = envgrid::gis::open_dataset(project, GDAL_OF_VECTOR);
  OGRLayer* index = store->ExecuteSQL(
      "SELECT sql FROM sqlite_master WHERE name = 'enterprises_cell_id_idx'", nullptr, nullptr);
  ASSERT_NE(index, nullptr);
  envgrid::gis::FeaturePtr row(index->GetNextFeature());
  EXPECT_TRUE(row) << "the index over cell_id is made again after the update";
  row.reset();
  store->ReleaseResultSet(index);
}

// The run after a register update: one enterprise of forty carries a wrong
// cell_id, which the assignment puts right while the index over cell_id
// stays in place and still finds every row of each cell.
TEST(GridAssignStoreCli, ARerunMendsTheFewRowsThatChanged) {
  TempDir dir;
  const std::string project = make_project(dir);
  std::string register_csv = "enterprise_id,lon,lat\n";
  for (int i = 0; i < 40; ++i) {
    register_csv += "R" + std::to_string(i) + "," + (i % 2 ? "114.015" : "114.005") + ",30.005\n";
  }
  test::write_text(dir.file("register.csv"), register_csv);
  const auto imported = test::run_envgrid({"import", project, "--layer", "enterprises",
                                           dir.file("register.csv"), "--s-srs", "EPSG:4490"});
  ASSERT_EQ(imported.exit_code, 0) << imported.err;
  ASSERT_EQ(test::run_envgrid({"grid", "assign", project}).exit_code, 1);
  const auto assigned = cell_ids(project, "enterprises", "enterprise_id");
  ASSERT_EQ(assigned.at("R7"), "C1");
  {
    envgrid::gis::DatasetPtr store =
        envgrid::gis::open_dataset(project, GDAL_OF_VECTOR | GDAL_OF_UPDATE);
    store->ExecuteSQL("UPDATE enterprises SET cell_id = 'C0' WHERE enterprise_id = 'R7'", nullptr,
                      nullptr);
  }
  ASSERT_EQ(cell_ids(project, "enterprises", "enterprise_id").at("R7"), "C0");
  EXPECT_EQ(test::run_envgrid({"grid", "assign", project}).exit_code, 1);
  EXPECT_EQ(cell_ids(project, "enterprises", "enterprise_id"), assigned);
  envgrid::gis::DatasetPtr store = envgrid::gis::open_dataset(project, GDAL_OF_VECTOR);
  for (const std::string cell : {"C0", "C1"}) {
    OGRLayer* found = store->ExecuteSQL(("SELECT count(*) FROM enterprises INDEXED BY "
                                         "enterprises_cell_id_idx WHERE cell_id = '" +
                                         cell + "'")
                                            .c_str(),
                                        nullptr, nullptr);
    ASSERT_NE(found, nullptr) << "the index over cell_id is there";
    envgrid::gis::FeaturePtr row(found->GetNextFeature());
    const auto expected = std::count_if(assigned.begin(), assigned.end(),
                                        [&](const auto& entry) { return entry.second == cell; });
    EXPECT_EQ(row ? row->GetFieldAsInteger64(0) : -1, expected) << cell;
    row.reset();
    store->ReleaseResultSet(found);
  }
}
