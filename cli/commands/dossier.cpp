// envgrid dossier PROJECT --enterprise ID -o FILE.html: an enterprise's
// whole file (一厂一档) as one self-contained HTML file, the same the viewer
// exports (GET /api/enterprises/{id}/dossier?format=html), read as an admin.

#include <iostream>

#include "envgrid/gis/atomic_file.hpp"
#include "envgrid/gis/error.hpp"
#include "envgrid/viewer/dossier.hpp"
#include "registry.hpp"

namespace envgrid::cli {
namespace {

int run(const ParsedArgs& args) {
  if (args.positionals.size() != 1) gis::throw_usage_error("expected PROJECT");
  const std::string enterprise_id = args.require("--enterprise");
  const std::string output = args.require("--output");
  gis::Store store = gis::Store::open(args.positionals[0], false);
  // The project's owner at the command line sees the whole file.
  const viewer::User reader{.user_name = "envgrid", .role = viewer::Role::admin};
  const auto html = viewer::dossier_html(store, enterprise_id, reader);
  if (!html) {
    gis::throw_input_error("no enterprise " + enterprise_id, {.dataset = store.location()});
  }
  gis::write_file_atomically(output, *html);
  std::cout << "dossier of " << enterprise_id << ": " << output << " (" << html->size()
            << " bytes)\n";
  return 0;
}

const CommandRegistrar registrar(Command{
    .path = "dossier",
    .summary = "write an enterprise's dossier (一厂一档) as one self-contained HTML file",
    .usage = "PROJECT --enterprise ID --output FILE.html",
    .options = {{"--enterprise", "", true, "the enterprise (enterprises.enterprise_id)"},
                {"--output", "-o", true, "the HTML file to write (replaced atomically)"}},
    .run = run,
});

}  // namespace
}  // namespace envgrid::cli
