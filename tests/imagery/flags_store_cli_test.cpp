// `imagery changes` and `imagery outfalls` writing straight into a project
// store: flags appended with status `new` and their cell from the store's
// cells, chips kept in PROJECT.chips (and recorded in the store's `chips`
// layer when it has one); a second run adds nothing; pixel-space images are
// refused.

#include <gdal_priv.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <set>

#include "envgrid/gis/gdal_handles.hpp"
#include "envgrid/gis/log.hpp"
#include "envgrid/imagery/raster_tiles.hpp"
#include "envgrid/imagery/synthetic_imagery.hpp"
#include "test_support.hpp"

namespace imagery = envgrid::imagery;
namespace gis = envgrid::gis;
using envgrid::test::run_envgrid;
using envgrid::test::TempDir;

namespace {

const TempDir& scene() {
  static TempDir dir;
  static bool made = false;
  if (!made) {
    gis::set_log_level(gis::LogLevel::warning);
    imagery::write_synthetic_imagery(dir.path().string(),
                                     {.seed = 3, .size_px = 1024, .gsd_m = 0.4});
    made = true;
  }
  return dir;
}

// A store whose cells are the west ("W") and east ("E") halves of the image,
// imported from CSV with WKT in the image's CRS.
struct Project {
  TempDir dir;
  std::string path = dir.file("project.gpkg");
  double middle_x = 0;  // the line between W and E, image CRS
};

void make_project(Project& project, const std::string& image_path) {
  const auto image = imagery::RasterSource::open(image_path);
  const auto& g = image.geo_transform();
  const double x0 = g[0], x1 = g[0] + g[1] * image.width(), y0 = g[3] + g[5] * image.height(),
               y1 = g[3];
  project.middle_x = (x0 + x1) / 2;
  auto box = [](double a, double b, double c, double d) {
    auto p = [](double x, double y) { return std::to_string(x) + " " + std::to_string(y); };
    return "\"POLYGON((" + p(a, b) + "," + p(c, b) + "," + p(c, d) + "," + p(a, d) + "," + p(a, b) +
           "))\"";
  };
  envgrid::test::write_text(project.dir.file("cells.csv"),
                            "cell_id,level,WKT\nW,cell," + box(x0, y0, project.middle_x, y1) +
                                "\nE,cell," + box(project.middle_x, y0, x1, y1) + "\n");
  ASSERT_EQ(run_envgrid({"init", project.path}).exit_code, 0);
  const auto import = run_envgrid({"import", project.path, "--layer", "cells",
                                   project.dir.file("cells.csv"), "--s-srs", "EPSG:4547"});
  ASSERT_EQ(import.exit_code, 0) << import.err;
}

struct StoredFlag {
  std::string cell_id, status;
  double centre_x = 0;  // in the store CRS (degrees)
};

std::map<std::string, StoredFlag> stored_flags(const std::string& project) {
  gis::initialize_gdal();
  gis::DatasetPtr store = gis::open_dataset(project, GDAL_OF_VECTOR);
  std::map<std::string, StoredFlag> flags;
  for (const auto& f : *store->GetLayerByName("flags")) {
    OGRPoint centre;
    f->GetGeometryRef()->Centroid(&centre);
    flags[f->GetFieldAsString("flag_id")] = {f->GetFieldAsString("cell_id"),
                                             f->GetFieldAsString("status"), centre.getX()};
  }
  return flags;
}

}  // namespace

