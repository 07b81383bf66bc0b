// Series rules and exceedance episodes on plain values.

#include "envgrid/monitor/series_audit.hpp"

#include <gtest/gtest.h>

#include "envgrid/monitor/alerts.hpp"

namespace envgrid::monitor {
namespace {

using std::chrono::hours;
const std::chrono::system_clock::time_point t0 =
    std::chrono::sys_days{std::chrono::year{2024} / 5 / 10};

std::vector<SeriesValue> hourly(const std::vector<double>& values) {
  std::vector<SeriesValue> series;
  for (std::size_t i = 0; i < values.size(); ++i) {
    series.push_back({t0 + hours(i), values[i], true, "", static_cast<std::int64_t>(i)});
  }
  return series;
}

TEST(SeriesAudit, RefusesAFlatLineOfSixButNotOfFive) {
  const SeriesAudit six = audit_series(hourly({1, 2, 5, 5, 5, 5, 5, 5, 3}), hours(1));
  EXPECT_EQ(six.refused.size(), 6U);
  EXPECT_EQ(six.refused.at(2), "constant for 6 values in a row (flat line)");
  EXPECT_FALSE(six.refused.contains(8));
  EXPECT_TRUE(audit_series(hourly({1, 5, 5, 5, 5, 5, 3}), hours(1)).refused.empty());
}

TEST(SeriesAudit, RefusesRunsOfZeros) {
  const SeriesAudit audit = audit_series(hourly({1, 0, 0, 0, 2, 0, 3}), hours(1));
  EXPECT_EQ(audit.refused.size(), 3U);
  EXPECT_EQ(audit.refused.at(1), "zero for 3 values in a row");
  EXPECT_FALSE(audit.refused.contains(5)) << "a single zero stays valid";
}

TEST(SeriesAudit, CountsGapsDaysShortOfValidHoursAndLateArrivals) {
  std::vector<SeriesValue> series = hourly(std::vector<double>(48, 1.0));
  for (std::size_t i = 0; i < series.size(); ++i) series[i].value = static_cast<double>(i % 5 + 1);
  series.erase(series.begin() + 30, series.begin() + 36);  // 6 hours missing on day 2
  series[3].arrival = 1000;                                // re-sent later
  const SeriesAudit audit = audit_series(series, hours(1));
  EXPECT_EQ(audit.missing_intervals, 6U);
  EXPECT_EQ(audit.days, 2U);
  EXPECT_EQ(audit.days_short_of_valid_hours, 1U) << "day 2 has 18 valid hours";
  EXPECT_EQ(audit.out_of_order, 1U) << "hour 3 arrived after hour 47";
}

TEST(ExceedanceEpisodes, GroupsCloseExceedancesAndRaisesTheLevelWithDuration) {
  const std::vector<DischargeLimit> limits{{"O1", "COD", "avg", 100, "mg/L", "permit"}};
  std::vector<LimitedValue> values;
  const auto add = [&](int hour, double value) {
    values.push_back({"O1", "E1", "MN1", "COD", "avg", "mg/L", t0 + hours(hour), value});
  };
  add(0, 90);
  add(1, 120);                                 // episode 1: one value, level 1
  for (int h = 10; h <= 17; ++h) add(h, 150);  // episode 2: 7 h long, level 3
  add(18, 99);
  const auto episodes = exceedance_episodes(values, limits);
  ASSERT_EQ(episodes.size(), 2U);
  EXPECT_EQ(episodes[0].exceedances, 1U);
  EXPECT_EQ(episodes[0].level, 1);
  EXPECT_EQ(episodes[1].exceedances, 8U);
  EXPECT_EQ(episodes[1].level, 3);
  EXPECT_DOUBLE_EQ(episodes[1].max_value, 150);
}

TEST(ExceedanceEpisodes, RepetitionRaisesTheLevelAndOtherUnitsDoNotMatch) {
  const std::vector<DischargeLimit> limits{{"O1", "COD", "avg", 100, "mg/L", "permit"}};
  std::vector<LimitedValue> values;
  for (int day = 0; day < 5; ++day) {
    values.push_back({"O1", "E1", "MN1", "COD", "avg", "mg/L", t0 + hours(24 * day), 101});
  }
  values.push_back({"O1", "E1", "MN1", "COD", "avg", "g/L", t0 + hours(200), 500});
  const auto episodes = exceedance_episodes(values, limits);
  ASSERT_EQ(episodes.size(), 5U);
  EXPECT_EQ(episodes[0].level, 1);
  EXPECT_EQ(episodes[2].level, 3) << "third episode in 30 days";
  EXPECT_EQ(episodes[4].level, 4) << "fifth episode in 30 days";
}

}  // namespace
}  // namespace envgrid::monitor
