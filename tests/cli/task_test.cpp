// envgrid task ... on a real GeoPackage store, as the office and the field
// teams run it: exit codes, the csv columns, the refusals and the trail.

#include <gtest/gtest.h>
#include <unistd.h>

#include <climits>

#include "test_support.hpp"

using envgrid::test::import_layer;
using envgrid::test::read_text;
using envgrid::test::run_envgrid;
using envgrid::test::RunResult;
using envgrid::test::source_dir;
using envgrid::test::TempDir;
using envgrid::test::write_text;

namespace {

class TaskCli : public ::testing::Test {
 protected:
  TempDir dir;
  std::string project = dir.file("project.gpkg");

  void SetUp() override {
    ASSERT_EQ(run_envgrid({"init", project}).exit_code, 0);
    write_text(dir.file("cells.csv"),
               "cell_id,manager,level,WKT\nC1,wang,cell,\"POLYGON((114 30,114.01 30,114.01 "
               "30.01,114 30.01,114 30))\"\n");
    import_layer(project, "cells", dir.file("cells.csv"));
    write_text(
        dir.file("enterprises.csv"),
        "enterprise_id,name,industry,cell_id,lon,lat\n"
        "E1,大江电镀厂,electroplating,C1,114.005,30.005\nE3,小河食品厂,food,C1,114.006,30.006\n");
    import_layer(project, "enterprises", dir.file("enterprises.csv"));
    const RunResult templates = run_envgrid(
        {"task", "templates", "import", project,
         (source_dir() / "data/templates/electroplating.json").string(), "--user", "office"});
    ASSERT_EQ(templates.exit_code, 0) << templates.err;
  }

