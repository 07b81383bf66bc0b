#pragma once
// Construction change detection between two orthomosaic epochs:
// co-registration applied only when it is confident and helps (an affine from matched features when
// the epochs differ by more than a shift, and the residual shift by phase correlation), radiometric
// normalization (per-band gain and offset), a misregistration-tolerant
// colour difference and region cues (Lab colour and texture change averaged
// over superpixels of the later epoch) computed tile by tile at a working
// resolution, and then
// each changed region judged as an object (shadow that appeared or vanished,
// rectangularity, texture, seasonal vegetation) before it is vectorized.
// docs/imagery-detection.md describes the method, its measured quality and
// its limits.

#include <optional>
#include <string>
#include <vector>

#include <opencv2/core.hpp>

#include "envgrid/imagery/raster_tiles.hpp"

namespace envgrid::imagery {

struct ChangeOptions {
  double min_area_m2 = 20;  // smaller regions are dropped
  // Working resolution: the inputs are averaged down to about this pixel size
  // (never up). DEFAULT 0.2 m: a 20 m2 building is still 500 pixels.
  double work_gsd_m = 0.2;
  // Tile size at working resolution: large, so that the overlap re-reads
  // few compressed blocks (about 2 x 100 MB of work images per tile).
  int tile_core_px = 1024;
  int threads = 0;  // 0: all cores
  // Optional full-resolution mask output (255 changed, 0 unchanged), same
  // size and georeference as `before`.
  std::string mask_path;
  // Optional ONNX change model run through OpenCV's DNN module and fused with
  // the region cues (inputs `before`, `after`: 1 x 3 x 256 x 256 RGB in
  // 0..1; output 1 x 1 x 256 x 256 probability; docs/imagery-detection.md).
  std::string model_path;
};

enum class ChangeKind { new_structure, demolition, earthworks };
[[nodiscard]] const char* to_string(ChangeKind kind);

struct ChangeRegion {
  std::vector<cv::Point2d> ring;  // exterior ring in the CRS of `before` (closed implicitly)
  double area_m2 = 0;
  double score = 0;  // 0..1, higher = more certainly a real change of this kind
  ChangeKind kind = ChangeKind::new_structure;
  bool permitted = false;
  PixelWindow window;  // bounding box in `before` pixels, for chips
};

struct ChangeResult {
  std::vector<ChangeRegion> regions;  // in a deterministic order (top to bottom, left to right)
  // Residual shift of `after` removed (beyond its georeference), in `before`
  // pixels and metres (east, north); with an affine applied, at the centre
  // of the overlap.
  double shift_x_px = 0, shift_y_px = 0;
  double shift_x_m = 0, shift_y_m = 0;
  // The affine of `after` against `before` fitted to matched features (ORB,
  // RANSAC) on an overview, when enough matched; applied when it fits the
  // matches clearly better than a shift (rms 1.5 times smaller) and moves a
  // corner of the overlap by more than a pixel beyond the shift.
  bool affine_found = false;
  bool affine_applied = false;
  double affine_rotation_deg = 0;  // counter-clockwise on a north-up image
  double affine_scale = 1;         // after pixels per before pixel (sqrt of the determinant)
  double affine_departure_m = 0;   // most misregistration a shift alone leaves, at a corner
  double affine_rms_m = 0;         // fit residual of the matched features
  double affine_shift_rms_m = 0;   // their residual under the best shift alone
  int affine_inliers = 0;
  // The registration (residual shift or affine) is applied only when it is
  // trustworthy and fits better than the pair as given (docs/imagery-detection.md);
  // otherwise the shift above is zero, the affine not applied, and this says why.
  std::string registration_kept_because;
  double proposed_shift_x_px = 0, proposed_shift_y_px = 0;  // what was found, applied or not
  cv::Point2d after_offset_px;  // after pixel = before pixel + this (georeference and shift)
  double threshold = 0;         // colour difference threshold used
  int tiles = 0;
  double seasonal_regions = 0;  // regions discarded as seasonal vegetation change
};

// REQUIRES: both sources in the same CRS and of the same pixel size (within
// 1 %); otherwise throws gis::Error(input) asking to resample (gdalwarp).
// Throws gis::Error(input) naming both files, with the distance between
// their footprints, when they do not overlap.
[[nodiscard]] ChangeResult detect_changes(const RasterSource& before, const RasterSource& after,
                                          const ChangeOptions& options);

// Marks regions whose area is covered at least `min_cover` by the union of
// the permit footprints (rings in the same CRS).
void mark_permitted(std::vector<ChangeRegion>& regions,
                    const std::vector<std::vector<cv::Point2d>>& permit_rings,
                    double min_cover = 0.5);

}  // namespace envgrid::imagery
