// `envgrid grid validate` on real data: Hubei's county polygons (DataV,
// GCJ-02; 25 of 103 invalid, 99 neighbouring pairs overlapping by more than
// 1 m², 15.6 km² in all, per ../shared/data/real/admin/SOURCE.md) and the
// 17 prefecture-level units above them. Skips with a message when
// ../shared is absent.

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <set>
#include <sstream>

#include "hubei_counties.hpp"
#include "test_support.hpp"

namespace envgrid {
namespace {

namespace fs = std::filesystem;

struct Row {
  std::string problem, cell_id, other_id;
  double area_m2 = 0;
};

std::vector<Row> parse_table(const std::string& out) {
  std::vector<Row> rows;
  std::istringstream lines(out);
  std::string line;
  std::getline(lines, line);  // header
  while (std::getline(lines, line)) {
    std::istringstream fields(line);
    Row row;
    std::string area;
    std::getline(fields, row.problem, '\t');
    std::getline(fields, row.cell_id, '\t');
    std::getline(fields, row.other_id, '\t');
    std::getline(fields, area, '\t');
    row.area_m2 = std::stod(area);
    rows.push_back(row);
  }
  return rows;
}

std::vector<Row> of(const std::vector<Row>& rows, const std::string& problem) {
  std::vector<Row> found;
  std::copy_if(rows.begin(), rows.end(), std::back_inserter(found),
               [&](const Row& r) { return r.problem == problem; });
  return found;
}

TEST(GridValidateRealData, HubeiCountiesAsSiblingsOverlapAsSourceMdSays) {
  const auto data = test::shared_real_data();
  if (!data) GTEST_SKIP() << "shared real data not found (set ENVGRID_SHARED_DATA)";
  const auto files = test::hubei_county_files(*data / "admin" / "hubei");
  ASSERT_EQ(files.size(), 17u);
  test::TempDir dir;
  std::vector<std::string> args = {"grid", "validate"};
  for (const auto& f : files) args.insert(args.end(), {"--cells", f});
  args.insert(args.end(),
              {"--cell-id", "adcode", "--cells-srs", "GCJ02", "-o", dir.file("problems.gpkg")});
  const auto run = test::run_envgrid(args);
  ASSERT_EQ(run.exit_code, 1) << run.err;
  const auto rows = parse_table(run.out);
  // No parent field: all 103 counties are siblings of one root.
  EXPECT_EQ(of(rows, "invalid_repaired").size(), 25u);
  EXPECT_TRUE(of(rows, "invalid_rejected").empty());
  EXPECT_TRUE(of(rows, "duplicate_code").empty());
  const auto overlaps = of(rows, "overlap");
  EXPECT_EQ(overlaps.size(), 99u);  // SOURCE.md: 99 pairs over 1 m²
  double total_m2 = 0, largest_m2 = 0;
  std::set<std::pair<std::string, std::string>> pairs;
  for (const auto& o : overlaps) {
    total_m2 += o.area_m2;
    largest_m2 = std::max(largest_m2, o.area_m2);
    EXPECT_TRUE(pairs.insert({o.cell_id, o.other_id}).second) << o.cell_id << " " << o.other_id;
    EXPECT_NE(o.cell_id, o.other_id);
  }
  EXPECT_NEAR(total_m2 / 1e6, 15.6, 0.8);    // km², SOURCE.md: 15.6 km²
  EXPECT_NEAR(largest_m2 / 1e6, 1.79, 0.1);  // km², SOURCE.md: 1.79 km²
  EXPECT_TRUE(fs::exists(dir.file("problems.gpkg")));
}

TEST(GridValidateRealData, HubeiCitiesAndCountiesAsAHierarchy) {
  const auto data = test::shared_real_data();
  if (!data) GTEST_SKIP() << "shared real data not found (set ENVGRID_SHARED_DATA)";
  const fs::path hubei = *data / "admin" / "hubei";
  std::vector<std::string> args = {"grid", "validate", "--cells",
                                   (hubei / "province_420000.json").string()};
  for (const auto& f : test::hubei_county_files(hubei)) args.insert(args.end(), {"--cells", f});
  args.insert(args.end(), {"--cell-id", "adcode", "--parent-field", "parent.adcode",
                           "--level-field", "level", "--cells-srs", "GCJ02"});
  const auto run = test::run_envgrid(args);
  ASSERT_EQ(run.exit_code, 1) << run.err;
  const auto rows = parse_table(run.out);
  // The 4 county-level units under the province (仙桃, 潜江, 天门, 神农架) are
  // in both the province file and their own county file.
  const auto duplicates = of(rows, "duplicate_code");
  ASSERT_EQ(duplicates.size(), 4u);
  for (const auto& d : duplicates) EXPECT_EQ(d.cell_id.substr(0, 4), "4290");
  // The province itself (420000) is not among the cells: its 17 units miss it.
  const auto missing = of(rows, "missing_parent");
  EXPECT_EQ(missing.size(), 17u);
  for (const auto& m : missing) EXPECT_EQ(m.other_id, "420000");
  // Counties (level district/city) are below their cities: no level problem.
  EXPECT_TRUE(of(rows, "level_inconsistent").empty());
  // Siblings are now the counties of one city, or the 17 units of the
  // province: a county never pairs with a county of another city. Only 3
  // of the 99 overlapping pairs of counties are in one prefecture (the
  // three county-level cities under the province), and those are checked
  // as the province file's polygons, which do not overlap.
  auto prefecture_level = [](const std::string& code) {
    return code.substr(4) == "00" || code.substr(0, 4) == "4290";
  };
  for (const auto& o : of(rows, "overlap")) {
    const bool counties_of_one_city =
        o.cell_id.substr(0, 4) == o.other_id.substr(0, 4) && !prefecture_level(o.cell_id);
    const bool units = prefecture_level(o.cell_id) && prefecture_level(o.other_id);
    EXPECT_TRUE(counties_of_one_city || units) << o.cell_id << " " << o.other_id;
  }
  // The counties that overlap a county of another city stick out of their
  // city; the cities (drawn separately) leave slivers their counties miss.
  const auto outside = of(rows, "outside_parent");
  EXPECT_FALSE(outside.empty());
  for (const auto& o : outside) EXPECT_EQ(o.other_id, o.cell_id.substr(0, 4) + "00") << o.cell_id;
  const auto gaps = of(rows, "gap");
  EXPECT_FALSE(gaps.empty());
  for (const auto& g : gaps) EXPECT_EQ(g.cell_id.substr(4), "00") << g.cell_id;
}

}  // namespace
}  // namespace envgrid
