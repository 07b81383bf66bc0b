// The output-path guard compares what paths resolve to, not how they are spelt.

#include "envgrid/gis/output_guard.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <vector>

#include "envgrid/gis/error.hpp"
#include "test_support.hpp"

namespace fs = std::filesystem;
using envgrid::gis::NamedPath;
using envgrid::gis::output_would_overwrite;
using envgrid::test::TempDir;
using envgrid::test::write_text;

TEST(OutputGuard, SeesThroughLinksDotDotAndCompanions) {
  TempDir dir;
  const std::string store = dir.file("p.gpkg");
  write_text(store, "store");
  fs::create_directories(dir.path() / "a");
  fs::create_symlink(store, dir.file("a/link.gpkg"));
  fs::create_hard_link(store, dir.file("hard.gpkg"));
  EXPECT_TRUE(output_would_overwrite(store, store));
  EXPECT_TRUE(output_would_overwrite(dir.file("a/../p.gpkg"), store));
  EXPECT_TRUE(output_would_overwrite(dir.file("a/link.gpkg"), store));
  EXPECT_TRUE(output_would_overwrite(dir.file("hard.gpkg"), store));
  EXPECT_TRUE(output_would_overwrite(store + "-wal", store));
  EXPECT_TRUE(output_would_overwrite(store + "-journal", dir.file("a/link.gpkg")));
  EXPECT_FALSE(output_would_overwrite(dir.file("report.csv"), store));
  EXPECT_FALSE(output_would_overwrite("-", "-"));
  EXPECT_FALSE(output_would_overwrite("PG:dbname=x", "PG:dbname=x"));
}

TEST(OutputGuard, NamesBothOptionsInTheRefusal) {
  TempDir dir;
  const std::vector<NamedPath> outputs{{"--output", dir.file("s.csv")}};
  const std::vector<NamedPath> inputs{{"--sites", dir.file("s.csv")}};
  try {
    envgrid::gis::refuse_outputs_onto_inputs(outputs, inputs);
    FAIL() << "not refused";
  } catch (const envgrid::gis::Error& e) {
    EXPECT_EQ(e.code(), envgrid::gis::ExitCode::usage);
    EXPECT_NE(std::string(e.what()).find("--output"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("--sites"), std::string::npos) << e.what();
  }
  const std::vector<NamedPath> other{{"--sites", dir.file("t.csv")}};
  EXPECT_NO_THROW(envgrid::gis::refuse_outputs_onto_inputs(outputs, other));
}
