// The monitoring layers: bindings, readings (the database refusing
// duplicates: a prepared statement on a GeoPackage, bulk SQL through GDAL on
// PostGIS), packets kept aside.

#include "envgrid/monitor/monitor_store.hpp"

#include <cstdio>
#include <unordered_set>

#include "envgrid/gis/error.hpp"
#include "envgrid/gis/log.hpp"
#include "envgrid/gis/prepared_insert.hpp"
#include "envgrid/gis/store_tables.hpp"
#include "sql.hpp"

namespace envgrid::monitor {

namespace {

using gis::PreparedInsert;
using gis::SqlCell;
using sql::nullable;
using sql::quoted;

// Rows per INSERT statement: long enough to amortize the statement, short
// enough for SQLite's default limits (999 variables do not apply: literals).
constexpr std::size_t rows_per_statement = 200;

const std::string reading_columns =
    "(reading_key,mn,outfall_id,enterprise_id,cn,data_time,parameter,statistic,value,unit,"
    "device_flag,valid,reason,factor_code,received_at)";

std::unordered_set<std::string> stored_keys(gis::Store& store,
                                            std::span<const StoredReading> readings) {
  std::unordered_set<std::string> found;
  std::string list;
  for (const auto& r : readings) list += (list.empty() ? "" : ",") + quoted(reading_key(r.value));
  if (list.empty()) return found;
  sql::for_each_row(store,
                    "SELECT reading_key FROM online_readings WHERE reading_key IN (" + list + ")",
                    [&](const OGRFeature& f) { found.insert(sql::text(f, 0)); });
  return found;
}

std::string reading_values_sql(const StoredReading& r, const std::string& received_at) {
  const OnlineValue& v = r.value;
  return "(" + quoted(reading_key(v)) + "," + quoted(v.mn) + "," + nullable(r.outfall_id) + "," +
         nullable(r.enterprise_id) + "," + quoted(v.cn) + "," + quoted(v.data_time) + "," +
         quoted(v.parameter) + "," + quoted(v.statistic) + "," + sql::number(v.value) + "," +
         nullable(v.unit) + "," + nullable(v.device_flag) + "," + (v.valid ? "1" : "0") + "," +
         nullable(v.reason) + "," + quoted(v.factor_code) + "," + quoted(received_at) + ")";
}

// PostGIS: one multi-row INSERT through GDAL.
void insert_batch(gis::Store& store, std::span<const StoredReading> rows,
                  const std::string& received_at) {
  std::string statement = "INSERT INTO online_readings " + reading_columns + " VALUES ";
  for (std::size_t i = 0; i < rows.size(); ++i) {
    if (i) statement += ',';
    statement += reading_values_sql(rows[i], received_at);
  }
  statement += " ON CONFLICT (reading_key) DO NOTHING";
  sql::run(store, statement);
}

// NULL for empty text, as sql::nullable writes it on PostGIS.
SqlCell text_or_null(const std::string& text) {
  return text.empty() ? SqlCell{} : SqlCell{std::string_view(text)};
}

// GeoPackage: one prepared statement, the unique index on reading_key
// refusing what is stored already (INSERT OR IGNORE; 0 rows changed).
std::size_t insert_prepared(gis::Store& store, std::span<const StoredReading> rows,
                            const std::string& received_at) {
  PreparedInsert insert(store, "INSERT OR IGNORE INTO online_readings " + reading_columns +
                                   " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
  std::size_t inserted = 0;
  for (const auto& r : rows) {
    const OnlineValue& v = r.value;
    const std::string key = reading_key(v);
    inserted += static_cast<std::size_t>(insert.run(
        {std::string_view(key), std::string_view(v.mn), text_or_null(r.outfall_id),
         text_or_null(r.enterprise_id), std::string_view(v.cn), std::string_view(v.data_time),
         std::string_view(v.parameter), std::string_view(v.statistic),
         v.value ? SqlCell{*v.value} : SqlCell{}, text_or_null(v.unit), text_or_null(v.device_flag),
         v.valid ? 1LL : 0LL, text_or_null(v.reason), std::string_view(v.factor_code),
         std::string_view(received_at)}));
  }
  return inserted;
}

}  // namespace

std::string reading_key(const OnlineValue& v) {
  return v.mn + "|" + v.cn + "|" + v.data_time + "|" + v.factor_code + "|" + v.statistic;
}

std::map<std::string, MonitorBinding> read_monitors(gis::Store& store) {
  std::map<std::string, MonitorBinding> bindings;
  (void)gis::store_layer(store, "monitors");  // a clear error when the store predates the layer
  sql::for_each_row(
      store, "SELECT mn, outfall_id, enterprise_id, kind FROM monitors", [&](const OGRFeature& f) {
        MonitorBinding b{sql::text(f, 0), sql::text(f, 1), sql::text(f, 2), sql::text(f, 3)};
        bindings.emplace(b.mn, b);
      });
  return bindings;
}

MonitorBinding bind_monitor(gis::Store& store, const std::string& mn, const std::string& outfall_id,
                            const std::string& kind) {
  std::optional<std::string> enterprise;
  sql::for_each_row(store,
                    "SELECT enterprise_id FROM outfalls WHERE outfall_id = " + quoted(outfall_id),
                    [&](const OGRFeature& f) { enterprise = sql::text(f, 0); });
  if (!enterprise) {
    gis::throw_input_error("no outfall '" + outfall_id + "' in the store (outfalls layer)",
                           {.step = gis::current_step(), .dataset = store.location()});
  }
  const MonitorBinding binding{mn, outfall_id, *enterprise, kind};
  store.transaction([&] {
    sql::run(store, "DELETE FROM monitors WHERE mn = " + quoted(mn));
    sql::run(store,
             "INSERT INTO monitors (mn, outfall_id, enterprise_id, kind, bound_at) VALUES (" +
                 quoted(mn) + "," + quoted(outfall_id) + "," + nullable(*enterprise) + "," +
                 quoted(kind) + "," + quoted(gis::utc_now_iso8601()) + ")");
  });
  return binding;
}

std::size_t insert_readings(gis::Store& store, std::span<const StoredReading> readings,
                            const std::string& received_at) {
  // GeoPackage: the unique index refuses each duplicate, within the span or
  // stored before, and SQLite counts the rows each INSERT added.
  if (!store.is_postgis()) return insert_prepared(store, readings, received_at);
  // PostGIS: duplicates within the span are dropped here, those already
  // stored by a look-up of the batch's keys; the database's unique key
  // refuses any other (another listener's).
  std::vector<StoredReading> unique;
  unique.reserve(readings.size());
  std::unordered_set<std::string> seen;
  for (const auto& r : readings) {
    if (seen.insert(reading_key(r.value)).second) unique.push_back(r);
  }
  std::size_t inserted = 0;
  for (std::size_t start = 0; start < unique.size(); start += rows_per_statement) {
    const std::span<const StoredReading> batch(unique.data() + start,
                                               std::min(rows_per_statement, unique.size() - start));
    inserted += batch.size() - stored_keys(store, batch).size();
    insert_batch(store, batch, received_at);
  }
  return inserted;
}

std::string printable_raw(std::string_view raw) {
  std::string out;
  for (const char c : raw) {
    if (out.size() >= max_raw_characters) break;
    const auto byte = static_cast<unsigned char>(c);
    if (byte >= 0x20 && byte <= 0x7E && c != '\\') {
      out += c;
    } else {
      char escape[8];
      std::snprintf(escape, sizeof escape, "\\x%02X", static_cast<unsigned>(byte));
      out += escape;
    }
  }
  return out;
}

void insert_rejected(gis::Store& store, std::span<const RejectedPacket> packets,
                     const std::string& received_at) {
  for (std::size_t start = 0; start < packets.size(); start += rows_per_statement) {
    std::string statement =
        "INSERT INTO rejected_packets (received_at, origin, mn, reason, raw) VALUES ";
    const std::size_t end = std::min(packets.size(), start + rows_per_statement);
    for (std::size_t i = start; i < end; ++i) {
      const RejectedPacket& p = packets[i];
      if (i > start) statement += ',';
      statement += "(" + quoted(received_at) + "," + quoted(printable_raw(p.origin)) + "," +
                   nullable(printable_raw(p.mn)) + "," + quoted(printable_raw(p.reason)) + "," +
                   quoted(printable_raw(p.raw)) + ")";
    }
    sql::run(store, statement);
  }
}

std::vector<UnknownMonitor> read_unknown_monitors(gis::Store& store) {
  std::vector<UnknownMonitor> result;
  sql::for_each_row(
      store,
      "SELECT mn, COUNT(*), MIN(received_at) FROM rejected_packets WHERE mn IS NOT NULL "
      "AND mn NOT IN (SELECT mn FROM monitors) GROUP BY mn ORDER BY mn",
      [&](const OGRFeature& f) {
        result.push_back(
            {sql::text(f, 0), static_cast<std::size_t>(f.GetFieldAsInteger64(1)), sql::text(f, 2)});
      });
  return result;
}

ReadingCounts count_readings(gis::Store& store) {
  ReadingCounts counts;
  sql::for_each_row(store,
                    "SELECT valid, reason, COUNT(*) FROM online_readings GROUP BY valid, reason",
                    [&](const OGRFeature& f) {
                      const auto n = static_cast<std::size_t>(f.GetFieldAsInteger64(2));
                      if (f.GetFieldAsInteger64(0) == 1) {
                        counts.valid += n;
                      } else {
                        counts.not_valid += n;
                        counts.reasons[sql::text(f, 1)] += n;
                      }
                    });
  return counts;
}

}  // namespace envgrid::monitor
