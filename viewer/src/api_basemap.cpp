// GET /api/basemap: the project's background map for the web app (null when
// none is set: the default, nothing leaves the machine), and
// GET /api/basemap/{z}/{x}/{y}.png|.jpg: a tile of a local folder, whose
// path is made of the folder and three numbers, never of request text.

#include <filesystem>

#include "api.hpp"
#include "query_params.hpp"
#include "stored_file.hpp"

namespace envgrid::viewer::detail {

namespace {

constexpr std::size_t max_tile_bytes = 4u << 20;

}  // namespace

Response get_basemap(ApiState& state, RequestContext& context) {
  const auto& basemap = state.shared.basemap;
  Json answer{{"basemap", Json()}};
  if (basemap) {
    const bool local = is_local_folder(*basemap);
    answer["basemap"] = {{"url", local ? "/api/basemap/{z}/{x}/{y}.png" : basemap->source},
                         {"local", local},
                         {"attribution", basemap->attribution},
                         {"max_zoom", basemap->max_zoom}};
  }
  return json_response(context.request, http::status::ok, answer);
}

Response get_basemap_tile(ApiState& state, RequestContext& context, const std::string& z,
                          const std::string& x, const std::string& y_png) {
  const auto& basemap = state.shared.basemap;
  if (!basemap || !is_local_folder(*basemap))
    throw HttpError(http::status::not_found, "the project has no local basemap");
  const std::size_t dot = y_png.find('.');
  const auto zi = tile_number(z), xi = tile_number(x), yi = tile_number(y_png.substr(0, dot));
  if (!zi || !xi || !yi || dot == std::string::npos || y_png.substr(dot) != ".png")
    throw HttpError(http::status::not_found, "no such tile");
  const auto folder =
      std::filesystem::path(basemap->source) / std::to_string(*zi) / std::to_string(*xi);
  const std::string stem = (folder / std::to_string(*yi)).string();
  // The folder's tiles are PNG or JPEG: the bytes say which.
  if (auto png = read_png_file(stem + ".png", max_tile_bytes)) {
    Response r = text_response(context.request, http::status::ok, std::move(*png), "image/png");
    r.set(http::field::cache_control, "private, max-age=86400");
    return r;
  }
  if (auto jpeg = read_jpeg_file(stem + ".jpg", max_tile_bytes)) {
    Response r = text_response(context.request, http::status::ok, std::move(*jpeg), "image/jpeg");
    r.set(http::field::cache_control, "private, max-age=86400");
    return r;
  }
  throw HttpError(http::status::not_found, "no such tile");
}

}  // namespace envgrid::viewer::detail
