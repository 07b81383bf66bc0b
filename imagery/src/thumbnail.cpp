// Thumbnails with OpenCV: imread applies the EXIF orientation, INTER_AREA
// averages the pixels a thumbnail pixel covers (no aliasing).

#include "envgrid/imagery/thumbnail.hpp"

#include <algorithm>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "envgrid/gis/error.hpp"

namespace envgrid::imagery {

std::string thumbnail_jpeg(const std::string& path, int max_side_px) {
  const cv::Mat image = cv::imread(path, cv::IMREAD_COLOR);
  if (image.empty()) {
    gis::throw_input_error("cannot be decoded as an image", {.step = "thumbnail", .dataset = path});
  }
  const double scale =
      std::min(1.0, static_cast<double>(max_side_px) / std::max(image.cols, image.rows));
  cv::Mat small;
  cv::resize(image, small, cv::Size(), scale, scale, cv::INTER_AREA);
  std::vector<unsigned char> bytes;
  cv::imencode(".jpg", small, bytes, {cv::IMWRITE_JPEG_QUALITY, 80});
  return {bytes.begin(), bytes.end()};
}

}  // namespace envgrid::imagery
