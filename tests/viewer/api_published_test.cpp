// Chips, orthomosaic tiles and patrol plans through the viewer API: found
// only by ids looked up in the store, within the user's cells.

#include <cpl_vsi.h>

#include <cmath>

#include "published_fixture.hpp"

namespace envgrid::test {
namespace {

struct Rgba {
  int r = -1, g = -1, b = -1, a = -1;
};

// The pixel of a PNG (decoded by GDAL from memory).
Rgba png_pixel(const std::string& png, int col, int row) {
  const std::string name = "/vsimem/test-tile-" + std::to_string(col) + "-" + std::to_string(row);
  VSILFILE* file = VSIFileFromMemBuffer(
      name.c_str(), reinterpret_cast<GByte*>(const_cast<char*>(png.data())), png.size(), FALSE);
  VSIFCloseL(file);
  gis::DatasetPtr image(GDALDataset::Open(name.c_str(), GDAL_OF_RASTER));
  Rgba pixel;
  if (image && image->GetRasterCount() == 4) {
    int* channels[] = {&pixel.r, &pixel.g, &pixel.b, &pixel.a};
    for (int band = 0; band < 4; ++band) {
      unsigned char value = 0;
      if (image->GetRasterBand(band + 1)->RasterIO(GF_Read, col, row, 1, 1, &value, 1, 1, GDT_Byte,
                                                   0, 0, nullptr) == CE_None)
        *channels[band] = value;
    }
  }
  image.reset();
  VSIUnlink(name.c_str());
  return pixel;
}

// The XYZ tile holding lon/lat at zoom z and the pixel within it (OSM numbering).
struct TilePixel {
  int x, y, col, row;
};
TilePixel tile_pixel(double lon, double lat, int z) {
  const double n = std::pow(2.0, z);
  const double fx = (lon + 180) / 360 * n;
  const double lat_rad = lat * M_PI / 180;
  const double fy = (1 - std::log(std::tan(lat_rad) + 1 / std::cos(lat_rad)) / M_PI) / 2 * n;
  return {int(fx), int(fy), int((fx - int(fx)) * 256), int((fy - int(fy)) * 256)};
}

std::string tile_url(int z, const TilePixel& at) {
  return "/api/tiles/ortho1/" + std::to_string(z) + "/" + std::to_string(at.x) + "/" +
         std::to_string(at.y) + ".png";
}

TEST_F(PublishedApiTest, PublishRecordsTheChipsOfKnownFlagsAndSkipsTheRest) {
  ASSERT_EQ(publish_result_->exit_code, 1) << publish_result_->err;  // rows were skipped
  EXPECT_NE(publish_result_->out.find("chips: 4 recorded"), std::string::npos)
      << publish_result_->out;
  EXPECT_NE(publish_result_->err.find("F9 is not in the store"), std::string::npos)
      << publish_result_->err;
  EXPECT_NE(publish_result_->err.find("'../secret.png' is not"), std::string::npos)
      << publish_result_->err;
  EXPECT_NE(publish_result_->out.find("raster ortho1"), std::string::npos);
}

TEST_F(PublishedApiTest, ChipsAreServedByFlagAndViewWithinTheUsersCells) {
  const Json listed = get_as("gm1", "/api/flags/F1/chips").json();
  ASSERT_EQ(listed["chips"].size(), 2u) << listed.dump();
  EXPECT_EQ(listed["chips"][0]["view"], "before");
  EXPECT_EQ(listed["chips"][1]["view"], "after");
  const Reply before = get_as("gm1", listed["chips"][0]["url"].get<std::string>());
  ASSERT_EQ(before.status, 200);
  EXPECT_EQ(before.header("Content-Type"), "image/png");
  EXPECT_EQ(before.body, read_text(suite_dir_->file("chips/F1-before.png")));
  EXPECT_EQ(get_as("gm1", "/api/flags/F1/chips/after").body,
            read_text(suite_dir_->file("chips/F1-after.png")));
  // Another cell's flag: refused, listing and image alike.
  EXPECT_EQ(get_as("gm1", "/api/flags/F3/chips").status, 403);
  EXPECT_EQ(get_as("gm1", "/api/flags/F3/chips/before").status, 403);
  // Analysts and investigators read every flag's chips.
  EXPECT_EQ(get_as("a1", "/api/flags/F3/chips/before").status, 200);
  EXPECT_EQ(get_as("inv1", "/api/flags/F3/chips/after").status, 200);
  EXPECT_EQ(get("/api/flags/F1/chips/before").status, 401);
  // A flag without chips, an unknown view or flag, and paths that try to leave.
  EXPECT_TRUE(get_as("a1", "/api/flags/F2/chips").json()["chips"].empty());
  EXPECT_EQ(get_as("a1", "/api/flags/F1/chips/visible").status, 404);
  EXPECT_EQ(get_as("a1", "/api/flags/F9/chips/before").status, 404);
  for (const std::string target :
       {"/api/flags/F1/chips/..%2F..%2Fsecret", "/api/flags/F1/chips/../../secret.txt",
        "/api/flags/F1/chips/F1-before.png", "/api/flags/F1/chips/%2Fetc%2Fpasswd"}) {
    const Reply reply = get_as("a1", target);
    EXPECT_EQ(reply.status, 404) << target;
    EXPECT_EQ(reply.body.find("PNG"), std::string::npos) << target;
  }
}

TEST_F(PublishedApiTest, RastersAreListedWithoutTheirFiles) {
  const Reply reply = get_as("gm1", "/api/rasters");
  ASSERT_EQ(reply.status, 200);
  const Json rasters = reply.json()["rasters"];
  ASSERT_EQ(rasters.size(), 1u);
  EXPECT_EQ(rasters[0]["raster_id"], "ortho1");
  EXPECT_EQ(rasters[0]["name"], "quadrants");
  EXPECT_NEAR(rasters[0]["bbox"][0].get<double>(), 113.0, 1e-6);
  EXPECT_NEAR(rasters[0]["bbox"][3].get<double>(), 23.02, 1e-6);
  // 0.0001 degree is about 10 m: native zoom 14 (9.5 m a pixel at 23 N).
  EXPECT_EQ(rasters[0]["max_zoom"], 16);
  EXPECT_EQ(reply.body.find("ortho.tif"), std::string::npos) << reply.body;
}

TEST_F(PublishedApiTest, TilePixelsShowTheOrthomosaicAtTheRightPlace) {
  const int z = 15;
  for (const Quadrant& quadrant : ortho_quadrants()) {
    const TilePixel at = tile_pixel(quadrant.lon, quadrant.lat, z);
    const Reply tile = get_as("a1", tile_url(z, at));
    ASSERT_EQ(tile.status, 200) << tile_url(z, at) << ": " << tile.body;
    EXPECT_EQ(tile.header("Content-Type"), "image/png");
    const Rgba pixel = png_pixel(tile.body, at.col, at.row);
    // Bilinear resampling of flat colours: exact up to rounding.
    EXPECT_NEAR(pixel.r, quadrant.r, 2) << quadrant.lon << " " << quadrant.lat;
    EXPECT_NEAR(pixel.g, quadrant.g, 2) << quadrant.lon << " " << quadrant.lat;
    EXPECT_NEAR(pixel.b, quadrant.b, 2) << quadrant.lon << " " << quadrant.lat;
    EXPECT_EQ(pixel.a, 255);
  }
  // Outside the raster the same tile is transparent: 113.03 E is 0.01 degree east of it.
  const TilePixel east = tile_pixel(113.03, 23.01, z);
  const Reply beside = get_as("a1", tile_url(z, east));
  ASSERT_EQ(beside.status, 200);
  EXPECT_EQ(png_pixel(beside.body, east.col, east.row).a, 0);
  // A tile far away: transparent everywhere.
  const TilePixel far = tile_pixel(10.0, 50.0, z);
  const Reply away = get_as("a1", tile_url(z, far));
  ASSERT_EQ(away.status, 200);
  EXPECT_EQ(png_pixel(away.body, 128, 128).a, 0);
  // The second request of a tile is the cached one: the same bytes.
  const TilePixel first = tile_pixel(ortho_quadrants()[0].lon, ortho_quadrants()[0].lat, z);
  EXPECT_EQ(get_as("a1", tile_url(z, first)).body, get_as("a1", tile_url(z, first)).body);
}

TEST_F(PublishedApiTest, TilesOutOfRangeOrNotByIdAre404) {
  for (const std::string target :
       {"/api/tiles/ortho1/15/32768/0.png", "/api/tiles/ortho1/25/0/0.png",
        "/api/tiles/ortho1/-1/0/0.png", "/api/tiles/ortho1/3/1/2.jpg",
        "/api/tiles/ortho1/3/x/2.png", "/api/tiles/nope/3/1/2.png",
        "/api/tiles/..%2F..%2Fetc/3/1/2.png", "/api/tiles/ortho1/3/1/..%2F..%2Fortho.tif",
        "/api/tiles/ortho1/3/1/2.png/extra"}) {
    EXPECT_EQ(get_as("a1", target).status, 404) << target;
  }
  EXPECT_EQ(get("/api/tiles/ortho1/3/1/2.png").status, 401);
}

TEST_F(PublishedApiTest, PatrolsOfMyCellsWithTheirRouteAndGpx) {
  const Json mine = get_as("gm1", "/api/patrols").json();
  ASSERT_EQ(mine["patrols"].size(), 1u) << mine.dump();
  EXPECT_EQ(mine["patrols"][0]["patrol_id"], "P1");
  EXPECT_EQ(mine["patrols"][0]["stops"], 3);
  const Json plan = get_as("gm1", "/api/patrols/P1").json();
  ASSERT_EQ(plan["stops"].size(), 3u);
  EXPECT_EQ(plan["stops"][0]["properties"]["object_id"], "E1");
  EXPECT_EQ(plan["stops"][2]["properties"]["object_id"], "E4");
  ASSERT_EQ(plan["route"]["geometry"]["coordinates"].size(), 3u);
  EXPECT_NEAR(plan["route"]["geometry"]["coordinates"][1][0].get<double>(), 113.07, 1e-9);

  const Reply gpx = get_as("gm1", "/api/patrols/P1.gpx");
  ASSERT_EQ(gpx.status, 200) << gpx.body;
  EXPECT_EQ(gpx.header("Content-Type"), "application/gpx+xml");
  EXPECT_NE(gpx.header("Content-Disposition").find("P1.gpx"), std::string::npos);
  // Three waypoints in order, then the route; CGCS2000 and WGS 84 agree to centimetres.
  std::size_t waypoints = 0;
  for (std::size_t at = 0; (at = gpx.body.find("<wpt ", at)) != std::string::npos; ++at)
    ++waypoints;
  EXPECT_EQ(waypoints, 3u) << gpx.body;
  EXPECT_NE(gpx.body.find(R"(<wpt lat="23.05" lon="113.05">)"), std::string::npos) << gpx.body;
  EXPECT_LT(gpx.body.find("1 enterprise E1"), gpx.body.find("2 enterprise E3"));
  EXPECT_NE(gpx.body.find("<rte>"), std::string::npos);

  // Another cell's patrol: refused, route and GPX alike.
  EXPECT_EQ(get_as("gm1", "/api/patrols/P2").status, 403);
  EXPECT_EQ(get_as("gm1", "/api/patrols/P2.gpx").status, 403);
  EXPECT_EQ(get_as("admin", "/api/patrols/P2.gpx").status, 200);
  EXPECT_EQ(get_as("admin", "/api/patrols").json()["patrols"].size(), 2u);
  EXPECT_EQ(get_as("a1", "/api/patrols").status, 403);
  EXPECT_EQ(get_as("inv1", "/api/patrols/P1.gpx").status, 403);
  EXPECT_EQ(get_as("admin", "/api/patrols/P9").status, 404);
  EXPECT_EQ(get_as("admin", "/api/patrols/P9.gpx").status, 404);
}

}  // namespace
}  // namespace envgrid::test
