// envgrid monitor bind PROJECT MN OUTFALL_ID [--kind wastewater|flue_gas]:
// binds a device to the outfall or stack it measures.

#include <iostream>

#include "envgrid/gis/error.hpp"
#include "envgrid/gis/store.hpp"
#include "envgrid/monitor/monitor_store.hpp"
#include "registry.hpp"

namespace envgrid::cli {
namespace {

int run_monitor_bind(const ParsedArgs& args) {
  if (args.positionals.size() != 3) gis::throw_usage_error("expected PROJECT MN OUTFALL_ID");
  const std::string kind = args.get_or("--kind", "wastewater");
  if (kind != "wastewater" && kind != "flue_gas") {
    gis::throw_usage_error("--kind must be wastewater or flue_gas, not '" + kind + "'");
  }
  gis::Store store = gis::Store::open(args.positionals[0], true);
  const monitor::MonitorBinding b =
      monitor::bind_monitor(store, args.positionals[1], args.positionals[2], kind);
  std::cout << "bound " << b.mn << " to outfall " << b.outfall_id << " of enterprise "
            << b.enterprise_id << " (" << b.kind << ")\n";
  return 0;
}

const CommandRegistrar registrar(Command{
    .path = "monitor bind",
    .summary = "bind an HJ 212 device (MN) to the outfall or stack it measures",
    .usage = "PROJECT MN OUTFALL_ID [--kind wastewater|flue_gas]",
    .options = {{"--kind", "", true, "wastewater (DEFAULT) or flue_gas"}},
    .run = run_monitor_bind,
});

}  // namespace
}  // namespace envgrid::cli
