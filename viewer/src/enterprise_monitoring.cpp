// An enterprise's alerts and online data through the monitor library's typed
// queries: the "alerts, online data" of a field task's history and of the
// dossier (issue #16 sections 3 and 4).

#include "alert_json.hpp"
#include "dossier.hpp"
#include "envgrid/monitor/monitor_store.hpp"

namespace envgrid::viewer::detail {

namespace {

Json optional_number(const std::optional<double>& value) { return value ? Json(*value) : Json(); }

}  // namespace

Json enterprise_alerts(gis::Store& store, const User& reader, const std::string& enterprise_id) {
  const Scope scope = scope_for(reader.role, Action::read_alerts);
  if (scope == Scope::none) return Json();
  monitor::AlertFilter filter;
  filter.enterprise_id = enterprise_id;
  Json list = Json::array();
  for (const auto& alert : monitor::read_alerts(store, filter)) {
    // The same rule as GET /api/alerts: an alert is for its cell's audience.
    if (scope == Scope::own_cells && !monitor::alert_seen_from(alert, reader.cells)) continue;
    list.push_back(alert_json(store, alert));
  }
  return list;
}

Json enterprise_online(gis::Store& store, const std::string& enterprise_id) {
  Json rows = Json::array();
  for (const auto& r : monitor::summarize_readings_of(store, enterprise_id)) {
    rows.push_back({{"outfall_id", r.outfall_id},
                    {"mn", r.mn},
                    {"parameter", r.parameter},
                    {"statistic", r.statistic},
                    {"unit", r.unit},
                    {"values", r.values},
                    {"valid", r.valid},
                    {"first_at", r.first_at},
                    {"last_at", r.last_at},
                    {"min", optional_number(r.min)},
                    {"max", optional_number(r.max)},
                    {"mean", optional_number(r.mean)}});
  }
  return rows;
}

}  // namespace envgrid::viewer::detail