  RunResult task(std::vector<std::string> args) {
    args.insert(args.begin(), "task");
    return run_envgrid(args);
  }
};

std::string host_name() {
  char name[HOST_NAME_MAX + 1] = {};
  gethostname(name, sizeof name - 1);
  return name;
}

TEST_F(TaskCli, CreateOncePerTargetListAsCsvAndRefuseBadOptions) {
  const RunResult made = task(
      {"create", project, "--enterprise", "E1", "E3", "--due", "2026-12-20", "--user", "office"});
  ASSERT_EQ(made.exit_code, 0) << made.err;
  EXPECT_NE(made.out.find("K000001\tcreated\tcomplaint\tenterprise\tE1\tC1\twang\t2026-12-20\t"
                          "electroplating\n"),
            std::string::npos)
      << made.out;
  EXPECT_NE(made.out.find("K000002\tcreated\tcomplaint\tenterprise\tE3\tC1\twang\t2026-12-20\t\n"),
            std::string::npos)
      << made.out;
  const RunResult again = task({"create", project, "--enterprise", "E3", "--user", "office"});
  EXPECT_EQ(again.exit_code, 0);
  EXPECT_EQ(again.out, "K000002\talready_open\tE3\n");

  const RunResult csv = task({"list", project, "--format", "csv", "--state", "created"});
  ASSERT_EQ(csv.exit_code, 0) << csv.err;
  EXPECT_EQ(csv.out.substr(0, csv.out.find('\n')),
            "task_id,kind,target_kind,target_id,target_name,cell_id,team,state,due,template_id,"
            "source,created_at,created_by,updated_at,x,y");
  EXPECT_NE(csv.out.find("\nK000001,complaint,enterprise,E1,大江电镀厂,C1,wang,created,2026-12-20,"
                         "electroplating,cli,"),
            std::string::npos)
      << csv.out;
  EXPECT_NE(csv.out.find(",office,"), std::string::npos);
  EXPECT_NE(csv.out.find(",114.005,30.005\n"), std::string::npos) << csv.out;
  ASSERT_EQ(task({"list", project, "--format", "csv", "--cell", "C9", "-o", dir.file("none.csv")})
                .exit_code,
            0);
  const std::string none = read_text(dir.file("none.csv"));
  EXPECT_EQ(std::count(none.begin(), none.end(), '\n'), 1) << "the header only: " << none;
  const RunResult table = task({"list", project});
  EXPECT_NE(table.out.find("K000002  complaint"), std::string::npos) << table.out;

  EXPECT_EQ(task({"create", project, "--enterprise", "E1", "--due", "2026-02-30"}).exit_code, 2);
  EXPECT_EQ(task({"create", project}).exit_code, 2);
  EXPECT_EQ(task({"create", project, "--from-flags", "--enterprise", "E1"}).exit_code, 2);
  EXPECT_EQ(task({"list", project, "--state", "open"}).exit_code, 2);
  EXPECT_EQ(task({"create", project, "--enterprise", "E9", "--user", "office"}).exit_code, 100);
  EXPECT_EQ(task({"create", project, "--from-trace", "T9", "--user", "office"}).exit_code, 100);
  EXPECT_EQ(task({"list", project, "--format", "csv", "-o", project}).exit_code, 2)
      << "the output guard keeps the store";
}

TEST_F(TaskCli, TheWholeRoundWithTheTrailAndWhoMayDoWhat) {
  ASSERT_EQ(task({"create", project, "--enterprise", "E1", "--user", "office"}).exit_code, 0);
  const RunResult early = task({"close", project, "K000001", "--note", "ok", "--user", "office"});
  EXPECT_EQ(early.exit_code, 2);
  EXPECT_NE(early.err.find("cannot close K000001: it is created"), std::string::npos) << early.err;
  EXPECT_EQ(task({"close", project, "K000001", "--user", "office"}).exit_code, 2) << "no --note";

  const RunResult sent = task({"dispatch", project, "K000001", "--user", "office"});
  ASSERT_EQ(sent.exit_code, 0) << sent.err;
  EXPECT_EQ(sent.out, "K000001 dispatched wang\n");

  write_text(dir.file("wrong.json"),
             R"({"template_id": "electroplating", "answers": {"permit": "yes"}})");
  const RunResult wrong =
      task({"submit", project, "K000001", "--result", dir.file("wrong.json"), "--user", "wang"});
  EXPECT_EQ(wrong.exit_code, 100);
  EXPECT_NE(wrong.err.find("wrong.json"), std::string::npos) << wrong.err;
  EXPECT_NE(wrong.err.find("item 1 (permit): a check is answered pass, fail or not_applicable"),
            std::string::npos)
      << wrong.err;
  write_text(dir.file("result.json"), R"({"template_id": "electroplating", "answers": {
      "permit": "pass", "treatment_running": "pass", "no_bypass": "pass", "online_monitor": "pass",
      "hazardous_waste": "fail", "ph": 7.4, "total_cr": 0.3, "cr6": 0.02, "total_ni": 0.1,
      "findings": "污泥露天堆放"}})");
  ASSERT_EQ(
      task({"submit", project, "K000001", "--result", dir.file("result.json"), "--user", "wang"})
          .exit_code,
      0);

  // Once the store has viewer users, only they act, and a grid manager
  // cannot review his own result.
  ASSERT_EQ(
      run_envgrid({"user", "add", project, "wang", "--role", "grid_manager", "--password-stdin"},
                  "wang-secret-1\n")
          .exit_code,
      0);
  ASSERT_EQ(run_envgrid({"user", "add", project, "chen", "--role", "analyst", "--password-stdin"},
                        "chen-secret-1\n")
                .exit_code,
            0);
  const RunResult self = task({"close", project, "K000001", "--note", "ok", "--user", "wang"});
  EXPECT_EQ(self.exit_code, 2);
  EXPECT_NE(self.err.find("wang (grid_manager) may not close a task"), std::string::npos)
      << self.err;
  const RunResult stranger =
      task({"close", project, "K000001", "--note", "ok", "--user", "nobody"});
  EXPECT_EQ(stranger.exit_code, 100);
  EXPECT_NE(stranger.err.find("'nobody' is no user of this store"), std::string::npos)
      << stranger.err;
  ASSERT_EQ(
      task({"return", project, "K000001", "--note", "photo missing", "--user", "chen"}).exit_code,
      0);
  ASSERT_EQ(run_envgrid({"user", "disable", project, "chen"}).exit_code, 0);
  const RunResult gone = task({"close", project, "K000001", "--note", "ok", "--user", "chen"});
  EXPECT_EQ(gone.exit_code, 100);
  EXPECT_NE(gone.err.find("'chen' is disabled"), std::string::npos) << gone.err;

  const RunResult shown = task({"show", project, "K000001"});
  ASSERT_EQ(shown.exit_code, 0) << shown.err;
  EXPECT_NE(shown.out.find("state\treturned\n"), std::string::npos) << shown.out;
  EXPECT_NE(shown.out.find("污泥露天堆放"), std::string::npos) << "the result is kept";
  EXPECT_NE(shown.out.find("\toffice@" + host_name() + "\tcreate\t\tcreated\twang\tcli\n"),
            std::string::npos)
      << shown.out;
  EXPECT_NE(shown.out.find("\twang@" + host_name() + "\tsubmit\tdispatched\tsubmitted\twang\t\n"),
            std::string::npos)
      << shown.out;
  EXPECT_NE(shown.out.find("\tchen@" + host_name() +
                           "\treturn\tsubmitted\treturned\twang\tphoto missing\n"),
            std::string::npos)
      << shown.out;
  std::size_t events = 0;
  for (std::size_t at = shown.out.find("\nevent\t"); at != std::string::npos;
       at = shown.out.find("\nevent\t", at + 1)) {
    ++events;
  }
  EXPECT_EQ(events, 4u) << "create, dispatch, submit, return; the refusals left nothing";
}

}  // namespace

