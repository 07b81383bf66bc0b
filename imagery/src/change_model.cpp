// The optional learned change model: see change_model.hpp.

#include "change_model.hpp"

#include <algorithm>
#include <vector>

#include <opencv2/imgproc.hpp>

#include "envgrid/gis/error.hpp"

namespace envgrid::imagery::detail {
namespace {

// NCHW, RGB, 0..1: the layout and scale most change models are trained on.
// From a copy: OpenCV 4.6's blobFromImage scales a float image in place.
cv::Mat as_blob(const cv::Mat& bgr) {
  return cv::dnn::blobFromImage(bgr.clone(), 1.0 / 255, {}, cv::Scalar(), /*swapRB=*/true, false,
                                CV_32F);
}

// Patch origins along one side: every model_tile_px - model_overlap_px, the
// last one flush with the end.
std::vector<int> origins(int length) {
  std::vector<int> out;
  const int stride = model_tile_px - model_overlap_px;
  for (int at = 0;; at += stride) {
    if (at + model_tile_px >= length) {
      out.push_back(std::max(0, length - model_tile_px));
      break;
    }
    out.push_back(at);
  }
  return out;
}

}  // namespace

std::shared_ptr<ChangeModel> ChangeModel::load(const std::string& path) {
  auto model = std::make_shared<ChangeModel>();
  try {
    model->net_ = cv::dnn::readNetFromONNX(path);
    const cv::Mat blank(model_tile_px, model_tile_px, CV_32FC3, cv::Scalar::all(0));
    const cv::Mat out = model->patch(blank, blank);
    if (out.rows != model_tile_px || out.cols != model_tile_px) throw cv::Exception();
  } catch (const cv::Exception& e) {
    gis::throw_input_error(
        "not a change model of the documented form (inputs `before` and `after`, 1 x 3 x 256 x "
        "256 RGB in 0..1; output 1 x 1 x 256 x 256 change probability): " +
            std::string(e.what()),
        {.dataset = path});
  }
  return model;
}

cv::Mat ChangeModel::patch(const cv::Mat& before, const cv::Mat& after) {
  net_.setInput(as_blob(before), "before");
  net_.setInput(as_blob(after), "after");
  const cv::Mat out = net_.forward();
  if (out.dims != 4 || out.size[0] != 1 || out.size[1] != 1) throw cv::Exception();
  return cv::Mat(out.size[2], out.size[3], CV_32F, const_cast<float*>(out.ptr<float>())).clone();
}

cv::Mat ChangeModel::probability(const cv::Mat& before, const cv::Mat& after) {
  // Reflected up to one patch: a window smaller than the model's input.
  const int pad_x = std::max(0, model_tile_px - before.cols);
  const int pad_y = std::max(0, model_tile_px - before.rows);
  cv::Mat b = before, a = after;
  if (pad_x || pad_y) {
    cv::copyMakeBorder(before, b, 0, pad_y, 0, pad_x, cv::BORDER_REFLECT_101);
    cv::copyMakeBorder(after, a, 0, pad_y, 0, pad_x, cv::BORDER_REFLECT_101);
  }
  cv::Mat sum(b.size(), CV_32F, cv::Scalar(0)), count(b.size(), CV_32F, cv::Scalar(0));
  const std::lock_guard lock(mutex_);
  for (const int y : origins(b.rows)) {
    for (const int x : origins(b.cols)) {
      const cv::Rect r(x, y, model_tile_px, model_tile_px);
      sum(r) += cv::min(cv::max(patch(b(r), a(r)), 0.0), 1.0);
      count(r) += 1.0;
    }
  }
  cv::Mat p = sum / count;
  return p(cv::Rect(0, 0, before.cols, before.rows)).clone();
}

}  // namespace envgrid::imagery::detail
