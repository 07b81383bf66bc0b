// A disc is a stack of horizontal runs, one per kernel row. The minimum (or
// maximum) over a run of half-width w is built from the one over w - 1 in
// one step (min of it shifted a pixel left and right), so every half-width
// up to the disc's radius costs one pass; a kernel row then costs one more.
// About 2 r + k passes per pixel instead of the disc's area (cv::erode's
// cost for a non-rectangular kernel): a 21 px disc has 349 ones.

#include "disc_morphology.hpp"

#include <algorithm>
#include <optional>
#include <vector>

namespace envgrid::imagery::detail {
namespace {

// Kernel row dy (relative to the anchor) covers columns -half ... +half.
struct Run {
  int dy = 0, half = 0;
};

std::optional<std::vector<Run>> centred_runs(const cv::Mat& kernel) {
  if (kernel.type() != CV_8UC1 || kernel.cols % 2 == 0 || kernel.rows % 2 == 0) return std::nullopt;
  const int ax = kernel.cols / 2, ay = kernel.rows / 2;
  std::vector<Run> runs;
  for (int r = 0; r < kernel.rows; ++r) {
    const auto* k = kernel.ptr<std::uint8_t>(r);
    int first = -1, last = -1;
    for (int c = 0; c < kernel.cols; ++c) {
      if (k[c] == 0) continue;
      if (first < 0) first = c;
      if (last >= 0 && last != c - 1) return std::nullopt;  // not one run
      last = c;
    }
    if (first < 0) continue;
    if (first + last != 2 * ax) return std::nullopt;  // not centred
    runs.push_back({r - ay, ax - first});
  }
  if (runs.empty()) return std::nullopt;
  return runs;
}

// out[i] = pick(a[i], b[i]) over n bytes (vectorized by the compiler, with
// 32-byte vectors where the CPU has AVX2).
__attribute__((target_clones("avx2", "default"))) void min_row(const std::uint8_t* a,
                                                               const std::uint8_t* b,
                                                               std::uint8_t* out, int n) {
  for (int i = 0; i < n; ++i) out[i] = std::min(a[i], b[i]);
}
__attribute__((target_clones("avx2", "default"))) void max_row(const std::uint8_t* a,
                                                               const std::uint8_t* b,
                                                               std::uint8_t* out, int n) {
  for (int i = 0; i < n; ++i) out[i] = std::max(a[i], b[i]);
}
template <bool is_min>
void pick_row(const std::uint8_t* a, const std::uint8_t* b, std::uint8_t* out, int n) {
  if constexpr (is_min) {
    min_row(a, b, out, n);
  } else {
    max_row(a, b, out, n);
  }
}

// One erosion (is_min) or dilation by the runs; pixels outside the image
// take the neutral value, so they never win.
template <bool is_min>
void by_runs(const cv::Mat& src, cv::Mat& dst, const std::vector<Run>& runs) {
  const std::uint8_t neutral = is_min ? 255 : 0;
  int radius_x = 0, up = 0, down = 0;
  for (const Run& run : runs) {
    radius_x = std::max(radius_x, run.half);
    up = std::max(up, -run.dy);
    down = std::max(down, run.dy);
  }
  cv::Mat padded;
  cv::copyMakeBorder(src, padded, up, down, radius_x, radius_x, cv::BORDER_CONSTANT,
                     cv::Scalar(neutral));
  const int width = padded.cols;
  cv::Mat out(src.size(), CV_8U);
  // Row by row, the extremes over each half-width of the input rows a
  // kernel reaches kept in a ring (rows y - up ... y + down).
  const int ring_rows = up + down + 1;
  std::vector<std::vector<std::uint8_t>> ring(
      std::size_t(ring_rows) * std::size_t(radius_x + 1),
      std::vector<std::uint8_t>(std::size_t(width), neutral));
  auto half_row = [&](int padded_row, int half) -> std::vector<std::uint8_t>& {
    return ring[std::size_t(padded_row % ring_rows) * std::size_t(radius_x + 1) +
                std::size_t(half)];
  };
  // Column i of half-width w covers padded columns i - w ... i + w; it is
  // valid (and read) only on [w, width - w).
  auto load = [&](int padded_row) {
    const std::uint8_t* row = padded.ptr<std::uint8_t>(padded_row);
    std::copy(row, row + width, half_row(padded_row, 0).begin());
    for (int w = 1; w <= radius_x; ++w) {
      const std::uint8_t* previous = half_row(padded_row, w - 1).data();
      std::uint8_t* current = half_row(padded_row, w).data();
      const int n = width - 2 * w;
      pick_row<is_min>(previous + w - 1, previous + w + 1, current + w, n);
      if (w == 1) pick_row<is_min>(current + w, row + w, current + w, n);  // and the centre
    }
  };
  for (int r = 0; r < up + down; ++r) load(r);
  for (int y = 0; y < src.rows; ++y) {
    load(y + up + down);
    std::uint8_t* target = out.ptr<std::uint8_t>(y);
    std::fill(target, target + src.cols, neutral);
    for (const Run& run : runs) {
      const std::uint8_t* h = half_row(y + up + run.dy, run.half).data() + radius_x;
      pick_row<is_min>(target, h, target, src.cols);
    }
  }
  dst = out;
}

void erode_or_dilate(const cv::Mat& src, cv::Mat& dst, bool erode, const std::vector<Run>& runs) {
  if (erode) {
    by_runs<true>(src, dst, runs);
  } else {
    by_runs<false>(src, dst, runs);
  }
}

}  // namespace

void disc_morphology(const cv::Mat& src, cv::Mat& dst, cv::MorphTypes op, const cv::Mat& kernel) {
  const auto runs = centred_runs(kernel);
  const bool supported = op == cv::MORPH_ERODE || op == cv::MORPH_DILATE || op == cv::MORPH_OPEN ||
                         op == cv::MORPH_CLOSE;
  if (!runs || !supported || src.type() != CV_8UC1 || src.empty()) {
    cv::morphologyEx(src, dst, op, kernel);
    return;
  }
  switch (op) {
    case cv::MORPH_ERODE:
    case cv::MORPH_DILATE:
      erode_or_dilate(src, dst, op == cv::MORPH_ERODE, *runs);
      return;
    default: {
      cv::Mat middle;
      erode_or_dilate(src, middle, op == cv::MORPH_OPEN, *runs);
      erode_or_dilate(middle, dst, op != cv::MORPH_OPEN, *runs);
    }
  }
}

}  // namespace envgrid::imagery::detail
