#include "envgrid/imagery/chips.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iterator>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "envgrid/gis/atomic_file.hpp"
#include "envgrid/gis/error.hpp"

namespace envgrid::imagery {
namespace {

constexpr int max_chip_px = 512;

// The longest of 1, 2, 5 x 10^k metres that fits in a quarter of the chip.
double nice_length_m(double width_m) {
  double best = 1;
  for (int exponent = -1; exponent <= 5; ++exponent) {
    const double decade = std::pow(10.0, exponent);
    for (double step : {1.0, 2.0, 5.0}) {
      if (step * decade <= width_m / 4) best = step * decade;
    }
  }
  return best;
}

void draw_scale_bar(cv::Mat& chip, double metres_per_px) {
  const double length_m = nice_length_m(chip.cols * metres_per_px);
  const int length_px = int(std::lround(length_m / metres_per_px));
  const cv::Point start(12, chip.rows - 16), end(12 + length_px, chip.rows - 16);
  cv::line(chip, start, end, cv::Scalar(0, 0, 0), 6);
  cv::line(chip, start, end, cv::Scalar(255, 255, 255), 3);
  char label[32];
  std::snprintf(label, sizeof label, length_m < 1 ? "%.1f m" : "%.0f m", length_m);
  cv::putText(chip, label, {12, chip.rows - 26}, cv::FONT_HERSHEY_SIMPLEX, 0.5, cv::Scalar(0, 0, 0),
              3);
  cv::putText(chip, label, {12, chip.rows - 26}, cv::FONT_HERSHEY_SIMPLEX, 0.5,
              cv::Scalar(255, 255, 255), 1);
}

void draw_north_arrow(cv::Mat& chip) {
  const cv::Point tip(chip.cols - 22, 12), base(chip.cols - 22, 44);
  cv::arrowedLine(chip, base, tip, cv::Scalar(0, 0, 0), 5, cv::LINE_AA, 0, 0.4);
  cv::arrowedLine(chip, base, tip, cv::Scalar(255, 255, 255), 2, cv::LINE_AA, 0, 0.4);
  cv::putText(chip, "N", {chip.cols - 28, 62}, cv::FONT_HERSHEY_SIMPLEX, 0.5, cv::Scalar(0, 0, 0),
              3);
  cv::putText(chip, "N", {chip.cols - 28, 62}, cv::FONT_HERSHEY_SIMPLEX, 0.5,
              cv::Scalar(255, 255, 255), 1);
}

// Flag ids are made by envgrid (prefix, '-', hex); anything else is refused
// so that a file name can never leave the chips folder.
bool safe_name(const std::string& name) {
  return !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_';
  });
}

}  // namespace

PixelWindow chip_window(const PixelWindow& object, double gsd_m) {
  const int grow =
      std::max(int(std::lround(10 / gsd_m)), std::max(object.width, object.height) / 4);
  return {object.x - grow, object.y - grow, object.width + 2 * grow, object.height + 2 * grow};
}

ChipWriter::ChipWriter(const std::string& dir, bool keep_existing) : dir_(dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec)
    gis::throw_output_error("cannot create the chips folder: " + ec.message(), {.dataset = dir});
  const std::string index = dir + "/index.csv";
  const bool add_to_index = keep_existing && std::filesystem::exists(index, ec);
  if (!keep_existing) {
    for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
      if (entry.path().extension() == ".png") std::filesystem::remove(entry.path(), ec);
    }
  }
  if (add_to_index) {
    std::ifstream existing(index, std::ios::binary);
    index_text_.assign(std::istreambuf_iterator<char>(existing), {});
    if (!existing.good() && !existing.eof())
      gis::throw_input_error("cannot read index.csv", {.dataset = dir});
  }
  if (index_text_.empty()) index_text_ = "flag_id,view,file\n";
  gis::write_file_atomically(index, index_text_);
}

void ChipWriter::write(const std::string& flag_id, const std::string& view,
                       const RasterSource& source, const PixelWindow& window) {
  if (!safe_name(flag_id) || !safe_name(view)) {
    gis::throw_output_error("refusing chip name '" + flag_id + "-" + view + "'", {.dataset = dir_});
  }
  const double scale = std::min(1.0, double(max_chip_px) / std::max(window.width, window.height));
  const int w = std::max(1, int(window.width * scale)), h = std::max(1, int(window.height * scale));
  cv::Mat chip = source.read_bgr(window, w, h);
  draw_scale_bar(chip, source.gsd_m() * window.width / w);
  if (!source.pixel_space())
    draw_north_arrow(chip);  // georeferenced images are north-up (RasterSource)
  const std::string file = flag_id + "-" + view + ".png";
  std::vector<unsigned char> png;
  if (!cv::imencode(".png", chip, png))
    gis::throw_output_error("cannot encode chip " + file, {.dataset = dir_});
  // Chip first, then the index naming it: every write checked (a full disk
  // is an error, never a truncated PNG or index).
  gis::write_file_atomically(
      dir_ + "/" + file, std::string_view(reinterpret_cast<const char*>(png.data()), png.size()));
  index_text_ += flag_id + "," + view + "," + file + "\n";
  gis::write_file_atomically(dir_ + "/index.csv", index_text_);
  ++written_;
  records_.push_back(
      {flag_id, view, std::filesystem::absolute(dir_ + "/" + file).string(), chip.cols, chip.rows});
}

}  // namespace envgrid::imagery
