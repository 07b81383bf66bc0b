// Crs parsing, transform chains through PROJ and the Chinese offsets, axis
// order, and the metric CRS choice.

#include "envgrid/gis/crs.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>
#include <vector>

#include "envgrid/gis/chinese_offsets.hpp"
#include "envgrid/gis/error.hpp"

namespace envgrid::gis {
namespace {

constexpr double pi = std::numbers::pi;
constexpr double grs80_a_m = 6378137.0;
constexpr double grs80_f = 1.0 / 298.257222101;

// Meridian arc length from the equator to latitude lat_deg on GRS80, by
// Simpson integration of the meridian radius of curvature: an independent
// check of PROJ's Gauss-Krueger northing on the central meridian.
double grs80_meridian_arc_m(double lat_deg) {
  const double e2 = grs80_f * (2.0 - grs80_f);
  auto radius = [e2](double phi) {
    const double s = std::sin(phi);
    return grs80_a_m * (1.0 - e2) / std::pow(1.0 - e2 * s * s, 1.5);
  };
  const int steps = 2000;  // even; Simpson error is far below a micrometre
  const double h = lat_deg * pi / 180.0 / steps;
  double sum = radius(0) + radius(steps * h);
  for (int i = 1; i < steps; ++i) sum += radius(i * h) * (i % 2 ? 4.0 : 2.0);
  return sum * h / 3.0;
}

double distance_m(LonLat a, LonLat b) {
  constexpr double metres_per_degree = grs80_a_m * pi / 180.0;
  const double dx = (a.lon - b.lon) * std::cos(a.lat * pi / 180.0) * metres_per_degree;
  return std::hypot(dx, (a.lat - b.lat) * metres_per_degree);
}

// Gauss-Krueger and Web Mercator values are compared to 1 mm: both sides
// are exact formulas, far more precise than that.
constexpr double projected_tolerance_m = 0.001;

TEST(Crs, ParsesTheWaysUsersWriteCrs) {
  const Crs cgcs = Crs::parse("EPSG:4490");
  EXPECT_EQ(cgcs.kind(), Crs::Kind::proj);
  EXPECT_EQ(cgcs.epsg(), 4490);
  EXPECT_EQ(cgcs.name(), "EPSG:4490");
  EXPECT_TRUE(cgcs.is_geographic());

  EXPECT_EQ(Crs::parse("epsg:4326").epsg(), 4326);
  EXPECT_EQ(Crs::parse(" WGS84 ").epsg(), 4326);
  EXPECT_EQ(Crs::parse("CGCS2000").epsg(), 4490);

  const Crs gk = Crs::parse("EPSG:4547");
  EXPECT_FALSE(gk.is_geographic());

  const Crs utm = Crs::parse("+proj=utm +zone=50 +datum=WGS84 +units=m");
  EXPECT_FALSE(utm.is_geographic());
  EXPECT_EQ(utm.name(), "+proj=utm +zone=50 +datum=WGS84 +units=m");

  const Crs from_wkt = Crs::parse(
      R"(GEOGCRS["WGS 84",DATUM["World Geodetic System 1984",ELLIPSOID["WGS 84",6378137,298.257223563]],)"
      R"(CS[ellipsoidal,2],AXIS["latitude",north,ANGLEUNIT["degree",0.0174532925199433]],)"
      R"(AXIS["longitude",east,ANGLEUNIT["degree",0.0174532925199433]]])");
  EXPECT_TRUE(from_wkt.is_geographic());
  EXPECT_TRUE(from_wkt.same_as(Crs::wgs84()));

  for (const char* text : {"GCJ02", "gcj02", "GCJ-02", "gcj_02"}) {
    EXPECT_EQ(Crs::parse(text).kind(), Crs::Kind::gcj02) << text;
  }
  for (const char* text : {"BD09", "bd-09", "Bd09"}) {
    EXPECT_EQ(Crs::parse(text).kind(), Crs::Kind::bd09) << text;
  }
  EXPECT_TRUE(Crs::parse("GCJ-02").is_geographic());
  EXPECT_EQ(Crs::parse("gcj-02").name(), "GCJ02");
}

TEST(Crs, UnknownCrsIsAUsageErrorNamingTheText) {
  for (const char* text : {"EPSG:99999", "not a crs", "+proj=nosuchprojection", ""}) {
    try {
      (void)Crs::parse(text);
      ADD_FAILURE() << "accepted '" << text << "'";
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), ExitCode::usage);
      EXPECT_NE(std::string(e.what()).find(text), std::string::npos) << e.what();
    }
  }
}

