// Bounded input everywhere: standard input or a file that never ends
// (/dev/zero) is refused at a documented bound with exit 100 and a message,
// never read into memory without limit (the shell's 1 GB address-space limit
// would end an unbounded read with a crash, and the test with it).

#include <gtest/gtest.h>

#include "safety_support.hpp"

namespace envgrid::test {
namespace {

class BoundedInputTest : public ::testing::Test {
 protected:
  void SetUp() override { make_one_cell_store(project_, dir_); }
  TempDir dir_;
  const std::string project_ = dir_.file("project.gpkg");
};

TEST_F(BoundedInputTest, PasswordFromAnEndlessStandardInput) {
  const auto result = run_shell("\"$ENVGRID\" user add " + shell_quote(project_) +
                                " chen --role analyst --password-stdin </dev/zero");
  EXPECT_EQ(result.exit_code, 100) << result.out;
  EXPECT_NE(result.out.find("standard input"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("longer than 1024 bytes"), std::string::npos) << result.out;
  EXPECT_EQ(store_row_counts(project_).count("users") ? store_row_counts(project_)["users"] : 0, 0);
}

TEST_F(BoundedInputTest, DrawRulesFromAnEndlessFile) {
  const auto before = store_row_counts(project_);
  const auto result = run_shell("\"$ENVGRID\" grid draw " + shell_quote(project_) +
                                " --period 2026Q4 --seed 7 --rules /dev/zero");
  EXPECT_EQ(result.exit_code, 100) << result.out;
  EXPECT_NE(result.out.find("/dev/zero"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("larger than"), std::string::npos) << result.out;
  EXPECT_EQ(store_row_counts(project_), before) << "a refused draw recorded something";
}

TEST_F(BoundedInputTest, CoordinatesFromAnEndlessStandardInput) {
  const auto result =
      run_shell("\"$ENVGRID\" crs transform --s-srs EPSG:4326 --t-srs EPSG:3857 </dev/zero");
  EXPECT_EQ(result.exit_code, 100) << result.out;
  EXPECT_NE(result.out.find("<stdin>, line 1"), std::string::npos) << result.out;
}

}  // namespace
}  // namespace envgrid::test
