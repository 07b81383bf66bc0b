// Source tracing on the dendritic ASCII map (reaches 1 AB, 2 BE, 3 CD, 4 FD,
// 5 DE, 6 EG; every velocity 0.01 m/s so that 36 m take one hour): the stop at
// a compliant upstream section shifted by the travel time, which outfalls are
// suspects, and the terms of their scores.

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "envgrid/hydro/source_trace.hpp"
#include "sample_networks.hpp"

namespace {

namespace hydro = envgrid::hydro;

constexpr double velocity_m_s = 0.01;
const std::int64_t t0 = *hydro::parse_iso_seconds("2024-05-10T12:00:00");

double hours_for(double metres) { return metres / velocity_m_s / 3600; }

class SourceTraceTest : public ::testing::Test {
 protected:
  SourceTraceTest() {
    auto records = envgrid::test::dendritic_reaches();
    for (auto& r : records) r.velocity_m_s = velocity_m_s;
    net = hydro::build_network(records);
    sections["X"] = {"X", 3, "6", 50};  // exceeding, 250 m above G
    sections["U"] = {"U", 3, "5", 50};  // upstream, 500 m above X
    enterprises["E1"] = {"E1", "Hubei Chem", "chemicals", "key"};
    enterprises["E2"] = {"E2", "Gears", "machinery", "ordinary"};
    outfalls = {
        {"O1", "E1", true, "2", 50, {}},  // 100 + 250 m above X
        {"O2", "", true, "3", 50, {}},    // above U
        {"O3", "", true, "5", 80, {}},    // above U, on its reach
        {"O4", "", false, "5", 20, {}},   // below U: 100 + 250 m above X, unregistered
        {"O5", "E1", true, "6", 20, {}},  // below X
        {"O6", "E2", true, "6", 90, {}},  // 200 m above X
    };
  }

  hydro::SourceTraceResult run(double u_value, std::int64_t u_time_s, double window_hours = 4) {
    std::vector<hydro::Reading> readings = {
        {1, "X", "", "NH3-N", 2.5, "mg/L"},
        {2, "U", "", "NH3-N", u_value, "mg/L"},
    };
    checked = hydro::check_readings({}, sections);
    const auto* nh3n = hydro::find_parameter("NH3-N");
    for (const auto& r : readings) {
      const std::int64_t t = r.section_id == "X" ? t0 : u_time_s;
      checked.readings.push_back(
          {r.row, r.section_id, "", t, nh3n, *r.value, 3, hydro::assess(*nh3n, 3, *r.value)});
    }
    hydro::SourceTraceInput in;
    in.net = &net;
    in.section = sections["X"];
    in.at_s = t0;
    in.parameter = nh3n;
    in.sections = &sections;
    in.readings = &checked;
    in.outfalls = outfalls;
    in.enterprises = &enterprises;
    in.discharges = discharges;
    hydro::SourceTraceOptions options;
    options.window_hours = window_hours;
    return hydro::trace_sources(in, options);
  }

  static std::vector<std::string> ids(const hydro::SourceTraceResult& r) {
    std::vector<std::string> out;
    for (const auto& s : r.suspects) out.push_back(s.outfall_id);
    return out;
  }

