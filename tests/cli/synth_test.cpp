// envgrid synth from the command line: files, summary, exit codes.

#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "test_support.hpp"

namespace {

namespace fs = std::filesystem;
using envgrid::test::run_envgrid;
using envgrid::test::TempDir;

TEST(SynthCli, WritesTheSampleAndReportsThePlantedExceedance) {
  TempDir dir;
  const auto out = dir.file("sample");
  const auto result = run_envgrid({"synth", "-o", out, "--seed", "42", "--scale", "0.3"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  for (const char* name :
       {"boundary.gpkg", "cells.gpkg", "enterprises.csv", "enterprises_gcj02.csv", "outfalls.csv",
        "reaches.gpkg", "sections.csv", "readings.csv"}) {
    EXPECT_TRUE(fs::exists(fs::path(out) / name)) << name;
  }
  EXPECT_NE(result.out.find("planted exceedance: NH3N"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("enterprises 600"), std::string::npos) << result.out;
}

// The county and townships import into the store's cells layer with the
// cells, and the cells tile them exactly: validate finds nothing (the county
// has no parent; no slivers along township borders).
TEST(SynthCli, TheThreeLevelsValidateWithoutProblems) {
  for (const char* seed : {"42", "7"}) {
    TempDir dir;
    const auto out = dir.file("sample");
    const auto made = run_envgrid({"synth", "-o", out, "--seed", seed, "--only", "boundary,cells"});
    ASSERT_EQ(made.exit_code, 0) << made.err;
    const auto project = dir.file("project.gpkg");
    ASSERT_EQ(run_envgrid({"init", project}).exit_code, 0);
    for (const std::vector<std::string>& source :
         {std::vector<std::string>{out + "/cells.gpkg"},
          {out + "/boundary.gpkg", "--source-layer", "townships"},
          {out + "/boundary.gpkg", "--source-layer", "county"}}) {
      std::vector<std::string> args{"import", project, "--layer", "cells", "--id-field", "cell_id"};
      args.insert(args.end(), source.begin(), source.end());
      const auto imported = run_envgrid(args);
      ASSERT_EQ(imported.exit_code, 0) << imported.err;
    }
    const auto validated = run_envgrid({"grid", "validate", project});
    EXPECT_EQ(validated.exit_code, 0) << "seed " << seed << "\n" << validated.out;
    EXPECT_NE(validated.err.find("parents: no problems"), std::string::npos)
        << "seed " << seed << "\n"
        << validated.err;
  }
}

TEST(SynthCli, OnlyTakesLayerNames) {
  TempDir dir;
  const auto result = run_envgrid({"synth", "-o", dir.file("x"), "--only", "rivers"});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.err.find("unknown layer 'rivers'"), std::string::npos) << result.err;
  EXPECT_FALSE(fs::exists(dir.file("x")));
}

TEST(SynthCli, UsageErrorsExitWithTwo) {
  TempDir dir;
  EXPECT_EQ(run_envgrid({"synth"}).exit_code, 2);
  EXPECT_EQ(run_envgrid({"synth", "-o", dir.file("x"), "--scale", "0"}).exit_code, 2);
  EXPECT_EQ(run_envgrid({"synth", "-o", dir.file("x"), "--enterprises", "many"}).exit_code, 2);
  EXPECT_EQ(run_envgrid({"synth", "-o", dir.file("x"), "--reaches", "0"}).exit_code, 2);
}

TEST(SynthCli, AnOutputThatIsAFileIsAnOutputError) {
  TempDir dir;
  envgrid::test::write_text(dir.file("taken"), "not a directory\n");
  const auto result = run_envgrid({"synth", "-o", dir.file("taken"), "--only", "sections"});
  EXPECT_EQ(result.exit_code, 101) << result.err;
  EXPECT_NE(result.err.find("taken"), std::string::npos) << result.err;
}

}  // namespace
