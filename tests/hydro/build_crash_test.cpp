// `envgrid hydro build -o PROJECT` killed with SIGKILL while it writes the
// reaches layer (the features, then the packed R-tree, then the R-tree's
// triggers, all in one transaction): after every kill the store passes
// store_problems() (integrity_check, rtreecheck, GDAL's counts) and holds
// either the whole old network or the whole new one.

#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "crash_checks.hpp"
#include "envgrid/gis/store_tables.hpp"
#include "test_support.hpp"

namespace envgrid::test {
namespace {

using Clock = std::chrono::steady_clock;

std::vector<std::string> build_args(const std::string& reaches, const std::string& store) {
  return {"hydro", "build", "--reaches", reaches, "-o", store};
}

long long reach_rows(const std::string& store) {
  gis::Store opened = gis::Store::open(store, false);
  return sql_count(gis::store_dataset(opened), "SELECT COUNT(*) FROM reaches");
}

TEST(HydroBuildCrash, KilledWritesLeaveTheOldNetworkOrTheNewOneWholeWithAValidRTree) {
  TempDir dir;
  const std::string store = dir.file("project.gpkg");
  ASSERT_EQ(run_envgrid({"init", store}).exit_code, 0);
  for (const auto& [name, reaches] : {std::pair{"old", "3000"}, std::pair{"new", "20000"}}) {
    const RunResult synth =
        run_envgrid({"synth", "--reaches", reaches, "--only", "reaches", "-o", dir.file(name)});
    ASSERT_EQ(synth.exit_code, 0) << synth.err;
  }
  const std::string old_reaches = dir.file("old") + "/reaches.gpkg";
  const std::string new_reaches = dir.file("new") + "/reaches.gpkg";
  ASSERT_LE(run_envgrid(build_args(old_reaches, store)).exit_code, 1);
  const long long old_rows = reach_rows(store);
  ASSERT_EQ(old_rows, 3000);

  // The write phase of a clean run: from the log line that ends the build
  // to the exit.
  std::chrono::microseconds write_time{};
  {
    TempDir scratch;
    const std::string copy = scratch.file("copy.gpkg");
    std::filesystem::copy_file(store, copy);
    EnvgridProcess run(build_args(new_reaches, copy));
    ASSERT_TRUE(run.wait_for_err("built the network")) << run.err();
    const Clock::time_point start = Clock::now();
    run.wait_exit();
    write_time = std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - start);
    ASSERT_EQ(reach_rows(copy), 20000);
  }
  constexpr int kills = 12;
  int old_seen = 0, new_seen = 0;
  for (int k = 0; k < kills; ++k) {
    EnvgridProcess run(build_args(new_reaches, store));
    ASSERT_TRUE(run.wait_for_err("built the network")) << run.err();
    // Aimed at the first half of the write: a loaded machine moves the
    // write's end by more than the clean run's margin.
    std::this_thread::sleep_for(write_time * k / (2 * kills));
    run.kill_now();
    const std::string after = "kill " + std::to_string(k) + " of " + std::to_string(kills);
    for (const auto& problem : store_problems(store)) ADD_FAILURE() << after << ": " << problem;
    const long long rows = reach_rows(store);
    EXPECT_TRUE(rows == old_rows || rows == 20000) << after << ": " << rows << " reaches";
    (rows == old_rows ? old_seen : new_seen)++;
    // Back to the old network for the next kill, when this one let the write through.
    if (rows != old_rows) ASSERT_LE(run_envgrid(build_args(old_reaches, store)).exit_code, 1);
  }
  // Most kills land inside the write (the rest at its commit or after,
  // when this run wrote faster than the clean one).
  EXPECT_GT(old_seen, kills / 2) << "old " << old_seen << ", new " << new_seen;
}

}  // namespace
}  // namespace envgrid::test