  hydro::Network net;
  std::map<std::string, hydro::SectionInfo> sections;
  std::map<std::string, hydro::EnterpriseInfo> enterprises;
  std::vector<hydro::OutfallInfo> outfalls;
  hydro::CheckedReadings checked;
  std::vector<hydro::DischargeReading> discharges;
};

const std::int64_t u_lag_s = std::llround(hours_for(500) * 3600);  // U is 500 m above X

TEST_F(SourceTraceTest, ACompliantUpstreamSectionAtTheMatchingTimeStopsTheTrace) {
  const auto r = run(0.4, t0 - u_lag_s);
  ASSERT_EQ(r.stops.size(), 1u);
  EXPECT_EQ(r.stops[0].section_id, "U");
  EXPECT_NEAR(r.stops[0].travel_time_h, hours_for(500), hours_for(500) * 0.01);  // map scale
  std::vector<std::string> reaches;
  for (const auto& step : r.trace.steps) reaches.push_back(net.reaches[step.reach].id);
  std::sort(reaches.begin(), reaches.end());
  EXPECT_EQ(reaches, (std::vector<std::string>{"1", "2", "5", "6"}));  // not 3 and 4 above U
  EXPECT_EQ(ids(r), (std::vector<std::string>{"O1", "O4", "O6"}));
}

TEST_F(SourceTraceTest, AReadingAtTheUnshiftedTimeOrAnExceedingOneDoesNotStopIt) {
  // 13.9 h of travel: a reading at the exceedance's own time is 11.9 h outside a 4 h window.
  EXPECT_TRUE(run(0.4, t0).stops.empty());
  EXPECT_EQ(run(0.4, t0).suspects.size(), 5u);  // O2 and O3 above U join
  const auto exceeding = run(1.4, t0 - u_lag_s);
  EXPECT_TRUE(exceeding.stops.empty());
  EXPECT_EQ(ids(exceeding).size(), 5u);
}

TEST_F(SourceTraceTest, EachSuspectCarriesItsScoreTerms) {
  const auto r = run(0.4, t0 - u_lag_s);
  ASSERT_EQ(r.suspects.size(), 3u);
  const auto& e1 = r.suspects[0];
  EXPECT_EQ(e1.kind, "enterprise");
  EXPECT_EQ(e1.object_id, "E1");
  EXPECT_NEAR(e1.flow_distance_m, 350, 350 * 0.01);  // map scale vs ellipsoid
  ASSERT_EQ(e1.terms.size(), 3u);
  EXPECT_EQ(e1.terms[0].name, "proximity");
  EXPECT_NEAR(e1.terms[0].points, 2 * std::exp(-e1.travel_time_h / 24), 1e-12);
  EXPECT_NEAR(e1.travel_time_h, hours_for(350), hours_for(350) * 0.01);
  EXPECT_EQ(e1.terms[1].name, "industry");
  EXPECT_EQ(e1.terms[1].points, 2);
  EXPECT_EQ(e1.terms[2].name, "history");
  EXPECT_EQ(e1.terms[2].points, 1);
  EXPECT_NEAR(e1.score, e1.terms[0].points + 3, 1e-12);

  const auto& o4 = r.suspects[1];
  EXPECT_EQ(o4.kind, "outfall");
  EXPECT_EQ(o4.object_id, "O4");
  ASSERT_EQ(o4.terms.size(), 2u);
  EXPECT_EQ(o4.terms[1].name, "unregistered");
  EXPECT_EQ(o4.terms[1].points, 1.5);

  const auto& e2 = r.suspects[2];
  EXPECT_EQ(e2.object_id, "E2");
  EXPECT_EQ(e2.terms.size(), 1u);                     // machinery does not discharge NH3-N
  EXPECT_GT(e2.terms[0].points, o4.terms[0].points);  // nearer than O4
  EXPECT_EQ(hydro::terms_json(e2).substr(0, 14), "{\"proximity\": ");
}

hydro::DischargeReading discharge(std::int64_t row, const std::string& outfall, std::int64_t time_s,
                                  double value_mg_l, double limit_mg_l, bool default_limit) {
  return {row,
          outfall,
          "at row " + std::to_string(row),
          time_s,
          hydro::find_parameter("NH3-N"),
          value_mg_l,
          limit_mg_l,
          default_limit};
}

TEST_F(SourceTraceTest, DischargeReadingsInTheLaggedWindowScore) {
  // O6 (E2) is 200 m above X: its water took hours_for(200) = 5.6 h. A
  // reading at that lag, 3 x its permit limit, scores +3; one at the
  // exceedance's own time is 5.6 h off, outside the 4 h window (+-2 h).
  const auto lag_s = std::llround(hours_for(200) * 3600);
  discharges = {discharge(10, "O6", t0 - lag_s + 1800, 30, 10, false),
                discharge(11, "O6", t0, 90, 10, false),
                // O1 (E1), 350 m up: within the GB 8978-1996 default of 15 mg/L.
                discharge(12, "O1", t0 - std::llround(hours_for(350) * 3600), 5, 15, true)};
  const auto r = run(0.4, t0 - u_lag_s);
  ASSERT_EQ(r.suspects.size(), 3u);
  const auto& e2 = r.suspects[0];  // 1.59 proximity + 3 beats E1's 1.33 + 2 + 1 - 1
  EXPECT_EQ(e2.object_id, "E2");
  ASSERT_EQ(e2.terms.size(), 2u);
  EXPECT_EQ(e2.terms[1].name, "discharge");
  EXPECT_EQ(e2.terms[1].points, 3);
  EXPECT_NE(e2.terms[1].why.find("1 of 1 discharge readings over the limit; 30.000 mg/L at "
                                 "at row 10 is 3.0 x the limit 10.000 mg/L (permit)"),
            std::string::npos)
      << e2.terms[1].why;
  const auto e1 = std::find_if(r.suspects.begin(), r.suspects.end(),
                               [](const auto& s) { return s.object_id == "E1"; });
  ASSERT_NE(e1, r.suspects.end());
  ASSERT_EQ(e1->terms.size(), 4u);
  EXPECT_EQ(e1->terms[2].name, "discharge");
  EXPECT_EQ(e1->terms[2].points, -1);
  EXPECT_NE(e1->terms[2].why.find("limit 15.000 mg/L (GB 8978-1996 grade 1)"), std::string::npos)
      << e1->terms[2].why;
  EXPECT_NEAR(e1->score, e1->terms[0].points + 2 - 1 + 1, 1e-12);
}

TEST(DischargeReadings, OutfallIdsAreDischargeReadingsCheckedByRow) {
  const std::map<std::string, hydro::SectionInfo> sections = {{"X", {"X", 3, "6", 50}}};
  const std::vector<hydro::Reading> readings = {
      {1, "X", "2024-05-10T12:00:00", "NH3-N", 0.5, "mg/L", std::nullopt},
      {2, "O1", "2024-05-10T08:00:00", "NH3N", 20000, "ug/L", std::nullopt},
      {3, "O1", "2024-05-10T09:00:00", "COD", 80, "mg/L", 60.0},
      {4, "O1", "2024-05-10T08:00:00", "NH3-N", 3, "mg/L", std::nullopt},  // duplicate of 2
      {5, "O1", "2024-05-10T08:00:00", "DO", 3, "mg/L", 2.0},
      {6, "O1", "2024-05-10T08:00:00", "TN", 30, "mg/L", std::nullopt},
      {7, "Z", "2024-05-10T08:00:00", "COD", 30, "mg/L", std::nullopt},  // neither: a section row
  };
  const auto split = hydro::split_discharge_readings(readings, {"O1"}, sections);
  ASSERT_EQ(split.section_readings.size(), 2u);
  EXPECT_EQ(split.section_readings[0].row, 1);
  EXPECT_EQ(split.section_readings[1].row, 7);
  ASSERT_EQ(split.discharges.size(), 2u);
  EXPECT_EQ(split.discharges[0].outfall_id, "O1");
  EXPECT_DOUBLE_EQ(split.discharges[0].value_mg_l, 20);  // 20 000 ug/L
  EXPECT_DOUBLE_EQ(split.discharges[0].limit_mg_l, 15);  // GB 8978-1996 grade 1
  EXPECT_TRUE(split.discharges[0].default_limit);
  EXPECT_DOUBLE_EQ(split.discharges[1].limit_mg_l, 60);  // its permit
  EXPECT_FALSE(split.discharges[1].default_limit);
  EXPECT_NEAR(split.discharges[1].factor(), 80.0 / 60, 1e-12);
  ASSERT_EQ(split.problems.size(), 3u);
  EXPECT_EQ(split.problems[0].row, 4);
  EXPECT_NE(split.problems[0].what.find("duplicate of row 2"), std::string::npos);
  EXPECT_EQ(split.problems[1].row, 5);
  EXPECT_NE(split.problems[1].what.find("DO is not a discharge parameter"), std::string::npos);
  EXPECT_EQ(split.problems[2].row, 6);
  EXPECT_NE(split.problems[2].what.find("without a limit"), std::string::npos);
}

TEST(IndustryTable, NamesInEnglishOrChinese) {
  const auto* nh3n = hydro::find_parameter("NH3-N");
  EXPECT_TRUE(hydro::industry_emits("livestock", *nh3n));
  EXPECT_TRUE(hydro::industry_emits("生猪养殖", *nh3n));
  EXPECT_FALSE(hydro::industry_emits("machinery", *nh3n));
  EXPECT_TRUE(hydro::industry_emits("paper", *hydro::find_parameter("COD")));
}

}  // namespace
