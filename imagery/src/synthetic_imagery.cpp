// The demo scene generator. Everything is drawn in scene pixel coordinates
// (column, row of `before`); `after` is the same scene seen with a small
// shift, another illumination and another sensor noise, plus the changes.

#include "envgrid/imagery/synthetic_imagery.hpp"

#include <cpl_string.h>
#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <random>

#include <opencv2/imgproc.hpp>

#include "envgrid/gis/atomic_file.hpp"
#include "envgrid/gis/error.hpp"
#include "envgrid/gis/log.hpp"
#include "envgrid/imagery/raster_tiles.hpp"
#include "synthetic_scene.hpp"

namespace envgrid::imagery {
namespace {

using detail::Building;
using detail::Scene;

// Projected CRS of the scene: CGCS2000 / 3-degree Gauss-Kruger CM 114E,
// whose central meridian runs through the sample county.
constexpr int scene_epsg = 4547;
constexpr int rows_per_strip = 512;

struct Epoch {
  bool after = false;
  cv::Point shift_px{0, 0};  // content displacement of this epoch
  cv::Vec3d gain{1, 1, 1};   // per band B, G, R
  double offset = 0;
};

// Scene origin in map coordinates (top-left corner of `before`).
cv::Point2d scene_origin(const SynthOptions& options, double extent_m) {
  OGRSpatialReference geographic, projected;
  geographic.importFromEPSG(4490);
  geographic.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  projected.importFromEPSG(scene_epsg);
  projected.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  gis::CoordinateTransformationPtr transform(
      OGRCreateCoordinateTransformation(&geographic, &projected));
  double x = options.centre_lon, y = options.centre_lat;
  if (!transform || !transform->Transform(1, &x, &y)) {
    gis::throw_input_error("cannot place the synthetic scene at the given centre");
  }
  // Whole metres, so that pixel edges fall on round coordinates.
  return {std::round(x - extent_m / 2), std::round(y + extent_m / 2)};
}

std::string scene_crs_wkt() {
  OGRSpatialReference srs;
  srs.importFromEPSG(scene_epsg);
  char* wkt = nullptr;
  srs.exportToWkt(&wkt);
  std::string text = wkt;
  CPLFree(wkt);
  return text;
}

void apply_epoch(cv::Mat& strip, const Epoch& epoch, std::uint64_t noise_seed) {
  detail::Random random(noise_seed);
  for (int r = 0; r < strip.rows; ++r) {
    auto* row = strip.ptr<cv::Vec3b>(r);
    for (int c = 0; c < strip.cols; ++c) {
      for (int k = 0; k < 3; ++k) {
        // Sensor noise of 3 digital numbers, as a compressed drone JPEG shows.
        const double value = row[c][k] * epoch.gain[k] + epoch.offset + 3.0 * random.normal();
        row[c][k] = cv::saturate_cast<std::uint8_t>(value);
      }
    }
  }
}

// A square RGB GeoTIFF, tiled and deflate-compressed, to be written in strips.
gis::DatasetPtr create_rgb_geotiff(const std::string& path, int size_px,
                                   const GeoTransform& transform, const std::string& wkt) {
  GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("GTiff");
  CPLStringList options;
  options.SetNameValue("TILED", "YES");
  options.SetNameValue("COMPRESS", "DEFLATE");
  options.SetNameValue("PHOTOMETRIC", "RGB");
  options.SetNameValue("BIGTIFF", "IF_SAFER");
  gis::DatasetPtr dataset(
      driver->Create(path.c_str(), size_px, size_px, 3, GDT_Byte, options.List()));
  if (!dataset)
    gis::throw_output_error("cannot create: " + gis::take_last_gdal_error(), {.dataset = path});
  GeoTransform gt = transform;
  dataset->SetGeoTransform(gt.data());
  OGRSpatialReference srs;
  srs.importFromWkt(wkt.c_str());
  dataset->SetSpatialRef(&srs);
  return dataset;
}

// Averaged overviews by halving, down to under 256 px a side.
void add_overviews(GDALDataset& dataset, int size_px, const std::string& path) {
  std::vector<int> levels;
  for (int factor = 2; size_px / factor >= 256; factor *= 2) levels.push_back(factor);
  if (levels.empty()) return;
  if (dataset.BuildOverviews("AVERAGE", int(levels.size()), levels.data(), 0, nullptr, nullptr,
                             nullptr) != CE_None) {
    gis::throw_output_error("cannot build overviews: " + gis::take_last_gdal_error(),
                            {.dataset = path});
  }
}

// Renders an epoch strip by strip into a GeoTIFF.
void write_epoch(const std::string& path, const Scene& scene, const Epoch& epoch, int size_px,
                 const GeoTransform& transform, const std::string& wkt, std::uint64_t seed,
                 bool overviews) {
  gis::DatasetPtr dataset = create_rgb_geotiff(path, size_px, transform, wkt);
  int band_map[3] = {3, 2, 1};
  for (int y = 0; y < size_px; y += rows_per_strip) {
    const int rows = std::min(rows_per_strip, size_px - y);
    const cv::Rect window(-epoch.shift_px.x, y - epoch.shift_px.y, size_px, rows);
    cv::Mat strip = detail::render_industrial(scene, window, epoch.after);
    apply_epoch(strip, epoch, seed * 1000003 + (epoch.after ? 7919 : 0) + std::uint64_t(y));
    if (dataset->RasterIO(GF_Write, 0, y, size_px, rows, strip.data, size_px, rows, GDT_Byte, 3,
                          band_map, 3, static_cast<GSpacing>(strip.step), 1, nullptr) != CE_None) {
      gis::throw_output_error("cannot write: " + gis::take_last_gdal_error(), {.dataset = path});
    }
  }
  dataset->FlushCache(true);
  if (overviews) add_overviews(*dataset, size_px, path);
}

std::string polygon_wkt(const std::vector<cv::Point2d>& ring, const GeoTransform& gt) {
  std::string wkt = "POLYGON((";
  for (std::size_t i = 0; i <= ring.size(); ++i) {
    const auto& p = ring[i % ring.size()];
    if (i) wkt += ",";
    wkt += std::to_string(gt[0] + p.x * gt[1]) + " " + std::to_string(gt[3] + p.y * gt[5]);
  }
  return wkt + "))";
}

struct VectorFeature {
  std::string wkt;
  std::vector<std::pair<std::string, std::string>> fields;  // all text
};

// Through the atomic writer: GeoJSON goes out via GDAL's VSI streams, which
// do not check every write (gis/atomic_file.hpp).
void write_geojson(const std::string& path, const std::string& crs_wkt, OGRwkbGeometryType type,
                   const std::vector<std::string>& field_names,
                   const std::vector<VectorFeature>& features) {
  gis::write_staged(path, [&](const std::string& staged) {
    GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("GeoJSON");
    gis::DatasetPtr dataset(driver->Create(staged.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    if (!dataset)
      gis::throw_output_error("cannot create: " + gis::take_last_gdal_error(), {.dataset = path});
    OGRSpatialReference srs;
    srs.importFromWkt(crs_wkt.c_str());
    OGRLayer* layer =
        dataset->CreateLayer(std::filesystem::path(path).stem().c_str(), &srs, type, nullptr);
    for (const auto& name : field_names) {
      OGRFieldDefn field(name.c_str(), OFTString);
      if (!layer || layer->CreateField(&field) != OGRERR_NONE)
        gis::throw_output_error("cannot create field " + name + ": " + gis::take_last_gdal_error(),
                                {.dataset = path});
    }
    for (const auto& f : features) {
      gis::FeaturePtr feature(OGRFeature::CreateFeature(layer->GetLayerDefn()));
      for (const auto& [name, value] : f.fields) feature->SetField(name.c_str(), value.c_str());
      gis::GeometryPtr geometry = gis::geometry_from_wkt(f.wkt);
      feature->SetGeometry(geometry.get());
      if (layer->CreateFeature(feature.get()) != OGRERR_NONE) {
        gis::throw_output_error("cannot write a feature: " + gis::take_last_gdal_error(),
                                {.dataset = path});
      }
    }
  });
}

std::vector<cv::Point2d> rect_ring(const cv::Rect2d& r, double grow) {
  return {{r.x - grow, r.y - grow},
          {r.x + r.width + grow, r.y - grow},
          {r.x + r.width + grow, r.y + r.height + grow},
          {r.x - grow, r.y + r.height + grow}};
}

void write_park_vectors(const std::string& dir, const Scene& scene, const GeoTransform& gt,
                        const std::string& wkt, double gsd_m, SynthSummary& summary) {
  std::vector<VectorFeature> truth, permits;
  int truth_id = 0;
  for (const Building& b : scene.buildings) {
    if (b.kind == detail::ObjectKind::existing) continue;
    const bool is_new = b.kind == detail::ObjectKind::new_building;
    truth.push_back({polygon_wkt(rect_ring(b.rect, 0), gt),
                     {{"truth_id", "T" + std::to_string(++truth_id)},
                      {"kind", is_new ? "new_structure" : "demolition"},
                      {"permitted", b.permitted ? "1" : "0"}}});
    if (is_new)
      ++summary.new_buildings;
    else
      ++summary.demolitions;
    if (b.permitted) {
      ++summary.permitted_buildings;
      // A permit footprint is drawn a little larger than what gets built (1 m).
      permits.push_back({polygon_wkt(rect_ring(b.rect, 1.0 / gsd_m), gt),
                         {{"permit_id", "P" + std::to_string(permits.size() + 1)}}});
    }
  }
  for (const auto& ring : scene.earthworks) {
    truth.push_back({polygon_wkt(ring, gt),
                     {{"truth_id", "T" + std::to_string(++truth_id)},
                      {"kind", "earthworks"},
                      {"permitted", "0"}}});
    ++summary.earthworks;
  }
  write_geojson(dir + "/truth.geojson", wkt, wkbPolygon, {"truth_id", "kind", "permitted"}, truth);
  write_geojson(dir + "/permits.geojson", wkt, wkbPolygon, {"permit_id"}, permits);
}

// The demo's river (up to 2048 px) is one strip, as it always was; larger
// rivers are rendered and written strip by strip, each with its own noise.
void write_river_raster(const std::string& path, const detail::RiverScene& river,
                        const GeoTransform& transform, const std::string& wkt, std::uint64_t seed) {
  const int size_px = river.size_px;
  const int strip_rows = size_px <= 2048 ? size_px : rows_per_strip;
  gis::DatasetPtr dataset = create_rgb_geotiff(path, size_px, transform, wkt);
  int band_map[3] = {3, 2, 1};
  for (int y = 0; y < size_px; y += strip_rows) {
    const int rows = std::min(strip_rows, size_px - y);
    cv::Mat strip = detail::render_river(river, y, rows);
    apply_epoch(strip, Epoch{}, seed * 31 + 5 + std::uint64_t(y));
    if (dataset->RasterIO(GF_Write, 0, y, size_px, rows, strip.data, size_px, rows, GDT_Byte, 3,
                          band_map, 3, static_cast<GSpacing>(strip.step), 1, nullptr) != CE_None) {
      gis::throw_output_error("cannot write: " + gis::take_last_gdal_error(), {.dataset = path});
    }
  }
  dataset->FlushCache(true);
}

void write_river(const std::string& dir, const SynthOptions& options,
                 const cv::Point2d& park_origin, const std::string& wkt, SynthSummary& summary) {
  const int size_px = std::min(options.size_px, options.river_size_px);
  detail::RiverScene river = detail::make_river_scene(options.seed, size_px, options.gsd_m);
  // The river reach lies 100 m east of the park.
  const double extent_park_m = options.size_px * options.gsd_m;
  const GeoTransform gt{
      park_origin.x + extent_park_m + 100, options.gsd_m, 0, park_origin.y, 0, -options.gsd_m};
  write_river_raster(dir + "/river.tif", river, gt, wkt, options.seed);

  std::vector<VectorFeature> plumes, outfalls;
  for (const auto& plume : river.plumes) {
    plumes.push_back({polygon_wkt(plume.polygon, gt),
                      {{"kind", "plume"}, {"matched_outfall", plume.registered_id}}});
  }
  for (const auto& outfall : river.registered) {
    outfalls.push_back({"POINT(" + std::to_string(gt[0] + outfall.position.x * gt[1]) + " " +
                            std::to_string(gt[3] + outfall.position.y * gt[5]) + ")",
                        {{"outfall_id", outfall.id}}});
  }
  write_geojson(dir + "/river_truth.geojson", wkt, wkbPolygon, {"kind", "matched_outfall"}, plumes);
  write_geojson(dir + "/outfalls.geojson", wkt, wkbPoint, {"outfall_id"}, outfalls);
  write_geojson(dir + "/water.geojson", wkt, wkbPolygon, {"name"},
                {{polygon_wkt(river.water_polygon, gt), {{"name", "synthetic river"}}}});
  summary.plumes = static_cast<int>(river.plumes.size());
  summary.registered_outfalls = static_cast<int>(river.registered.size());
}

}  // namespace

SynthSummary write_synthetic_imagery(const std::string& dir, const SynthOptions& options) {
  if (options.size_px < 512 || options.size_px > 200'000) {
    gis::throw_usage_error("--size-px must be between 512 and 200000");
  }
  if (!(options.gsd_m > 0.01 && options.gsd_m < 10))
    gis::throw_usage_error("--gsd must be in (0.01, 10) m");
  gis::initialize_gdal();
  gis::StepScope step("imagery synth");
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) gis::throw_output_error("cannot create the directory: " + ec.message(), {.dataset = dir});

  SynthSummary summary;
  summary.crs = "EPSG:" + std::to_string(scene_epsg);
  const Scene scene = detail::make_industrial_scene(options.seed, options.size_px, options.gsd_m);
  const cv::Point2d origin = scene_origin(options, options.size_px * options.gsd_m);
  const GeoTransform gt{origin.x, options.gsd_m, 0, origin.y, 0, -options.gsd_m};
  const std::string wkt = scene_crs_wkt();

  Epoch before;
  Epoch after{.after = true, .shift_px = scene.shift_px, .gain = {1.10, 1.06, 1.02}, .offset = 8};
  write_epoch(dir + "/before.tif", scene, before, options.size_px, gt, wkt, options.seed,
              options.overviews);
  write_epoch(dir + "/after.tif", scene, after, options.size_px, gt, wkt, options.seed,
              options.overviews);
  summary.shift_x_px = scene.shift_px.x;
  summary.shift_y_px = scene.shift_px.y;
  write_park_vectors(dir, scene, gt, wkt, options.gsd_m, summary);
  write_river(dir, options, origin, wkt, summary);

  std::ofstream json(dir + "/scene.json");
  json << "{\"seed\": " << options.seed << ", \"size_px\": " << options.size_px
       << ", \"gsd_m\": " << options.gsd_m << ", \"crs\": \"" << summary.crs
       << "\", \"after_shift_px\": [" << scene.shift_px.x << ", " << scene.shift_px.y
       << "], \"after_gain_bgr\": [1.10, 1.06, 1.02], \"after_offset\": 8}\n";
  if (!json) gis::throw_output_error("cannot write scene.json", {.dataset = dir});
  return summary;
}

}  // namespace envgrid::imagery
