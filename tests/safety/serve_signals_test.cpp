// `envgrid serve` stops cleanly on SIGINT (Ctrl+C) and SIGTERM: exit 0, as
// docs/cli/serve.md says, and the store is as it was.

#include <gtest/gtest.h>

#include "safety_support.hpp"

namespace envgrid::test {
namespace {

TEST(ServeSignals, InterruptAndTerminateExitZero) {
  TempDir dir;
  const std::string project = dir.file("project.gpkg");
  ASSERT_EQ(run_envgrid({"init", project}).exit_code, 0);
  for (const std::string signal : {"INT", "TERM"}) {
    const std::string log = shell_quote(dir.file("serve-" + signal + ".log"));
    const auto result = run_shell(
        "\"$ENVGRID\" serve " + shell_quote(project) + " --port 0 >" + log + " 2>&1 & pid=$!; " +
        "for i in $(seq 100); do grep -q 'press Ctrl+C' " + log + " && break; sleep 0.1; done; " +
        "kill -" + signal + " $pid; wait $pid; echo \"exit=$?\"; cat " + log);
    EXPECT_NE(result.out.find("exit=0"), std::string::npos) << signal << ":\n" << result.out;
    EXPECT_NE(result.out.find("envgrid serve: stopped"), std::string::npos) << result.out;
  }
  EXPECT_GT(store_row_counts(project).at("users"), 0) << "the first admin was kept";
}

}  // namespace
}  // namespace envgrid::test
