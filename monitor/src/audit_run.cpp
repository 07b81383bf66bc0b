// The stored audit: series rules written back to online_readings, then alerts.

#include "envgrid/monitor/audit_run.hpp"

#include <tuple>

#include "envgrid/monitor/monitor_store.hpp"
#include "envgrid/monitor/utc_time.hpp"
#include "sql.hpp"

namespace envgrid::monitor {

namespace {

// The statistics a series is audited on and limits apply to; min, max and
// cumulative values follow their average's verdict in the standard's
// reports and are left as the device sent them.
constexpr const char* audited_statistics = "('rtd','avg','zs_rtd','zs_avg')";

struct Row {
  std::string key;
  std::string outfall_id;
  std::string enterprise_id;
  std::string unit;
  SeriesValue value;
};

using SeriesKey =
    std::tuple<std::string, std::string, std::string, std::string>;  // mn, parameter, statistic, cn

std::map<SeriesKey, std::vector<Row>> read_series(gis::Store& store) {
  std::map<SeriesKey, std::vector<Row>> series;
  sql::for_each_row(
      store,
      // fid + 0: an expression, as GDAL would take a plain fid column as the feature id.
      std::string(
          "SELECT fid + 0 AS arrival, reading_key, mn, parameter, statistic, cn, data_time, "
          "value, valid, reason, outfall_id, enterprise_id, unit FROM online_readings WHERE "
          "outfall_id "
          "IS NOT NULL AND statistic IN ") +
          audited_statistics + " ORDER BY data_time",
      [&](const OGRFeature& f) {
        Row row{sql::text(f, 1), sql::text(f, 10), sql::text(f, 11), sql::text(f, 12), {}};
        row.value.arrival = f.GetFieldAsInteger64(0);
        row.value.at = parse_utc(sql::text(f, 6));
        if (f.IsFieldSetAndNotNull(7)) row.value.value = f.GetFieldAsDouble(7);
        row.value.valid = f.GetFieldAsInteger(8) == 1;
        row.value.reason = sql::text(f, 9);
        series[{sql::text(f, 2), sql::text(f, 3), sql::text(f, 4), sql::text(f, 5)}].push_back(
            std::move(row));
      });
  return series;
}

void write_verdicts(gis::Store& store,
                    const std::map<std::string, std::vector<std::string>>& by_reason) {
  store.transaction([&] {
    for (const auto& [reason, keys] : by_reason) {
      for (std::size_t start = 0; start < keys.size(); start += 500) {
        std::string list;
        for (std::size_t i = start; i < std::min(keys.size(), start + 500); ++i) {
          list += (list.empty() ? "" : ",") + sql::quoted(keys[i]);
        }
        sql::run(store, "UPDATE online_readings SET valid = 0, reason = " + sql::quoted(reason) +
                            " WHERE reading_key IN (" + list + ")");
      }
    }
  });
}

}  // namespace

AuditReport run_audit(gis::Store& store, const SeriesAuditOptions& series_options,
                      const AlertOptions& alert_options) {
  AuditReport report;
  std::map<std::string, std::vector<std::string>> refused_by_reason;
  std::vector<LimitedValue> valid_values;
  for (auto& [key, rows] : read_series(store)) {
    const auto& [mn, parameter, statistic, cn] = key;
    std::vector<SeriesValue> values;
    values.reserve(rows.size());
    for (const auto& r : rows) values.push_back(r.value);
    SeriesSummary summary{mn,
                          parameter,
                          statistic,
                          cn,
                          rows.size(),
                          0,
                          audit_series(values, command_interval(cn), series_options)};
    for (std::size_t i = 0; i < rows.size(); ++i) {
      const auto refused = summary.audit.refused.find(i);
      if (refused != summary.audit.refused.end()) {
        refused_by_reason[refused->second].push_back(rows[i].key);
        ++report.newly_not_valid;
        continue;
      }
      if (!rows[i].value.valid || !rows[i].value.value) continue;
      ++summary.valid;
      valid_values.push_back({rows[i].outfall_id, rows[i].enterprise_id, mn, parameter, statistic,
                              rows[i].unit, rows[i].value.at, *rows[i].value.value});
    }
    report.series.push_back(std::move(summary));
  }
  if (!refused_by_reason.empty()) write_verdicts(store, refused_by_reason);
  const ReadingCounts counts = count_readings(store);
  report.values_valid = counts.valid;
  report.not_valid_reasons = counts.reasons;
  const std::vector<DischargeLimit> limits = read_limits(store);
  const std::vector<Episode> episodes = exceedance_episodes(valid_values, limits, alert_options);
  report.episodes = episodes.size();
  report.alerts = sync_alerts(store, episodes);
  return report;
}

}  // namespace envgrid::monitor
