// imagery changes on real labelled building-change pairs (DSIFN-CD samples,
// ../shared/data/real/change/dsifn, about 2 m per pixel): pixel precision,
// recall and F1 of the changed class and object recall (labelled objects of
// at least 20 m2 found when a quarter of their pixels are flagged), against
// classical differencing (grey-level difference, Otsu threshold) on the same
// pairs in the same run.
//
// The constants of the method were chosen on the first five pairs in name
// order (the tuning half); the other five are held out, and both halves are
// printed. The data set is test data only and is never copied into the
// repository: without it this benchmark says so and prints no figures.
//
// Usage: change_quality_bench [--quick] [DSIFN_DIR]
//   CHANGE_BENCH_DUMP=DIR also writes before | after | overlay PNGs per pair
//   (green found, red missed, magenta flagged but unlabelled).
//   DSIFN_DIR holds A/, B/ and label/ (DEFAULT ../shared/data/real/change/dsifn
//   from the current folder or its parents).

#include <gdal_priv.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "envgrid/gis/log.hpp"
#include "envgrid/imagery/change_detection.hpp"

namespace fs = std::filesystem;
namespace imagery = envgrid::imagery;

namespace {

constexpr double pixel_size_m = 2.0;     // judged from building and road sizes (SOURCE.md)
constexpr double min_object_m2 = 20;     // the object size
constexpr double found_fraction = 0.25;  // as the synthetic-scene tests match objects
constexpr std::size_t tuning_pairs = 5;

std::optional<fs::path> find_dsifn(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    if (std::string(argv[i]) != "--quick") return fs::path(argv[i]);
  }
  for (fs::path dir = fs::current_path(); !dir.empty(); dir = dir.parent_path()) {
    const fs::path candidate = dir / "../shared/data/real/change/dsifn";
    if (fs::is_directory(candidate / "label")) return fs::canonical(candidate);
    if (dir == dir.parent_path()) break;
  }
  return std::nullopt;
}

cv::Mat read_grey(const fs::path& path, int band_count_wanted) {
  GDALDatasetUniquePtr dataset(GDALDataset::Open(path.c_str(), GDAL_OF_RASTER));
  if (!dataset) {
    std::fprintf(stderr, "change_quality_bench: cannot open %s\n", path.c_str());
    std::exit(1);
  }
  const int w = dataset->GetRasterXSize(), h = dataset->GetRasterYSize();
  const int bands = std::min(band_count_wanted, dataset->GetRasterCount());
  cv::Mat sum(h, w, CV_32F, cv::Scalar(0)), band(h, w, CV_8U);
  for (int b = 1; b <= bands; ++b) {
    if (dataset->GetRasterBand(b)->RasterIO(GF_Read, 0, 0, w, h, band.data, w, h, GDT_Byte, 0, 0,
                                            nullptr) != CE_None) {
      std::fprintf(stderr, "change_quality_bench: cannot read %s\n", path.c_str());
      std::exit(1);
    }
    cv::Mat f;
    band.convertTo(f, CV_32F);
    sum += f;
  }
  return sum / bands;
}

struct Scores {
  double true_positive = 0, false_positive = 0, false_negative = 0;
  int objects = 0, found = 0;
  void add(const cv::Mat& detected, const cv::Mat& truth) {
    true_positive += cv::countNonZero(detected & truth);
    false_positive += cv::countNonZero(detected & ~truth);
    false_negative += cv::countNonZero(~detected & truth);
    cv::Mat labels, stats, centroids;
    const int n = cv::connectedComponentsWithStats(truth, labels, stats, centroids, 8);
    const double min_px = min_object_m2 / (pixel_size_m * pixel_size_m);
    for (int i = 1; i < n; ++i) {
      const int area = stats.at<int>(i, cv::CC_STAT_AREA);
      if (area < min_px) continue;
      ++objects;
      found += cv::countNonZero((labels == i) & detected) >= found_fraction * area ? 1 : 0;
    }
  }
  double precision() const { return true_positive / std::max(1.0, true_positive + false_positive); }
  double recall() const { return true_positive / std::max(1.0, true_positive + false_negative); }
  double f1() const {
    return 2 * true_positive / std::max(1.0, 2 * true_positive + false_positive + false_negative);
  }
  double object_recall() const { return objects ? double(found) / objects : 0; }
};

