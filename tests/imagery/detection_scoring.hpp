#pragma once
// Scores detections against the generator's ground truth: object-level
// matching of polygons and pixel-level comparison of masks. Used by the
// change and outfall quality tests.

#include <gdal_alg.h>
#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <memory>
#include <string>
#include <vector>

#include <opencv2/core/types.hpp>

#include "envgrid/gis/gdal_handles.hpp"

namespace envgrid::test {

struct TruthObject {
  std::unique_ptr<OGRGeometry> geometry;
  std::string kind;
  bool permitted = false;
  std::string matched_outfall;
};

// A detection's ring (map coordinates) as a closed polygon.
inline OGRPolygon polygon_of(const std::vector<cv::Point2d>& ring) {
  OGRPolygon polygon;
  OGRLinearRing r;
  for (const auto& p : ring) r.addPoint(p.x, p.y);
  r.closeRings();
  polygon.addRing(&r);
  return polygon;
}

inline std::vector<TruthObject> read_objects(const std::string& path) {
  gis::DatasetPtr dataset = gis::open_dataset(path, GDAL_OF_VECTOR);
  std::vector<TruthObject> objects;
  for (const auto& feature : *dataset->GetLayer(0)) {
    TruthObject o;
    o.geometry.reset(feature->GetGeometryRef()->clone());
    const auto text = [&](const char* name) {
      const int i = feature->GetFieldIndex(name);
      return i >= 0 ? std::string(feature->GetFieldAsString(i)) : std::string();
    };
    o.kind = text("kind");
    o.permitted = text("permitted") == "1";
    o.matched_outfall = text("matched_outfall");
    objects.push_back(std::move(o));
  }
  return objects;
}

inline double overlap_area(const OGRGeometry& a, const OGRGeometry& b) {
  std::unique_ptr<OGRGeometry> i(a.Intersection(&b));
  return i ? OGR_G_Area(OGRGeometry::ToHandle(i.get())) : 0.0;
}

// A detection finds a truth object when they share at least a quarter of the
// smaller of the two: the object is there, even when its outline is rough.
inline bool matches(const OGRGeometry& truth, const OGRGeometry& detection) {
  const double shared = overlap_area(truth, detection);
  const double smaller =
      std::min(OGR_G_Area(OGRGeometry::ToHandle(const_cast<OGRGeometry*>(&truth))),
               OGR_G_Area(OGRGeometry::ToHandle(const_cast<OGRGeometry*>(&detection))));
  return smaller > 0 && shared >= 0.25 * smaller;
}

struct PixelScores {
  double precision = 0, recall = 0, f1 = 0;
};

// Burns the truth polygons onto the grid of `mask_path` and compares.
inline PixelScores pixel_scores(const std::string& mask_path,
                                const std::vector<TruthObject>& truth) {
  gis::DatasetPtr mask = gis::open_dataset(mask_path, GDAL_OF_RASTER);
  const int w = mask->GetRasterXSize(), h = mask->GetRasterYSize();
  std::vector<unsigned char> detected(std::size_t(w) * h), expected(std::size_t(w) * h, 0);
  if (mask->GetRasterBand(1)->RasterIO(GF_Read, 0, 0, w, h, detected.data(), w, h, GDT_Byte, 0, 0,
                                       nullptr) != CE_None) {
    return {};
  }
  GDALDriver* memory = GetGDALDriverManager()->GetDriverByName("MEM");
  gis::DatasetPtr burn(memory->Create("", w, h, 1, GDT_Byte, nullptr));
  double gt[6];
  mask->GetGeoTransform(gt);
  burn->SetGeoTransform(gt);
  std::vector<OGRGeometryH> handles;
  for (const auto& t : truth) handles.push_back(OGRGeometry::ToHandle(t.geometry.get()));
  std::vector<double> values(handles.size(), 255);
  int band = 1;
  GDALRasterizeGeometries(burn.get(), 1, &band, int(handles.size()), handles.data(), nullptr,
                          nullptr, values.data(), nullptr, nullptr, nullptr);
  burn->GetRasterBand(1)->RasterIO(GF_Read, 0, 0, w, h, expected.data(), w, h, GDT_Byte, 0, 0,
                                   nullptr);
  double tp = 0, fp = 0, fn = 0;
  for (std::size_t i = 0; i < detected.size(); ++i) {
    const bool d = detected[i] != 0, e = expected[i] != 0;
    tp += d && e;
    fp += d && !e;
    fn += !d && e;
  }
  PixelScores s;
  s.precision = tp + fp > 0 ? tp / (tp + fp) : 0;
  s.recall = tp + fn > 0 ? tp / (tp + fn) : 0;
  s.f1 = s.precision + s.recall > 0 ? 2 * s.precision * s.recall / (s.precision + s.recall) : 0;
  return s;
}

}  // namespace envgrid::test
