#include "envgrid/grid/draw.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <random>
#include <set>

#include "envgrid/gis/error.hpp"

namespace grid = envgrid::grid;

namespace {

// 4 special, 40 key, 200 ordinary units spread over 10 cells.
std::vector<grid::DrawUnit> sample_units() {
  std::vector<grid::DrawUnit> units;
  auto add = [&units](const std::string& cls, int count) {
    for (int i = 0; i < count; ++i) {
      const int n = static_cast<int>(units.size());
      units.push_back({"E" + std::to_string(1000 + n), cls, "C" + std::to_string(n % 10), 0});
    }
  };
  add("special", 4);
  add("key", 40);
  add("ordinary", 200);
  return units;
}

// Six inspectors; each manages two of the ten cells (I0: C0,C1; I1: C2,C3; ...).
std::vector<grid::Inspector> sample_inspectors() {
  std::vector<grid::Inspector> inspectors;
  for (int i = 0; i < 6; ++i) {
    inspectors.push_back(
        {"I" + std::to_string(i), {"C" + std::to_string(2 * i), "C" + std::to_string(2 * i + 1)}});
  }
  return inspectors;
}

std::map<std::string, int> count_by_class(const grid::DrawResult& result) {
  std::map<std::string, int> counts;
  for (const auto& t : result.targets) ++counts[t.risk_class];
  return counts;
}

grid::DrawRequest request(const std::string& seed = "20261001") {
  return {"2026Q4", seed, grid::default_draw_rules()};
}

}  // namespace

