// The project's basemap: checked once when set, so the viewer's CSP can name
// exactly the hosts its tiles come from.

#include "envgrid/viewer/basemap.hpp"

#include <filesystem>
#include <nlohmann/json.hpp>
#include <regex>

#include "envgrid/gis/error.hpp"

namespace envgrid::viewer {

namespace {

constexpr const char* metadata_key = "basemap";

void replace_all(std::string& text, const std::string& from, const std::string& to) {
  for (std::size_t at = text.find(from); at != std::string::npos; at = text.find(from, at))
    text.replace(at, from.size(), to), at += to.size();
}

bool is_remote(const std::string& source) {
  return source.rfind("https://", 0) == 0 || source.rfind("http://", 0) == 0;
}

// scheme://host[:port] and the host pattern, which may hold one {0-7} or {a-c}.
const std::regex& origin_pattern() {
  static const std::regex pattern(
      R"(^(https?)://([A-Za-z0-9.-]*(\{[0-9a-z]-[0-9a-z]\})?[A-Za-z0-9.-]*)(:[0-9]{1,5})?/)");
  return pattern;
}

Basemap remote_basemap(std::string url) {
  replace_all(url, "{TileMatrix}", "{z}");
  replace_all(url, "{TileRow}", "{y}");
  replace_all(url, "{TileCol}", "{x}");
  std::smatch parts;
  if (!std::regex_search(url, parts, origin_pattern()) || parts[2].length() == 0) {
    gis::throw_usage_error("basemap: '" + url +
                           "' has no plain host (letters, digits, '.', '-', one {0-7})");
  }
  for (const char* placeholder : {"{z}", "{x}", "{y}"}) {
    if (url.find(placeholder) == std::string::npos)
      gis::throw_usage_error(std::string("basemap: the URL template needs ") + placeholder);
  }
  // Nothing that would end a CSP source list or an attribute.
  if (url.find_first_of(" \t\r\n;,'\"<>\\") != std::string::npos)
    gis::throw_usage_error("basemap: the URL holds a space, quote, ';' or ','");
  return {url, "", 18};
}

}  // namespace

Basemap make_basemap(const std::string& source, const std::string& attribution, int max_zoom) {
  if (max_zoom < 0 || max_zoom > 24) gis::throw_usage_error("basemap: --max-zoom must be 0-24");
  Basemap basemap;
  if (is_remote(source)) {
    basemap = remote_basemap(source);
  } else {
    if (!std::filesystem::is_directory(source))
      gis::throw_usage_error("basemap: '" + source + "' is neither an http(s) URL nor a folder");
    basemap.source = std::filesystem::absolute(source).lexically_normal().string();
  }
  basemap.attribution = attribution;
  basemap.max_zoom = max_zoom;
  return basemap;
}

bool is_local_folder(const Basemap& basemap) { return !is_remote(basemap.source); }

std::vector<std::string> basemap_origins(const Basemap& basemap) {
  std::smatch parts;
  if (is_local_folder(basemap) || !std::regex_search(basemap.source, parts, origin_pattern()))
    return {};
  const std::string host = parts[2], range = parts[3], port = parts[4];
  std::vector<std::string> origins;
  if (range.empty()) return {parts[1].str() + "://" + host + port};
  for (char c = range[1]; c <= range[3]; ++c) {
    std::string one = host;
    replace_all(one, range, std::string(1, c));
    origins.push_back(parts[1].str() + "://" + one + port);
  }
  return origins;
}

std::optional<Basemap> read_basemap(gis::Store& store) {
  const auto text = store.metadata(metadata_key);
  if (!text) return std::nullopt;
  const auto j = nlohmann::json::parse(*text, nullptr, false);
  if (!j.is_object() || !j.contains("source")) return std::nullopt;
  return Basemap{j.value("source", ""), j.value("attribution", ""), j.value("max_zoom", 18)};
}

void write_basemap(gis::Store& store, const std::optional<Basemap>& basemap) {
  if (!basemap) return store.set_metadata(metadata_key, std::nullopt);
  store.set_metadata(metadata_key, nlohmann::json{{"source", basemap->source},
                                                  {"attribution", basemap->attribution},
                                                  {"max_zoom", basemap->max_zoom}}
                                       .dump());
}

}  // namespace envgrid::viewer
