// The demo on the committed sample county (data/sample, `envgrid synth`
// seed 42): the planted NH3-N exceedance at S001 is listed, and the source
// trace reaches its planted source, enterprise E000004 through outfall
// O000005 (docs/synth.md, "The planted exceedance").

#include <gtest/gtest.h>

#include <filesystem>

#include "test_support.hpp"

namespace {

using envgrid::test::run_envgrid;

TEST(HydroSampleCounty, TheTraceOfThePlantedExceedanceFindsItsSource) {
  const auto sample = envgrid::test::source_dir() / "data" / "sample";
  if (!std::filesystem::exists(sample / "readings.csv"))
    GTEST_SKIP() << "data/sample is absent (run envgrid synth -o data/sample)";
  envgrid::test::TempDir dir;
  const std::string project = dir.file("county.gpkg");
  auto in = [&](const char* name) { return (sample / name).string(); };
  ASSERT_EQ(run_envgrid({"init", project}).exit_code, 0);
  ASSERT_LE(run_envgrid({"hydro", "build", "--reaches", in("reaches.gpkg"), "--id-field",
                         "reach_id", "--from-node-field", "from_node", "--to-node-field", "to_node",
                         "--divergence-field", "divergence", "-o", project})
                .exit_code,
            1);
  for (const auto& [layer, file] :
       std::vector<std::pair<std::string, std::string>>{{"enterprises", "enterprises.csv"},
                                                        {"outfalls", "outfalls.csv"},
                                                        {"sections", "sections.csv"},
                                                        {"readings", "readings.csv"}}) {
    ASSERT_EQ(run_envgrid({"import", project, "--layer", layer, in(file.c_str())}).exit_code, 0)
        << file;
  }
  ASSERT_EQ(run_envgrid({"import", project, "--layer", "enterprises", in("enterprises_gcj02.csv"),
                         "--s-srs", "GCJ02"})
                .exit_code,
            0);
  const auto snapped = run_envgrid({"hydro", "snap", project});
  EXPECT_NE(snapped.out.find("sections 15 snapped 15 ties 0 unsnapped 0"), std::string::npos)
      << snapped.out;
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

}  // namespace