TEST(Crs, SameAsIgnoresAxisOrderAndSpelling) {
  EXPECT_TRUE(Crs::parse("EPSG:4326").same_as(Crs::parse("OGC:CRS84")));
  EXPECT_TRUE(Crs::parse("GCJ02").same_as(Crs::parse("gcj-02")));
  EXPECT_FALSE(Crs::parse("GCJ02").same_as(Crs::parse("BD09")));
  EXPECT_FALSE(Crs::parse("GCJ02").same_as(Crs::wgs84()));
  EXPECT_FALSE(Crs::wgs84().same_as(Crs::cgcs2000()));
}

TEST(Crs, OgrRoundTripKeepsCodeAndTraditionalAxisOrder) {
  const auto srs = Crs::cgcs2000().to_ogr();
  EXPECT_EQ(srs->GetAxisMappingStrategy(), OAMS_TRADITIONAL_GIS_ORDER);
  EXPECT_EQ(Crs::from_ogr(*srs).epsg(), 4490);
  // Shifted systems are declared as WGS 84 in files.
  EXPECT_STREQ(Crs::parse("GCJ02").to_ogr()->GetAuthorityCode(nullptr), "4326");
  const OGRSpatialReference empty;
  EXPECT_THROW((void)Crs::from_ogr(empty), Error);
}

TEST(CoordinateTransformer, GaussKruegerCentralMeridianMatchesMeridianArc) {
  // CGCS2000 3-degree Gauss-Kruger CM 114E: on the central meridian the
  // easting is the false easting and the northing the meridian arc.
  const CoordinateTransformer to_gk(Crs::cgcs2000(), Crs::parse("EPSG:4547"));
  double x = 114.0, y = 30.0;  // x = longitude, y = latitude (degrees)
  ASSERT_TRUE(to_gk.transform(x, y));
  EXPECT_NEAR(x, 500000.0, projected_tolerance_m);
  EXPECT_NEAR(y, grs80_meridian_arc_m(30.0), projected_tolerance_m);

  double ex = 114.0, ey = 0.0;
  ASSERT_TRUE(to_gk.transform(ex, ey));
  EXPECT_NEAR(ex, 500000.0, projected_tolerance_m);
  EXPECT_NEAR(ey, 0.0, projected_tolerance_m);

  // East of the central meridian the easting grows: x is easting, not northing.
  double wx = 114.3, wy = 30.6;  // Wuhan
  ASSERT_TRUE(to_gk.transform(wx, wy));
  EXPECT_GT(wx, 500000.0);
  EXPECT_LT(wx, 560000.0);
  EXPECT_GT(wy, 3.3e6);
}

TEST(CoordinateTransformer, AxisOrderIsLonLatEvenForEpsg4326) {
  // EPSG:4326 is lat/lon in the EPSG register; envgrid reads x = lon.
  const CoordinateTransformer to_mercator(Crs::wgs84(), Crs::parse("EPSG:3857"));
  double x = 10.0, y = 0.0;  // lon 10 E, lat 0
  ASSERT_TRUE(to_mercator.transform(x, y));
  EXPECT_NEAR(x, grs80_a_m * 10.0 * pi / 180.0, projected_tolerance_m);
  EXPECT_NEAR(y, 0.0, projected_tolerance_m);
}

