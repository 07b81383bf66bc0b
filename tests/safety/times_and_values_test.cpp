// Impossible times and values: refused with exit 2 in options (never a
// stored trace), reported by row in imports and readings; `--to DATE` lists
// the whole day. On GeoPackage and PostGIS.

#include <gtest/gtest.h>

#include "safety_support.hpp"
#include "store_backends.hpp"

namespace envgrid::test {
namespace {

class TimesAndValuesTest : public EmptyStoreTest {
 protected:
  void SetUp() override {
    EmptyStoreTest::SetUp();
    if (IsSkipped()) return;
    write_text(dir().file("sections.csv"), "section_id,target_class,lon,lat\nS1,3,114.01,30.01\n");
    import_layer(location(), "sections", dir().file("sections.csv"));
  }
  RunResult import_readings(const std::string& rows) {
    write_text(dir().file("readings.csv"), "section_id,taken_at,parameter,value,unit\n" + rows);
    return run_envgrid({"import", location(), "--layer", "readings", dir().file("readings.csv")});
  }
};

TEST_P(TimesAndValuesTest, ImpossibleTimesInOptionsAreUsageErrors) {
  const auto before = store_row_counts(location());
  for (const std::string time :
       {"2025-07-14T25:00", "2025-02-30", "2025-07-14T99:99", "2025-07-14T10:00 and more"}) {
    const auto from = run_envgrid({"hydro", "exceedances", location(), "--from", time});
    EXPECT_EQ(from.exit_code, 2) << time << ": " << from.err;
    EXPECT_NE(from.err.find("'" + time + "' is not an ISO 8601"), std::string::npos) << from.err;
    const auto to = run_envgrid({"hydro", "exceedances", location(), "--to", time});
    EXPECT_EQ(to.exit_code, 2) << time << ": " << to.err;
  }
  const auto trace = run_envgrid({"hydro", "trace", location(), "--section", "S1", "--at",
                                  "2025-07-14T25:00", "--parameter", "COD"});
  EXPECT_EQ(trace.exit_code, 2) << trace.err;
  EXPECT_EQ(store_row_counts(location()), before) << "a refused command changed the store";
}

TEST_P(TimesAndValuesTest, ImpossibleTimesInReadingsAreRejectedByRow) {
  const auto result = import_readings(
      "S1,2025-07-14T10:00,COD,30,mg/L\nS1,2025-02-30T10:00,COD,30,mg/L\n"
      "S1,2025-07-14T25:00,COD,30,mg/L\nS1,2025-07-15T10:00:00+08:00,COD,30,mg/L\n");
  EXPECT_EQ(result.exit_code, 1) << result.err;
  EXPECT_NE(result.err.find("row 2"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("row 3"), std::string::npos) << result.err;
  EXPECT_EQ(store_row_counts(location())["readings"], 2);
}

TEST_P(TimesAndValuesTest, NegativeConcentrationsAreReportedNotCompliant) {
  ASSERT_LE(import_readings("S1,2025-07-14T10:00,COD,-5,mg/L\nS1,2025-07-14T10:00,DO,-1,mg/L\n"
                            "S1,2025-07-14T11:00,COD,35,mg/L\n")
                .exit_code,
            1);
  const auto result = run_envgrid({"hydro", "exceedances", location()});
  EXPECT_EQ(result.exit_code, 1) << result.err;
  EXPECT_NE(result.err.find("value -5 is impossible"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("value -1 is impossible"), std::string::npos) << result.err;
  EXPECT_EQ(result.out.find("inf"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("2025-07-14T11:00"), std::string::npos) << "COD 35 exceeds class III";
}

TEST_P(TimesAndValuesTest, ToADateListsTheWholeDay) {
  ASSERT_EQ(import_readings("S1,2025-07-14T10:00,COD,35,mg/L\nS1,2025-07-14T23:30,COD,36,mg/L\n"
                            "S1,2025-07-15T00:30,COD,37,mg/L\n")
                .exit_code,
            0);
  const auto result = run_envgrid({"hydro", "exceedances", location(), "--to", "2025-07-14"});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.out.find("2025-07-14T10:00"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("2025-07-14T23:30"), std::string::npos) << result.out;
  EXPECT_EQ(result.out.find("2025-07-15T00:30"), std::string::npos) << result.out;
}

ENVGRID_INSTANTIATE_STORE_BACKENDS(TimesAndValuesTest);

}  // namespace
}  // namespace envgrid::test
