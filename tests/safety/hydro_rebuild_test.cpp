// A hydro rebuild never leaves sections or outfalls snapped to reaches that
// no longer exist: it says so and marks them unsnapped. On GeoPackage and
// PostGIS.

#include <gdal_priv.h>
#include <gtest/gtest.h>

#include "safety_support.hpp"
#include "store_backends.hpp"

namespace envgrid::test {
namespace {

class HydroRebuildTest : public StoreBackendTest {};

long long snapped(const std::string& location, const std::string& layer) {
  GDALAllRegister();
  GDALDatasetUniquePtr store(GDALDataset::Open(location.c_str(), GDAL_OF_VECTOR));
  OGRLayer* rows = store->GetLayerByName(layer.c_str());
  long long count = 0;
  for (const auto& row : *rows) count += row->IsFieldSetAndNotNull(row->GetFieldIndex("reach_id"));
  return count;
}

TEST_P(HydroRebuildTest, SectionsOnVanishedReachesAreMarkedUnsnapped) {
  ASSERT_EQ(run_envgrid({"init", location()}).exit_code, 0);
  write_text(dir().file("sections.csv"),
             "section_id,target_class,lon,lat\nS1,3,114.005,30.0001\nS2,3,114.015,30.0001\n");
  import_layer(location(), "sections", dir().file("sections.csv"));
  write_text(dir().file("outfalls.csv"), "outfall_id,lon,lat\nO1,114.005,30.0002\n");
  import_layer(location(), "outfalls", dir().file("outfalls.csv"));
  write_text(dir().file("two.csv"),
             "reach_id,WKT\nR1,\"LINESTRING(114 30,114.01 30)\"\n"
             "R2,\"LINESTRING(114.01 30,114.02 30)\"\n");
  auto built = run_envgrid({"hydro", "build", "--reaches", dir().file("two.csv"), "--id-field",
                            "reach_id", "-o", location()});
  ASSERT_LE(built.exit_code, 1) << built.err;
  const auto snap = run_envgrid({"hydro", "snap", location()});
  ASSERT_LE(snap.exit_code, 1) << snap.err;
  ASSERT_EQ(snapped(location(), "sections"), 2);
  ASSERT_EQ(snapped(location(), "outfalls"), 1);

  // The network is rebuilt without R1: S1 and O1 pointed at it.
  write_text(dir().file("one.csv"), "reach_id,WKT\nR2,\"LINESTRING(114.01 30,114.02 30)\"\n");
  built = run_envgrid({"hydro", "build", "--reaches", dir().file("one.csv"), "--id-field",
                       "reach_id", "-o", location()});
  ASSERT_LE(built.exit_code, 1) << built.err;
  EXPECT_NE(built.err.find("1 sections and 1 outfalls were snapped to reaches the new network "
                           "does not have: marked unsnapped"),
            std::string::npos)
      << built.err;
  EXPECT_EQ(snapped(location(), "sections"), 1) << "S2 is still on R2";
  EXPECT_EQ(snapped(location(), "outfalls"), 0);
}

ENVGRID_INSTANTIATE_STORE_BACKENDS(HydroRebuildTest);

}  // namespace
}  // namespace envgrid::test
