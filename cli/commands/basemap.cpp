// envgrid basemap PROJECT [SOURCE] [--attribution TEXT] [--max-zoom N] [--off]:
// shows, sets or removes the project's background map (docs/viewer.md,
// "Basemap"). The viewer reads it when it starts.

#include <iostream>

#include "envgrid/gis/error.hpp"
#include "envgrid/viewer/basemap.hpp"
#include "registry.hpp"

namespace envgrid::cli {
namespace {

void show(const std::optional<viewer::Basemap>& basemap) {
  if (!basemap) {
    std::cout << "basemap\tnone (no tile leaves the machine)\n";
    return;
  }
  std::cout << "basemap\t" << basemap->source << "\nkind\t"
            << (viewer::is_local_folder(*basemap) ? "local folder (served by the viewer)"
                                                  : "remote tiles")
            << "\nattribution\t" << basemap->attribution << "\nmax_zoom\t" << basemap->max_zoom
            << "\n";
  for (const auto& origin : viewer::basemap_origins(*basemap))
    std::cout << "csp_img_src\t" << origin << "\n";
}

int run(const ParsedArgs& args) {
  if (args.positionals.empty() || args.positionals.size() > 2)
    gis::throw_usage_error("expected PROJECT [SOURCE]");
  const bool off = args.has("--off");
  if (off && args.positionals.size() == 2) gis::throw_usage_error("give SOURCE or --off, not both");
  gis::Store store = gis::Store::open(args.positionals[0], args.positionals.size() == 2 || off);
  if (off) {
    viewer::write_basemap(store, std::nullopt);
  } else if (args.positionals.size() == 2) {
    const long long zoom = args.get_int("--max-zoom").value_or(18);
    viewer::write_basemap(
        store, viewer::make_basemap(args.positionals[1], args.get_or("--attribution", ""),
                                    static_cast<int>(zoom)));
  }
  show(viewer::read_basemap(store));
  return 0;
}

const CommandRegistrar registrar(Command{
    .path = "basemap",
    .summary = "show, set or remove the project's background map (XYZ/WMTS URL or tile folder)",
    .usage = "PROJECT [URL_TEMPLATE | FOLDER] [--attribution TEXT] [--max-zoom 18] [--off]",
    .options = {{"--attribution", "", true, "credit shown on the map, e.g. 天地图"},
                {"--max-zoom", "", true, "deepest zoom the tiles exist for (DEFAULT: 18)"},
                {"--off", "", false, "remove the basemap (the default: none)"}},
    .run = run,
});

}  // namespace
}  // namespace envgrid::cli
