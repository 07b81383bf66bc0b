// Messages that say what to do: they name only options the verb has, tell a
// broken declaration from a missing one, and say a file-wide problem once.

#include <gtest/gtest.h>

#include "safety_support.hpp"

namespace envgrid::test {
namespace {

class MessagesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    write_text(dir_.file("cells.csv"),
               "cell_id,WKT\nC0,\"POLYGON((114 30,114.1 30,114.1 30.1,114 30.1,114 30))\"\n");
    write_text(dir_.file("sites.csv"), "site_id,lon,lat\nS1,114.05,30.05\n");
  }
  TempDir dir_;
};

TEST_F(MessagesTest, ACrsHintNamesTheVerbsOwnOption) {
  const auto assign = run_envgrid({"grid", "assign", "--cells", dir_.file("cells.csv"), "--sites",
                                   dir_.file("sites.csv"), "-o", dir_.file("out.csv")});
  EXPECT_EQ(assign.exit_code, 0) << assign.err;
  EXPECT_NE(assign.err.find("Say otherwise with --sites-srs"), std::string::npos) << assign.err;
  EXPECT_NE(assign.err.find("Say otherwise with --cells-srs"), std::string::npos) << assign.err;
  EXPECT_EQ(assign.err.find("--s-srs"), std::string::npos) << assign.err;
}

TEST_F(MessagesTest, PublishingAnImageWithoutGeoreferenceSuggestsNoGsd) {
  const std::string store = dir_.file("p.gpkg");
  ASSERT_EQ(run_envgrid({"init", store}).exit_code, 0);
  // A 2 x 2 grey image that GDAL reads (PNM) and that has no georeference.
  write_text(dir_.file("plain.pgm"), std::string("P5\n2 2\n255\n\x10\x20\x30\x40", 15));
  const auto publish = run_envgrid(
      {"imagery", "publish", store, "--ortho", dir_.file("plain.pgm"), "--raster-id", "plain"});
  EXPECT_NE(publish.exit_code, 0) << publish.err;
  EXPECT_NE(publish.err.find("plain.pgm"), std::string::npos) << publish.err;
  EXPECT_NE(publish.err.find("no georeference"), std::string::npos) << publish.err;
  EXPECT_EQ(publish.err.find("--gsd"), std::string::npos) << publish.err;
}

TEST_F(MessagesTest, AGarbagePrjIsNotAMissingOne) {
  write_text(dir_.file("sites.prj"), "this is not a coordinate system");
  const auto assign = run_envgrid({"grid", "assign", "--cells", dir_.file("cells.csv"), "--sites",
                                   dir_.file("sites.csv"), "-o", dir_.file("out.csv")});
  EXPECT_EQ(assign.exit_code, 100) << assign.err;
  EXPECT_NE(assign.err.find("sites.prj: not a coordinate system GDAL can read"), std::string::npos)
      << assign.err;
  EXPECT_EQ(assign.err.find("sites.csv: no coordinate system declared"), std::string::npos)
      << assign.err;
}

TEST_F(MessagesTest, NoCoordinateColumnsIsSaidOnce) {
  const std::string project = dir_.file("project.gpkg");
  ASSERT_EQ(run_envgrid({"init", project}).exit_code, 0);
  std::string rows = "enterprise_id,risk_class,east,north\n";
  for (int i = 0; i < 50; ++i) rows += "E" + std::to_string(i) + ",key,114.01,30.01\n";
  write_text(dir_.file("enterprises.csv"), rows);
  const auto result =
      run_envgrid({"import", project, "--layer", "enterprises", dir_.file("enterprises.csv")});
  EXPECT_EQ(result.exit_code, 100) << result.err;
  EXPECT_EQ(occurrences(result.err, "no coordinate columns"), 1) << result.err;
  EXPECT_EQ(occurrences(result.err, "geometry"), 1) << result.err;
  EXPECT_EQ(store_row_counts(project)["enterprises"], 0);
}

}  // namespace
}  // namespace envgrid::test