TEST(CoordinateTransformer, Cgcs2000AndWgs84CoincideAtTheMetreLevel) {
  const CoordinateTransformer to_wgs(Crs::cgcs2000(), Crs::wgs84());
  EXPECT_FALSE(to_wgs.is_identity());
  double x = 114.3, y = 30.6;
  ASSERT_TRUE(to_wgs.transform(x, y));
  EXPECT_LT(distance_m({x, y}, {114.3, 30.6}), 1.0);
}

TEST(CoordinateTransformer, SameCrsIsIdentity) {
  EXPECT_TRUE(CoordinateTransformer(Crs::wgs84(), Crs::parse("OGC:CRS84")).is_identity());
  EXPECT_TRUE(CoordinateTransformer(Crs::parse("GCJ02"), Crs::parse("GCJ-02")).is_identity());
  EXPECT_FALSE(CoordinateTransformer(Crs::parse("GCJ02"), Crs::wgs84()).is_identity());
}

// Beijing from googollee/eviltransform's c/test.c: WGS 84 and its GCJ-02.
constexpr LonLat beijing_wgs{116.377817, 39.911954};
constexpr LonLat beijing_gcj{116.38404722455657, 39.91334545536069};

TEST(CoordinateTransformer, ChainsGcj02ThroughWgs84IntoProj) {
  const CoordinateTransformer from_gcj(Crs::parse("GCJ02"), Crs::parse("EPSG:32650"));
  const CoordinateTransformer from_wgs(Crs::wgs84(), Crs::parse("EPSG:32650"));
  double gx = beijing_gcj.lon, gy = beijing_gcj.lat;
  double wx = beijing_wgs.lon, wy = beijing_wgs.lat;
  ASSERT_TRUE(from_gcj.transform(gx, gy));
  ASSERT_TRUE(from_wgs.transform(wx, wy));
  EXPECT_LT(std::hypot(gx - wx, gy - wy), projected_tolerance_m);

  // And back out into BD-09 from a projected CRS.
  const CoordinateTransformer to_bd(Crs::parse("EPSG:32650"), Crs::parse("BD09"));
  ASSERT_TRUE(to_bd.transform(wx, wy));
  EXPECT_LT(distance_m({wx, wy}, gcj02_to_bd09(beijing_gcj)), 0.001);
}

TEST(CoordinateTransformer, Bd09ToGcj02IsDirect) {
  const CoordinateTransformer to_gcj(Crs::parse("BD09"), Crs::parse("GCJ02"));
  const LonLat bd = gcj02_to_bd09(beijing_gcj);
  double x = bd.lon, y = bd.lat;
  ASSERT_TRUE(to_gcj.transform(x, y));
  EXPECT_LT(distance_m({x, y}, beijing_gcj), 0.001);
}

TEST(CoordinateTransformer, BadPointsFailAndOthersGoOn) {
  const CoordinateTransformer to_gk(Crs::cgcs2000(), Crs::parse("EPSG:4547"));
  std::vector<double> xs{114.0, NAN, 114.0, 113.0};
  std::vector<double> ys{30.0, 30.0, 95.0, 31.0};  // latitude 95 does not exist
  std::vector<char> ok(xs.size());
  EXPECT_EQ(to_gk.transform(xs, ys, ok), 2u);
  EXPECT_EQ(ok, (std::vector<char>{1, 0, 0, 1}));
  EXPECT_NEAR(xs[0], 500000.0, projected_tolerance_m);

  const CoordinateTransformer from_gcj(Crs::parse("GCJ02"), Crs::wgs84());
  double x = 116.0, y = 91.0;
  EXPECT_FALSE(from_gcj.transform(x, y));
}

