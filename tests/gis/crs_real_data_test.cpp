// The GCJ-02 conversion on real agency-style data: the DataV / AMap county
// boundaries of Hubei are published in GCJ-02 (shared data SOURCE.md).

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>
#include <utility>
#include <vector>

#include "envgrid/gis/crs.hpp"
#include "envgrid/gis/gdal_handles.hpp"
#include "test_support.hpp"

namespace envgrid::gis {
namespace {

double distance_m(double lon_a, double lat_a, double lon_b, double lat_b) {
  constexpr double metres_per_degree = 6378137.0 * std::numbers::pi / 180.0;
  const double dx = (lon_a - lon_b) * std::cos(lat_a * std::numbers::pi / 180.0);
  return std::hypot(dx, lat_a - lat_b) * metres_per_degree;
}

struct VertexStats {
  long vertices = 0;
  double min_m = 1e300;
  double max_m = 0;
};

// Every vertex of a geometry, in order.
class VertexCollector final : public OGRDefaultConstGeometryVisitor {
 public:
  using OGRDefaultConstGeometryVisitor::visit;
  void visit(const OGRPoint* point) override { points.emplace_back(point->getX(), point->getY()); }
  std::vector<std::pair<double, double>> points;
};

std::vector<std::pair<double, double>> vertices_of(const OGRGeometry& geometry) {
  VertexCollector collector;
  geometry.accept(&collector);
  return collector.points;
}

// Distances between the vertices of two geometries of the same shape.
void compare_vertices(const OGRGeometry& a, const OGRGeometry& b, VertexStats& stats) {
  const auto va = vertices_of(a);
  const auto vb = vertices_of(b);
  ASSERT_EQ(va.size(), vb.size());
  for (std::size_t i = 0; i < va.size(); ++i) {
    const double d = distance_m(va[i].first, va[i].second, vb[i].first, vb[i].second);
    stats.min_m = std::min(stats.min_m, d);
    stats.max_m = std::max(stats.max_m, d);
    ++stats.vertices;
  }
}

TEST(CrsRealData, HubeiGcj02BoundariesShiftByHundredsOfMetresAndRoundTrip) {
  const auto data = test::shared_real_data();
  if (!data) GTEST_SKIP() << "shared real data not found (set ENVGRID_SHARED_DATA)";
  const auto path = *data / "admin" / "hubei" / "province_420000.json";
  DatasetPtr dataset = open_dataset(path.string(), GDAL_OF_VECTOR);
  OGRLayer* layer = dataset->GetLayer(0);
  const CoordinateTransformer to_wgs(Crs::parse("GCJ02"), Crs::wgs84());
  const CoordinateTransformer to_gcj(Crs::wgs84(), Crs::parse("GCJ02"));
  VertexStats shift, round_trip;
  long features = 0;
  for (auto& feature : *layer) {
    const OGRGeometry* original = feature->GetGeometryRef();
    ASSERT_NE(original, nullptr);
    GeometryPtr wgs(original->clone());
    ASSERT_TRUE(to_wgs.transform(*wgs)) << "feature " << feature->GetFID();
    compare_vertices(*original, *wgs, shift);
    GeometryPtr back(wgs->clone());
    ASSERT_TRUE(to_gcj.transform(*back)) << "feature " << feature->GetFID();
    compare_vertices(*original, *back, round_trip);
    ++features;
  }
  EXPECT_EQ(features, 17);  // 13 prefectures + 4 county-level units (SOURCE.md)
  EXPECT_GT(shift.vertices, 1000);
  // SOURCE.md measured the GCJ-02 offset in Hubei at 0.3-0.7 km; allow a
  // margin at the province's edges.
  EXPECT_GT(shift.min_m, 200.0);
  EXPECT_LT(shift.max_m, 800.0);
  EXPECT_LT(round_trip.max_m, 0.001) << "over " << round_trip.vertices << " vertices";
}

}  // namespace
}  // namespace envgrid::gis
