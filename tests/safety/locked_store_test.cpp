// A locked store waits: while another process holds the GeoPackage's write
// lock (a `sqlite3` shell in a write transaction for two seconds), an import
// waits for it (docs/store.md, "Concurrency") and then loads every row,
// instead of failing at once and blaming the first row.

#include <gtest/gtest.h>

#include "safety_support.hpp"

namespace envgrid::test {
namespace {

TEST(LockedStore, AWriterWaitsForAnotherProcesssWriteAndLoadsEveryRow) {
  TempDir dir;
  const std::string project = dir.file("p.gpkg");
  ASSERT_EQ(run_envgrid({"init", project}).exit_code, 0);
  write_text(dir.file("e.csv"), "enterprise_id,lon,lat\nE1,114.1,30.1\nE2,114.2,30.2\n");
  const std::string holder =
      "sqlite3 " + shell_quote(project) +
      " 'BEGIN IMMEDIATE;' 'UPDATE envgrid_metadata SET value = value WHERE 0;' '.shell sleep 2'"
      " 'COMMIT;' & sleep 0.5; ";
  const auto result = run_shell("{ " + holder + "\"$ENVGRID\" import " + shell_quote(project) +
                                " --layer enterprises " + shell_quote(dir.file("e.csv")) +
                                " --s-srs EPSG:4326 2>&1; status=$?; wait; exit $status; }");
  EXPECT_EQ(result.exit_code, 0) << result.out;
  EXPECT_NE(result.out.find("loaded 2, rejected 0"), std::string::npos) << result.out;
  EXPECT_EQ(result.out.find("row 1"), std::string::npos) << result.out;
}

}  // namespace
}  // namespace envgrid::test
