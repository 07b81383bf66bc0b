// Outputs never destroy inputs: an output that resolves to the project store
// (by a symbolic link, "..", a hard link, or its -wal/-shm companion), to an
// input file or a raster being read, or to another output, is exit 2 before
// anything is opened for writing, and the input is byte for byte as before.

#include <gtest/gtest.h>

#include <filesystem>

#include "safety_support.hpp"

namespace envgrid::test {
namespace {

namespace fs = std::filesystem;

constexpr const char* refused = "writing it would destroy the input";

// args run twice over: refused with exit 2, every watched file unchanged and
// no -wal created beside the store.
void expect_refused(const std::vector<std::string>& args, const std::vector<std::string>& watched) {
  std::vector<std::string> before;
  for (const auto& file : watched) before.push_back(read_text(file));
  const auto result = run_envgrid(args);
  std::string command;
  for (const auto& a : args) command += a + " ";
  EXPECT_EQ(result.exit_code, 2) << command << "\n" << result.err;
  EXPECT_NE(result.err.find("choose another output path"), std::string::npos) << command << "\n"
                                                                              << result.err;
  for (std::size_t i = 0; i < watched.size(); ++i) {
    EXPECT_EQ(read_text(watched[i]), before[i]) << command << " changed " << watched[i];
    EXPECT_FALSE(fs::exists(watched[i] + "-wal")) << command;
  }
}

class OutputGuardTest : public ::testing::Test {
 protected:
  void SetUp() override { make_one_cell_store(project_, dir_); }
  TempDir dir_;
  const std::string project_ = dir_.file("project.gpkg");
};

TEST_F(OutputGuardTest, RefusesTheStoreUnderEverySpelling) {
  fs::create_directories(dir_.path() / "sub");
  fs::create_symlink(project_, dir_.file("link.gpkg"));
  fs::create_hard_link(project_, dir_.file("hard.gpkg"));
  const std::vector<std::string> spellings = {project_,
                                              dir_.file("link.gpkg"),
                                              dir_.file("sub/../project.gpkg"),
                                              dir_.file("hard.gpkg"),
                                              project_ + "-wal",
                                              project_ + "-shm"};
  for (const auto& output : spellings) {
    expect_refused({"grid", "validate", project_, "-o", output}, {project_});
  }
  // The verbs seen replacing the store: the guard is the option parser's, so
  // one spelling each shows they go through it.
  expect_refused({"hydro", "exceedances", project_, "-o", dir_.file("link.gpkg")}, {project_});
  expect_refused({"grid", "workload", project_, "-o", project_}, {project_});
  expect_refused(
      {"hydro", "trace", project_, "--from-reach", "1", "--format", "geojson", "-o", project_},
      {project_});
  expect_refused(
      {"grid", "draw", project_, "--period", "2026Q4", "--seed", "1", "-o", dir_.file("hard.gpkg")},
      {project_});
}

TEST_F(OutputGuardTest, RefusesAnInputFileOrARasterBeingRead) {
  write_text(dir_.file("sites.csv"), "id,lon,lat\nS1,114.01,30.01\n");
  expect_refused({"grid", "assign", "--cells", dir_.file("cells.csv"), "--sites",
                  dir_.file("sites.csv"), "-o", dir_.file("sites.csv")},
                 {dir_.file("sites.csv")});
  // The guard runs before the rasters are opened, so any bytes stand for them.
  write_text(dir_.file("before.tif"), "the earlier orthomosaic");
  write_text(dir_.file("after.tif"), "the later orthomosaic");
  expect_refused(
      {"imagery", "changes", "--before", dir_.file("before.tif"), "--after", dir_.file("after.tif"),
       "--mask-out", dir_.file("before.tif"), "-o", dir_.file("flags.gpkg")},
      {dir_.file("before.tif")});
  expect_refused(
      {"imagery", "changes", "--before", dir_.file("before.tif"), "--after", dir_.file("after.tif"),
       "--chips", dir_.file("after.tif"), "-o", dir_.file("flags.gpkg")},
      {dir_.file("after.tif")});
}

TEST_F(OutputGuardTest, RefusesTwoOutputsOnOneFile) {
  const auto result =
      run_envgrid({"patrol", "plan", project_, "--cell", "C1", "--date", "2026-11-02", "-o",
                   dir_.file("day.gpx"), "--gpx", dir_.file("day.gpx")});
  EXPECT_EQ(result.exit_code, 2) << result.err;
  EXPECT_NE(result.err.find("are the same file"), std::string::npos) << result.err;
  EXPECT_FALSE(fs::exists(dir_.file("day.gpx")));
}

TEST_F(OutputGuardTest, LetsADistinctOutputThrough) {
  const auto rows_before = store_row_counts(project_);
  const auto result = run_envgrid({"grid", "validate", project_, "-o", dir_.file("report.csv")});
  EXPECT_LE(result.exit_code, 1) << result.err;
  EXPECT_TRUE(fs::exists(dir_.file("report.csv")));
  EXPECT_EQ(store_row_counts(project_), rows_before);
}

}  // namespace
}  // namespace envgrid::test
