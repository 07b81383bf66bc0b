#pragma once
// The sample store of viewer_fixture.hpp plus what the imagery and grid
// verbs publish for the viewer: review chips of F1 (cell C1) and F3 (C2)
// and an orthomosaic, recorded with `envgrid imagery publish`, and patrol
// plans P1 (C1, three stops) and P2 (C2, two stops).

#include <gdal_priv.h>

#include "envgrid/gis/store_tables.hpp"
#include "viewer_fixture.hpp"

namespace envgrid::test {

// The orthomosaic: 200 x 200 px of 0.0001 degree in CGCS2000 over
// 113.00-113.02 E, 23.00-23.02 N, one colour per quadrant.
struct Quadrant {
  double lon, lat;  // its middle
  unsigned char r, g, b;
};
inline const std::vector<Quadrant>& ortho_quadrants() {
  static const std::vector<Quadrant> quadrants{{113.005, 23.015, 200, 0, 0},
                                               {113.015, 23.015, 0, 200, 0},
                                               {113.005, 23.005, 0, 0, 200},
                                               {113.015, 23.005, 220, 220, 0}};
  return quadrants;
}

inline void write_ortho(const std::string& path) {
  GDALDriver* gtiff = GetGDALDriverManager()->GetDriverByName("GTiff");
  gis::DatasetPtr tif(gtiff->Create(path.c_str(), 200, 200, 3, GDT_Byte, nullptr));
  double gt[6] = {113.0, 0.0001, 0, 23.02, 0, -0.0001};
  tif->SetGeoTransform(gt);
  OGRSpatialReference srs;
  srs.importFromEPSG(4490);
  tif->SetSpatialRef(&srs);
  for (int band = 1; band <= 3; ++band) {
    std::vector<unsigned char> pixels(200 * 200);
    for (int row = 0; row < 200; ++row) {
      for (int col = 0; col < 200; ++col) {
        const Quadrant& q = ortho_quadrants()[(row < 100 ? 0 : 2) + (col < 100 ? 0 : 1)];
        pixels[row * 200 + col] = band == 1 ? q.r : band == 2 ? q.g : q.b;
      }
    }
    ASSERT_EQ(tif->GetRasterBand(band)->RasterIO(GF_Write, 0, 0, 200, 200, pixels.data(), 200, 200,
                                                 GDT_Byte, 0, 0, nullptr),
              CE_None);
  }
}

// A small grey PNG of one value, written by GDAL.
inline void write_png(const std::string& path, unsigned char value, int width = 40) {
  GDALDriver* mem = GetGDALDriverManager()->GetDriverByName("MEM");
  gis::DatasetPtr image(mem->Create("", width, 30, 1, GDT_Byte, nullptr));
  image->GetRasterBand(1)->Fill(value);
  GDALDriver* png = GetGDALDriverManager()->GetDriverByName("PNG");
  gis::DatasetPtr written(
      png->CreateCopy(path.c_str(), image.get(), FALSE, nullptr, nullptr, nullptr));
  ASSERT_TRUE(written) << path;
}

inline void add_patrol_stop(OGRLayer& patrols, const std::string& patrol_id,
                            const std::string& cell_id, int order, const std::string& object_id,
                            double lon, double lat) {
  gis::FeaturePtr stop(OGRFeature::CreateFeature(patrols.GetLayerDefn()));
  stop->SetField("patrol_id", patrol_id.c_str());
  stop->SetField("cell_id", cell_id.c_str());
  stop->SetField("plan_date", "2026-12-01");
  stop->SetField("stop_order", order);
  stop->SetField("object_kind", "enterprise");
  stop->SetField("object_id", object_id.c_str());
  stop->SetField("eta", ("2026-12-01T0" + std::to_string(7 + order) + ":30").c_str());
  OGRPoint point(lon, lat);
  stop->SetGeometry(&point);
  ASSERT_EQ(patrols.CreateFeature(stop.get()), OGRERR_NONE);
}

class PublishedApiTest : public ViewerApiTest {
 protected:
  static void SetUpTestSuite() {
    ViewerApiTest::SetUpTestSuite();
    const std::string chips = suite_dir_->file("chips");
    std::filesystem::create_directories(chips);
    write_png(chips + "/F1-before.png", 40);
    write_png(chips + "/F1-after.png", 220);
    write_png(chips + "/F3-before.png", 60);
    write_png(chips + "/F3-after.png", 240);
    write_png(chips + "/F9-before.png", 10);
    write_text(chips + "/index.csv",
               "flag_id,view,file\nF1,before,F1-before.png\nF1,after,F1-after.png\n"
               "F3,before,F3-before.png\nF3,after,F3-after.png\n"
               "F9,before,F9-before.png\nF1,visible,../secret.png\n");
    write_ortho(suite_dir_->file("ortho.tif"));
    const std::string store = suite_dir_->file("template.gpkg");
    publish_result_ = new RunResult(run_envgrid({"imagery", "publish", store, "--chips", chips,
                                                 "--ortho", suite_dir_->file("ortho.tif"),
                                                 "--raster-id", "ortho1", "--name", "quadrants"}));
    gis::Store project = gis::Store::open(store, true);
    project.transaction([&] {
      OGRLayer& patrols = gis::store_layer(project, "patrols");
      add_patrol_stop(patrols, "P1", "C1", 1, "E1", 113.05, 23.05);
      add_patrol_stop(patrols, "P1", "C1", 2, "E3", 113.07, 23.06);
      add_patrol_stop(patrols, "P1", "C1", 3, "E4", 113.02, 23.08);
      add_patrol_stop(patrols, "P2", "C2", 1, "E2", 113.15, 23.05);
      add_patrol_stop(patrols, "P2", "C2", 2, "E5", 113.17, 23.07);
    });
  }
  static void TearDownTestSuite() {
    delete publish_result_;
    publish_result_ = nullptr;
    ViewerApiTest::TearDownTestSuite();
  }
  inline static RunResult* publish_result_ = nullptr;
};

}  // namespace envgrid::test
