// envgrid monitor audit PROJECT: the series validity rules over the stored
// online values, then exceedances of the valid ones into alerts; prints the
// audit summary.

#include <iostream>

#include "envgrid/gis/error.hpp"
#include "envgrid/gis/store.hpp"
#include "envgrid/monitor/audit_run.hpp"
#include "envgrid/monitor/monitor_store.hpp"
#include "registry.hpp"

namespace envgrid::cli {
namespace {

int run_monitor_audit(const ParsedArgs& args) {
  if (args.positionals.size() != 1) gis::throw_usage_error("expected one PROJECT");
  gis::Store store = gis::Store::open(args.positionals[0], true);
  const monitor::AuditReport r = monitor::run_audit(store);
  std::cout << "series mn parameter statistic cn values valid out_of_order missing_intervals days "
               "days_short_of_valid_hours\n";
  for (const auto& s : r.series) {
    std::cout << "series " << s.mn << " " << s.parameter << " " << s.statistic << " " << s.cn << " "
              << s.values << " " << s.valid << " " << s.audit.out_of_order << " "
              << s.audit.missing_intervals << " " << s.audit.days << " "
              << s.audit.days_short_of_valid_hours << "\n";
  }
  std::cout << "values_valid " << r.values_valid << "\n";
  for (const auto& [reason, count] : r.not_valid_reasons) {
    std::cout << "not_valid " << count << " " << reason << "\n";
  }
  std::cout << "newly_not_valid " << r.newly_not_valid << "\nexceedance_episodes " << r.episodes
            << "\nalerts_raised " << r.alerts.raised << "\nalerts_escalated " << r.alerts.escalated
            << "\nalerts_updated " << r.alerts.updated << "\n";
  for (const auto& unknown : monitor::read_unknown_monitors(store)) {
    std::cout << "unknown_mn " << unknown.mn << " " << unknown.packets
              << " packets kept aside since " << unknown.first_received_at << "\n";
  }
  return 0;
}

const CommandRegistrar registrar(Command{
    .path = "monitor audit",
    .summary = "validity audit of the stored online values, exceedances into alerts",
    .usage = "PROJECT",
    .options = {},
    .run = run_monitor_audit,
});

}  // namespace
}  // namespace envgrid::cli
