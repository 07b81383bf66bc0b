// detect_changes: aligns the epochs, runs the two stages, writes the mask.

#include "envgrid/imagery/change_detection.hpp"

#include <cpl_string.h>
#include <gdal_alg.h>
#include <gdal_priv.h>

#include <algorithm>
#include <cmath>
#include <filesystem>

#include "change_stages.hpp"
#include "envgrid/gis/atomic_file.hpp"
#include "envgrid/gis/error.hpp"
#include "envgrid/gis/log.hpp"
#include "tiled_mask.hpp"

namespace envgrid::imagery {
namespace {

OGRPolygon to_polygon(const std::vector<cv::Point2d>& ring_points) {
  OGRPolygon polygon;
  OGRLinearRing ring;
  for (const auto& p : ring_points) ring.addPoint(p.x, p.y);
  ring.closeRings();
  polygon.addRing(&ring);
  return polygon;
}

// Side of the blocks in which the mask is burned and written: one block of
// 2048^2 bytes (4 MiB) is all the mask ever holds in memory, whatever the
// image size (GDALRasterizeGeometries on the whole file would allocate a
// buffer as large as GDAL's cache, 5 % of RAM by default).
constexpr int mask_block_px = 2048;

// The regions' outlines in `before` pixel coordinates, for picking the ones
// that reach a block.
cv::Rect2d pixel_envelope(const std::vector<cv::Point2d>& ring, const GeoTransform& gt) {
  double x0 = 1e300, y0 = 1e300, x1 = -1e300, y1 = -1e300;
  for (const auto& p : ring) {
    const double col = (p.x - gt[0]) / gt[1], row = (p.y - gt[3]) / gt[5];
    x0 = std::min(x0, col), x1 = std::max(x1, col), y0 = std::min(y0, row), y1 = std::max(y1, row);
  }
  return {x0, y0, x1 - x0, y1 - y0};
}

// Burns the polygons that reach one block into a block-sized buffer (pixel
// centres inside a polygon, as GDALRasterizeGeometries does).
cv::Mat burn_block(const cv::Rect& block, const std::vector<OGRPolygon*>& polygons,
                   const GeoTransform& gt) {
  cv::Mat pixels(block.size(), CV_8U, cv::Scalar(0));
  GDALDriver* memory = GetGDALDriverManager()->GetDriverByName("MEM");
  gis::DatasetPtr target(memory->Create("", block.width, block.height, 0, GDT_Byte, nullptr));
  char pointer[64];
  CPLPrintPointer(pointer, pixels.data, sizeof pointer);
  CPLStringList band_options;
  band_options.SetNameValue("DATAPOINTER", pointer);
  band_options.SetNameValue("LINEOFFSET", std::to_string(pixels.step).c_str());
  target->AddBand(GDT_Byte, band_options.List());
  GeoTransform block_gt = gt;
  block_gt[0] = gt[0] + block.x * gt[1] + block.y * gt[2];
  block_gt[3] = gt[3] + block.x * gt[4] + block.y * gt[5];
  target->SetGeoTransform(block_gt.data());
  std::vector<OGRGeometryH> handles;
  handles.reserve(polygons.size());
  for (OGRPolygon* p : polygons) handles.push_back(OGRGeometry::ToHandle(p));
  std::vector<double> burn(handles.size(), 255.0);
  int band = 1;
  if (GDALRasterizeGeometries(target.get(), 1, &band, int(handles.size()), handles.data(), nullptr,
                              nullptr, burn.data(), nullptr, nullptr, nullptr) != CE_None) {
    gis::throw_output_error("cannot burn the mask: " + gis::take_last_gdal_error());
  }
  return pixels;
}

// Writes the mask block by block: only blocks that a region reaches are
// burned and written; GDAL writes the others as zeros when the file is closed.
void write_mask_to(const std::string& file, const std::string& path, const RasterSource& before,
                   const std::vector<ChangeRegion>& regions) {
  GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("GTiff");
  CPLStringList create;
  create.SetNameValue("TILED", "YES");
  create.SetNameValue("COMPRESS", "DEFLATE");
  create.SetNameValue("BIGTIFF", "IF_SAFER");
  gis::DatasetPtr mask(
      driver->Create(file.c_str(), before.width(), before.height(), 1, GDT_Byte, create.List()));
  if (!mask)
    gis::throw_output_error("cannot create the mask: " + gis::take_last_gdal_error(),
                            {.dataset = path});
  GeoTransform gt = before.geo_transform();
  mask->SetGeoTransform(gt.data());
  if (!before.pixel_space()) {
    OGRSpatialReference srs;
    srs.importFromWkt(before.crs_wkt().c_str());
    mask->SetSpatialRef(&srs);
  }
  std::vector<OGRPolygon> polygons;
  std::vector<cv::Rect2d> envelopes;
  for (const auto& region : regions) {
    polygons.push_back(to_polygon(region.ring));
    envelopes.push_back(pixel_envelope(region.ring, gt));
  }
  for (const Tile& tile : make_tiles(before.width(), before.height(), mask_block_px, 0)) {
    const cv::Rect block(tile.core.x, tile.core.y, tile.core.width, tile.core.height);
    std::vector<OGRPolygon*> reaching;
    for (std::size_t i = 0; i < polygons.size(); ++i) {
      const cv::Rect2d& e = envelopes[i];
      if (e.x + e.width > block.x && e.x < block.x + block.width && e.y + e.height > block.y &&
          e.y < block.y + block.height)
        reaching.push_back(&polygons[i]);
    }
    if (reaching.empty()) continue;
    cv::Mat pixels = burn_block(block, reaching, gt);
    if (mask->GetRasterBand(1)->RasterIO(GF_Write, block.x, block.y, block.width, block.height,
                                         pixels.data, block.width, block.height, GDT_Byte, 0,
                                         static_cast<GSpacing>(pixels.step), nullptr) != CE_None) {
      gis::throw_output_error("cannot write the mask: " + gis::take_last_gdal_error(),
                              {.dataset = path});
    }
    // Written blocks leave GDAL's cache at once: the mask never accumulates there.
    mask->FlushCache(false);
  }
  mask->FlushCache(true);
}

// The mask goes to a temporary beside path, moved into place when complete.
void write_mask(const std::string& path, const RasterSource& before,
                const std::vector<ChangeRegion>& regions) {
  gis::write_beside(path,
                    [&](const std::string& file) { write_mask_to(file, path, before, regions); });
}

void report_affine(const detail::Alignment& alignment, double gsd_m, ChangeResult& result) {
  if (!alignment.affine) return;
  const cv::Matx23d& m = alignment.affine->after_from_before;
  result.affine_found = true;
  result.affine_applied = alignment.after_from_before.has_value();
  result.affine_rotation_deg =
      std::atan2(m(0, 1) - m(1, 0), m(0, 0) + m(1, 1)) * 180 / 3.14159265358979323846;
  result.affine_scale = std::sqrt(std::abs(m(0, 0) * m(1, 1) - m(0, 1) * m(1, 0)));
  const PixelWindow& o = alignment.overlap;
  const cv::Point2d centre(o.x + o.width / 2.0, o.y + o.height / 2.0);
  const cv::Point2d centre_shift(m(0, 0) * centre.x + m(0, 1) * centre.y + m(0, 2) - centre.x,
                                 m(1, 0) * centre.x + m(1, 1) * centre.y + m(1, 2) - centre.y);
  result.affine_departure_m = detail::affine_departure_px(m, centre_shift, o) * gsd_m;
  result.affine_rms_m = alignment.affine->rms_px * gsd_m;
  result.affine_shift_rms_m = alignment.affine->shift_rms_px * gsd_m;
  result.affine_inliers = alignment.affine->inliers;
}

}  // namespace

const char* to_string(ChangeKind kind) {
  switch (kind) {
    case ChangeKind::new_structure:
      return "new_structure";
    case ChangeKind::demolition:
      return "demolition";
    case ChangeKind::earthworks:
      return "earthworks";
  }
  return "?";
}

ChangeResult detect_changes(const RasterSource& before, const RasterSource& after,
                            const ChangeOptions& options) {
  gis::initialize_gdal();
  gis::StepScope step("imagery changes");
  detail::reuse_freed_tile_memory();
  detail::bound_gdal_block_cache();
  // Read and checked before the slow steps.
  const auto model =
      options.model_path.empty() ? nullptr : detail::ChangeModel::load(options.model_path);
  const int factor = std::max(1, int(std::lround(options.work_gsd_m / before.gsd_m())));
  const detail::Alignment alignment =
      detail::estimate_alignment(before, after, factor, options.threads);
  const detail::WorkGrid grid = detail::make_work_grid(alignment.overlap, factor, before.gsd_m());
  ChangeResult result;
  result.shift_x_px = alignment.residual_px.x;
  result.shift_y_px = alignment.residual_px.y;
  const double metres_per_unit = before.gsd_m() / std::abs(before.geo_transform()[1]);
  result.shift_x_m = alignment.residual_px.x * before.geo_transform()[1] * metres_per_unit;
  result.shift_y_m = alignment.residual_px.y * before.geo_transform()[5] * metres_per_unit;
  report_affine(alignment, before.gsd_m(), result);
  result.registration_kept_because = alignment.registration_kept_because;
  result.proposed_shift_x_px = alignment.proposed_residual_px.x;
  result.proposed_shift_y_px = alignment.proposed_residual_px.y;
  const detail::RegionCueScales& cue = alignment.region_scales;
  gis::log(gis::LogLevel::debug, "region cues: colour median " + std::to_string(cue.colour_median) +
                                     " spread " + std::to_string(cue.colour_spread) +
                                     ", texture median " + std::to_string(cue.texture_median) +
                                     " spread " + std::to_string(cue.texture_spread));
  if (!alignment.registration_kept_because.empty())
    gis::log_info("registration not applied: " + alignment.registration_kept_because);
  result.threshold = alignment.threshold;
  result.after_offset_px = alignment.after_offset_px;
  gis::log_info("residual shift of the after epoch: " + std::to_string(result.shift_x_m) +
                " m east, " + std::to_string(result.shift_y_m) + " m north; change threshold " +
                std::to_string(int(alignment.threshold)));

  const detail::TemporaryFile candidates("envgrid-candidates");
  result.tiles = detail::write_candidates(before, after, alignment, grid, options, model.get(),
                                          candidates.path());
  detail::JudgedRegions judged =
      detail::judge_candidates(before, after, alignment, grid, options, candidates.path());
  result.seasonal_regions = judged.seasonal;
  result.regions = std::move(judged.regions);
  std::stable_sort(result.regions.begin(), result.regions.end(),
                   [](const ChangeRegion& a, const ChangeRegion& b) {
                     return std::pair(a.window.y, a.window.x) < std::pair(b.window.y, b.window.x);
                   });
  if (!options.mask_path.empty()) write_mask(options.mask_path, before, result.regions);
  return result;
}

void mark_permitted(std::vector<ChangeRegion>& regions,
                    const std::vector<std::vector<cv::Point2d>>& permit_rings, double min_cover) {
  std::vector<OGRPolygon> permits;
  for (const auto& ring : permit_rings) {
    if (ring.size() >= 3) permits.push_back(to_polygon(ring));
  }
  for (auto& region : regions) {
    const OGRPolygon polygon = to_polygon(region.ring);
    const double area = polygon.get_Area();
    if (area <= 0) continue;
    double covered = 0;
    OGREnvelope envelope;
    polygon.getEnvelope(&envelope);
    for (const auto& permit : permits) {
      OGREnvelope e;
      permit.getEnvelope(&e);
      if (!e.Intersects(envelope)) continue;
      std::unique_ptr<OGRGeometry> overlap(polygon.Intersection(&permit));
      if (overlap) covered += OGR_G_Area(OGRGeometry::ToHandle(overlap.get()));
    }
    region.permitted = covered >= min_cover * area;
  }
}

}  // namespace envgrid::imagery
