// summarize_readings_of: an enterprise's online data in a few lines, one per
// outfall, device, parameter, statistic and unit, counted by the database.

#include <algorithm>
#include <tuple>

#include "envgrid/gis/store_tables.hpp"
#include "envgrid/monitor/monitor_store.hpp"
#include "envgrid/monitor/utc_time.hpp"
#include "sql.hpp"

namespace envgrid::monitor {

namespace {

std::optional<double> real_or_none(const OGRFeature& f, int index) {
  if (!f.IsFieldSetAndNotNull(index)) return std::nullopt;
  return f.GetFieldAsDouble(index);
}

// GeoPackage keeps text, PostgreSQL a timestamptz that GDAL writes as
// "2026/12/01 02:00:00+00": both come back as ISO 8601 UTC (a text that is
// neither, as it is).
std::string iso_of(const OGRFeature& f, int index) {
  std::string text = sql::text(f, index);
  if (text.size() < 19) return text;
  std::replace(text.begin(), text.begin() + 10, '/', '-');
  if (text[10] == ' ') text[10] = 'T';
  const auto at = parse_utc(text);
  return at == std::chrono::system_clock::time_point{} ? text : iso_utc(at);
}

}  // namespace

std::vector<ReadingSummary> summarize_readings_of(gis::Store& store,
                                                  const std::string& enterprise_id) {
  std::vector<ReadingSummary> rows;
  if (!gis::find_store_layer(store, "online_readings")) return rows;
  const std::string valid_value = "CASE WHEN valid = 1 THEN value END";
  sql::for_each_row(
      store,
      "SELECT outfall_id, mn, parameter, statistic, unit, COUNT(*), "
      "SUM(CASE WHEN valid = 1 THEN 1 ELSE 0 END), MIN(data_time), MAX(data_time), MIN(" +
          valid_value + "), MAX(" + valid_value + "), AVG(" + valid_value +
          ") FROM online_readings WHERE enterprise_id = " + sql::quoted(enterprise_id) +
          " GROUP BY outfall_id, mn, parameter, statistic, unit",
      [&](const OGRFeature& f) {
        rows.push_back({sql::text(f, 0), sql::text(f, 1), sql::text(f, 2), sql::text(f, 3),
                        sql::text(f, 4), static_cast<std::size_t>(f.GetFieldAsInteger64(5)),
                        static_cast<std::size_t>(f.GetFieldAsInteger64(6)), iso_of(f, 7),
                        iso_of(f, 8), real_or_none(f, 9), real_or_none(f, 10),
                        real_or_none(f, 11)});
      });
  std::sort(rows.begin(), rows.end(), [](const ReadingSummary& a, const ReadingSummary& b) {
    return std::tie(a.outfall_id, a.parameter, a.statistic, a.mn) <
           std::tie(b.outfall_id, b.parameter, b.statistic, b.mn);
  });
  return rows;
}

}  // namespace envgrid::monitor
