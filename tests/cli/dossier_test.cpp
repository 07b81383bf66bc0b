// envgrid dossier and envgrid basemap on a real GeoPackage store: the
// dossier file holds the enterprise's tasks, results and photos and needs
// nothing else; a basemap is checked when set and removed with --off.

#include <gtest/gtest.h>

#include <regex>

#include "test_support.hpp"

using envgrid::test::import_layer;
using envgrid::test::read_text;
using envgrid::test::run_envgrid;
using envgrid::test::RunResult;
using envgrid::test::source_dir;
using envgrid::test::TempDir;
using envgrid::test::write_text;

namespace {

std::size_t count_of(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

TEST(DossierCli, OneSelfContainedFileWithTheTasksResultsAndPhotos) {
  TempDir dir;
  const std::string project = dir.file("project.gpkg");
  ASSERT_EQ(run_envgrid({"init", project, "--crs", "EPSG:4326"}).exit_code, 0);
  write_text(dir.file("e.csv"),
             "enterprise_id,name,permit_no,lon,lat\n"
             "E1,大江电镀厂,P-9,-91.9945598888889,46.8436070833333\nE2,小河食品厂,,-91.9,46.8\n");
  import_layer(project, "enterprises", dir.file("e.csv"), "EPSG:4326");
  ASSERT_EQ(run_envgrid({"task", "templates", "import", project,
                         (source_dir() / "data/templates/electroplating.json").string(), "--user",
                         "office"})
                .exit_code,
            0);
  ASSERT_EQ(run_envgrid({"task", "create", project, "--enterprise", "E1", "E2", "--template",
                         "electroplating", "--user", "office"})
                .exit_code,
            0);
  ASSERT_EQ(
      run_envgrid({"task", "dispatch", project, "K000001", "--team", "wang", "--user", "office"})
          .exit_code,
      0);
  const std::string jpeg = (source_dir() / "data/drone/DJI_0018.JPG").string();
  ASSERT_EQ(
      run_envgrid({"task", "photo", "add", project, "K000001", jpeg, "--user", "wang"}).exit_code,
      0);
  write_text(dir.file("result.json"), R"({"template_id": "electroplating", "answers": {
      "permit": "pass", "treatment_running": "pass", "no_bypass": "pass", "online_monitor": "pass",
      "hazardous_waste": "fail", "ph": 7.4, "total_cr": 0.3, "cr6": 0.02, "total_ni": 0.1,
      "findings": "污泥露天堆放 <script>alert(1)</script>"}})");
  ASSERT_EQ(run_envgrid({"task", "submit", project, "K000001", "--result", dir.file("result.json"),
                         "--user", "wang"})
                .exit_code,
            0);
  ASSERT_EQ(
      run_envgrid({"task", "close", project, "K000001", "--note", "整改完成", "--user", "office"})
          .exit_code,
      0);

  const std::string out = dir.file("dossier-E1.html");
  const RunResult made = run_envgrid({"dossier", project, "--enterprise", "E1", "-o", out});
  ASSERT_EQ(made.exit_code, 0) << made.err;
  const std::string html = read_text(out);
  EXPECT_NE(html.find("<h1>大江电镀厂"), std::string::npos);
  EXPECT_NE(html.find("P-9"), std::string::npos) << "the permit";
  EXPECT_NE(html.find("data-task=\"K000001\""), std::string::npos);
  EXPECT_EQ(html.find("data-task=\"K000002\""), std::string::npos) << "E2's task is not E1's";
  EXPECT_NE(html.find("整改完成"), std::string::npos) << "the office's closing note";
  EXPECT_NE(html.find("污泥露天堆放 &lt;script&gt;"), std::string::npos) << "escaped, not run";
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_EQ(count_of(html, "src=\"data:image/jpeg;base64,/9j/"), 1u) << "the photo, inlined";
  EXPECT_FALSE(std::regex_search(html, std::regex(R"((src|href)=\"(?!data:))")));
  EXPECT_FALSE(std::regex_search(html, std::regex(R"(https?:|url\(|@import)")));

  const RunResult unknown = run_envgrid({"dossier", project, "--enterprise", "E9", "-o", out});
  EXPECT_NE(unknown.exit_code, 0);
  EXPECT_NE(unknown.err.find("no enterprise E9"), std::string::npos) << unknown.err;
  EXPECT_EQ(read_text(out), html) << "a refusal leaves the file as it was";
}

TEST(BasemapCli, OffByDefaultCheckedWhenSetAndRemovedWithOff) {
  TempDir dir;
  const std::string project = dir.file("project.gpkg");
  ASSERT_EQ(run_envgrid({"init", project}).exit_code, 0);
  EXPECT_NE(run_envgrid({"basemap", project}).out.find("none"), std::string::npos);
  const std::string tianditu =
      "https://t{0-7}.tianditu.gov.cn/vec_w/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0"
      "&LAYER=vec&STYLE=default&TILEMATRIXSET=w&FORMAT=tiles&TILEMATRIX={TileMatrix}"
      "&TILEROW={TileRow}&TILECOL={TileCol}&tk=KEY";
  const RunResult set = run_envgrid({"basemap", project, tianditu, "--attribution", "天地图"});
  ASSERT_EQ(set.exit_code, 0) << set.err;
  EXPECT_NE(set.out.find("TILEMATRIX={z}&TILEROW={y}&TILECOL={x}"), std::string::npos) << set.out;
  EXPECT_EQ(count_of(set.out, "csp_img_src\thttps://t"), 8u) << set.out;
  EXPECT_NE(set.out.find("csp_img_src\thttps://t7.tianditu.gov.cn\n"), std::string::npos);
  for (const std::string& bad : std::vector<std::string>{
           "https://example.com/tiles.png", "ftp://example.com/{z}/{x}/{y}",
           "https://a.example.com;img-src */{z}/{x}/{y}.png", dir.file("no-such-folder")}) {
    EXPECT_EQ(run_envgrid({"basemap", project, bad}).exit_code, 2) << bad;
  }
  EXPECT_NE(run_envgrid({"basemap", project}).out.find("tianditu"), std::string::npos)
      << "a refused source leaves the one set";
  EXPECT_NE(run_envgrid({"basemap", project, "--off"}).out.find("none"), std::string::npos);
}

}  // namespace
