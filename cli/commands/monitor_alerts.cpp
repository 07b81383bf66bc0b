// envgrid monitor alerts PROJECT [--cell C] [--status S]
//   [--acknowledge ID | --close ID --note TEXT --user NAME]:
// lists exceedance alerts (those a cell's managers must see with --cell), or
// acknowledges or closes one with a note (kept in alert_events).

#include <iostream>

#include "envgrid/gis/error.hpp"
#include "envgrid/gis/store.hpp"
#include "envgrid/gis/text.hpp"
#include "envgrid/monitor/alert_store.hpp"
#include "registry.hpp"

namespace envgrid::cli {
namespace {

void print_alert(const monitor::StoredAlert& a) {
  std::cout << a.alert_id << "\t" << a.level << "\t" << a.status << "\t" << a.enterprise_id << "\t"
            << a.outfall_id << "\t" << a.mn << "\t" << a.parameter << "\t" << a.first_at << "\t"
            << a.last_at << "\t" << a.exceedance_count << "\t" << a.max_value << "\t"
            << a.limit_value << "\t" << a.unit << "\t" << a.cell_id << "\t"
            << gis::join(a.audience, ">") << "\n";
}

int change_status(gis::Store& store, const ParsedArgs& args, const std::string& id,
                  const std::string& status) {
  const monitor::StoredAlert a = monitor::change_alert_status(
      store, id, status, args.require("--user"), args.get_or("--note", ""));
  std::cout << a.alert_id << " " << a.status << "\n";
  for (const auto& e : monitor::read_alert_events(store, id)) {
    std::cout << "event\t" << e.at << "\t" << e.user_name << "\t" << e.old_status << "\t"
              << e.new_status << "\t" << e.level << "\t" << e.note << "\n";
  }
  return 0;
}

int run_monitor_alerts(const ParsedArgs& args) {
  if (args.positionals.size() != 1) gis::throw_usage_error("expected one PROJECT");
  if (args.has("--acknowledge") && args.has("--close")) {
    gis::throw_usage_error("--acknowledge and --close go one at a time");
  }
  gis::Store store = gis::Store::open(args.positionals[0], true);
  if (auto id = args.get("--acknowledge")) return change_status(store, args, *id, "acknowledged");
  if (auto id = args.get("--close")) return change_status(store, args, *id, "closed");
  const monitor::AlertFilter filter{args.get_or("--cell", ""), args.get_or("--status", "")};
  std::cout << "alert_id\tlevel\tstatus\tenterprise_id\toutfall_id\tmn\tparameter\tfirst_at\t"
               "last_at\texceedances\tmax_value\tlimit_value\tunit\tcell_id\taudience\n";
  for (const auto& a : monitor::read_alerts(store, filter)) print_alert(a);
  return 0;
}

const CommandRegistrar registrar(Command{
    .path = "monitor alerts",
    .summary = "list exceedance alerts (by cell, status), or acknowledge / close one with a note",
    .usage = "PROJECT [--cell CELL] [--status open|acknowledged|closed] "
             "[--acknowledge ALERT_ID | --close ALERT_ID --note TEXT --user NAME]",
    .options = {{"--cell", "", true,
                 "only alerts this cell's managers must see (the cell or one below it)"},
                {"--status", "", true, "only alerts with this status"},
                {"--acknowledge", "", true, "acknowledge this alert"},
                {"--close", "", true, "close this alert"},
                {"--note", "", true, "why (required with --acknowledge and --close)"},
                {"--user", "", true, "who (required with --acknowledge and --close)"}},
    .run = run_monitor_alerts,
});

}  // namespace
}  // namespace envgrid::cli
