// GB 3838-2002 limits: every class of every parameter, DO as a minimum, and
// the checks of readings (unknown parameter/unit/section, duplicates).

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "envgrid/hydro/readings.hpp"

namespace {

namespace hydro = envgrid::hydro;

// Table 1 of GB 3838-2002, typed in again from the standard for the test.
struct Row {
  const char* name;
  std::array<double, 5> limits;
};
const Row standard_rows[] = {
    {"DO", {7.5, 6, 5, 3, 2}},
    {"CODMn", {2, 4, 6, 10, 15}},
    {"COD", {15, 15, 20, 30, 40}},
    {"BOD5", {3, 3, 4, 6, 10}},
    {"NH3-N", {0.15, 0.5, 1.0, 1.5, 2.0}},
    {"TP", {0.02, 0.1, 0.2, 0.3, 0.4}},
    {"TN", {0.2, 0.5, 1.0, 1.5, 2.0}},
};

TEST(Gb3838, AtTheLimitIsCompliantAndJustBeyondItExceedsInEveryClass) {
  for (const Row& row : standard_rows) {
    const hydro::ParameterLimits* p = hydro::find_parameter(row.name);
    ASSERT_NE(p, nullptr) << row.name;
    const bool minimum = std::string(row.name) == "DO";
    EXPECT_EQ(p->kind, minimum ? hydro::LimitKind::minimum : hydro::LimitKind::maximum);
    EXPECT_EQ(p->unit, "mg/L");
    for (int c = 1; c <= 5; ++c) {
      const double limit = row.limits[c - 1];
      const double beyond = minimum ? limit * 0.9 : limit * 1.1;
      const auto at = hydro::assess(*p, c, limit);
      const auto over = hydro::assess(*p, c, beyond);
      EXPECT_FALSE(at.exceeds) << row.name << " class " << c;
      EXPECT_DOUBLE_EQ(at.limit, limit);
      EXPECT_TRUE(over.exceeds) << row.name << " class " << c;
      EXPECT_NEAR(over.factor, minimum ? 1 / 0.9 : 1.1, 1e-12) << row.name;
      EXPECT_GT(over.water_class, c) << row.name << " class " << c;
    }
  }
}

TEST(Gb3838, WaterClassIsTheBestClassMet) {
  const auto* nh3n = hydro::find_parameter("NH3N");
  ASSERT_NE(nh3n, nullptr);
  EXPECT_EQ(nh3n->name, "NH3-N");
  EXPECT_EQ(hydro::assess(*nh3n, 3, 0.1).water_class, 1);
  EXPECT_EQ(hydro::assess(*nh3n, 3, 1.2).water_class, 4);
  EXPECT_EQ(hydro::assess(*nh3n, 3, 2.5).water_class, 6);
  EXPECT_EQ(hydro::roman_class(6), "worse than V");
  const auto* dissolved_oxygen = hydro::find_parameter("do");
  ASSERT_NE(dissolved_oxygen, nullptr);
  EXPECT_EQ(hydro::assess(*dissolved_oxygen, 2, 8.0).water_class, 1);
  const auto low = hydro::assess(*dissolved_oxygen, 2, 4.0);  // class II needs >= 6
  EXPECT_TRUE(low.exceeds);
  EXPECT_EQ(low.water_class, 4);
  EXPECT_DOUBLE_EQ(low.factor, 1.5);
  EXPECT_EQ(hydro::find_parameter("pH"), nullptr);
  EXPECT_EQ(hydro::find_parameter("CODcr")->name, "COD");
  EXPECT_EQ(hydro::find_parameter("CODMn")->name, "CODMn");
}

TEST(Gb3838, OneVocabularyTakesTheSpellingsReadingsArriveWith) {
  const std::map<std::string, std::vector<std::string>> spellings = {
      {"NH3-N", {"NH3-N", "NH3N", "nh3_n", "NH4-N", "氨氮"}},
      {"COD", {"COD", "CODcr", "COD_Cr", "化学需氧量"}},
      {"CODMn", {"codmn", "高锰酸盐指数"}},
      {"BOD5", {"BOD5", "五日生化需氧量"}},
      {"TP", {"tp", "总磷"}},
      {"TN", {"TN", "总氮"}},
      {"DO", {"DO", "溶解氧"}},
  };
  for (const auto& [name, aliases] : spellings) {
    for (const auto& alias : aliases) {
      const auto* found = hydro::find_parameter(alias);
      ASSERT_NE(found, nullptr) << alias;
      EXPECT_EQ(found->name, name) << alias;
    }
  }
  EXPECT_EQ(hydro::find_parameter("总"), nullptr);
  EXPECT_EQ(hydro::find_parameter("氨"), nullptr);
}

TEST(Gb3838, UnitsConvertToMilligramsPerLitre) {
  EXPECT_EQ(hydro::to_mg_per_l("mg/L"), 1.0);
  EXPECT_EQ(hydro::to_mg_per_l("MG/l"), 1.0);
  EXPECT_EQ(hydro::to_mg_per_l("ug/L"), 0.001);
  EXPECT_FALSE(hydro::to_mg_per_l("ppm"));
}

TEST(IsoTime, OffsetsAndFormats) {
  EXPECT_EQ(hydro::parse_iso_seconds("1970-01-02"), 86400);
  EXPECT_EQ(hydro::parse_iso_seconds("2024-03-01T08:00:00+08:00"),
            hydro::parse_iso_seconds("2024-03-01T00:00Z"));
  EXPECT_EQ(
      *hydro::parse_iso_seconds("2024-03-01 01:00") - *hydro::parse_iso_seconds("2024-02-28T01:00"),
      2 * 86400);  // 2024 is a leap year
  EXPECT_FALSE(hydro::parse_iso_seconds("yesterday"));
  EXPECT_FALSE(hydro::parse_iso_seconds("2024-03-01T8:00"));
}

TEST(Readings, BadRowsAreReportedByRowAndTheRestAssessed) {
  std::map<std::string, hydro::SectionInfo> sections;
  sections["S1"] = {"S1", 3, "r1", 50};
  sections["S2"] = {"S2", std::nullopt, "", 0};
  const std::vector<hydro::Reading> readings = {
      {1, "S1", "2024-05-01T08:00", "NH3-N", 1.8, "mg/L"},  // class III 1.0: x1.8
      {2, "S1", "2024-05-01T08:00", "pH", 7.1, ""},
      {3, "S1", "2024-05-01T08:00", "COD", 25, "ppm"},
      {4, "S1", "2024-05-01T08:00", "COD", std::nullopt, "mg/L"},
      {5, "S1", "2024-05-01T08:00", "NH3N", 1.7, "mg/L"},  // duplicate of row 1
      {6, "S9", "2024-05-01T08:00", "TP", 0.1, "mg/L"},
      {7, "S2", "2024-05-01T08:00", "TP", 0.1, "mg/L"},
      {8, "S1", "2024-05-02T08:00", "DO", 4.0, "mg/L"},  // class III >= 5
      {9, "S1", "2024-05-03T08:00", "TP", 150, "ug/L"},  // 0.15 <= 0.2
  };
  const auto checked = hydro::check_readings(readings, sections);
  ASSERT_EQ(checked.problems.size(), 6u);
  EXPECT_EQ(checked.problems[0].row, 2);
  EXPECT_NE(checked.problems[0].what.find("unknown parameter 'pH'"), std::string::npos);
  EXPECT_NE(checked.problems[1].what.find("unknown unit 'ppm'"), std::string::npos);
  EXPECT_EQ(checked.problems[2].what, "no numeric value");
  EXPECT_EQ(checked.problems[3].row, 5);
  EXPECT_NE(checked.problems[3].what.find("duplicate of row 1"), std::string::npos);
  EXPECT_NE(checked.problems[4].what.find("unknown section 'S9'"), std::string::npos);
  EXPECT_NE(checked.problems[5].what.find("has no target_class"), std::string::npos);
  ASSERT_EQ(checked.readings.size(), 3u);

  const auto all = hydro::exceedances(checked, {});
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].row, 1);
  EXPECT_DOUBLE_EQ(all[0].assessment.factor, 1.8);
  EXPECT_EQ(all[1].row, 8);
  EXPECT_DOUBLE_EQ(all[1].assessment.factor, 1.25);
  hydro::TimeWindow may_2nd;
  may_2nd.from_s = hydro::parse_iso_seconds("2024-05-02");
  const auto later = hydro::exceedances(checked, may_2nd);
  ASSERT_EQ(later.size(), 1u);
  EXPECT_EQ(later[0].row, 8);
}

}  // namespace
