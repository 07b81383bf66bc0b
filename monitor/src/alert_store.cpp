// Alerts in the store: raised and escalated by the audit, acknowledged and
// closed by people, every change an alert_events row.

#include "envgrid/monitor/alert_store.hpp"

#include <algorithm>
#include <cstdio>
#include <map>

#include "envgrid/gis/error.hpp"
#include "envgrid/gis/log.hpp"
#include "envgrid/monitor/utc_time.hpp"
#include "sql.hpp"

namespace envgrid::monitor {

namespace {

using sql::nullable;
using sql::quoted;

std::string audience_json(const std::vector<std::string>& cells) {
  std::string out = "[";
  for (const auto& c : cells) {
    out += (out.size() > 1 ? "," : "") + std::string("\"");
    for (const char ch : c) {
      if (ch == '"' || ch == '\\') out += '\\';
      out += ch;
    }
    out += '"';
  }
  return out + "]";
}

std::vector<std::string> parse_audience(const std::string& json) {
  std::vector<std::string> cells;
  std::string current;
  bool inside = false;
  for (std::size_t i = 0; i < json.size(); ++i) {
    const char c = json[i];
    if (!inside) {
      if (c == '"') inside = true;
    } else if (c == '\\' && i + 1 < json.size()) {
      current += json[++i];
    } else if (c == '"') {
      cells.push_back(current);
      current.clear();
      inside = false;
    } else {
      current += c;
    }
  }
  return cells;
}

// The outfall's cell and every cell above it along cells.parent_id.
std::vector<std::string> audience_of(gis::Store& store, const std::string& outfall_id,
                                     std::map<std::string, std::string>& parents) {
  if (parents.empty()) {
    sql::for_each_row(store, "SELECT cell_id, parent_id FROM cells",
                      [&](const OGRFeature& f) { parents[sql::text(f, 0)] = sql::text(f, 1); });
    parents[""] = "";
  }
  std::string cell;
  sql::for_each_row(store, "SELECT cell_id FROM outfalls WHERE outfall_id = " + quoted(outfall_id),
                    [&](const OGRFeature& f) { cell = sql::text(f, 0); });
  std::vector<std::string> chain;
  while (!cell.empty() && chain.size() < 16) {
    chain.push_back(cell);
    const auto it = parents.find(cell);
    cell = it == parents.end() ? "" : it->second;
  }
  return chain;
}

StoredAlert alert_from(const OGRFeature& f) {
  StoredAlert a;
  a.alert_id = sql::text(f, 0);
  a.outfall_id = sql::text(f, 1);
  a.enterprise_id = sql::text(f, 2);
  a.mn = sql::text(f, 3);
  a.parameter = sql::text(f, 4);
  a.cell_id = sql::text(f, 5);
  a.level = f.GetFieldAsInteger(6);
  a.status = sql::text(f, 7);
  a.first_at = sql::text(f, 8);
  a.last_at = sql::text(f, 9);
  a.exceedance_count = f.GetFieldAsInteger64(10);
  a.max_value = f.GetFieldAsDouble(11);
  a.limit_value = f.GetFieldAsDouble(12);
  a.unit = sql::text(f, 13);
  a.audience = parse_audience(sql::text(f, 14));
  a.updated_at = sql::text(f, 15);
  return a;
}

constexpr const char* alert_columns =
    "alert_id, outfall_id, enterprise_id, mn, parameter, cell_id, level, status, first_at, "
    "last_at, exceedance_count, max_value, limit_value, unit, audience, updated_at";

void add_event(gis::Store& store, const AlertEvent& e) {
  sql::run(
      store,
      "INSERT INTO alert_events (alert_id, at, user_name, old_status, new_status, level, note) "
      "VALUES (" +
          quoted(e.alert_id) + "," + quoted(e.at) + "," + quoted(e.user_name) + "," +
          nullable(e.old_status) + "," + quoted(e.new_status) + "," + std::to_string(e.level) +
          "," + nullable(e.note) + ")");
}

std::string episode_note(const Episode& e) {
  return std::to_string(e.exceedances) + " exceedances, max " + sql::number(e.max_value) + " " +
         e.unit + " over the limit " + sql::number(e.limit_value) + " " + e.unit;
}

}  // namespace

std::vector<DischargeLimit> read_limits(gis::Store& store) {
  std::vector<DischargeLimit> limits;
  sql::for_each_row(
      store,
      "SELECT outfall_id, parameter, statistic, limit_value, unit, source FROM limits "
      "WHERE limit_value IS NOT NULL",
      [&](const OGRFeature& f) {
        limits.push_back({sql::text(f, 0), sql::text(f, 1),
                          sql::text(f, 2).empty() ? "avg" : sql::text(f, 2), f.GetFieldAsDouble(3),
                          sql::text(f, 4), sql::text(f, 5)});
      });
  return limits;
}

std::vector<StoredAlert> read_alerts(gis::Store& store, const AlertFilter& filter) {
  std::string query = std::string("SELECT ") + alert_columns + " FROM alerts WHERE 1=1";
  if (!filter.status.empty()) query += " AND status = " + quoted(filter.status);
  if (!filter.enterprise_id.empty())
    query += " AND enterprise_id = " + quoted(filter.enterprise_id);
  if (!filter.include_closed) query += " AND status <> 'closed'";
  query += " ORDER BY level DESC, first_at";
  std::vector<StoredAlert> alerts;
  sql::for_each_row(store, query, [&](const OGRFeature& f) {
    StoredAlert a = alert_from(f);
    if (!filter.cell_id.empty() && !alert_seen_from(a, {filter.cell_id})) return;
    if (!filter.any_of_cells.empty() && !alert_seen_from(a, filter.any_of_cells)) return;
    alerts.push_back(std::move(a));
  });
  return alerts;
}

std::optional<StoredAlert> read_alert(gis::Store& store, const std::string& alert_id) {
  std::optional<StoredAlert> alert;
  sql::for_each_row(
      store,
      std::string("SELECT ") + alert_columns + " FROM alerts WHERE alert_id = " + quoted(alert_id),
      [&](const OGRFeature& f) { alert = alert_from(f); });
  return alert;
}

bool alert_seen_from(const StoredAlert& alert, const std::vector<std::string>& cells) {
  return std::any_of(alert.audience.begin(), alert.audience.end(), [&](const std::string& c) {
    return std::find(cells.begin(), cells.end(), c) != cells.end();
  });
}

std::vector<AlertEvent> read_alert_events(gis::Store& store, const std::string& alert_id) {
  std::vector<AlertEvent> events;
  sql::for_each_row(
      store,
      "SELECT alert_id, at, user_name, old_status, new_status, level, note FROM "
      "alert_events WHERE alert_id = " +
          quoted(alert_id) + " ORDER BY fid",
      [&](const OGRFeature& f) {
        events.push_back({sql::text(f, 0), sql::text(f, 1), sql::text(f, 2), sql::text(f, 3),
                          sql::text(f, 4), f.GetFieldAsInteger(5), sql::text(f, 6)});
      });
  return events;
}

AlertSync sync_alerts(gis::Store& store, const std::vector<Episode>& episodes) {
  std::map<std::string, StoredAlert> existing;
  for (auto& a : read_alerts(store)) existing.emplace(a.alert_id, std::move(a));
  std::map<std::string, std::string> parents;
  AlertSync sync;
  const std::string now = gis::utc_now_iso8601();
  store.transaction([&] {
    for (const Episode& e : episodes) {
      const std::string id = e.outfall_id + "/" + e.parameter + "/" + iso_utc(e.first_at);
      const auto it = existing.find(id);
      if (it == existing.end()) {
        const std::vector<std::string> audience = audience_of(store, e.outfall_id, parents);
        sql::run(
            store,
            std::string("INSERT INTO alerts (") + alert_columns + ") VALUES (" + quoted(id) + "," +
                quoted(e.outfall_id) + "," + nullable(e.enterprise_id) + "," + quoted(e.mn) + "," +
                quoted(e.parameter) + "," + nullable(audience.empty() ? "" : audience.front()) +
                "," + std::to_string(e.level) + ",'open'," + quoted(iso_utc(e.first_at)) + "," +
                quoted(iso_utc(e.last_at)) + "," + std::to_string(e.exceedances) + "," +
                sql::number(e.max_value) + "," + sql::number(e.limit_value) + "," +
                nullable(e.unit) + "," + quoted(audience_json(audience)) + "," + quoted(now) + ")");
        add_event(store, {id, now, "envgrid", "", "open", e.level, "raised: " + episode_note(e)});
        ++sync.raised;
        continue;
      }
      const StoredAlert& a = it->second;
      if (a.exceedance_count == static_cast<std::int64_t>(e.exceedances) && a.level >= e.level)
        continue;
      const int level = std::max(a.level, e.level);
      sql::run(store, "UPDATE alerts SET last_at = " + quoted(iso_utc(e.last_at)) +
                          ", exceedance_count = " + std::to_string(e.exceedances) +
                          ", max_value = " + sql::number(e.max_value) +
                          ", level = " + std::to_string(level) + ", updated_at = " + quoted(now) +
                          " WHERE alert_id = " + quoted(id));
      if (level > a.level) {
        add_event(store, {id, now, "envgrid", a.status, a.status, level,
                          "escalated to level " + std::to_string(level) + ": " + episode_note(e)});
        ++sync.escalated;
      } else {
        ++sync.updated;
      }
    }
  });
  return sync;
}

StoredAlert change_alert_status(gis::Store& store, const std::string& alert_id,
                                const std::string& new_status, const std::string& user_name,
                                const std::string& note) {
  if (new_status != "acknowledged" && new_status != "closed") {
    gis::throw_usage_error("an alert can be acknowledged or closed, not '" + new_status + "'");
  }
  if (note.empty()) gis::throw_usage_error("a note is required (--note)");
  const std::string now = gis::utc_now_iso8601();
  std::optional<StoredAlert> alert;
  // Read inside the transaction (it holds the write lock): two people closing
  // one alert at once cannot both see it open.
  store.transaction([&] {
    alert = read_alert(store, alert_id);
    if (!alert) {
      gis::throw_input_error("no alert '" + alert_id + "'",
                             {.step = gis::current_step(), .dataset = store.location()});
    }
    if (alert->status == "closed") {
      gis::throw_usage_error("alert '" + alert_id + "' is closed; a closed alert stays closed");
    }
    sql::run(store, "UPDATE alerts SET status = " + quoted(new_status) +
                        ", updated_at = " + quoted(now) + " WHERE alert_id = " + quoted(alert_id));
    add_event(store, {alert_id, now, user_name, alert->status, new_status, alert->level, note});
  });
  alert->status = new_status;
  alert->updated_at = now;
  return *alert;
}

}  // namespace envgrid::monitor
