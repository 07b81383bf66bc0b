// A failed write is never a success: with the file size limited
// (RLIMIT_FSIZE, SIGXFSZ ignored, so writes fail with EFBIG as on a full
// disk) or the output on /dev/full, every output format exits 101 naming the
// file and the system's reason, and leaves neither a file under the real name
// nor a ".partial-" temporary.

#include <gtest/gtest.h>

#include <filesystem>

#include "safety_support.hpp"

namespace envgrid::test {
namespace {

namespace fs = std::filesystem;

class FailedWriteTest : public ::testing::Test {
 protected:
  void SetUp() override {
    write_text(dir_.file("cells.csv"),
               "cell_id,WKT\nC0,\"POLYGON((114 30,114.1 30,114.1 30.1,114 30.1,114 30))\"\n");
    // Enough sites for every output format to pass the 32 kB limit.
    std::string sites = "site_id,lon,lat\n";
    for (int i = 0; i < 3000; ++i) {
      sites += "S" + std::to_string(i) + "," + std::to_string(114 + 0.00003 * i) + ",30.05\n";
    }
    write_text(dir_.file("sites.csv"), sites);
  }

  // grid assign writing out under a file size limit of 32 kB (64 blocks of 512 bytes in sh).
  [[nodiscard]] RunResult assign_limited(const std::string& out) const {
    return run_shell("trap '' XFSZ; ulimit -f 64; \"$ENVGRID\" grid assign --cells " +
                     shell_quote(dir_.file("cells.csv")) + " --sites " +
                     shell_quote(dir_.file("sites.csv")) + " --snap-distance-m 0 -o " +
                     shell_quote(out));
  }

  void expect_nothing_left(const std::string& out) const {
    EXPECT_FALSE(fs::exists(out)) << out << " was left behind";
    for (const auto& entry : fs::directory_iterator(dir_.path())) {
      EXPECT_EQ(entry.path().filename().string().find(".partial-"), std::string::npos)
          << entry.path() << " was left behind";
    }
  }

  TempDir dir_;
};

TEST_F(FailedWriteTest, TheUnlimitedRunWritesEveryFormat) {
  for (const char* name : {"out.csv", "out.geojson", "out.gpkg"}) {
    const auto result = run_shell(
        "\"$ENVGRID\" grid assign --cells " + shell_quote(dir_.file("cells.csv")) + " --sites " +
        shell_quote(dir_.file("sites.csv")) + " -o " + shell_quote(dir_.file(name)));
    EXPECT_EQ(result.exit_code, 0) << result.out;
    EXPECT_GT(fs::file_size(dir_.file(name)), 32u << 10) << name << " is too small for the test";
  }
}

TEST_F(FailedWriteTest, AFullDiskIsAnErrorInEveryFormat) {
  for (const char* name : {"out.csv", "out.geojson", "out.gpkg"}) {
    const std::string out = dir_.file(name);
    const auto result = assign_limited(out);
    EXPECT_EQ(result.exit_code, 101) << name << ": " << result.out;
    EXPECT_NE(result.out.find(out), std::string::npos) << result.out;
    EXPECT_TRUE(result.out.find("File too large") != std::string::npos ||
                result.out.find("disk") != std::string::npos)
        << "no reason given: " << result.out;
    expect_nothing_left(out);
  }
}

TEST_F(FailedWriteTest, AFullDiskLeavesTheOldFileInPlace) {
  const std::string out = dir_.file("out.csv");
  write_text(out, "the previous run's result\n");
  const auto result = assign_limited(out);
  EXPECT_EQ(result.exit_code, 101) << result.out;
  EXPECT_EQ(read_text(out), "the previous run's result\n");
}

TEST_F(FailedWriteTest, DevFullIsAnError) {
  const auto result =
      run_shell("\"$ENVGRID\" grid assign --cells " + shell_quote(dir_.file("cells.csv")) +
                " --sites " + shell_quote(dir_.file("sites.csv")) + " -f csv -o /dev/full");
  EXPECT_EQ(result.exit_code, 101) << result.out;
  EXPECT_NE(result.out.find("/dev/full"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("No space left on device"), std::string::npos) << result.out;
}

}  // namespace
}  // namespace envgrid::test
