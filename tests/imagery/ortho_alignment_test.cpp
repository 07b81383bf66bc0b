// End-to-end check of the camera model on real photos: quick-look orthos of
// overlapping frames, made independently from each photo's own GPS and gimbal
// angles, must show the same ground at the same place, up to the GPS error.
// A mirrored image, a wrong yaw sign or a swapped axis would make frames
// flown in opposite directions disagree at every shift.

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <optional>
#include <vector>

#include "envgrid/gis/gdal_handles.hpp"
#include "envgrid/gis/geodesy.hpp"
#include "envgrid/imagery/ortho.hpp"
#include "photo_fixtures.hpp"
#include "test_support.hpp"

namespace envgrid::imagery {
namespace {

namespace fs = std::filesystem;

// Grey levels and a validity mask of an ortho, with its geotransform.
struct GreyOrtho {
  int width = 0, height = 0;
  std::array<double, 6> gt{};
  std::vector<float> grey;
  std::vector<unsigned char> valid;
};

GreyOrtho read_grey(const std::string& path) {
  gis::DatasetPtr dataset = gis::open_dataset(path, GDAL_OF_RASTER);
  GreyOrtho ortho;
  ortho.width = dataset->GetRasterXSize();
  ortho.height = dataset->GetRasterYSize();
  dataset->GetGeoTransform(ortho.gt.data());
  const std::size_t n = static_cast<std::size_t>(ortho.width) * ortho.height;
  std::vector<std::vector<unsigned char>> bands(4, std::vector<unsigned char>(n));
  for (int b = 0; b < 4; ++b) {
    EXPECT_EQ(dataset->GetRasterBand(b + 1)->RasterIO(GF_Read, 0, 0, ortho.width, ortho.height,
                                                      bands[b].data(), ortho.width, ortho.height,
                                                      GDT_Byte, 0, 0),
              CE_None);
  }
  ortho.grey.resize(n);
  ortho.valid.resize(n);
  for (std::size_t i = 0; i < n; ++i) {
    ortho.grey[i] = (bands[0][i] + bands[1][i] + bands[2][i]) / 3.0f;
    ortho.valid[i] = bands[3][i] == 255;
  }
  return ortho;
}

// Normalised cross-correlation of b against a, b's pixel (x + dx, y + dy)
// paired with a's (x, y); only pixels valid in both count.
double correlation(const GreyOrtho& a, const GreyOrtho& b, int dx, int dy, std::size_t& pairs) {
  double sa = 0, sb = 0, saa = 0, sbb = 0, sab = 0;
  pairs = 0;
  for (int y = 0; y < a.height; y += 2) {
    const int yb = y + dy;
    if (yb < 0 || yb >= b.height) continue;
    for (int x = 0; x < a.width; x += 2) {
      const int xb = x + dx;
      if (xb < 0 || xb >= b.width) continue;
      const std::size_t ia = static_cast<std::size_t>(y) * a.width + x;
      const std::size_t ib = static_cast<std::size_t>(yb) * b.width + xb;
      if (!a.valid[ia] || !b.valid[ib]) continue;
      const double va = a.grey[ia], vb = b.grey[ib];
      sa += va, sb += vb, saa += va * va, sbb += vb * vb, sab += va * vb;
      ++pairs;
    }
  }
  if (pairs < 1000) return -1;
  const double n = static_cast<double>(pairs);
  const double cov = sab - sa * sb / n, var_a = saa - sa * sa / n, var_b = sbb - sb * sb / n;
  return cov / std::sqrt(var_a * var_b);
}

struct Alignment {
  double best_ncc = -1;
  double shift_east_m = 0, shift_north_m = 0;
};

// Searches shifts of up to search_m metres for the best correlation.
Alignment align(const GreyOrtho& a, const GreyOrtho& b, double pixel_m, double search_m) {
  // Offset of b's origin from a's, in a's pixels (both have the same pixel size).
  const int base_dx = static_cast<int>(std::lround((a.gt[0] - b.gt[0]) / b.gt[1]));
  const int base_dy = static_cast<int>(std::lround((a.gt[3] - b.gt[3]) / b.gt[5]));
  const int reach = static_cast<int>(search_m / pixel_m);
  Alignment best;
  for (int sy = -reach; sy <= reach; ++sy) {
    for (int sx = -reach; sx <= reach; ++sx) {
      std::size_t pairs = 0;
      const double ncc = correlation(a, b, base_dx + sx, base_dy + sy, pairs);
      if (ncc > best.best_ncc) best = {ncc, -sx * pixel_m, sy * pixel_m};
    }
  }
  return best;
}

// Quick-look ortho of a photo at a pixel size coarse enough for a fast search.
constexpr double k_pixel_m = 0.25;

GreyOrtho ortho_of(const std::string& photo, const std::string& out_tif) {
  OrthoOptions options;
  options.pixel_size_m = k_pixel_m;
  (void)make_quicklook_ortho(photo, out_tif, options);
  return read_grey(out_tif);
}

// Search +-6 m: a consumer drone's GPS error between two fixes (1-3 m each).
constexpr double k_search_m = 6.0;

// The same ground at 0.25 m gives a clear correlation peak (measured 0.77
// for consecutive frames); unrelated or mirrored foliage stays near 0. The
// best shift is the GPS disagreement between the two frames.
void expect_same_ground(const GreyOrtho& a, const GreyOrtho& b) {
  const Alignment alignment = align(a, b, k_pixel_m, k_search_m);
  std::printf("best NCC %.2f at a shift of %.2f m east, %.2f m north\n", alignment.best_ncc,
              alignment.shift_east_m, alignment.shift_north_m);
  EXPECT_GT(alignment.best_ncc, 0.5);
  EXPECT_LT(std::hypot(alignment.shift_east_m, alignment.shift_north_m), 5.0)
      << "east " << alignment.shift_east_m << " m, north " << alignment.shift_north_m << " m";
}

std::optional<fs::path> real_drone_folder() {
  const auto real = test::shared_real_data();
  if (!real || !fs::exists(*real / "drone" / "DJI_0028.JPG")) return std::nullopt;
  return *real / "drone";
}

TEST(RealOrthoAlignment, ConsecutiveFramesLineUpWithinGpsError) {
  const auto folder = real_drone_folder();
  if (!folder) GTEST_SKIP() << "real drone photos (shared/data/real/drone) absent";
  test::TempDir dir;
  const GreyOrtho first = ortho_of((*folder / "DJI_0018.JPG").string(), dir.file("18.tif"));
  expect_same_ground(first, ortho_of((*folder / "DJI_0019.JPG").string(), dir.file("19.tif")));
}

// DJI_0028.JPG was re-saved by Windows Photo Viewer after the flight
// (EXIF Software) and its pixels turned by 180 degrees there, while its DJI
// XMP still gives the gimbal yaw of the original (-133.5). Its ortho does not
// match the previous line; with the yaw turned by 180 it does. This is why
// `imagery photos` warns about re-saved photos.
TEST(RealOrthoAlignment, PhotoRotatedInAnEditorMatchesOnlyWithItsYawTurned) {
  const auto folder = real_drone_folder();
  if (!folder) GTEST_SKIP() << "real drone photos (shared/data/real/drone) absent";
  test::TempDir dir;
  const GreyOrtho first = ortho_of((*folder / "DJI_0018.JPG").string(), dir.file("18.tif"));
  const GreyOrtho as_stored = ortho_of((*folder / "DJI_0028.JPG").string(), dir.file("28.tif"));
  EXPECT_LT(align(first, as_stored, k_pixel_m, k_search_m).best_ncc, 0.3);

  const std::string turned = dir.file("DJI_0028_turned.JPG");
  fs::copy_file(*folder / "DJI_0028.JPG", turned);
  fs::permissions(turned, fs::perms::owner_write, fs::perm_options::add);
  test::set_xmp_value(turned, "Xmp.drone-dji.GimbalYawDegree", "+46.50");  // -133.5 + 180
  expect_same_ground(first, ortho_of(turned, dir.file("28t.tif")));
}

}  // namespace
}  // namespace envgrid::imagery
