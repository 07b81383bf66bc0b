#pragma once
// The project's optional background map (docs/viewer.md, "Basemap"): an XYZ
// or WMTS tile URL template (Tianditu with the agency's key, say) or a
// local folder of tiles the viewer serves itself. Off by default: with none
// set, no request leaves the machine. Kept in the store (envgrid_metadata
// key `basemap`), set with `envgrid basemap`, read when the viewer starts.

#include <optional>
#include <string>
#include <vector>

#include "envgrid/gis/store.hpp"

namespace envgrid::viewer {

struct Basemap {
  // https://host/.../{z}/{x}/{y}.png (WMTS {TileMatrix}/{TileRow}/{TileCol}
  // are taken as {z}/{y}/{x}), or the absolute path of a folder Z/X/Y.png|jpg.
  std::string source;
  std::string attribution;
  int max_zoom = 18;
};

// Checks and normalises a basemap; throws Error(usage) saying why it cannot
// be one (no {z}/{x}/{y}, a host a CSP cannot name, a folder that is not
// there, a zoom outside 0-24).
[[nodiscard]] Basemap make_basemap(const std::string& source, const std::string& attribution,
                                   int max_zoom);
[[nodiscard]] bool is_local_folder(const Basemap& basemap);
// The origins the browser fetches tiles from ("https://t0.tianditu.gov.cn",
// one per host a {0-7} or {a-c} in the host stands for); none for a local
// folder, whose tiles come from the viewer itself.
[[nodiscard]] std::vector<std::string> basemap_origins(const Basemap& basemap);

[[nodiscard]] std::optional<Basemap> read_basemap(gis::Store& store);
// nullopt: no basemap (the default).
void write_basemap(gis::Store& store, const std::optional<Basemap>& basemap);

}  // namespace envgrid::viewer
