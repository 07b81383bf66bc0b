// imagery changes --model: an ONNX change model run through OpenCV's DNN
// module and fused with the classical cues. The model is
// tests/imagery/models/brightness_change.onnx, built by the script beside it
// with Debian's python3-onnx: not trained, its output is known (the mean of
// the bands changed by more than 2.5 digital numbers), so the tests can say
// what it must add.

#include <gdal_priv.h>
#include <gtest/gtest.h>

#include <opencv2/imgproc.hpp>

#include "envgrid/gis/gdal_handles.hpp"
#include "envgrid/imagery/raster_tiles.hpp"
#include "test_support.hpp"

namespace imagery = envgrid::imagery;
using envgrid::test::run_envgrid;
using envgrid::test::TempDir;

namespace {

constexpr int side_px = 400;                      // 200 m at 0.5 m
const cv::Rect changed_square(160, 160, 80, 80);  // 40 m x 40 m of ground that changed a little

std::string model_path() {
  return (envgrid::test::source_dir() / "tests/imagery/models/brightness_change.onnx").string();
}

// Ground with texture at several scales (fields, gravel), deterministic.
cv::Mat textured_ground() {
  cv::RNG rng(14);
  cv::Mat fine(side_px, side_px, CV_32FC3), coarse(side_px / 20, side_px / 20, CV_32FC3);
  rng.fill(fine, cv::RNG::NORMAL, cv::Scalar::all(0), cv::Scalar::all(12));
  rng.fill(coarse, cv::RNG::UNIFORM, cv::Scalar(60, 80, 90), cv::Scalar(140, 160, 170));
  cv::GaussianBlur(fine, fine, {0, 0}, 1.5);
  cv::resize(coarse, coarse, fine.size(), 0, 0, cv::INTER_CUBIC);
  cv::Mat ground;
  cv::Mat(coarse + fine).convertTo(ground, CV_8UC3);
  return ground;
}

void write(const std::string& path, const cv::Mat& image) {
  imagery::write_geotiff(path, image, {0, 0.5, 0, 0, 0, -0.5}, "");
}

// Fraction of the square flagged in the mask written by --mask-out.
double square_flagged(const std::string& mask_path) {
  envgrid::gis::DatasetPtr mask = envgrid::gis::open_dataset(mask_path, GDAL_OF_RASTER);
  cv::Mat pixels(mask->GetRasterYSize(), mask->GetRasterXSize(), CV_8U);
  EXPECT_EQ(mask->GetRasterBand(1)->RasterIO(GF_Read, 0, 0, pixels.cols, pixels.rows, pixels.data,
                                             pixels.cols, pixels.rows, GDT_Byte, 0, 0, nullptr),
            CE_None);
  return cv::countNonZero(pixels(changed_square)) / double(changed_square.area());
}

envgrid::test::RunResult changes(const TempDir& dir, const std::string& after,
                                 const std::string& model) {
  std::vector<std::string> args{"imagery",    "changes",
                                "--before",   dir.file("before.tif"),
                                "--after",    after,
                                "--gsd",      "0.5",
                                "--mask-out", dir.file("mask.tif"),
                                "-o",         dir.file("flags.geojson")};
  if (!model.empty()) args.insert(args.end(), {"--model", model});
  return run_envgrid(args);
}

}  // namespace

// A square 6 digital numbers brighter is under what the classical cues call
// a change (the tolerant difference's floor is 20, the region cues' colour
// spread 5 Lab units); the model's probability, fused with them, finds it,
// with the outline of the superpixels.
TEST(ChangeModel, FindsWhatTheModelSeesAndTheCuesMiss) {
  TempDir dir;
  const cv::Mat ground = textured_ground();
  write(dir.file("before.tif"), ground);
  cv::Mat later = ground.clone();
  later(changed_square) += cv::Scalar::all(6);
  write(dir.file("after.tif"), later);

  const auto classical = changes(dir, dir.file("after.tif"), "");
  ASSERT_EQ(classical.exit_code, 0) << classical.err;
  EXPECT_LT(square_flagged(dir.file("mask.tif")), 0.1) << classical.out;

  const auto fused = changes(dir, dir.file("after.tif"), model_path());
  ASSERT_EQ(fused.exit_code, 0) << fused.err;
  EXPECT_GT(square_flagged(dir.file("mask.tif")), 0.6) << fused.out;
}

// The model sees the after epoch radiometrically normalized and aligned, as
// the cues do: the same ground 15 % brighter and 2 px shifted is no change.
TEST(ChangeModel, BrightenedAndShiftedGroundIsNoChangeWithTheModel) {
  TempDir dir;
  const cv::Mat ground = textured_ground();
  const cv::Rect kept(2, 0, side_px - 2, side_px);
  write(dir.file("before.tif"), ground(kept));
  cv::Mat later;
  ground(cv::Rect(0, 0, side_px - 2, side_px)).convertTo(later, CV_8UC3, 1.15);
  write(dir.file("after.tif"), later);
  const auto fused = changes(dir, dir.file("after.tif"), model_path());
  ASSERT_EQ(fused.exit_code, 0) << fused.err;
  EXPECT_NE(fused.out.find("changed regions: 0"), std::string::npos) << fused.out;
}

TEST(ChangeModel, AFileThatIsNoChangeModelIsRefusedNamingIt) {
  TempDir dir;
  write(dir.file("before.tif"), textured_ground());
  const std::string not_a_model = dir.file("not_a_model.onnx");
  write(not_a_model, textured_ground());
  const auto run = changes(dir, dir.file("before.tif"), not_a_model);
  EXPECT_NE(run.exit_code, 0);
  EXPECT_NE(run.err.find("not_a_model.onnx"), std::string::npos) << run.err;
  EXPECT_NE(run.err.find("not a change model"), std::string::npos) << run.err;
}
