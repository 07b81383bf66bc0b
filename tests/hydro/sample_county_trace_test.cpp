// The demo on the committed sample county (data/sample, `envgrid synth`
// seed 42): the planted NH3-N exceedance at S001 is listed, and the source
// trace reaches its planted source, enterprise E000004 through outfall
// O000005 (docs/synth.md, "The planted exceedance").

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <sstream>

#include "test_support.hpp"

namespace {

using envgrid::test::run_envgrid;

// The sample county's store, built and snapped as the demo does; "" when
// data/sample is absent.
std::string sample_county_project(const envgrid::test::TempDir& dir) {
  const auto sample = envgrid::test::source_dir() / "data" / "sample";
  if (!std::filesystem::exists(sample / "readings.csv")) return "";
  const std::string project = dir.file("county.gpkg");
  auto in = [&](const char* name) { return (sample / name).string(); };
  EXPECT_EQ(run_envgrid({"init", project}).exit_code, 0);
  EXPECT_LE(run_envgrid({"hydro", "build", "--reaches", in("reaches.gpkg"), "--id-field",
                         "reach_id", "--from-node-field", "from_node", "--to-node-field", "to_node",
                         "--divergence-field", "divergence", "-o", project})
                .exit_code,
            1);
  for (const auto& [layer, file] :
       std::vector<std::pair<std::string, std::string>>{{"enterprises", "enterprises.csv"},
                                                        {"outfalls", "outfalls.csv"},
                                                        {"sections", "sections.csv"},
                                                        {"readings", "readings.csv"}}) {
    EXPECT_EQ(run_envgrid({"import", project, "--layer", layer, in(file.c_str())}).exit_code, 0)
        << file;
  }
  EXPECT_EQ(run_envgrid({"import", project, "--layer", "enterprises", in("enterprises_gcj02.csv"),
                         "--s-srs", "GCJ02"})
                .exit_code,
            0);
  const auto snapped = run_envgrid({"hydro", "snap", project});
  EXPECT_NE(snapped.out.find("sections 15 snapped 15 ties 0 unsnapped 0"), std::string::npos)
      << snapped.out;
  return project;
}

constexpr const char* absent = "data/sample is absent (run envgrid synth -o data/sample)";

TEST(HydroSampleCounty, TheTraceOfThePlantedExceedanceFindsItsSource) {
  envgrid::test::TempDir dir;
  const std::string project = sample_county_project(dir);
  if (project.empty()) GTEST_SKIP() << absent;
  const auto exceedances = run_envgrid({"hydro", "exceedances", project});
  EXPECT_NE(exceedances.out.find("S001,2025-07-14T09:30:00+08:00,NH3-N,1.239,mg/L,0.5,"),
            std::string::npos)
      << exceedances.out;
  // Sections are sampled monthly: a 20-day window lets the upstream
  // sections' samples count.
  const auto trace =
      run_envgrid({"hydro", "trace", project, "--section", "S001", "--at",
                   "2025-07-14T09:30:00+08:00", "--parameter", "NH3N", "--window-hours", "480"});
  ASSERT_EQ(trace.exit_code, 0) << trace.err;
  EXPECT_NE(trace.out.find("stopped at section "), std::string::npos) << trace.out;
  EXPECT_NE(trace.out.find("enterprise E000004 score "), std::string::npos) << trace.out;
  EXPECT_NE(trace.out.find("(outfall O000005, "), std::string::npos) << trace.out;
}

// The stdout table's rows: section_id, kind, flow_distance_km, travel_hours.
struct ImpactRow {
  std::string section_id, kind;
  double km = 0, hours = 0;
};

std::vector<ImpactRow> impact_rows(const std::string& table) {
  std::vector<ImpactRow> rows;
  std::istringstream lines(table);
  std::string line;
  std::getline(lines, line);  // header
  while (std::getline(lines, line)) {
    std::istringstream words(line);
    ImpactRow r;
    if (words >> r.section_id >> r.kind >> r.km >> r.hours) rows.push_back(r);
  }
  return rows;
}

// The planted source's outfall O000005 drains to S001 (docs/synth.md), the
// county's biggest class II section and so a drinking-water intake.
TEST(HydroSampleCounty, ASpillAtThePlantedSourceReachesTheIntakeAtS001) {
  envgrid::test::TempDir dir;
  const std::string project = sample_county_project(dir);
  if (project.empty()) GTEST_SKIP() << absent;
  const auto all = run_envgrid({"hydro", "impact", project, "--outfall", "O000005"});
  ASSERT_EQ(all.exit_code, 0) << all.err;
  const auto rows = impact_rows(all.out);
  ASSERT_FALSE(rows.empty()) << all.out;
  const auto s001 = std::find_if(rows.begin(), rows.end(),
                                 [](const ImpactRow& r) { return r.section_id == "S001"; });
  ASSERT_NE(s001, rows.end()) << all.out;
  EXPECT_EQ(s001->kind, "drinking_water_intake");
  EXPECT_GT(s001->km, 0);
  for (std::size_t k = 1; k < rows.size(); ++k)
    EXPECT_LE(rows[k - 1].hours, rows[k].hours) << "sorted by travel time\n" << all.out;
  // Within half the time to S001, S001 is not reached yet.
  const auto soon = run_envgrid({"hydro", "impact", project, "--outfall", "O000005", "--hours",
                                 std::to_string(s001->hours / 2)});
  ASSERT_EQ(soon.exit_code, 0) << soon.err;
  for (const auto& r : impact_rows(soon.out)) {
    EXPECT_NE(r.section_id, "S001") << soon.out;
    EXPECT_LE(r.hours, s001->hours / 2);
  }
}

}  // namespace
