// Damaged GeoTIFFs fed to the verbs that read orthomosaics: imagery changes
// (--before, --after) and imagery outfalls (--image).

#include <gtest/gtest.h>

#include <filesystem>

#include "malformed_support.hpp"

namespace envgrid::test {
namespace {

class RasterInputs : public ::testing::Test {
 protected:
  void SetUp() override {
    good_ = dir_.file("good.tif");
    write_geotiff(good_, 192, 192, /*tiled=*/true);
  }

  // Each damaged GeoTIFF, made from good_ or by hand. The directory and the
  // GeoTIFF keys sit in the first kilobyte.
  std::vector<std::string> damaged() {
    std::vector<std::string> paths = truncated_and_flipped(dir_, good_, ".tif", 1024);
    for (bool tiled : {false, true}) {
      const std::string layout = tiled ? "tiled" : "strip";
      paths.push_back(dir_.file("claims_100000x100000_" + layout + ".tif"));
      write_tiff_claiming(paths.back(), 100000, 100000, tiled);
      paths.push_back(dir_.file("claims_2000000000x3_" + layout + ".tif"));
      write_tiff_claiming(paths.back(), 2000000000u, 3, tiled);
      paths.push_back(dir_.file("claims_65536x65536_" + layout + ".tif"));
      write_tiff_claiming(paths.back(), 65536, 65536, tiled);
    }
    paths.push_back(dir_.file("random.tif"));
    write_bytes(paths.back(), random_bytes(64 * 1024, 7));
    return paths;
  }

  TempDir dir_;
  std::string good_;
};

TEST_F(RasterInputs, ImageryChangesRefusesEachDamagedEpochCleanly) {
  for (const auto& bad : damaged()) {
    for (bool bad_is_before : {true, false}) {
      const std::string out = dir_.file("changes.gpkg");
      const BoundedRun run =
          run_bounded({"imagery", "changes", "--before", bad_is_before ? bad : good_, "--after",
                       bad_is_before ? good_ : bad, "--threads", "2", "-o", out});
      expect_clean(run,
                   std::string("imagery changes ") + (bad_is_before ? "--before " : "--after ") +
                       name_of(bad),
                   name_of(bad));
    }
  }
}

TEST_F(RasterInputs, ImageryOutfallsRefusesEachDamagedImageCleanly) {
  for (const auto& bad : damaged()) {
    const BoundedRun run = run_bounded({"imagery", "outfalls", "--image", bad, "--threads", "2",
                                        "-o", dir_.file("outfalls.gpkg")});
    expect_clean(run, "imagery outfalls --image " + name_of(bad), name_of(bad));
  }
}

TEST_F(RasterInputs, TheUndamagedImagesAreAccepted) {
  // The control: the same calls with good inputs succeed, so the refusals
  // above are about the damage.
  const BoundedRun changes = run_bounded({"imagery", "changes", "--before", good_, "--after", good_,
                                          "--threads", "2", "-o", dir_.file("c.gpkg")});
  EXPECT_EQ(changes.exit_code, 0) << changes.err;
  const BoundedRun outfalls = run_bounded(
      {"imagery", "outfalls", "--image", good_, "--threads", "2", "-o", dir_.file("o.gpkg")});
  EXPECT_EQ(outfalls.exit_code, 0) << outfalls.err;
}

}  // namespace
}  // namespace envgrid::test
