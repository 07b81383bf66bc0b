// imagery changes through the CLI: the flags layer, the mask, a pair that
// differs only by misregistration and illumination, and bad input.

#include <gdal_priv.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <regex>

#include "envgrid/gis/gdal_handles.hpp"
#include "envgrid/gis/log.hpp"
#include "envgrid/imagery/raster_tiles.hpp"
#include "envgrid/imagery/synthetic_imagery.hpp"
#include "test_support.hpp"

namespace imagery = envgrid::imagery;
using envgrid::test::run_envgrid;
using envgrid::test::TempDir;

namespace {

// A small park: 1024 px at 0.4 m (the same 410 m scene, coarser).
const TempDir& small_scene() {
  static TempDir dir;
  static bool made = false;
  if (!made) {
    envgrid::gis::set_log_level(envgrid::gis::LogLevel::warning);
    imagery::write_synthetic_imagery(dir.path().string(),
                                     {.seed = 3, .size_px = 1024, .gsd_m = 0.4});
    made = true;
  }
  return dir;
}

// Copies a GeoTIFF, then lets edit change the copy (georeference, CRS).
std::string copy_with(const std::string& from, const std::string& to,
                      const std::function<void(GDALDataset&)>& edit) {
  envgrid::gis::DatasetPtr source = envgrid::gis::open_dataset(from, GDAL_OF_RASTER);
  GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("GTiff");
  envgrid::gis::DatasetPtr copy(
      driver->CreateCopy(to.c_str(), source.get(), FALSE, nullptr, nullptr, nullptr));
  edit(*copy);
  return to;
}

// A plain PNG (no georeference) through GDAL.
void write_png(const std::string& path, const cv::Mat& bgr) {
  GDALDriver* memory = GetGDALDriverManager()->GetDriverByName("MEM");
  envgrid::gis::DatasetPtr image(memory->Create("", bgr.cols, bgr.rows, 3, GDT_Byte, nullptr));
  int bands[3] = {3, 2, 1};
  ASSERT_EQ(image->RasterIO(GF_Write, 0, 0, bgr.cols, bgr.rows, bgr.data, bgr.cols, bgr.rows,
                            GDT_Byte, 3, bands, 3, static_cast<GSpacing>(bgr.step), 1, nullptr),
            CE_None);
  GDALDriver* png = GetGDALDriverManager()->GetDriverByName("PNG");
  envgrid::gis::DatasetPtr written(
      png->CreateCopy(path.c_str(), image.get(), FALSE, nullptr, nullptr, nullptr));
  ASSERT_TRUE(written);
}

}  // namespace

TEST(ImageryChangesCli, WritesFlagsAndMask) {
  const TempDir& scene = small_scene();
  TempDir out;
  const auto run =
      run_envgrid({"imagery", "changes", "--before", scene.file("before.tif"), "--after",
                   scene.file("after.tif"), "--permits", scene.file("permits.geojson"),
                   "--mask-out", out.file("mask.tif"), "-o", out.file("flags.gpkg")});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.out.find("residual shift of after"), std::string::npos) << run.out;
  envgrid::gis::DatasetPtr flags =
      envgrid::gis::open_dataset(out.file("flags.gpkg"), GDAL_OF_VECTOR);
  OGRLayer* layer = flags->GetLayerByName("flags");
  ASSERT_NE(layer, nullptr);
  for (const char* field :
       {"flag_id", "kind", "score", "status", "source", "cell_id", "area_m2", "created_at"}) {
    EXPECT_GE(layer->GetLayerDefn()->GetFieldIndex(field), 0) << field;
  }
  ASSERT_GT(layer->GetFeatureCount(), 0);
  const std::string index = envgrid::test::read_text(out.file("flags.gpkg.chips/index.csv"));
  for (const auto& f : *layer) {
    // Each flag has its before and after chips, listed in the index by flag id.
    const std::string id = f->GetFieldAsString("flag_id");
    for (const char* view : {"before", "after"}) {
      const std::string file = id + "-" + view + ".png";
      EXPECT_NE(index.find(id + "," + view + "," + file), std::string::npos) << file;
      EXPECT_TRUE(std::filesystem::exists(out.file("flags.gpkg.chips/" + file))) << file;
    }
    EXPECT_STREQ(f->GetFieldAsString("status"), "new");
    EXPECT_STREQ(f->GetFieldAsString("cell_id"), "");
    EXPECT_GE(f->GetFieldAsDouble("area_m2"), 20.0);
    const std::string kind = f->GetFieldAsString("kind");
    EXPECT_TRUE(kind == "new_structure" || kind == "demolition" || kind == "earthworks") << kind;
    EXPECT_EQ(wkbFlatten(f->GetGeometryRef()->getGeometryType()), wkbPolygon);
  }
  const auto before = imagery::RasterSource::open(scene.file("before.tif"));
  envgrid::gis::DatasetPtr mask = envgrid::gis::open_dataset(out.file("mask.tif"), GDAL_OF_RASTER);
  EXPECT_EQ(mask->GetRasterXSize(), before.width());
  EXPECT_EQ(mask->GetRasterYSize(), before.height());
  EXPECT_EQ(mask->GetRasterCount(), 1);
  std::vector<unsigned char> pixels(std::size_t(before.width()) * before.height());
  ASSERT_EQ(mask->GetRasterBand(1)->RasterIO(GF_Read, 0, 0, before.width(), before.height(),
                                             pixels.data(), before.width(), before.height(),
                                             GDT_Byte, 0, 0, nullptr),
            CE_None);
  std::size_t changed = 0;
  for (auto p : pixels) {
    ASSERT_TRUE(p == 0 || p == 255);
    changed += p == 255;
  }
  EXPECT_GT(changed, 0u);
}

