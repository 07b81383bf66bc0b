#pragma once
// An optional learned change model (`imagery changes --model FILE.onnx`)
// run through OpenCV's DNN module; its probability is fused with the region
// cues (change_regions.cpp). The contract a model must meet is in
// docs/imagery-detection.md ("A learned model").

#include <memory>
#include <mutex>
#include <string>

#include <opencv2/core.hpp>
#include <opencv2/dnn.hpp>

namespace envgrid::imagery::detail {

// The model's square input side and the overlap of neighbouring patches,
// in working pixels.
constexpr int model_tile_px = 256;
constexpr int model_overlap_px = 32;

class ChangeModel {
 public:
  // Reads the ONNX file and runs it once on blank tiles to check its inputs
  // (`before`, `after`) and output (1 x 1 x 256 x 256); throws
  // gis::Error(input) naming the file otherwise.
  static std::shared_ptr<ChangeModel> load(const std::string& path);

  // Change probability (CV_32F, 0..1) for two aligned float BGR images
  // (0..255) of the same size: the model runs on 256 px patches that overlap
  // by 32 px (reflected at the image's edges), averaged where they overlap.
  // Thread-safe (one patch at a time).
  [[nodiscard]] cv::Mat probability(const cv::Mat& before, const cv::Mat& after);

 private:
  cv::Mat patch(const cv::Mat& before, const cv::Mat& after);
  cv::dnn::Net net_;
  std::mutex mutex_;
};

}  // namespace envgrid::imagery::detail
