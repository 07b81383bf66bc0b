// GET /api/rasters and GET /api/tiles/{raster_id}/{z}/{x}/{y}.png: the
// project's orthomosaics as XYZ tiles. The raster's file comes from its
// `rasters` row; the request only names the raster id and the tile.

#include <array>
#include <cmath>
#include <functional>
#include <mutex>
#include <optional>

#include "api.hpp"
#include "envgrid/imagery/flag_rows.hpp"
#include "envgrid/imagery/xyz_tile.hpp"
#include "query_params.hpp"

namespace envgrid::viewer::detail {

namespace {

// Ground metres of a Web Mercator pixel at zoom 0 on the equator
// (2 pi 6378137 / 256).
constexpr double zoom0_m_per_px = 156543.03392804097;
// Zoom levels below the raster's own resolution worth drawing: 4 levels is
// 16x down, 4096 source pixels for a 256 px tile (render_xyz_tile's limit).
constexpr int zoom_levels_below_native = 4;
constexpr int max_source_px = 4096;

// The zoom level whose pixels are about the raster's ground sample distance.
int native_zoom(double gsd_m, double latitude_deg) {
  if (!(gsd_m > 0)) return imagery::xyz_max_zoom;
  const double z = std::log2(zoom0_m_per_px * std::cos(latitude_deg * M_PI / 180) / gsd_m);
  return std::clamp(static_cast<int>(std::ceil(z)), 0, imagery::xyz_max_zoom);
}

// Held while a tile is rendered (chosen by a hash of its key): requests for
// a tile being rendered wait for it instead of rendering it again.
std::mutex& render_lock(const std::string& key) {
  static std::array<std::mutex, 16> locks;
  return locks[std::hash<std::string>{}(key) % locks.size()];
}

struct PublishedRaster {
  std::string file, created_at;
};

// The raster's row, remembered per store version (a tile request then does
// not query the store).
std::optional<PublishedRaster> find_raster(ApiState& state, const std::string& raster_id) {
  const std::string key =
      "raster|" + std::to_string(state.shared.version.current()) + "|" + raster_id;
  if (ByteCache::Value known = state.shared.answers.find(key)) {
    if (known->empty()) return std::nullopt;
    const std::size_t newline = known->find('\n');
    return PublishedRaster{known->substr(0, newline), known->substr(newline + 1)};
  }
  gis::FeaturePtr row = imagery::find_raster(state.store, raster_id);
  std::optional<PublishedRaster> raster;
  if (row)
    raster = PublishedRaster{row->GetFieldAsString("file"), row->GetFieldAsString("created_at")};
  state.shared.answers.put(key, std::make_shared<const std::string>(
                                    raster ? raster->file + "\n" + raster->created_at : ""));
  return raster;
}

}  // namespace

Response get_rasters(ApiState& state, RequestContext& context) {
  (void)require_scope(context, Action::read_context);
  Json rasters = Json::array();
  imagery::for_each_raster(state.store, [&](OGRFeature& raster) {
    OGREnvelope box;
    if (const OGRGeometry* footprint = raster.GetGeometryRef()) footprint->getEnvelope(&box);
    const int zoom = native_zoom(raster.GetFieldAsDouble("gsd_m"), (box.MinY + box.MaxY) / 2);
    const std::string id = raster.GetFieldAsString("raster_id");
    // The file path and CRS stay on the server.
    rasters.push_back({{"raster_id", id},
                       {"name", raster.GetFieldAsString("name")},
                       {"bbox", {box.MinX, box.MinY, box.MaxX, box.MaxY}},
                       {"gsd_m", raster.GetFieldAsDouble("gsd_m")},
                       {"min_zoom", std::max(0, zoom - zoom_levels_below_native)},
                       {"max_zoom", std::min(imagery::xyz_max_zoom, zoom + 2)},
                       {"created_at", raster.GetFieldAsString("created_at")},
                       {"tiles", "/api/tiles/" + id + "/{z}/{x}/{y}.png"}});
  });
  return json_response(context.request, http::status::ok, {{"rasters", std::move(rasters)}});
}

Response get_tile(ApiState& state, RequestContext& context, const std::string& raster_id,
                  const std::string& z, const std::string& x, const std::string& y_png) {
  (void)require_scope(context, Action::read_context);
  const std::string suffix = ".png";
  const bool png = y_png.size() > suffix.size() &&
                   y_png.compare(y_png.size() - suffix.size(), suffix.size(), suffix) == 0;
  const auto tz = tile_number(z), tx = tile_number(x);
  const auto ty = png ? tile_number(y_png.substr(0, y_png.size() - suffix.size())) : std::nullopt;
  if (!tz || !tx || !ty || !imagery::valid_xyz_tile({*tz, *tx, *ty})) {
    throw HttpError(http::status::not_found, "no such tile");
  }
  const std::optional<PublishedRaster> raster = find_raster(state, raster_id);
  if (!raster) throw HttpError(http::status::not_found, "no raster '" + raster_id + "'");
  // Publishing the raster again (a new created_at) gives new tiles.
  const std::string key =
      raster_id + "|" + raster->created_at + "|" + z + "/" + x + "/" + std::to_string(*ty);
  ByteCache::Value tile = state.shared.tiles.find(key);
  if (!tile) {
    std::mutex& lock = render_lock(key);
    const std::lock_guard rendering(lock);
    tile = state.shared.tiles.find(key);  // rendered meanwhile by another request
    if (!tile) {
      auto rendered = imagery::render_xyz_tile(raster->file, {*tz, *tx, *ty}, max_source_px);
      tile = rendered ? std::make_shared<const std::string>(std::move(*rendered))
                      : std::make_shared<const std::string>(imagery::transparent_xyz_tile());
      state.shared.tiles.put(key, tile);
    }
  }
  Response response = text_response(context.request, http::status::ok, *tile, "image/png");
  response.set(http::field::cache_control, "private, max-age=300");
  return response;
}

}  // namespace envgrid::viewer::detail
