// valid_values_against_limits: only values the audit kept valid count as
// evidence (issue #15: "Only valid data feeds exceedances and anything
// computed from them").

#include "envgrid/monitor/limited_readings.hpp"

#include <algorithm>
#include <chrono>

#include "envgrid/gis/store_tables.hpp"
#include "envgrid/monitor/alert_store.hpp"
#include "envgrid/monitor/utc_time.hpp"
#include "sql.hpp"

namespace envgrid::monitor {

std::vector<ValueAgainstLimit> valid_values_against_limits(gis::Store& store,
                                                           const std::string& parameter,
                                                           std::int64_t from_s, std::int64_t to_s) {
  using std::chrono::seconds;
  const std::chrono::system_clock::time_point from{seconds(from_s)};
  const std::chrono::system_clock::time_point to{seconds(to_s)};
  std::vector<ValueAgainstLimit> found;
  if (!gis::find_store_layer(store, "online_readings")) return found;
  const std::vector<DischargeLimit> limits = read_limits(store);
  if (limits.empty()) return found;
  // A day early and as a date: only narrows the scan, whatever the backend's
  // text form of a time (GeoPackage text, PostgreSQL timestamptz); the exact
  // window is checked below.
  sql::for_each_row(
      store,
      "SELECT outfall_id, enterprise_id, mn, parameter, statistic, unit, data_time, value FROM "
      "online_readings WHERE valid = 1 AND value IS NOT NULL AND outfall_id IS NOT NULL AND "
      "parameter = " +
          sql::quoted(parameter) +
          " AND data_time >= " + sql::quoted(iso_utc(from - std::chrono::hours(24)).substr(0, 10)),
      [&](const OGRFeature& f) {
        LimitedValue v{sql::text(f, 0),
                       sql::text(f, 1),
                       sql::text(f, 2),
                       sql::text(f, 3),
                       sql::text(f, 4),
                       sql::text(f, 5),
                       parse_utc(sql::text(f, 6)),
                       f.GetFieldAsDouble(7)};
        if (v.at < from || v.at > to) return;
        if (const DischargeLimit* limit = limit_of(v, limits)) {
          found.push_back({v.outfall_id, v.mn, v.statistic, v.unit, iso_utc(v.at),
                           std::chrono::duration_cast<seconds>(v.at.time_since_epoch()).count(),
                           v.value, limit->limit_value});
        }
      });
  std::sort(found.begin(), found.end(),
            [](const auto& a, const auto& b) { return a.time_s < b.time_s; });
  return found;
}

}  // namespace envgrid::monitor