TEST(Sha256, MatchesTheFipsTestVector) {
  // FIPS 180-2, appendix B.1: SHA-256("abc").
  EXPECT_EQ(grid::sha256_hex("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(Draw, DefaultRatiosPerClass) {
  const auto units = sample_units();
  const auto result = grid::draw_inspections(units, sample_inspectors(), request());
  const auto counts = count_by_class(result);
  EXPECT_EQ(counts.at("special"), 4);    // 100 %
  EXPECT_EQ(counts.at("key"), 10);       // 25 % of 40
  EXPECT_EQ(counts.at("ordinary"), 10);  // 5 % of 200
}

TEST(Draw, RankKeyIsTheDocumentedHash) {
  const auto units = sample_units();
  const auto result = grid::draw_inspections(units, sample_inspectors(), request("42"));
  for (const auto& t : result.targets) {
    EXPECT_EQ(t.rank_key, grid::sha256_hex("42|2026Q4|" + t.enterprise_id));
  }
  // Within a class, the drawn units are those with the smallest keys.
  std::vector<std::string> key_units;
  for (const auto& u : units) {
    if (u.risk_class == "key")
      key_units.push_back(grid::sha256_hex("42|2026Q4|" + u.enterprise_id));
  }
  std::sort(key_units.begin(), key_units.end());
  std::vector<std::string> drawn;
  for (const auto& t : result.targets) {
    if (t.risk_class == "key") drawn.push_back(t.rank_key);
  }
  EXPECT_EQ(drawn, std::vector<std::string>(key_units.begin(), key_units.begin() + 10));
}

TEST(Draw, SameInputsInAnyOrderGiveTheSameDraw) {
  auto units = sample_units();
  auto inspectors = sample_inspectors();
  const auto first = grid::draw_inspections(units, inspectors, request());
  std::mt19937 shuffle(7);
  std::shuffle(units.begin(), units.end(), shuffle);
  std::shuffle(inspectors.begin(), inspectors.end(), shuffle);
  const auto second = grid::draw_inspections(units, inspectors, request());
  EXPECT_EQ(first.input_digest, second.input_digest);
  EXPECT_EQ(first.result_digest, second.result_digest);
  ASSERT_EQ(first.targets.size(), second.targets.size());
  for (std::size_t i = 0; i < first.targets.size(); ++i) {
    EXPECT_EQ(first.targets[i].enterprise_id, second.targets[i].enterprise_id);
    EXPECT_EQ(first.targets[i].inspectors, second.targets[i].inspectors);
  }
}

TEST(Draw, AnotherSeedGivesAnotherDraw) {
  const auto units = sample_units();
  const auto a = grid::draw_inspections(units, sample_inspectors(), request("1"));
  const auto b = grid::draw_inspections(units, sample_inspectors(), request("2"));
  EXPECT_EQ(a.input_digest == b.input_digest, false);
  EXPECT_NE(a.result_digest, b.result_digest);
}

TEST(Draw, YearlyCapExcludesUnits) {
  auto units = sample_units();
  for (auto& u : units) {
    if (u.risk_class == "ordinary" && u.enterprise_id < "E1100")
      u.inspections_this_year = 1;  // at cap 1
  }
  const auto result = grid::draw_inspections(units, sample_inspectors(), request());
  for (const auto& t : result.targets) {
    if (t.risk_class == "ordinary") EXPECT_GE(t.enterprise_id, "E1100") << t.enterprise_id;
  }
}

TEST(Draw, TeamsAvoidTheirOwnCellsAndShareTheLoad) {
  const auto units = sample_units();
  const auto inspectors = sample_inspectors();
  const auto result = grid::draw_inspections(units, inspectors, request());
  std::map<std::string, int> load;
  for (const auto& t : result.targets) {
    ASSERT_EQ(t.inspectors.size(), 2u);
    EXPECT_NE(t.inspectors[0], t.inspectors[1]);
    for (const auto& name : t.inspectors) {
      ++load[name];
      const auto& inspector = *std::find_if(inspectors.begin(), inspectors.end(),
                                            [&](const auto& i) { return i.name == name; });
      EXPECT_EQ(
          std::count(inspector.managed_cells.begin(), inspector.managed_cells.end(), t.cell_id), 0)
          << name << " manages " << t.cell_id;
    }
  }
  int lowest = 1 << 30, highest = 0;
  for (const auto& inspector : inspectors) {
    lowest = std::min(lowest, load[inspector.name]);
    highest = std::max(highest, load[inspector.name]);
  }
  EXPECT_LE(highest - lowest, 1);
  EXPECT_TRUE(result.warnings.empty());
}

TEST(Draw, TooFewInspectorsIsWarnedNotHidden) {
  const std::vector<grid::DrawUnit> units{{"E1", "special", "C0", 0}};
  const std::vector<grid::Inspector> inspectors{{"I0", {"C0"}}, {"I1", {}}};
  const auto result = grid::draw_inspections(units, inspectors, request());
  ASSERT_EQ(result.targets.size(), 1u);
  EXPECT_EQ(result.targets[0].inspectors, std::vector<std::string>{"I1"});
  ASSERT_EQ(result.warnings.size(), 1u);
  EXPECT_NE(result.warnings[0].find("E1"), std::string::npos);
}

TEST(DrawRules, ParseAndReportBadLines) {
  const auto rules =
      grid::parse_draw_rules("risk_class,ratio_per_period,yearly_cap\nkey,0.5,3\n", "rules.csv");
  EXPECT_DOUBLE_EQ(rules.classes.at("key").ratio_per_period, 0.5);
  EXPECT_EQ(rules.classes.at("key").yearly_cap, 3);
  try {
    (void)grid::parse_draw_rules("key,0.5,3\nordinary,1.5,1\n", "rules.csv");
    FAIL();
  } catch (const envgrid::gis::Error& e) {
    EXPECT_NE(std::string(e.what()).find("rules.csv, line 2"), std::string::npos) << e.what();
  }
}

TEST(DrawRules, TeamSizeMustBeAWholeNumberFrom1To100) {
  EXPECT_EQ(grid::parse_draw_rules("key,0.5,3\n# team_size,3\n", "r.csv").team_size, 3);
  // Found by the draw_rules fuzzer: "# team_size,key" ended the program with std::invalid_argument.
  for (const char* size : {"key", "", "-3", "0", "101", "2x", "99999999999"}) {
    try {
      (void)grid::parse_draw_rules(std::string("key,0.5,3\n# team_size,") + size + "\n", "r.csv");
      ADD_FAILURE() << size << " was accepted";
    } catch (const envgrid::gis::Error& e) {
      EXPECT_NE(std::string(e.what()).find("r.csv, line 2"), std::string::npos) << e.what();
    }
  }
}

TEST(Draw, PeriodMustBeAQuarter) {
  EXPECT_THROW(grid::validate_period("2026-10"), envgrid::gis::Error);
  EXPECT_THROW(grid::validate_period("2026Q5"), envgrid::gis::Error);
  EXPECT_NO_THROW(grid::validate_period("2026Q4"));
}

TEST(CrossCheck, NoUnitInspectsItselfAndEachIsInspectedOnce) {
  const std::vector<std::string> cities{"420100", "420200", "420300", "420500", "420600"};
  const auto pairs = grid::draw_cross_check(cities, "7", "2026Q4");
  ASSERT_EQ(pairs.size(), cities.size());
  std::set<std::string> inspected;
  for (const auto& p : pairs) {
    EXPECT_NE(p.inspecting_unit, p.inspected_unit);
    inspected.insert(p.inspected_unit);
  }
  EXPECT_EQ(inspected.size(), cities.size());
  EXPECT_EQ(pairs.size(), grid::draw_cross_check(cities, "7", "2026Q4").size());
}