// Classical differencing: absolute grey-level difference after matching the
// later epoch's mean and spread to the earlier one, blurred, Otsu threshold.
cv::Mat differencing(const cv::Mat& before, const cv::Mat& after) {
  cv::Scalar mb, sb, ma, sa;
  cv::meanStdDev(before, mb, sb);
  cv::meanStdDev(after, ma, sa);
  cv::Mat matched = (after - ma[0]) * (sb[0] / std::max(sa[0], 1e-6)) + mb[0], difference, d8;
  cv::GaussianBlur(cv::abs(before - matched), difference, {0, 0}, 1.0);
  difference.convertTo(d8, CV_8U);
  cv::Mat changed;
  cv::threshold(d8, changed, 0, 255, cv::THRESH_BINARY | cv::THRESH_OTSU);
  return changed;
}

void print_half(const char* half, const Scores& method, const Scores& peer) {
  std::printf(
      "%-8s method: pixel precision %.3f recall %.3f F1 %.3f, objects %d/%d (recall %.3f)\n", half,
      method.precision(), method.recall(), method.f1(), method.found, method.objects,
      method.object_recall());
  std::printf(
      "%-8s differencing: pixel precision %.3f recall %.3f F1 %.3f, objects %d/%d (recall "
      "%.3f)\n",
      half, peer.precision(), peer.recall(), peer.f1(), peer.found, peer.objects,
      peer.object_recall());
}

void print_figures(const char* half, const Scores& method, const Scores& peer) {
  const auto line = [&](const char* name, double value, double peer_value) {
    std::printf("bench: change_real_%s_%s %.3f fraction peer=%.3f ratio=%.3f\n", half, name, value,
                peer_value, peer_value > 0 ? value / peer_value : 0.0);
  };
  line("pixel_f1", method.f1(), peer.f1());
  line("pixel_precision", method.precision(), peer.precision());
  line("pixel_recall", method.recall(), peer.recall());
  line("object_recall", method.object_recall(), peer.object_recall());
}

}  // namespace

int main(int argc, char** argv) {
  const auto dir = find_dsifn(argc, argv);
  if (!dir) {
    std::printf(
        "change_quality_bench: the real pairs (../shared/data/real/change/dsifn) are "
        "absent; no figures\n");
    return 0;
  }
  envgrid::gis::set_log_level(envgrid::gis::LogLevel::warning);
  GDALAllRegister();
  std::vector<fs::path> labels;
  for (const auto& entry : fs::directory_iterator(*dir / "label")) labels.push_back(entry.path());
  std::sort(labels.begin(), labels.end());
  const fs::path mask =
      fs::temp_directory_path() / ("change_quality_bench_" + std::to_string(::getpid()) + ".tif");
  Scores method[2], peer[2];
  for (std::size_t i = 0; i < labels.size(); ++i) {
    const std::string name = labels[i].filename().string();
    const fs::path before_path = *dir / "A" / name, after_path = *dir / "B" / name;
    const auto before = imagery::RasterSource::open(before_path.string(), pixel_size_m);
    const auto after = imagery::RasterSource::open(after_path.string(), pixel_size_m);
    imagery::ChangeOptions options;
    options.mask_path = mask.string();
    const imagery::ChangeResult result = imagery::detect_changes(before, after, options);
    const cv::Mat truth = read_grey(labels[i], 1) > 127;
    const cv::Mat detected = read_grey(mask, 1) > 127;
    const cv::Mat classical = differencing(read_grey(before_path, 3), read_grey(after_path, 3));
    const int half = i < tuning_pairs ? 0 : 1;
    method[half].add(detected, truth);
    peer[half].add(classical, truth);
    Scores one;
    one.add(detected, truth);
    if (const char* dump = std::getenv("CHANGE_BENCH_DUMP")) {
      cv::Mat overlay = cv::imread((after_path).string());
      overlay.setTo(cv::Scalar(0, 0, 255), truth & ~detected);
      overlay.setTo(cv::Scalar(0, 255, 0), truth & detected);
      overlay.setTo(cv::Scalar(255, 0, 255), detected & ~truth);
      cv::Mat pair;
      cv::hconcat(std::vector<cv::Mat>{cv::imread((before_path).string()),
                                       cv::imread(after_path.string()), overlay},
                  pair);
      cv::imwrite(std::string(dump) + "/" + name, pair);
    }
    std::printf("%s %-8s regions %3zu shift (%.1f, %.1f) px%s pixel F1 %.3f objects %d/%d\n",
                half ? "held-out" : "tuning", name.c_str(), result.regions.size(),
                result.shift_x_px, result.shift_y_px,
                result.registration_kept_because.empty() ? "" : " (registration kept as given)",
                one.f1(), one.found, one.objects);
  }
  fs::remove(mask);
  print_half("tuning", method[0], peer[0]);
  print_half("held-out", method[1], peer[1]);
  print_figures("tuning", method[0], peer[0]);
  print_figures("heldout", method[1], peer[1]);
  return 0;
}
