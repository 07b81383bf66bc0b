// envgrid monitor bind / ingest through a real GeoPackage store: values
// stored once, bad lines kept aside with their reason, the rest processed.

#include <gtest/gtest.h>

#include "monitor_test_support.hpp"

namespace envgrid::test {
namespace {

const std::string cod_hour =
    "DataTime=20240510120000;w01018-Avg=23.5,w01018-Flag=N;w21003-Avg=0.8,w21003-Flag=M";

class MonitorIngest : public ::testing::Test {
 protected:
  TempDir dir;
  std::string project = make_monitor_store(dir);

  RunResult ingest(const std::string& text) {
    write_text(dir.file("log.txt"), text);
    return run_envgrid({"monitor", "ingest", project, dir.file("log.txt")});
  }
  std::string count(const std::string& layer, const std::string& where = "1=1") {
    return query_one(project, "SELECT COUNT(*) FROM " + layer + " WHERE " + where);
  }
};

TEST_F(MonitorIngest, BindNamesTheEnterpriseAndRefusesAnUnknownOutfall) {
  const RunResult bound = run_envgrid({"monitor", "bind", project, "MN1", "O1"});
  ASSERT_EQ(bound.exit_code, 0) << bound.err;
  EXPECT_EQ(query_one(project, "SELECT enterprise_id FROM monitors WHERE mn = 'MN1'"), "E1");
  const RunResult missing = run_envgrid({"monitor", "bind", project, "MN2", "O9"});
  EXPECT_EQ(missing.exit_code, 100);
  EXPECT_NE(missing.err.find("no outfall 'O9'"), std::string::npos) << missing.err;
}

TEST_F(MonitorIngest, StoresValuesOnceWithTheirAuditVerdict) {
  ASSERT_EQ(run_envgrid({"monitor", "bind", project, "MN1", "O1"}).exit_code, 0);
  const std::string packet = hj212_packet("MN1", "2061", cod_hour);
  const RunResult first = ingest(packet + packet);
  EXPECT_EQ(first.exit_code, 0) << first.err;
  EXPECT_NE(first.out.find("values_stored 2\n"), std::string::npos) << first.out;
  EXPECT_NE(first.out.find("duplicates 2\n"), std::string::npos) << first.out;
  const RunResult again = ingest(packet);
  EXPECT_NE(again.out.find("values_stored 0\n"), std::string::npos) << again.out;
  EXPECT_EQ(count("online_readings"), "2");
  EXPECT_EQ(query_one(project,
                      "SELECT outfall_id || ' ' || data_time || ' ' || value || ' ' || unit "
                      "FROM online_readings WHERE parameter = 'COD'"),
            "O1 2024-05-10T04:00:00Z 23.5 mg/L");
  EXPECT_EQ(query_one(project,
                      "SELECT valid || ' ' || reason FROM online_readings WHERE "
                      "parameter = 'NH3-N'"),
            "0 device flag M (maintenance)");
}

TEST_F(MonitorIngest, KeepsBadLinesAsideWithTheirReasonAndProcessesTheRest) {
  ASSERT_EQ(run_envgrid({"monitor", "bind", project, "MN1", "O1"}).exit_code, 0);
  std::string bad_crc = hj212_packet("MN1", "2061", cod_hour);
  bad_crc[bad_crc.size() - 3] = bad_crc[bad_crc.size() - 3] == '0' ? '1' : '0';
  std::string wrong_length = hj212_packet("MN1", "2061", cod_hour);
  wrong_length[5] = wrong_length[5] == '0' ? '1' : '0';
  std::string not_ascii = hj212_packet("MN1", "2061", cod_hour);
  not_ascii[30] = '\xE6';
  const std::string megabyte(1 << 20, 'x');
  const std::string lines =
      bad_crc + wrong_length + not_ascii + megabyte + "\r\n" +
      hj212_packet("MN1", "2061", cod_hour).substr(0, 40) + "\r\n" +  // truncated
      hj212_packet("MN1", "1062", "RtdInterval=30") +
      hj212_packet("MN1", "2011", "DataTime=20230229000000;w01018-Rtd=1") +
      hj212_packet("MN1", "2011", "DataTime=20990101000000;w01018-Rtd=1") +
      hj212_packet("MN1", "2011", "DataTime=20240510120000;w01018-Rtd=abc;zz999-Rtd=4") +
      hj212_packet("MN9", "2011", "DataTime=20240510120000;w01018-Rtd=3") +
      hj212_packet("MN1", "2061", cod_hour);
  const RunResult r = ingest(lines);
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_NE(r.out.find("unknown_mn MN9 1 packets"), std::string::npos) << r.out;
  const auto reason_count = [&](const std::string& like) {
    std::string escaped;
    for (const char c : like) escaped += c == '\'' ? std::string("''") : std::string(1, c);
    return count("rejected_packets", "reason LIKE '" + escaped + "'");
  };
  EXPECT_EQ(reason_count("CRC % does not match the data segment's %"), "1");
  EXPECT_EQ(reason_count("length % does not match the data segment's % characters"), "2")
      << "the wrong length and the truncated frame";
  EXPECT_EQ(reason_count("byte 0xE6 at column 31 is not printable ASCII"), "1");
  EXPECT_EQ(reason_count("line longer than 1036 bytes%"), "1");
  EXPECT_EQ(reason_count("length % does not match the data segment's 30 characters"), "1")
      << "the frame cut at 40 characters";
  EXPECT_EQ(reason_count("CN 1062 (set real-time data interval) is not a data upload%"), "1");
  EXPECT_EQ(reason_count("DataTime '20230229000000' is not a real date and time"), "1");
  EXPECT_EQ(reason_count("w01018-rtd: value 'abc' is not a number"), "1");
  EXPECT_EQ(reason_count("MN MN9 is bound to no outfall%"), "1");
  EXPECT_EQ(query_one(project, "SELECT origin FROM rejected_packets WHERE reason LIKE 'CRC%'"),
            dir.file("log.txt") + ":1");
  EXPECT_EQ(count("online_readings",
                  "data_time LIKE '2098%' AND valid = 0 AND "
                  "reason = 'DataTime ahead of the receiving clock by more than 10 min'"),
            "1")
      << "a far-future DataTime is stored, not valid";
  EXPECT_EQ(count("online_readings", "factor_code = 'zz999' AND valid = 0"), "1");
  EXPECT_EQ(count("online_readings", "data_time = '2024-05-10T04:00:00Z' AND cn = '2061'"), "2")
      << "the good packet after the bad lines is stored";
}

TEST_F(MonitorIngest, ReadsStandardInput) {
  ASSERT_EQ(run_envgrid({"monitor", "bind", project, "MN1", "O1"}).exit_code, 0);
  const RunResult r =
      run_envgrid({"monitor", "ingest", project, "-"},
                  hj212_packet("MN1", "2011", "DataTime=20240510120000;w01018-Rtd=7"));
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(count("online_readings", "value = 7"), "1");
}

}  // namespace
}  // namespace envgrid::test
