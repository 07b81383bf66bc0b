// The store of the tasks suite, made through the CLI as a user makes it.

#include "tasks_test_support.hpp"

#include <gtest/gtest.h>

#include "envgrid/gis/store.hpp"

namespace envgrid::test {

namespace {

std::string square(double x, double y, double side) {
  auto p = [](double a, double b) { return std::to_string(a) + " " + std::to_string(b); };
  return "\"POLYGON((" + p(x, y) + "," + p(x + side, y) + "," + p(x + side, y + side) + "," +
         p(x, y + side) + "," + p(x, y) + "))\"";
}

}  // namespace

void make_tasks_store(const std::string& location, const TempDir& dir) {
  { (void)gis::Store::create(location); }
  write_text(dir.file("cells.csv"), "cell_id,manager,level,WKT\nC1,wang,cell," +
                                        square(114.0, 30.0, 0.01) + "\nC2,,cell," +
                                        square(114.01, 30.0, 0.01) + "\n");
  import_layer(location, "cells", dir.file("cells.csv"));
  write_text(dir.file("enterprises.csv"),
             "enterprise_id,name,industry,risk_class,cell_id,lon,lat\n"
             "E1,大江电镀厂,electroplating,special,C1,114.005,30.005\n"
             "E2,青山养殖场,livestock,key,C2,114.015,30.005\n"
             "E3,小河食品厂,food,ordinary,C1,114.006,30.006\n");
  import_layer(location, "enterprises", dir.file("enterprises.csv"));
  write_text(dir.file("outfalls.csv"),
             "outfall_id,name,enterprise_id,registered,cell_id,lon,lat\n"
             "O1,大江电镀厂排口,E1,1,C1,114.004,30.004\n");
  import_layer(location, "outfalls", dir.file("outfalls.csv"));
  write_text(dir.file("flags.csv"),
             "flag_id,kind,score,status,cell_id,source_lon,source_lat,WKT\n"
             "F1,plume,0.9,field_check,C1,114.0042,30.0041," +
                 square(114.003, 30.003, 0.002) + "\nF2,construction,0.8,new,C2,,," +
                 square(114.013, 30.003, 0.002) + "\n");
  import_layer(location, "flags", dir.file("flags.csv"));
  write_text(dir.file("traces.csv"),
             "trace_id,created_at,mode,section_id,parameter,WKT\n"
             "T1,2026-12-01T08:00:00Z,distance,S1,NH3-N,\"MULTILINESTRING((114.004 30.004,"
             "114.02 30.0))\"\n");
  import_layer(location, "traces", dir.file("traces.csv"));
  write_text(dir.file("suspects.csv"),
             "trace_id,rank,kind,object_id,score,lon,lat\n"
             "T1,2,enterprise,E2,0.5,114.015,30.005\n"
             "T1,1,outfall,O1,0.9,114.004,30.004\n"
             "T1,3,enterprise,E3,0.2,114.006,30.006\n");
  import_layer(location, "suspects", dir.file("suspects.csv"));
  write_text(dir.file("alerts.csv"),
             "alert_id,outfall_id,enterprise_id,parameter,cell_id,level,status\n"
             "A1,O1,E1,COD,C1,2,open\nA2,O1,E1,NH3-N,C1,1,closed\n");
  import_layer(location, "alerts", dir.file("alerts.csv"));
  std::vector<std::string> args{"task", "templates", "import", location, "--user", "office"};
  for (const char* name : {"electroplating", "livestock", "sewage_works", "outfall_check"}) {
    args.push_back(data_templates_dir() + "/" + name + ".json");
  }
  const RunResult imported = run_envgrid(args);
  ASSERT_EQ(imported.exit_code, 0) << imported.err;
}

std::string record_test_draw(const std::string& location, const TempDir& dir) {
  write_text(dir.file("inspectors.csv"), "name,cells\nzhao,C9\nqian,C8\nsun,C7\n");
  const RunResult drawn =
      run_envgrid({"grid", "draw", location, "--period", "2026Q4", "--seed", "7", "--inspectors",
                   dir.file("inspectors.csv"), "--user", "office"});
  EXPECT_EQ(drawn.exit_code, 0) << drawn.err;
  const auto start = drawn.out.find("draw ") + 5;
  return drawn.out.substr(start, drawn.out.find(':', start) - start);
}

tasks::Actor office() { return {"office", "desk-1", ""}; }

std::string data_templates_dir() { return (source_dir() / "data" / "templates").string(); }

}  // namespace envgrid::test
