// Damaged drone photos fed to imagery photos (a folder) and imagery ortho (one
// photo): truncated and bit-flipped JPEGs, frame headers claiming 65535 x 65535
// pixels, broken XMP, random bytes and a TIFF named .jpg.

#include <gtest/gtest.h>

#include <filesystem>

#include "../imagery/photo_fixtures.hpp"
#include "malformed_support.hpp"

namespace envgrid::test {
namespace {

class PhotoInputs : public ::testing::Test {
 protected:
  void SetUp() override {
    good_ = dir_.file("good.jpg");
    write_synthetic_photo(good_, dji_like_photo());
  }

  // Each damaged photo; EXIF and XMP come first, in the first few kilobytes.
  std::vector<std::string> damaged() {
    std::vector<std::string> paths = truncated_and_flipped(dir_, good_, ".jpg", 4096);
    paths.push_back(dir_.file("claims_65535x65535.jpg"));
    write_jpeg_claiming(paths.back(), 65535, 65535);
    paths.push_back(dir_.file("claims_65535x65535_with_exif.jpg"));
    write_jpeg_claiming(paths.back(), 65535, 65535);
    try {
      // The camera's tags on the forged frame, so that the verbs get past the metadata.
      SyntheticPhoto tags = dji_like_photo();
      auto image = Exiv2::ImageFactory::open(paths.back());
      image->readMetadata();
      for (const auto& [key, value] : tags.exif) image->exifData()[key] = value;
      for (const auto& [key, value] : tags.xmp) image->xmpData()[key] = value;
      image->writeMetadata();
    } catch (const Exiv2::AnyError& e) {
      ADD_FAILURE() << "cannot tag the forged JPEG: " << e.what();
    }
    SyntheticPhoto broken_xmp = dji_like_photo();
    broken_xmp.corrupt_xmp = true;
    paths.push_back(dir_.file("broken_xmp.jpg"));
    write_synthetic_photo(paths.back(), broken_xmp);
    paths.push_back(dir_.file("random.jpg"));
    write_bytes(paths.back(), random_bytes(32 * 1024, 11));
    paths.push_back(dir_.file("tiff_named.jpg"));
    write_geotiff(paths.back(), 64, 64, false);
    return paths;
  }

  TempDir dir_;
  std::string good_;
};

TEST_F(PhotoInputs, ImageryPhotosReportsEachDamagedPhotoAndKeepsTheGoodOne) {
  for (const auto& bad : damaged()) {
    const TempDir folder;
    std::filesystem::copy_file(good_, folder.file("DJI_0001.jpg"));
    std::filesystem::copy_file(bad, folder.file(name_of(bad)));
    const BoundedRun run = run_bounded(
        {"imagery", "photos", folder.path().string(), "-o", folder.file("photos.gpkg")});
    expect_clean(run, "imagery photos with " + name_of(bad), name_of(bad));
    EXPECT_NE(run.exit_code, 100) << name_of(bad) << ": one bad photo refused the whole folder\n"
                                  << run.err;
  }
}

TEST_F(PhotoInputs, ImageryOrthoRefusesEachDamagedPhotoCleanly) {
  for (const auto& bad : damaged()) {
    const BoundedRun run = run_bounded({"imagery", "ortho", bad, "-o", dir_.file("ortho.tif")});
    expect_clean(run, "imagery ortho " + name_of(bad), name_of(bad));
  }
}

TEST_F(PhotoInputs, TheUndamagedPhotoIsAccepted) {
  const BoundedRun ortho = run_bounded({"imagery", "ortho", good_, "-o", dir_.file("ortho.tif")});
  EXPECT_EQ(ortho.exit_code, 0) << ortho.err;
}

}  // namespace
}  // namespace envgrid::test