TEST(ImageryChangesCli, MisregistrationAndIlluminationAloneGiveNoFlags) {
  const TempDir& scene = small_scene();
  TempDir out;
  // The before image again, 2 px right and 1 px down, 15 % brighter.
  const auto before = imagery::RasterSource::open(scene.file("before.tif"));
  cv::Mat image =
      before.read_bgr({-2, -1, before.width(), before.height()}, before.width(), before.height());
  image.convertTo(image, CV_8UC3, 1.15, 5);
  imagery::write_geotiff(out.file("same.tif"), image, before.geo_transform(), before.crs_wkt());
  const auto run = run_envgrid({"imagery", "changes", "--before", scene.file("before.tif"),
                                "--after", out.file("same.tif"), "-o", out.file("flags.geojson")});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.out.find("flags written: 0"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("(2.0"), std::string::npos)
      << "the 2 px shift should be reported: " << run.out;
}

TEST(ImageryChangesCli, RefusesAnImageWithoutGeoreferenceUnlessGsdIsGiven) {
  const TempDir& scene = small_scene();
  TempDir out;
  const auto before = imagery::RasterSource::open(scene.file("before.tif"));
  const auto after = imagery::RasterSource::open(scene.file("after.tif"));
  cv::Mat b =
      before.read_bgr({0, 0, before.width(), before.height()}, before.width(), before.height());
  cv::Mat a = after.read_bgr({0, 0, after.width(), after.height()}, after.width(), after.height());
  write_png(out.file("before.png"), b);
  write_png(out.file("after.png"), a);
  auto run = run_envgrid({"imagery", "changes", "--before", out.file("before.png"), "--after",
                          out.file("after.png"), "-o", out.file("flags.geojson")});
  EXPECT_EQ(run.exit_code, 100);
  EXPECT_NE(run.err.find("before.png"), std::string::npos) << run.err;
  EXPECT_NE(run.err.find("--gsd"), std::string::npos) << run.err;
  run = run_envgrid({"imagery", "changes", "--before", out.file("before.png"), "--after",
                     out.file("after.png"), "--gsd", "0.4", "-o", out.file("flags.geojson")});
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.out.find("flags written: 0"), std::string::npos)
      << "changes should be found in pixel space";
}

TEST(ImageryChangesCli, RefusesTruncatedAndEmptyTiffsNamingThem) {
  TempDir out;
  const TempDir& scene = small_scene();
  // Truncated: the first half of the file.
  const auto size = std::filesystem::file_size(scene.file("before.tif"));
  std::filesystem::copy_file(scene.file("before.tif"), out.file("cut.tif"));
  std::filesystem::resize_file(out.file("cut.tif"), size / 2);
  auto run = run_envgrid({"imagery", "changes", "--before", out.file("cut.tif"), "--after",
                          scene.file("after.tif"), "-o", out.file("flags.geojson")});
  EXPECT_EQ(run.exit_code, 100);
  EXPECT_NE(run.err.find("cut.tif"), std::string::npos) << run.err;
  // A 100,000 x 100,000 header with no data behind it: refused at once, nothing allocated.
  {
    char** options = CSLSetNameValue(nullptr, "SPARSE_OK", "TRUE");
    options = CSLSetNameValue(options, "TILED", "YES");
    options = CSLSetNameValue(options, "BIGTIFF", "YES");
    GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("GTiff");
    envgrid::gis::DatasetPtr huge(
        driver->Create(out.file("huge.tif").c_str(), 100000, 100000, 3, GDT_Byte, options));
    CSLDestroy(options);
    double gt[6] = {500000, 0.1, 0, 3380000, 0, -0.1};
    huge->SetGeoTransform(gt);
  }
  ASSERT_LT(std::filesystem::file_size(out.file("huge.tif")), 10'000'000u);
  run = run_envgrid({"imagery", "changes", "--before", out.file("huge.tif"), "--after",
                     scene.file("after.tif"), "-o", out.file("flags.geojson")});
  EXPECT_EQ(run.exit_code, 100);
  EXPECT_NE(run.err.find("huge.tif"), std::string::npos) << run.err;
  EXPECT_NE(run.err.find("no data"), std::string::npos) << run.err;
}

