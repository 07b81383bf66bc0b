// The monitoring layers through GDAL/OGR: bindings, readings (bulk SQL with
// the database refusing duplicates), packets kept aside.

#include "envgrid/monitor/monitor_store.hpp"

#include <cstdio>
#include <unordered_set>

#include "envgrid/gis/error.hpp"
#include "envgrid/gis/log.hpp"
#include "envgrid/gis/store_tables.hpp"
#include "sql.hpp"

namespace envgrid::monitor {

namespace {

using sql::nullable;
using sql::quoted;

// Rows per INSERT statement: long enough to amortize the statement, short
// enough for SQLite's default limits (999 variables do not apply: literals).
constexpr std::size_t rows_per_statement = 200;

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

void insert_batch(gis::Store& store, std::span<const StoredReading> rows,
                  const std::string& received_at) {
  const bool postgis = store.is_postgis();
  std::string statement =
      postgis ? "INSERT INTO online_readings " : "INSERT OR IGNORE INTO online_readings ";
  statement +=
      "(reading_key,mn,outfall_id,enterprise_id,cn,data_time,parameter,statistic,value,unit,"
      "device_flag,valid,reason,factor_code,received_at) VALUES ";
  for (std::size_t i = 0; i < rows.size(); ++i) {
    if (i) statement += ',';
    statement += reading_values_sql(rows[i], received_at);
  }
  if (postgis) statement += " ON CONFLICT (reading_key) DO NOTHING";
  sql::run(store, statement);
}

// GeoPackage: OGR's prepared insert, several times faster than SQL text
// GDAL parses each time. SQLite runs one writer at a time, so the look-up
// of stored keys in the same transaction stays true until the commit.
void insert_new_features(gis::Store& store, std::span<const StoredReading> rows,
                         const std::unordered_set<std::string>& stored,
                         const std::string& received_at) {
  OGRLayer& layer = gis::store_layer(store, "online_readings");
  OGRFeatureDefn* definition = layer.GetLayerDefn();
  const auto index = [definition](const char* name) { return definition->GetFieldIndex(name); };
  const int key = index("reading_key"), mn = index("mn"), outfall = index("outfall_id"),
            enterprise = index("enterprise_id"), cn = index("cn"), data_time = index("data_time"),
            parameter = index("parameter"), statistic = index("statistic"), value = index("value"),
            unit = index("unit"), flag = index("device_flag"), valid = index("valid"),
            reason = index("reason"), code = index("factor_code"), received = index("received_at");
  const auto set_text = [](OGRFeature& f, int field, const std::string& text) {
    if (!text.empty()) f.SetField(field, text.c_str());
  };
  for (const auto& r : rows) {
    const OnlineValue& v = r.value;
    const std::string k = reading_key(v);
    if (stored.contains(k)) continue;
    gis::FeaturePtr f(OGRFeature::CreateFeature(definition));
    f->SetField(key, k.c_str());
    f->SetField(mn, v.mn.c_str());
    set_text(*f, outfall, r.outfall_id);
    set_text(*f, enterprise, r.enterprise_id);
    f->SetField(cn, v.cn.c_str());
    f->SetField(data_time, v.data_time.c_str());
    f->SetField(parameter, v.parameter.c_str());
    f->SetField(statistic, v.statistic.c_str());
    if (v.value) f->SetField(value, *v.value);
    set_text(*f, unit, v.unit);
    set_text(*f, flag, v.device_flag);
    f->SetField(valid, static_cast<GIntBig>(v.valid ? 1 : 0));
    set_text(*f, reason, v.reason);
    f->SetField(code, v.factor_code.c_str());
    f->SetField(received, received_at.c_str());
    if (layer.CreateFeature(f.get()) != OGRERR_NONE) {
      gis::throw_output_error(
          "cannot store " + k + ": " + gis::take_last_gdal_error(),
          {.step = gis::current_step(), .dataset = store.location(), .layer = "online_readings"});
    }
  }
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
  // Duplicates within the span are dropped here, those already stored by a
  // look-up of the batch's keys; the database's unique key refuses any
  // other (another listener's, on PostGIS).
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
    const std::unordered_set<std::string> stored = stored_keys(store, batch);
    inserted += batch.size() - stored.size();
    if (store.is_postgis()) {
      insert_batch(store, batch, received_at);
    } else {
      insert_new_features(store, batch, stored, received_at);
    }
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
