// `envgrid hydro exceedances` on a store made by init + hydro build + import.

#include <gtest/gtest.h>

#include "project_fixture.hpp"

namespace {

using envgrid::test::run_envgrid;
using envgrid::test::TempDir;

TEST(HydroExceedancesCli, ListsExceedancesWithTheirFactorAndReportsBadRows) {
  TempDir dir;
  const std::string project = envgrid::test::make_project(
      dir, envgrid::test::reaches_geojson({{"r1", "114.0 30.01, 114.0 30.0"}}),
      {{"sections", "section_id,name,target_class,lon,lat\nS1,bridge,3,114.0,30.005\n"},
       {"readings",
        "section_id,taken_at,parameter,value,unit\n"
        "S1,2024-05-01T08:00:00,NH3-N,3.0,mg/L\n"
        "S1,2024-05-01T08:00:00,pH,7.2,\n"
        "S1,2024-05-02T08:00:00,DO,2.5,mg/L\n"
        "S1,2024-05-03T08:00:00,COD,18,mg/L\n"}});
  const auto r = run_envgrid({"hydro", "exceedances", project});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_EQ(r.out,
            "section_id,taken_at,parameter,value,unit,limit,limit_kind,target_class,water_class,"
            "factor,row\n"
            "S1,2024-05-01T08:00:00,NH3-N,3,mg/L,1,maximum,III,worse than V,3,1\n"
            "S1,2024-05-02T08:00:00,DO,2.5,mg/L,5,minimum,III,V,2,3\n");
  EXPECT_NE(r.err.find("readings row 2: unknown parameter 'pH'"), std::string::npos) << r.err;

  const auto window = run_envgrid(
      {"hydro", "exceedances", project, "--from", "2024-05-02", "-o", dir.file("ex.csv")});
  EXPECT_EQ(window.exit_code, 1);
  EXPECT_EQ(envgrid::test::read_text(dir.file("ex.csv")).find("NH3-N"), std::string::npos);
  EXPECT_NE(envgrid::test::read_text(dir.file("ex.csv")).find("DO"), std::string::npos);
  EXPECT_EQ(run_envgrid({"hydro", "exceedances", project, "--to", "soon"}).exit_code, 2);
}

}  // namespace