TEST(CoordinateTransformer, RoundTripCheckRejectsWhatProjClamps) {
  // A Web Mercator northing of 10^9 m is beyond the pole; PROJ answers
  // latitude 90, which maps back to infinity, not to 10^9.
  const Crs mercator = Crs::parse("EPSG:3857");
  double x = 0.0, y = 1e9;
  EXPECT_FALSE(CoordinateTransformer(mercator, Crs::wgs84()).transform(x, y));
  x = 0.0, y = 1e9;
  const CoordinateTransformer trusting(mercator, Crs::wgs84(), DomainCheck::proj_only);
  ASSERT_TRUE(trusting.transform(x, y));
  EXPECT_NEAR(y, 90.0, 1e-9);
}

TEST(CoordinateTransformer, TransformsGeometryVerticesAndDeclaresTarget) {
  const CoordinateTransformer from_gcj(Crs::parse("GCJ02"), Crs::wgs84());
  OGRLineString line;
  line.addPoint(beijing_gcj.lon, beijing_gcj.lat);
  line.addPoint(121.531541859215, 31.17530398364597);  // Shanghai, same source
  ASSERT_TRUE(from_gcj.transform(line));
  EXPECT_LT(distance_m({line.getX(0), line.getY(0)}, beijing_wgs), 0.001);
  EXPECT_LT(distance_m({line.getX(1), line.getY(1)}, {121.5272106, 31.1774276}), 0.001);
  ASSERT_NE(line.getSpatialReference(), nullptr);
  EXPECT_STREQ(line.getSpatialReference()->GetAuthorityCode(nullptr), "4326");
}

TEST(ChooseMetricCrs, GaussKruegerZoneInsideChina) {
  const MetricCrs wuhan = choose_metric_crs(114.1, 30.4, 114.6, 30.8);
  EXPECT_EQ(wuhan.crs.epsg(), 4547);
  EXPECT_EQ(wuhan.description, "EPSG:4547 CGCS2000 / 3-degree Gauss-Kruger CM 114E");

  EXPECT_EQ(choose_metric_crs(75.9, 39.4, 76.1, 39.6).crs.epsg(), 4534);    // Kashgar, CM 75E
  EXPECT_EQ(choose_metric_crs(126.5, 45.7, 126.7, 45.8).crs.epsg(), 4551);  // Harbin, CM 126E
}

TEST(ChooseMetricCrs, UtmZoneElsewhere) {
  const MetricCrs duluth = choose_metric_crs(-92.3, 46.7, -91.9, 46.9);
  EXPECT_EQ(duluth.crs.epsg(), 32615);
  EXPECT_EQ(duluth.description, "EPSG:32615 WGS 84 / UTM zone 15N");
  EXPECT_EQ(choose_metric_crs(151.1, -34.0, 151.3, -33.8).crs.epsg(), 32756);  // Sydney
  EXPECT_EQ(choose_metric_crs(139.6, 35.6, 139.8, 35.8).crs.epsg(), 32654);    // Tokyo
  EXPECT_THROW((void)choose_metric_crs(0, 0, 500000, 3000000), Error);  // metres, not degrees
}

TEST(CrsParse, TextInNoDocumentedFormIsRefusedWithoutAskingPROJToSearchNames) {
  // PROJ would search its database for a similar name (about 0.3 s each) and
  // might pick a system the user never meant.
  for (const char* text :
       {"KGCS2000", "WGS 84 / UTM zone 50N", "Beijing 1954", "4326", "EPSIeEPSG:}4904:4326"}) {
    try {
      (void)Crs::parse(text);
      ADD_FAILURE() << text << " was accepted";
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), ExitCode::usage) << text;
      EXPECT_NE(std::string(e.what()).find(text), std::string::npos) << e.what();
    }
  }
  EXPECT_EQ(Crs::parse("WGS 84").epsg(), 4326);  // the documented shorthands stay
  EXPECT_EQ(Crs::parse("urn:ogc:def:crs:EPSG::4490").epsg(), 4490);
  EXPECT_EQ(Crs::parse("esri:102100").epsg(), 0);  // other authorities PROJ knows still work
}

}  // namespace
}  // namespace envgrid::gis