TEST(FlagsIntoTheStore, ChangesAreAppendedWithTheirCellsAndChips) {
  Project project;
  make_project(project, scene().file("before.tif"));
  const std::vector<std::string> args = {"imagery",   "changes",
                                         "--before",  scene().file("before.tif"),
                                         "--after",   scene().file("after.tif"),
                                         "--permits", scene().file("permits.geojson"),
                                         "-o",        project.path};
  auto run = run_envgrid(args);
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.out.find("flags added to the store"), std::string::npos) << run.out;
  const auto flags = stored_flags(project.path);
  ASSERT_GT(flags.size(), 2u);
  // The middle line in degrees: the centre of the store's cells' common edge.
  gis::DatasetPtr store = gis::open_dataset(project.path, GDAL_OF_VECTOR);
  double middle_lon = 0;
  for (const auto& cell : *store->GetLayerByName("cells")) {
    OGREnvelope e;
    cell->GetGeometryRef()->getEnvelope(&e);
    if (std::string(cell->GetFieldAsString("cell_id")) == "W") middle_lon = e.MaxX;
  }
  std::set<std::string> cells_used;
  for (const auto& [id, flag] : flags) {
    EXPECT_EQ(flag.status, "new") << id;
    ASSERT_FALSE(flag.cell_id.empty()) << id;
    cells_used.insert(flag.cell_id);
    // A flag lies mostly on the side of its centre (flags are tens of metres wide).
    if (std::abs(flag.centre_x - middle_lon) > 1e-3) {
      EXPECT_EQ(flag.cell_id, flag.centre_x < middle_lon ? "W" : "E") << id;
    }
  }
  EXPECT_EQ(cells_used.size(), 2u);
  // Chips beside the store, one before and one after per flag.
  const std::string chips = project.path + ".chips";
  for (const auto& [id, flag] : flags) {
    for (const char* view : {"before", "after"}) {
      EXPECT_TRUE(std::filesystem::exists(chips + "/" + id + "-" + view + ".png")) << id << view;
    }
  }
  if (OGRLayer* chip_layer = store->GetLayerByName("chips")) {
    EXPECT_EQ(chip_layer->GetFeatureCount(), GIntBig(2 * flags.size()));
    for (const auto& chip : *chip_layer) {
      EXPECT_TRUE(flags.count(chip->GetFieldAsString("flag_id")));
      EXPECT_TRUE(std::filesystem::exists(chip->GetFieldAsString("file")));
    }
  }
  store.reset();

  // The same run again: every flag is already there, nothing changes.
  run = run_envgrid(args);
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.out.find(": 0 (" + std::to_string(flags.size()) + " already there)"),
            std::string::npos)
      << run.out;
  EXPECT_EQ(stored_flags(project.path).size(), flags.size());
}

TEST(FlagsIntoTheStore, OutfallFlagsJoinTheChangeFlagsAndKeepTheirChips) {
  Project project;
  make_project(project, scene().file("river.tif"));
  ASSERT_EQ(run_envgrid({"imagery", "changes", "--before", scene().file("before.tif"), "--after",
                         scene().file("after.tif"), "-o", project.path})
                .exit_code,
            0);
  const auto before = stored_flags(project.path);
  const auto run = run_envgrid({"imagery", "outfalls", "--image", scene().file("river.tif"),
                                "--water", scene().file("water.geojson"), "--outfalls",
                                scene().file("outfalls.geojson"), "-o", project.path});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const auto after = stored_flags(project.path);
  EXPECT_EQ(after.size(), before.size() + 2);  // two plumes
  for (const auto& [id, flag] : before) {
    // The change chips are still there after the outfall run.
    EXPECT_TRUE(std::filesystem::exists(project.path + ".chips/" + id + "-before.png")) << id;
  }
  std::size_t outfall_flags = 0;
  for (const auto& [id, flag] : after) {
    if (id.rfind("out-", 0) != 0) continue;
    ++outfall_flags;
    EXPECT_FALSE(flag.cell_id.empty()) << id;  // the river image lies in the cells
    EXPECT_TRUE(std::filesystem::exists(project.path + ".chips/" + id + "-visible.png")) << id;
  }
  EXPECT_EQ(outfall_flags, 2u);
}

TEST(FlagsIntoTheStore, PixelSpaceImagesCannotGoIntoAStore) {
  gis::initialize_gdal();  // this test may run alone (CTest runs one test per process)
  Project project;
  ASSERT_EQ(run_envgrid({"init", project.path}).exit_code, 0);
  // A plain PNG placed with --gsd has no position on the ground.
  cv::Mat image(64, 64, CV_8UC3, cv::Scalar(90, 120, 80));
  GDALDriver* memory = GetGDALDriverManager()->GetDriverByName("MEM");
  gis::DatasetPtr mem(memory->Create("", 64, 64, 3, GDT_Byte, nullptr));
  int bands[3] = {3, 2, 1};
  ASSERT_EQ(mem->RasterIO(GF_Write, 0, 0, 64, 64, image.data, 64, 64, GDT_Byte, 3, bands, 3,
                          static_cast<GSpacing>(image.step), 1, nullptr),
            CE_None);
  GDALDriver* png = GetGDALDriverManager()->GetDriverByName("PNG");
  gis::DatasetPtr written(png->CreateCopy(project.dir.file("plain.png").c_str(), mem.get(), FALSE,
                                          nullptr, nullptr, nullptr));
  written.reset();
  const auto refused = run_envgrid({"imagery", "outfalls", "--image", project.dir.file("plain.png"),
                                    "--gsd", "0.4", "-o", project.path});
  EXPECT_EQ(refused.exit_code, 2) << refused.err;
  EXPECT_NE(refused.err.find("pixel space"), std::string::npos) << refused.err;
}
