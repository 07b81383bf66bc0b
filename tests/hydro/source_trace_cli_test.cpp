// `envgrid hydro trace --section` on a store made by init + hydro build +
// import + hydro snap: the trace stops at the compliant upstream section, the
// suspects are printed, stored and reported.

#include <gtest/gtest.h>

#include <filesystem>

#include "envgrid/gis/gdal_handles.hpp"
#include "envgrid/monitor/frame.hpp"
#include "project_fixture.hpp"

namespace {

using envgrid::test::run_envgrid;
using envgrid::test::TempDir;

// A main stem r1 -> r2 -> r3 flowing south and a tributary t1 joining at the
// top of r3; U on r1, X on r3.
std::string make_traced_project(const TempDir& dir, const std::string& u_nh3n) {
  const std::string project =
      envgrid::test::make_project(dir, envgrid::test::main_stem_with_tributary_geojson(),
                                  {{"sections",
                                    "section_id,name,target_class,lon,lat\n"
                                    "X,town,3,114.0003,30.005\n"
                                    "U,upstream,3,114.0003,30.025\n"},
                                   {"enterprises",
                                    "enterprise_id,name,industry,risk_class,lon,lat\n"
                                    "E1,Hubei Chem,chemicals,key,114.001,30.015\n"
                                    "E2,Dairy,food,ordinary,114.001,30.028\n"},
                                   {"outfalls",
                                    "outfall_id,enterprise_id,registered,lon,lat\n"
                                    "O1,E1,1,114.0002,30.015\n"
                                    "O2,E2,1,114.0002,30.028\n"
                                    "O3,,0,114.005,30.0102\n"},
                                   {"readings",
                                    "section_id,taken_at,parameter,value,unit\n"
                                    "X,2024-05-10T12:00:00,NH3-N,3.0,mg/L\n"
                                    "U,2024-05-10T10:00:00,NH3-N," +
                                        u_nh3n + ",mg/L\n"}});
  EXPECT_EQ(run_envgrid({"hydro", "snap", project}).exit_code, 0);
  return project;
}

std::vector<std::string> trace_args(const std::string& project) {
  return {"hydro",       "trace", project, "--section", "X", "--at", "2024-05-10T12:00:00",
          "--parameter", "NH3N"};
}

TEST(HydroTraceSourcesCli, StopsAtTheCompliantSectionAndRanksTheSuspects) {
  TempDir dir;
  const std::string project = make_traced_project(dir, "0.3");
  auto args = trace_args(project);
  args.insert(args.end(), {"--report", dir.file("report.md")});
  const auto r = run_envgrid(args);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("trace T1: 4 reaches, 2 suspects\n"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("stopped at section U"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("1. enterprise E1 score "), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("industry 2.00 ['chemicals' typically discharges NH3-N]"), std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("2. outfall O3 score "), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("E2"), std::string::npos) << r.out;  // above U
  EXPECT_NE(r.out.find("report " + dir.file("report.md")), std::string::npos);

  const std::string report = envgrid::test::read_text(dir.file("report.md"));
  EXPECT_NE(report.find("| 1 | enterprise | E1 | O1 |"), std::string::npos) << report;
  EXPECT_NE(report.find("![traced network"), std::string::npos);
  EXPECT_GT(std::filesystem::file_size(dir.file("report.png")), 1000u);

  auto store = envgrid::gis::open_dataset(project, GDAL_OF_VECTOR);
  OGRLayer* traces = store->GetLayerByName("traces");
  ASSERT_EQ(traces->GetFeatureCount(), 1);
  envgrid::gis::FeaturePtr trace(traces->GetNextFeature());
  EXPECT_STREQ(trace->GetFieldAsString("section_id"), "X");
  EXPECT_EQ(trace->GetFieldAsInteger("reach_count"), 4);
  OGRLayer* suspects = store->GetLayerByName("suspects");
  ASSERT_EQ(suspects->GetFeatureCount(), 2);
  suspects->SetAttributeFilter("rank = 1");
  envgrid::gis::FeaturePtr first(suspects->GetNextFeature());
  EXPECT_STREQ(first->GetFieldAsString("object_id"), "E1");
  EXPECT_NE(std::string(first->GetFieldAsString("terms")).find("\"history\": 1"),
            std::string::npos);
}

TEST(HydroTraceSourcesCli, AnExceedingUpstreamSectionDoesNotStopTheTrace) {
  TempDir dir;
  const std::string project = make_traced_project(dir, "1.8");
  const auto r = run_envgrid(trace_args(project));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("trace T1: 4 reaches, 3 suspects\n"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("enterprise E2"), std::string::npos) << r.out;
}

TEST(HydroTraceSourcesCli, AnOutfallsDischargeReadingOverItsPermitScores) {
  TempDir dir;
  const std::string project = make_traced_project(dir, "0.3");
  // O1 discharges 0.9 h above X: a self-monitoring reading an hour before
  // the exceedance, 3 x its permit limit. Its section_id names the outfall.
  envgrid::test::write_text(dir.file("discharges.csv"),
                            "section_id,taken_at,parameter,value,unit,permit_limit\n"
                            "O1,2024-05-10T11:00:00,NH3-N,45,mg/L,15\n");
  ASSERT_EQ(
      run_envgrid({"import", project, "--layer", "readings", dir.file("discharges.csv")}).exit_code,
      0);
  const auto exceedances = run_envgrid({"hydro", "exceedances", project});
  EXPECT_EQ(exceedances.exit_code, 0) << "a discharge reading is no section problem\n"
                                      << exceedances.err;
  EXPECT_EQ(exceedances.out.find("O1,"), std::string::npos) << exceedances.out;
  const auto r = run_envgrid(trace_args(project));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("1. enterprise E1 score "), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("discharge 3.00 [1 of 1 discharge readings over the limit; 45.000 mg/L "
                       "at 2024-05-10T11:00:00 is 3.0 x the limit 15.000 mg/L (permit)]"),
            std::string::npos)
      << r.out;
}

// An hourly NH3-N average (HJ 212-2017, w21003) of device MN at a local
// (UTC+8) time, with its data flag.
std::string hourly_packet(const std::string& mn, const std::string& local_time, double value,
                          const std::string& flag) {
  return envgrid::monitor::encode_frame(
      "QN=" + local_time + "000;ST=32;CN=2061;PW=123456;MN=" + mn + ";Flag=4;CP=&&DataTime=" +
      local_time + ";w21003-Avg=" + std::to_string(value) + ",w21003-Flag=" + flag + "&&");
}

TEST(HydroTraceSourcesCli, ValidOnlineDataOfTheOutfallsIsEvidence) {
  TempDir dir;
  const std::string project = make_traced_project(dir, "0.3");
  // O1 (E1) over its limit of 5 mg/L in the lagged window; O3 within it,
  // its one higher value flagged D (fault), so not valid; readings of O1 a
  // week earlier are outside the window and do not count.
  ASSERT_EQ(run_envgrid({"monitor", "bind", project, "MN-O1", "O1"}).exit_code, 0);
  ASSERT_EQ(run_envgrid({"monitor", "bind", project, "MN-O3", "O3"}).exit_code, 0);
  envgrid::test::write_text(dir.file("limits.csv"),
                            "outfall_id,parameter,statistic,limit_value,unit,source\n"
                            "O1,NH3-N,avg,5,mg/L,permit P-1\n"
                            "O3,NH3-N,avg,5,mg/L,test\n");
  ASSERT_EQ(run_envgrid({"import", project, "--layer", "limits", dir.file("limits.csv")}).exit_code,
            0);
  envgrid::test::write_text(dir.file("packets.log"),
                            hourly_packet("MN-O1", "20240503160000", 40, "N") +
                                hourly_packet("MN-O1", "20240510160000", 12.5, "N") +
                                hourly_packet("MN-O1", "20240510170000", 4, "N") +
                                hourly_packet("MN-O1", "20240510180000", 9.25, "N") +
                                hourly_packet("MN-O3", "20240510160000", 3, "N") +
                                hourly_packet("MN-O3", "20240510170000", 60, "D") +
                                hourly_packet("MN-O3", "20240510180000", 2.5, "N"));
  const auto ingest = run_envgrid({"monitor", "ingest", project, dir.file("packets.log")});
  ASSERT_EQ(ingest.exit_code, 0) << ingest.out << ingest.err;

  auto args = trace_args(project);
  args.insert(args.end(), {"--report", dir.file("report.md")});
  const auto r = run_envgrid(args);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string over =
      "online 3.00 [2 of 3 valid online avg values of MN-O1 over the limit 5.000 mg/L: "
      "12.500 mg/L at 2024-05-10T08:00:00Z, 9.250 mg/L at 2024-05-10T10:00:00Z]";
  const std::string compliant =
      "online -1.00 [compliant throughout: all 2 valid online avg values of MN-O3 within the "
      "limit 5.000 mg/L; highest 3.000 mg/L at 2024-05-10T08:00:00Z]";
  EXPECT_NE(r.out.find(over), std::string::npos) << r.out;
  EXPECT_NE(r.out.find(compliant), std::string::npos) << r.out;
  const std::string report = envgrid::test::read_text(dir.file("report.md"));
  EXPECT_NE(report.find("online 3.00 (2 of 3 valid online avg values of MN-O1"), std::string::npos)
      << report;
  EXPECT_NE(report.find("online -1.00 (compliant throughout"), std::string::npos) << report;

  // The stored terms (what the viewer shows of a stored trace) keep the readings.
  auto store = envgrid::gis::open_dataset(project, GDAL_OF_VECTOR);
  OGRLayer* suspects = store->GetLayerByName("suspects");
  suspects->SetAttributeFilter("object_id = 'E1'");
  envgrid::gis::FeaturePtr e1(suspects->GetNextFeature());
  ASSERT_TRUE(e1);
  const std::string terms = e1->GetFieldAsString("terms");
  EXPECT_NE(terms.find("\"online\": 3"), std::string::npos) << terms;
  EXPECT_NE(terms.find("\"online_evidence\": \"2 of 3 valid online avg values of MN-O1"),
            std::string::npos)
      << terms;
}

TEST(HydroTraceSourcesCli, UsageAndInputErrors) {
  TempDir dir;
  const std::string project = make_traced_project(dir, "0.3");
  auto both = trace_args(project);
  both.insert(both.end(), {"--from-reach", "r1"});
  EXPECT_EQ(run_envgrid(both).exit_code, 2);
  auto parameter = trace_args(project);
  parameter.back() = "pH";
  EXPECT_EQ(run_envgrid(parameter).exit_code, 2);
  auto section = trace_args(project);
  section[4] = "nowhere";
  const auto missing = run_envgrid(section);
  EXPECT_EQ(missing.exit_code, 100);
  EXPECT_NE(missing.err.find("no section 'nowhere'"), std::string::npos) << missing.err;
}

}  // namespace
