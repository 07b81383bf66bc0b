// Fixtures of the monitor suite.

#include "monitor_test_support.hpp"

#include <gtest/gtest.h>

#include "envgrid/gis/gdal_handles.hpp"
#include "envgrid/gis/store.hpp"
#include "envgrid/gis/store_tables.hpp"
#include "envgrid/monitor/frame.hpp"

namespace envgrid::test {

std::string make_monitor_store(const TempDir& dir) {
  const std::string project = dir.file("project.gpkg");
  make_monitor_store_at(project, dir);
  return project;
}

void make_monitor_store_at(const std::string& project, const TempDir& dir) {
  EXPECT_EQ(run_envgrid({"init", project}).exit_code, 0);
  write_text(dir.file("cells.csv"),
             "cell_id,parent_id,level,manager,WKT\n"
             "X,,county,county-office,\"POLYGON((114 30,114.1 30,114.1 30.1,114 30.1,114 30))\"\n"
             "C1,X,cell,alice,\"POLYGON((114 30,114.01 30,114.01 30.01,114 30.01,114 30))\"\n");
  write_text(dir.file("enterprises.csv"),
             "enterprise_id,name,cell_id,lon,lat\nE1,Paper mill,C1,114.005,30.005\n");
  write_text(dir.file("outfalls.csv"),
             "outfall_id,enterprise_id,cell_id,lon,lat\nO1,E1,C1,114.006,30.005\n");
  for (const auto& [layer, file] :
       {std::pair{"cells", "cells.csv"}, std::pair{"enterprises", "enterprises.csv"},
        std::pair{"outfalls", "outfalls.csv"}}) {
    const RunResult r = run_envgrid({"import", project, "--layer", layer, dir.file(file)});
    EXPECT_EQ(r.exit_code, 0) << r.err;
  }
}

std::string hj212_packet(const std::string& mn, const std::string& cn, const std::string& cp,
                         const std::string& qn, int flag) {
  return monitor::encode_frame("QN=" + qn + ";ST=32;CN=" + cn + ";PW=123456;MN=" + mn +
                               ";Flag=" + std::to_string(flag) + ";CP=&&" + cp + "&&");
}

std::string query_one(const std::string& store, const std::string& sql) {
  gis::Store opened = gis::Store::open(store, false);
  OGRLayer* result = gis::store_dataset(opened).ExecuteSQL(sql.c_str(), nullptr, nullptr);
  if (!result) return "";
  std::string value;
  if (gis::FeaturePtr f{result->GetNextFeature()}) {
    value = f->IsFieldSetAndNotNull(0) ? f->GetFieldAsString(0) : "";
  }
  gis::store_dataset(opened).ReleaseResultSet(result);
  return value;
}

}  // namespace envgrid::test
