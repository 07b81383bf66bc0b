// envgrid hydro snap: sections and outfalls of a project store onto the
// nearest reach of its network (reach_id, measure), in one transaction, with
// near-ties and unsnapped points reported.

#include <iomanip>
#include <iostream>
#include <sstream>

#include "envgrid/gis/error.hpp"
#include "envgrid/gis/log.hpp"
#include "envgrid/hydro/reach_io.hpp"
#include "envgrid/hydro/snap_store.hpp"
#include "registry.hpp"

namespace envgrid::cli {

namespace {

std::vector<std::string> layer_list(const std::string& text) {
  std::vector<std::string> layers;
  std::istringstream in(text);
  for (std::string name; std::getline(in, name, ',');) {
    if (!name.empty()) layers.push_back(name);
  }
  if (layers.empty()) gis::throw_usage_error("--layers names no layer");
  return layers;
}

hydro::SnapOptions snap_options(const ParsedArgs& args) {
  hydro::SnapOptions o;
  o.max_distance_m = args.get_double("--max-distance-m").value_or(o.max_distance_m);
  o.tie_margin_m = args.get_double("--tie-margin-m").value_or(o.tie_margin_m);
  if (o.max_distance_m < 0 || o.tie_margin_m < 0)
    gis::throw_usage_error("--max-distance-m and --tie-margin-m must not be negative");
  return o;
}

std::string candidate_text(const hydro::Network& net, const hydro::SnapCandidate& c) {
  std::ostringstream out;
  out << std::fixed << std::setprecision(1) << "reach " << net.reaches[c.reach].id << " at "
      << c.distance_m << " m (measure " << c.measure << ")";
  return out.str();
}

// One summary line per layer, then one line per near-tie and unsnapped point
// (docs/cli/hydro-snap.md). Returns the count of reported points.
std::size_t print_report(const hydro::Network& net, const std::string& layer,
                         const std::vector<hydro::PointSnap>& snaps, double max_distance_m,
                         std::ostream& out) {
  std::size_t snapped = 0, ties = 0, unsnapped = 0;
  std::ostringstream details;
  for (const auto& s : snaps) {
    if (!s.result.nearest) {
      ++unsnapped;
      details << "unsnapped " << layer << " " << s.id << ": "
              << (s.has_point ? "no reach within " +
                                    std::to_string(static_cast<long>(max_distance_m)) + " m"
                              : std::string("no point geometry"))
              << "\n";
      continue;
    }
    ++snapped;
    if (s.result.tie) {
      ++ties;
      details << "tie " << layer << " " << s.id << ": " << candidate_text(net, *s.result.nearest)
              << ", " << candidate_text(net, *s.result.tie) << "\n";
    }
  }
  out << layer << " " << snaps.size() << " snapped " << snapped << " ties " << ties << " unsnapped "
      << unsnapped << "\n"
      << details.str();
  return ties + unsnapped;
}

int run(const ParsedArgs& args) {
  if (args.positionals.size() != 1) gis::throw_usage_error("give one PROJECT");
  const std::string project = args.positionals[0];
  const auto layers = layer_list(args.get_or("--layers", "sections,outfalls"));
  const hydro::SnapOptions options = snap_options(args);
  const hydro::Network net = hydro::load_network(project);
  if (net.reaches.empty()) {
    gis::throw_input_error("the store has no reaches: run `envgrid hydro build` first",
                           {.step = "hydro snap", .dataset = project, .layer = "reaches"});
  }
  const hydro::Snapper snapper(net, options);
  gis::log_info("distances in " + snapper.metric_crs_description());
  gis::Store store = gis::Store::open(project, true);
  std::vector<std::vector<hydro::PointSnap>> per_layer;
  per_layer.reserve(layers.size());
  for (const auto& layer : layers)
    per_layer.push_back(hydro::snap_layer_points(store, layer, snapper));
  store.transaction([&] {
    for (const auto& snaps : per_layer) hydro::write_point_snaps(store, net, snaps);
  });
  std::size_t reported = 0;
  for (std::size_t k = 0; k < layers.size(); ++k)
    reported += print_report(net, layers[k], per_layer[k], options.max_distance_m, std::cout);
  return reported == 0 ? 0 : 1;
}

const CommandRegistrar registrar{Command{
    "hydro snap",
    "snap sections and outfalls to the nearest reach (reach_id, measure)",
    "PROJECT [--layers sections,outfalls] [--max-distance-m 500] [--tie-margin-m 10]",
    {
        {"--layers", "", true, "comma-separated store layers to snap (DEFAULT: sections,outfalls)"},
        {"--max-distance-m", "", true, "farthest reach to snap to, metres (DEFAULT: 500)"},
        {"--tie-margin-m", "", true,
         "a second reach within this many metres of the nearest is a near-tie (DEFAULT: 10)"},
    },
    run}};

}  // namespace

}  // namespace envgrid::cli