TEST(ImageryChangesCli, RefusesEpochsThatDoNotOverlapOrDoNotMatch) {
  TempDir out;
  const TempDir& scene = small_scene();
  const std::string far =
      copy_with(scene.file("after.tif"), out.file("far.tif"), [](GDALDataset& d) {
        double gt[6];
        d.GetGeoTransform(gt);
        gt[0] += 10'000;  // 10 km east
        d.SetGeoTransform(gt);
      });
  auto run = run_envgrid({"imagery", "changes", "--before", scene.file("before.tif"), "--after",
                          far, "-o", out.file("flags.geojson")});
  EXPECT_EQ(run.exit_code, 100);
  EXPECT_NE(run.err.find("do not overlap"), std::string::npos) << run.err;
  EXPECT_NE(run.err.find("far.tif"), std::string::npos) << run.err;
  // With the distance between the footprints: 10 km less the scene's width.
  const auto before = imagery::RasterSource::open(scene.file("before.tif"));
  std::smatch apart;
  ASSERT_TRUE(std::regex_search(run.err, apart, std::regex(R"(([0-9.]+) m apart)"))) << run.err;
  EXPECT_NEAR(std::stod(apart[1]), 10'000 - before.width() * before.gsd_m(), 1.0) << run.err;

  const std::string other_crs =
      copy_with(scene.file("after.tif"), out.file("utm.tif"), [](GDALDataset& d) {
        OGRSpatialReference utm;
        utm.importFromEPSG(32650);
        d.SetSpatialRef(&utm);
      });
  run = run_envgrid({"imagery", "changes", "--before", scene.file("before.tif"), "--after",
                     other_crs, "-o", out.file("flags.geojson")});
  EXPECT_EQ(run.exit_code, 100);
  EXPECT_NE(run.err.find("different CRSs"), std::string::npos) << run.err;

  const std::string coarse =
      copy_with(scene.file("after.tif"), out.file("coarse.tif"), [](GDALDataset& d) {
        double gt[6];
        d.GetGeoTransform(gt);
        gt[1] *= 2;
        gt[5] *= 2;
        d.SetGeoTransform(gt);
      });
  run = run_envgrid({"imagery", "changes", "--before", scene.file("before.tif"), "--after", coarse,
                     "-o", out.file("flags.geojson")});
  EXPECT_EQ(run.exit_code, 100);
  EXPECT_NE(run.err.find("different pixel sizes"), std::string::npos) << run.err;
}

TEST(ImagerySynth, IsDeterministicFromTheSeed) {
  TempDir a, b;
  const auto sa = imagery::write_synthetic_imagery(a.path().string(),
                                                   {.seed = 11, .size_px = 512, .gsd_m = 0.5});
  const auto sb = imagery::write_synthetic_imagery(b.path().string(),
                                                   {.seed = 11, .size_px = 512, .gsd_m = 0.5});
  EXPECT_EQ(sa.shift_x_px, sb.shift_x_px);
  for (const char* name : {"before.tif", "after.tif", "river.tif", "truth.geojson"}) {
    EXPECT_EQ(envgrid::test::read_text(a.file(name)), envgrid::test::read_text(b.file(name)))
        << name;
  }
}

TEST(ImageryChangesCli, OutputDoesNotDependOnTheThreadCount) {
  const TempDir& scene = small_scene();
  TempDir out;
  std::vector<std::string> ids[2];
  for (int threads : {1, 2}) {
    const std::string n = std::to_string(threads);
    const auto run =
        run_envgrid({"imagery", "changes", "--before", scene.file("before.tif"), "--after",
                     scene.file("after.tif"), "--threads", n, "--mask-out",
                     out.file("mask" + n + ".tif"), "-o", out.file("flags" + n + ".geojson")});
    ASSERT_EQ(run.exit_code, 0) << run.err;
    envgrid::gis::DatasetPtr flags =
        envgrid::gis::open_dataset(out.file("flags" + n + ".geojson"), GDAL_OF_VECTOR);
    for (const auto& f : *flags->GetLayer(0))
      ids[threads - 1].push_back(f->GetFieldAsString("flag_id"));
  }
  EXPECT_FALSE(ids[0].empty());
  EXPECT_EQ(ids[0], ids[1]);
  EXPECT_EQ(envgrid::test::read_text(out.file("mask1.tif")),
            envgrid::test::read_text(out.file("mask2.tif")));
}
