// Values that cannot be true are exit 2 before anything changes: NaN and
// infinities in numeric options, and a patrol start that cannot be where the
// manager sets off (latitude and longitude swapped, 1e308), which must not
// replace the cell's stored plan for the day. On GeoPackage and PostGIS.

#include <gtest/gtest.h>

#include "safety_support.hpp"
#include "store_backends.hpp"

namespace envgrid::test {
namespace {

class OptionValuesTest : public StoreBackendTest {
 protected:
  void SetUp() override {
    StoreBackendTest::SetUp();
    if (IsSkipped()) return;
    make_one_cell_store(location(), dir());
  }
  [[nodiscard]] std::vector<std::string> plan(std::vector<std::string> extra) const {
    std::vector<std::string> args{"patrol", "plan",   location(),  "--cell",
                                  "C1",     "--date", "2026-11-02"};
    args.insert(args.end(), extra.begin(), extra.end());
    return args;
  }
};

TEST_P(OptionValuesTest, NotANumberOrInfiniteIsAUsageError) {
  const auto before = store_row_counts(location());
  for (const std::string value : {"nan", "inf", "-inf", "infinity", "NaN"}) {
    const auto result = run_envgrid(plan({"--hours", value}));
    EXPECT_EQ(result.exit_code, 2) << value << ": " << result.err;
    EXPECT_NE(result.err.find("--hours expects a finite number, got '" + value + "'"),
              std::string::npos)
        << result.err;
  }
  const auto snap = run_envgrid({"hydro", "snap", location(), "--max-distance-m", "inf"});
  EXPECT_EQ(snap.exit_code, 2) << snap.err;
  EXPECT_EQ(store_row_counts(location()), before);
}

TEST_P(OptionValuesTest, AnImpossibleStartKeepsTheStoredPlan) {
  const auto first = run_envgrid(plan({}));
  ASSERT_EQ(first.exit_code, 0) << first.err;
  const auto before = store_row_counts(location());
  ASSERT_GT(before.at("patrols"), 0);
  for (const std::string start : {"30.02,114.02", "1e308,1e308", "114.02,-30.02"}) {
    const auto result = run_envgrid(plan({"--start", start}));
    EXPECT_EQ(result.exit_code, 2) << start << ": " << result.err;
    EXPECT_NE(result.err.find("--start " + start), std::string::npos) << result.err;
    EXPECT_EQ(store_row_counts(location()), before) << start << " changed the store";
  }
  const auto nearby = run_envgrid(plan({"--start", "114.02,30.02"}));
  EXPECT_EQ(nearby.exit_code, 0) << nearby.err;
}

ENVGRID_INSTANTIATE_STORE_BACKENDS(OptionValuesTest);

}  // namespace
}  // namespace envgrid::test
