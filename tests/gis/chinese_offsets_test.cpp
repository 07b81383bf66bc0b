// GCJ-02 / BD-09 conversions against values published by other
// implementations of the same public formula, round trips over China, and
// the identity outside China.

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>

#include "envgrid/gis/chinese_offsets.hpp"

namespace envgrid::gis {
namespace {

// Ground distance between two nearby lon/lat points, in metres (local
// equirectangular approximation; exact enough for the sub-metre gaps
// compared here).
double distance_m(LonLat a, LonLat b) {
  constexpr double metres_per_degree = 6378137.0 * std::numbers::pi / 180.0;
  const double mean_lat_rad = (a.lat + b.lat) / 2.0 * std::numbers::pi / 180.0;
  const double dx = (a.lon - b.lon) * std::cos(mean_lat_rad) * metres_per_degree;
  const double dy = (a.lat - b.lat) * metres_per_degree;
  return std::hypot(dx, dy);
}

struct ReferencePair {
  const char* place;
  LonLat wgs;
  LonLat gcj;
};

// From googollee/eviltransform, c/test.c (wgsLat, wgsLng, gcjLat, gcjLng),
// reordered here to lon/lat; also used by that project's other language ports.
constexpr ReferencePair eviltransform_pairs[] = {
    {"Shanghai", {121.5272106, 31.1774276}, {121.531541859215, 31.17530398364597}},
    {"Shenzhen", {113.912316, 22.543847}, {113.9171764808363, 22.540796131694766}},
    {"Beijing", {116.377817, 39.911954}, {116.38404722455657, 39.91334545536069}},
};

// The reference values carry 13+ significant digits, so any implementation
// of the same formula agrees to well under a millimetre.
constexpr double reference_tolerance_m = 0.001;

TEST(ChineseOffsets, Wgs84ToGcj02MatchesEviltransformReference) {
  for (const auto& pair : eviltransform_pairs) {
    EXPECT_LT(distance_m(wgs84_to_gcj02(pair.wgs), pair.gcj), reference_tolerance_m) << pair.place;
  }
}

TEST(ChineseOffsets, Gcj02ToWgs84RecoversEviltransformReference) {
  for (const auto& pair : eviltransform_pairs) {
    EXPECT_LT(distance_m(gcj02_to_wgs84(pair.gcj), pair.wgs), reference_tolerance_m) << pair.place;
  }
}

// From hujiulong/gcoord, test/unit/crs/{WGS84,GCJ02}.spec.ts, at (123, 45).
// gcoord prints 7-8 decimals (1e-7 degree is about 1 cm), hence 2 cm here.
constexpr double gcoord_tolerance_m = 0.02;

TEST(ChineseOffsets, MatchesGcoordReferenceAt123E45N) {
  EXPECT_LT(distance_m(wgs84_to_gcj02({123, 45}), {123.00607541, 45.00197815}), gcoord_tolerance_m);
  EXPECT_LT(distance_m(gcj02_to_bd09({123, 45}), {123.00636499, 45.00636899}), gcoord_tolerance_m);
  EXPECT_LT(distance_m(wgs84_to_bd09({123, 45}), {123.0124491, 45.0083293}), gcoord_tolerance_m);
}

// gcoord's inverses are the one-step approximations, which the iterative
// inverses here improve on; they still agree within the approximations'
// metre-level error.
TEST(ChineseOffsets, InversesAgreeWithGcoordApproximateInverses) {
  constexpr double approximate_inverse_tolerance_m = 5.0;
  EXPECT_LT(distance_m(gcj02_to_wgs84({123, 45}), {122.99395597, 44.99804071}),
            approximate_inverse_tolerance_m);
  EXPECT_LT(distance_m(bd09_to_gcj02({123, 45}), {122.99363304, 44.99365430}),
            approximate_inverse_tolerance_m);
}

struct LatticeError {
  double max_m = 0;
  double mean_m = 0;
  long points = 0;
};

// Every 0.25 degree over lon 73..135, lat 18..54 (mainland China, Hainan,
// Taiwan and the seas between).
template <typename Forward, typename Inverse>
LatticeError lattice_round_trip(Forward forward, Inverse inverse) {
  LatticeError error;
  double sum_m = 0;
  for (int i = 0; i <= (135 - 73) * 4; ++i) {
    for (int j = 0; j <= (54 - 18) * 4; ++j) {
      const LonLat start{73.0 + i * 0.25, 18.0 + j * 0.25};
      const double e = distance_m(inverse(forward(start)), start);
      error.max_m = std::max(error.max_m, e);
      sum_m += e;
      ++error.points;
    }
  }
  error.mean_m = sum_m / static_cast<double>(error.points);
  return error;
}

constexpr double round_trip_limit_m = 0.001;  // the 1 mm the inverses promise

TEST(ChineseOffsets, Gcj02RoundTripOverChinaWithinOneMillimetre) {
  const LatticeError e = lattice_round_trip(wgs84_to_gcj02, gcj02_to_wgs84);
  EXPECT_LT(e.max_m, round_trip_limit_m) << "over " << e.points << " points";
  RecordProperty("gcj02_round_trip_max_mm", std::to_string(e.max_m * 1000));
  RecordProperty("gcj02_round_trip_mean_mm", std::to_string(e.mean_m * 1000));
}

TEST(ChineseOffsets, Bd09RoundTripOverChinaWithinOneMillimetre) {
  const LatticeError from_gcj = lattice_round_trip(gcj02_to_bd09, bd09_to_gcj02);
  EXPECT_LT(from_gcj.max_m, round_trip_limit_m);
  const LatticeError from_wgs = lattice_round_trip(wgs84_to_bd09, bd09_to_wgs84);
  EXPECT_LT(from_wgs.max_m, round_trip_limit_m);
}

TEST(ChineseOffsets, ShiftInsideChinaIsHundredsOfMetres) {
  // Guards against a formula that does nothing: the offset in Beijing is
  // known to be several hundred metres (~560 m in the reference pair above).
  const double shift_m = distance_m(wgs84_to_gcj02({116.4, 39.9}), {116.4, 39.9});
  EXPECT_GT(shift_m, 100.0);
  EXPECT_LT(shift_m, 1000.0);
}

TEST(ChineseOffsets, OutsideChinaGcj02EqualsWgs84) {
  constexpr LonLat outside[] = {
      {2.3522, 48.8566},    // Paris
      {-92.1005, 46.7867},  // Duluth, MN
      {139.6917, 35.6895},  // Tokyo (east of 137.8347)
      {71.9, 40.0},         // just west of the box
      {100.0, 56.0},        // just north of the box
      {151.2, -33.9},       // Sydney
  };
  for (const LonLat p : outside) {
    EXPECT_FALSE(inside_china_offset_area(p)) << p.lon << " " << p.lat;
    const LonLat gcj = wgs84_to_gcj02(p);
    EXPECT_EQ(gcj.lon, p.lon);
    EXPECT_EQ(gcj.lat, p.lat);
    const LonLat wgs = gcj02_to_wgs84(p);
    EXPECT_EQ(wgs.lon, p.lon);
    EXPECT_EQ(wgs.lat, p.lat);
  }
  EXPECT_TRUE(inside_china_offset_area({114.3, 30.6}));  // Wuhan
}

}  // namespace
}  // namespace envgrid::gis
