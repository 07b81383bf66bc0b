// Invalid geometries of every category GEOS's validity test knows, each in a
// GeoPackage beside one good feature, fed to the verbs that read polygons
// (import --layer cells, grid make --boundary, grid assign --cells) and lines
// (hydro build --reaches). The policy (docs/error-policy.md): repaired when a
// repair keeps the area, else rejected naming the feature; the good feature
// is never lost; nothing crashes, hangs or grows without bound.

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <limits>

#include "malformed_support.hpp"

namespace envgrid::test {
namespace {

// Coordinates in units of 0.001 degree from a corner in Wuhan (about 100 m).
std::string at(double x, double y) {
  char text[64];
  std::snprintf(text, sizeof text, "%.6f %.6f", 114.30 + x * 0.001, 30.60 + y * 0.001);
  return text;
}

std::string polygon(std::initializer_list<std::pair<double, double>> ring) {
  std::string wkt = "POLYGON((";
  for (const auto& [x, y] : ring) wkt += (wkt.back() == '(' ? "" : ",") + at(x, y);
  return wkt + "))";
}

OGRGeometry* from_wkt(const std::string& wkt) {
  OGRGeometry* geometry = nullptr;
  if (OGRGeometryFactory::createFromWkt(wkt.c_str(), nullptr, &geometry) != OGRERR_NONE)
    throw std::runtime_error("bad fixture WKT " + wkt);
  return geometry;
}

// A square of side 10 units whose corner (x0, y0) vertex is replaced by value.
OGRGeometry* square_with_bad_vertex(double value) {
  auto* ring = new OGRLinearRing();
  ring->addPoint(value, 30.60);
  ring->addPoint(114.31, 30.60);
  ring->addPoint(114.31, 30.61);
  ring->addPoint(114.30, 30.61);
  ring->addPoint(value, 30.60);
  auto* result = new OGRPolygon();
  result->addRingDirectly(ring);
  return result;
}

// A star-free disc of n vertices: valid, just big.
OGRGeometry* disc(int vertices, double centre_x, double centre_y, double radius_deg) {
  auto* ring = new OGRLinearRing();
  ring->setNumPoints(vertices + 1);
  for (int i = 0; i < vertices; ++i) {
    const double angle = 2 * M_PI * i / vertices;
    ring->setPoint(i, centre_x + radius_deg * std::cos(angle),
                   centre_y + radius_deg * std::sin(angle));
  }
  ring->setPoint(vertices, centre_x + radius_deg, centre_y);
  auto* result = new OGRPolygon();
  result->addRingDirectly(ring);
  return result;
}

struct GeometryCase {
  std::string name;
  std::function<OGRGeometry*()> make;
};

// The good feature F2 written beside each case (feature F1), far from it.
OGRGeometry* good_square() {
  return from_wkt(polygon({{50, 50}, {60, 50}, {60, 60}, {50, 60}, {50, 50}}));
}

std::vector<GeometryCase> polygon_cases() {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const double inf = std::numeric_limits<double>::infinity();
  return {
      {"self_intersection",
       [] {
         return from_wkt(polygon({{0, 0}, {10, 0}, {10, 10}, {5, -5}, {0, 10}, {0, 0}}));
       }},
      {"bow_tie",
       [] {
         return from_wkt(polygon({{0, 0}, {10, 10}, {10, 0}, {0, 10}, {0, 0}}));
       }},
      {"spike",
       [] {
         return from_wkt(
             polygon({{0, 0}, {10, 0}, {10, 5}, {20, 5}, {10, 5}, {10, 10}, {0, 10}, {0, 0}}));
       }},
      {"ring_self_touch",
       [] {
         return from_wkt(polygon(
             {{0, 0}, {10, 0}, {10, 10}, {5, 10}, {7, 5}, {3, 5}, {5, 10}, {0, 10}, {0, 0}}));
       }},
      {"hole_outside_shell",
       [] {
         return from_wkt("POLYGON((" + at(0, 0) + "," + at(10, 0) + "," + at(10, 10) + "," +
                         at(0, 10) + "," + at(0, 0) + "),(" + at(20, 20) + "," + at(21, 20) + "," +
                         at(21, 21) + "," + at(20, 20) + "))");
       }},
      {"nested_shells",
       [] {
         return from_wkt("MULTIPOLYGON(((" + at(0, 0) + "," + at(10, 0) + "," + at(10, 10) + "," +
                         at(0, 10) + "," + at(0, 0) + ")),((" + at(2, 2) + "," + at(8, 2) + "," +
                         at(8, 8) + "," + at(2, 8) + "," + at(2, 2) + ")))");
       }},
      {"unclosed_ring",
       [] {
         return from_wkt(polygon({{0, 0}, {10, 0}, {10, 10}, {0, 10}}));
       }},
      {"too_short_ring",
       [] {
         return from_wkt(polygon({{0, 0}, {10, 10}, {0, 0}}));
       }},
      {"two_point_ring",
       [] {
         return from_wkt(polygon({{0, 0}, {10, 10}}));
       }},
      {"empty_polygon", [] { return new OGRPolygon(); }},
      {"empty_part",
       [] {
         auto* multi = new OGRMultiPolygon();
         multi->addGeometryDirectly(
             from_wkt(polygon({{0, 0}, {10, 0}, {10, 10}, {0, 10}, {0, 0}})));
         multi->addGeometryDirectly(new OGRPolygon());
         return multi;
       }},
      {"nan_coordinate", [nan] { return square_with_bad_vertex(nan); }},
      {"infinite_coordinate", [inf] { return square_with_bad_vertex(inf); }},
      {"huge_coordinate", [] { return square_with_bad_vertex(1e300); }},
      {"null_geometry", [] { return static_cast<OGRGeometry*>(nullptr); }},
  };
}

std::vector<GeometryCase> line_cases() {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const double inf = std::numeric_limits<double>::infinity();
  auto line_with = [](double value) {
    auto* line = new OGRLineString();
    line->addPoint(114.30, 30.60);
    line->addPoint(value, 30.605);
    return static_cast<OGRGeometry*>(line);
  };
  return {
      {"self_crossing_line",
       [] {
         return from_wkt("LINESTRING(" + at(0, 0) + "," + at(10, 10) + "," + at(10, 0) + "," +
                         at(0, 10) + ")");
       }},
      {"one_point_line", [] { return from_wkt("LINESTRING(" + at(0, 0) + ")"); }},
      {"repeated_point_line",
       [] { return from_wkt("LINESTRING(" + at(0, 0) + "," + at(0, 0) + ")"); }},
      {"empty_line", [] { return new OGRLineString(); }},
      {"nan_line", [=] { return line_with(nan); }},
      {"infinite_line", [=] { return line_with(inf); }},
      {"null_geometry", [] { return static_cast<OGRGeometry*>(nullptr); }},
  };
}

class GeometryInputs : public ::testing::Test {
 protected:
  void SetUp() override {
    write_bytes(dir_.file("sites.csv"), "id,lon,lat\nS1,114.305,30.605\nS2,114.355,30.655\n");
  }

