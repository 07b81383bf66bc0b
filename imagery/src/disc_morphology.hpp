#pragma once
// Erosion, dilation, opening and closing of 8-bit images by large discs
// (cv::getStructuringElement(MORPH_ELLIPSE)), with the same results as
// cv::morphologyEx and its default border (pixels outside the image ignored),
// several times faster for discs of 9 px and more.

#include <opencv2/imgproc.hpp>

namespace envgrid::imagery::detail {

// op: cv::MORPH_ERODE, MORPH_DILATE, MORPH_OPEN or MORPH_CLOSE; src CV_8UC1.
// A kernel whose rows are not each one run of ones centred on the anchor
// column (the disc's rows are) goes to cv::morphologyEx.
void disc_morphology(const cv::Mat& src, cv::Mat& dst, cv::MorphTypes op, const cv::Mat& kernel);

}  // namespace envgrid::imagery::detail
