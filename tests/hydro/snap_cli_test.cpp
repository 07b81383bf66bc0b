// `envgrid hydro snap` on a store made by init + hydro build + import: the
// store's sections and outfalls get reach_id and measure; near-ties and
// unsnapped points are reported and the exit code says so.

#include <gtest/gtest.h>

#include "envgrid/gis/gdal_handles.hpp"
#include "project_fixture.hpp"

namespace {

using envgrid::test::run_envgrid;
using envgrid::test::TempDir;

// Two parallel reaches flowing south, 0.002 degrees (193 m) apart.
std::string two_reaches() {
  return envgrid::test::reaches_geojson(
      {{"west", "114.0 30.01, 114.0 30.0"}, {"east", "114.002 30.01, 114.002 30.0"}});
}

struct Snapped {
  std::string reach_id;  // "" when null
  double measure = -1;   // -1 when null
};

Snapped stored(const std::string& project, const std::string& layer, const std::string& id_field,
               const std::string& id) {
  auto store = envgrid::gis::open_dataset(project, GDAL_OF_VECTOR);
  OGRLayer* l = store->GetLayerByName(layer.c_str());
  l->SetAttributeFilter((id_field + " = '" + id + "'").c_str());
  envgrid::gis::FeaturePtr f(l->GetNextFeature());
  if (!f) return {"missing", -1};
  Snapped s;
  if (!f->IsFieldNull(f->GetFieldIndex("reach_id"))) s.reach_id = f->GetFieldAsString("reach_id");
  if (!f->IsFieldNull(f->GetFieldIndex("measure"))) s.measure = f->GetFieldAsDouble("measure");
  return s;
}

TEST(HydroSnapCli, SnapsIntoTheStoreAndReportsTiesAndUnsnappedPoints) {
  TempDir dir;
  const std::string project = envgrid::test::make_project(
      dir, two_reaches(),
      {{"sections",
        "section_id,name,target_class,lon,lat\n"
        "S1,near west,3,114.0003,30.0075\n"
        "S2,between,3,114.001,30.005\n"
        "S3,far away,3,114.05,30.005\n"},
       {"outfalls", "outfall_id,registered,lon,lat\nO1,1,114.0019,30.0025\n"}});
  const auto r = run_envgrid({"hydro", "snap", project});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_NE(r.out.find("sections 3 snapped 2 ties 1 unsnapped 1\n"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("unsnapped sections S3: no reach within 500 m\n"), std::string::npos)
      << r.out;
  const auto tie = r.out.find("tie sections S2: reach ");
  ASSERT_NE(tie, std::string::npos) << r.out;
  const std::string tie_line = r.out.substr(tie, r.out.find('\n', tie) - tie);
  EXPECT_NE(tie_line.find("reach west at 96."), std::string::npos) << tie_line;
  EXPECT_NE(tie_line.find("reach east at 96."), std::string::npos) << tie_line;
  EXPECT_NE(r.out.find("outfalls 1 snapped 1 ties 0 unsnapped 0\n"), std::string::npos) << r.out;

  const Snapped s1 = stored(project, "sections", "section_id", "S1");
  EXPECT_EQ(s1.reach_id, "west");
  EXPECT_NEAR(s1.measure, 75, 0.5);
  EXPECT_EQ(stored(project, "sections", "section_id", "S3").reach_id, "");
  const Snapped o1 = stored(project, "outfalls", "outfall_id", "O1");
  EXPECT_EQ(o1.reach_id, "east");
  EXPECT_NEAR(o1.measure, 25, 0.5);
}

TEST(HydroSnapCli, OptionsNarrowTheLayersAndTheDistance) {
  TempDir dir;
  const std::string project = envgrid::test::make_project(
      dir, two_reaches(),
      {{"sections", "section_id,name,target_class,lon,lat\nS1,near west,3,114.0003,30.0075\n"},
       {"outfalls", "outfall_id,registered,lon,lat\nO1,1,114.0019,30.0025\n"}});
  // S1 is 29 m from its reach: a 20 m limit leaves it unsnapped.
  const auto narrow =
      run_envgrid({"hydro", "snap", project, "--layers", "sections", "--max-distance-m", "20"});
  EXPECT_EQ(narrow.exit_code, 1);
  EXPECT_EQ(narrow.out,
            "sections 1 snapped 0 ties 0 unsnapped 1\n"
            "unsnapped sections S1: no reach within 20 m\n");
  EXPECT_EQ(stored(project, "outfalls", "outfall_id", "O1").reach_id, "");  // not asked for
  const auto all = run_envgrid({"hydro", "snap", project});
  EXPECT_EQ(all.exit_code, 0) << all.out << all.err;
  EXPECT_EQ(stored(project, "sections", "section_id", "S1").reach_id, "west");
  EXPECT_EQ(run_envgrid({"hydro", "snap", project, "--layers", "enterprises"}).exit_code, 2);
  EXPECT_EQ(run_envgrid({"hydro", "snap", project, "--max-distance-m", "-1"}).exit_code, 2);
}

}  // namespace
