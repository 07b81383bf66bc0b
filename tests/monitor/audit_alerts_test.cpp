// monitor audit and monitor alerts through a store: a flat line refused,
// an exceedance raising an alert that the cell and the county above it see,
// acknowledged then closed with every change kept.

#include <gtest/gtest.h>

#include "monitor_test_support.hpp"

namespace envgrid::test {
namespace {

std::string hour_packet(int hour, double cod) {
  char time[32];
  std::snprintf(time, sizeof time, "202405%02d%02d0000", 10 + hour / 24, hour % 24);
  return hj212_packet(
      "MN1", "2061",
      std::string("DataTime=") + time + ";w01018-Avg=" + std::to_string(cod) + ",w01018-Flag=N",
      std::string(time) + "000");
}

class MonitorAudit : public ::testing::Test {
 protected:
  TempDir dir;
  std::string project = make_monitor_store(dir);

  void SetUp() override {
    ASSERT_EQ(run_envgrid({"monitor", "bind", project, "MN1", "O1"}).exit_code, 0);
    write_text(
        dir.file("limits.csv"),
        "outfall_id,parameter,statistic,limit_value,unit,source\nO1,COD,avg,100,mg/L,permit P-1\n");
    const RunResult limits =
        run_envgrid({"import", project, "--layer", "limits", dir.file("limits.csv")});
    ASSERT_EQ(limits.exit_code, 0) << limits.err;
    std::string log;
    for (int h = 0; h < 24; ++h) {
      double cod = 40 + h % 7;
      if (h >= 3 && h < 10) cod = 55;    // flat line: 7 equal hours
      if (h >= 14 && h < 18) cod = 180;  // exceedance: 4 hours, level 2
      log += hour_packet(h, cod);
    }
    write_text(dir.file("log.txt"), log);
    const RunResult ingested = run_envgrid({"monitor", "ingest", project, dir.file("log.txt")});
    ASSERT_EQ(ingested.exit_code, 0) << ingested.err;
  }
};

TEST_F(MonitorAudit, RefusesTheFlatLineAndRaisesOneAlert) {
  const RunResult audit = run_envgrid({"monitor", "audit", project});
  ASSERT_EQ(audit.exit_code, 0) << audit.err;
  EXPECT_NE(audit.out.find("series MN1 COD avg 2061 24 17 0 0 2 2\n"), std::string::npos)
      << audit.out;
  EXPECT_NE(audit.out.find("not_valid 7 constant for 7 values in a row (flat line)"),
            std::string::npos)
      << audit.out;
  EXPECT_NE(audit.out.find("alerts_raised 1\n"), std::string::npos) << audit.out;
  EXPECT_EQ(
      query_one(project, "SELECT level || ' ' || exceedance_count || ' ' || audience FROM alerts"),
      "2 4 [\"C1\",\"X\"]");
  const RunResult again = run_envgrid({"monitor", "audit", project});
  EXPECT_NE(again.out.find("alerts_raised 0\n"), std::string::npos)
      << "nothing new, nothing raised";
}

TEST_F(MonitorAudit, AlertsAreListedForTheCellAndTheCountyAboveAndChangesKept) {
  ASSERT_EQ(run_envgrid({"monitor", "audit", project}).exit_code, 0);
  const std::string id = query_one(project, "SELECT alert_id FROM alerts");
  EXPECT_EQ(id, "O1/COD/2024-05-10T06:00:00Z");
  for (const std::string cell : {"C1", "X"}) {
    const RunResult listed = run_envgrid({"monitor", "alerts", project, "--cell", cell});
    EXPECT_NE(listed.out.find(id + "\t2\topen\tE1\tO1\tMN1\tCOD"), std::string::npos) << listed.out;
  }
  write_text(dir.file("cells2.csv"),
             "cell_id,parent_id,level,WKT\nC2,X,cell,\"POLYGON((114.05 30,114.06 30,114.06 "
             "30.01,114.05 30.01,114.05 30))\"\n");
  ASSERT_EQ(run_envgrid({"import", project, "--layer", "cells", dir.file("cells2.csv")}).exit_code,
            0);
  const RunResult other = run_envgrid({"monitor", "alerts", project, "--cell", "C2"});
  EXPECT_EQ(other.out.find(id), std::string::npos) << "a neighbouring cell does not see it";

  const RunResult no_note =
      run_envgrid({"monitor", "alerts", project, "--close", id, "--user", "alice"});
  EXPECT_EQ(no_note.exit_code, 2);
  const RunResult ack = run_envgrid({"monitor", "alerts", project, "--acknowledge", id, "--user",
                                     "alice", "--note", "called the plant"});
  ASSERT_EQ(ack.exit_code, 0) << ack.err;
  const RunResult closed = run_envgrid(
      {"monitor", "alerts", project, "--close", id, "--user", "bob", "--note", "sampled: fixed"});
  ASSERT_EQ(closed.exit_code, 0) << closed.err;
  EXPECT_NE(closed.out.find("\talice\topen\tacknowledged\t2\tcalled the plant"), std::string::npos)
      << closed.out;
  EXPECT_NE(closed.out.find("\tbob\tacknowledged\tclosed\t2\tsampled: fixed"), std::string::npos);
  EXPECT_EQ(query_one(project, "SELECT COUNT(*) FROM alert_events"), "3") << "raised, ack, close";
  EXPECT_EQ(run_envgrid({"monitor", "alerts", project, "--acknowledge", id, "--user", "carol",
                         "--note", "x"})
                .exit_code,
            2)
      << "closed stays closed";
}

}  // namespace
}  // namespace envgrid::test