// A photo of a task: kept once with its EXIF time and position, its distance
// to the task's point and a thumbnail; refused before dispatch, and refused
// when its bytes are not an image whatever its name.
TEST(TaskPhotoCli, KeptOnceWithExifPositionDistanceAndThumbnail) {
  TempDir dir;
  const std::string project = dir.file("project.gpkg");
  // The drone photo was taken in Wisconsin: a store in WGS 84, the
  // enterprise 0.001 degrees north of the camera.
  ASSERT_EQ(run_envgrid({"init", project, "--crs", "EPSG:4326"}).exit_code, 0);
  write_text(dir.file("e.csv"), "enterprise_id,lon,lat\nE1,-91.9945598888889,46.8436070833333\n");
  import_layer(project, "enterprises", dir.file("e.csv"), "EPSG:4326");
  ASSERT_EQ(
      run_envgrid({"task", "create", project, "--enterprise", "E1", "--user", "office"}).exit_code,
      0);
  const std::string jpeg = (source_dir() / "data/drone/DJI_0018.JPG").string();
  const RunResult early =
      run_envgrid({"task", "photo", "add", project, "K000001", jpeg, "--user", "wang"});
  EXPECT_EQ(early.exit_code, 2);
  EXPECT_NE(early.err.find("it is created"), std::string::npos) << early.err;
  ASSERT_EQ(
      run_envgrid({"task", "dispatch", project, "K000001", "--team", "wang", "--user", "office"})
          .exit_code,
      0);
  const RunResult added =
      run_envgrid({"task", "photo", "add", project, "K000001", jpeg, "--user", "wang"});
  ASSERT_EQ(added.exit_code, 0) << added.err;
  std::vector<std::string> fields;
  for (std::size_t start = 0, tab;; start = tab + 1) {
    tab = added.out.find_first_of("\t\n", start);
    fields.push_back(added.out.substr(start, tab - start));
    if (tab == std::string::npos || added.out[tab] == '\n') break;
  }
  ASSERT_EQ(fields.size(), 6u) << added.out;
  EXPECT_EQ(fields[1], "added");
  EXPECT_EQ(fields[2], "2016-06-23T16:31:59") << "the camera's EXIF time";
  EXPECT_EQ(fields[3], "exif");
  // 0.001 degree of latitude at 46.84 N on the WGS 84 ellipsoid: 111.17 m.
  EXPECT_NEAR(std::stod(fields[4]), 111.17, 0.05);
  EXPECT_EQ(read_text(fields[5]), read_text(jpeg)) << "the photo's bytes, kept as sent";
  const std::string thumbnail = fields[5].substr(0, fields[5].size() - 4) + ".thumb.jpg";
  EXPECT_EQ(read_text(thumbnail).rfind("\xFF\xD8\xFF", 0), 0u) << "a JPEG thumbnail";
  EXPECT_LT(read_text(thumbnail).size(), 100000u);

  const RunResult again =
      run_envgrid({"task", "photo", "add", project, "K000001", jpeg, "--user", "wang"});
  EXPECT_NE(again.out.find("\talready_stored\t"), std::string::npos) << again.out;
  const RunResult shown = run_envgrid({"task", "show", project, "K000001"});
  EXPECT_EQ(shown.out.find("\nphoto\t"), shown.out.rfind("\nphoto\t")) << "one photo row";
  EXPECT_NE(shown.out.find("\nphoto\t" + fields[0] + "\t2016-06-23T16:31:59\texif\t"),
            std::string::npos)
      << shown.out;

  write_text(dir.file("fake.jpg"), "<html>not a photo</html>");
  EXPECT_EQ(
      run_envgrid({"task", "photo", "add", project, "K000001", dir.file("fake.jpg")}).exit_code,
      100);
}
