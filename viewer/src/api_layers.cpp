// GET /api/layers/{layer}?bbox=minx,miny,maxx,maxy: a store layer as GeoJSON.
// The layer name is looked up in a fixed list: it never names a file or table
// the list does not hold (users and sessions are not in it).

#include <array>

#include "api.hpp"
#include "envgrid/viewer/routes.hpp"
#include "geojson.hpp"
#include "query_params.hpp"

namespace envgrid::viewer::detail {

namespace {

struct LayerAccess {
  const char* layer;
  Action action;
  bool scoped_by_cell;  // grid managers see only their cells' features
};

constexpr std::array<LayerAccess, 9> map_layers{{
    {"cells", Action::read_context, false},
    {"reaches", Action::read_context, false},
    {"sections", Action::read_context, false},
    {"flags", Action::read_flags, true},
    {"enterprises", Action::read_enterprises, true},
    {"outfalls", Action::read_enterprises, true},
    {"patrols", Action::read_patrols, true},
    {"traces", Action::read_traces, false},
    {"suspects", Action::read_traces, false},
}};

// Keeps one response small enough for a browser; the map asks by bbox.
constexpr std::size_t max_features = 20000;

const LayerAccess* find_layer(const std::string& name) {
  for (const auto& entry : map_layers) {
    if (name == entry.layer) return &entry;
  }
  return nullptr;
}

}  // namespace

Response get_layer(ApiState& state, RequestContext& context, const std::string& name) {
  const LayerAccess* access = find_layer(name);
  if (!access) throw HttpError(http::status::not_found, "no map layer '" + name + "'");
  const Scope scope = require_scope(context, access->action);
  const auto bbox = query_bbox(context);
  if (!state.store.has_layer(access->layer))
    throw HttpError(http::status::not_found, "the store has no layer '" + name + "'");

  return cached_answer(state, context, "application/geo+json", [&] {
    std::string body = R"({"type":"FeatureCollection","name":")" + name + R"(","features":[)";
    std::size_t count = 0;
    bool truncated = false;
    gis::for_each_row_in(state.store, access->layer, bbox, [&](OGRFeature& feature) {
      if (access->scoped_by_cell &&
          !cell_in_scope(*context.user, scope, feature.GetFieldAsString("cell_id"))) {
        return;
      }
      if (count == max_features) {
        truncated = true;
        return;
      }
      body += (count++ ? "," : "") + feature_geojson(feature);
    });
    return body + R"(],"truncated":)" + std::string(truncated ? "true" : "false") + "}";
  });
}

}  // namespace envgrid::viewer::detail

namespace envgrid::viewer {

std::vector<MapLayerInfo> map_layer_actions() {
  std::vector<MapLayerInfo> layers;
  layers.reserve(std::size(detail::map_layers));
  for (const auto& entry : detail::map_layers) {
    layers.push_back({entry.layer, entry.action, entry.scoped_by_cell});
  }
  return layers;
}

}  // namespace envgrid::viewer