  std::string write_case(const GeometryCase& c, OGRwkbGeometryType type, OGRGeometry* (*good)()) {
    const std::string path = dir_.file(c.name + ".gpkg");
    write_gpkg_geometries(path, type, {c.make(), good()});
    return path;
  }

  void feed_polygons(const std::string& path, const std::string& name, int timeout_s = 120) {
    // A store of its own: the good F2 of an earlier case would make this F2 a duplicate.
    const std::string store = dir_.file(name + "_store.gpkg");
    const BoundedRun init = run_bounded({"init", store});
    ASSERT_EQ(init.exit_code, 0) << init.err;
    const std::vector<std::vector<std::string>> calls{
        {"import", store, "--layer", "cells", path, "--id-field", "id"},
        {"grid", "make", "--boundary", path, "--boundary-id", "id", "--cell-size-m", "300", "-o",
         dir_.file("grid.gpkg")},
        {"grid", "assign", "--cells", path, "--cell-id", "id", "--sites", dir_.file("sites.csv"),
         "--threads", "2", "-o", dir_.file("assigned.csv")}};
    for (const auto& args : calls) {
      const BoundedRun run = run_bounded(args, "", timeout_s);
      expect_clean(run, args[0] + " " + args[1] + " with " + name, name);
      // The good feature F2 beside the bad one is never lost to it.
      EXPECT_NE(run.exit_code, 100)
          << args[0] << " " << args[1] << ": " << name << " refused the whole file\n"
          << run.err;
    }
  }

  TempDir dir_;
};

TEST_F(GeometryInputs, EachInvalidPolygonIsRepairedOrRejectedNamingIt) {
  for (const auto& c : polygon_cases()) {
    const std::string path = write_case(c, wkbUnknown, &good_square);
    feed_polygons(path, c.name);
  }
}

TEST_F(GeometryInputs, EachInvalidLineIsReportedByHydroBuild) {
  for (const auto& c : line_cases()) {
    const std::string path = write_case(c, wkbUnknown, [] {
      return from_wkt("LINESTRING(" + at(50, 50) + "," + at(60, 60) + ")");
    });
    const BoundedRun run =
        run_bounded({"hydro", "build", "--reaches", path, "-o", dir_.file("network.gpkg")});
    expect_clean(run, "hydro build with " + c.name, c.name);
    EXPECT_NE(run.exit_code, 100) << c.name << " refused the whole file\n" << run.err;
  }
}

TEST_F(GeometryInputs, APolygonOfAMillionVerticesIsHandledInBoundedTimeAndMemory) {
  const std::string path = dir_.file("million_vertices.gpkg");
  // 0.02 degrees (about 2 km) across: a few dozen 300 m cells.
  write_gpkg_geometries(path, wkbPolygon, {disc(1'000'000, 114.31, 30.61, 0.01), good_square()});
  // grid make clips every cell against the whole ring: about a minute on
  // two loaded cores, so this case gets ten (bounded, not a hang).
  feed_polygons(path, "million_vertices", 600);
}

}  // namespace
}  // namespace envgrid::test
