// The dossier of one enterprise as JSON: every section read through its
// owner's typed queries (docs/store.md, "Owners"), each as the reader's role
// and cells allow (docs/viewer.md, "Dossier").

#include <set>

#include "dossier.hpp"
#include "envgrid/grid/grid_rows.hpp"
#include "envgrid/grid/project_intervals.hpp"
#include "envgrid/hydro/trace_rows.hpp"
#include "envgrid/monitor/alert_store.hpp"
#include "envgrid/monitor/monitor_store.hpp"
#include "envgrid/tasks/photo_store.hpp"
#include "envgrid/tasks/task_store.hpp"
#include "geojson.hpp"
#include "inspections.hpp"
#include "task_scope.hpp"

namespace envgrid::viewer::detail {

namespace {

std::vector<std::string> ids_in(const Json& list, const char* key) {
  std::vector<std::string> ids;
  for (const Json& item : list) {
    const Json& holder = item.contains("properties") ? item["properties"] : item;
    if (holder.contains(key) && holder[key].is_string()) ids.push_back(holder[key]);
  }
  return ids;
}

Json monitors_of(gis::Store& store, const std::string& enterprise_id) {
  Json list = Json::array();
  for (const auto& [mn, m] : monitor::read_monitors(store)) {
    if (m.enterprise_id != enterprise_id) continue;
    list.push_back({{"mn", mn}, {"outfall_id", m.outfall_id}, {"kind", m.kind}});
  }
  return list;
}

Json limits_of(gis::Store& store, const std::set<std::string>& outfalls) {
  Json list = Json::array();
  for (const auto& l : monitor::read_limits(store)) {
    if (!outfalls.count(l.outfall_id)) continue;
    list.push_back({{"outfall_id", l.outfall_id},
                    {"parameter", l.parameter},
                    {"statistic", l.statistic},
                    {"limit_value", l.limit_value},
                    {"unit", l.unit},
                    {"source", l.source}});
  }
  return list;
}

// Every task on the enterprise, its outfalls, its alerts or the flags near
// it, with its trail and photos; null when the role may not read tasks.
Json tasks_of(gis::Store& store, const User& reader, const std::set<std::string>& targets) {
  const Scope scope = scope_for(reader.role, Action::read_tasks);
  if (scope == Scope::none) return Json();
  const gis::CoordinateTransformer wgs84(store.crs(), gis::Crs::wgs84());
  Json list = Json::array();
  for (const tasks::Task& task : tasks::read_tasks(store)) {
    if (!targets.count(task.target_id) || !task_in_scope(reader, scope, task)) continue;
    Json item = task_json(task, wgs84);
    Json events = Json::array();
    for (const auto& e : tasks::read_task_events(store, task.task_id))
      events.push_back(task_event_json(e));
    Json photos = Json::array();
    for (const auto& p : tasks::read_task_photos(store, task.task_id))
      photos.push_back(task_photo_json(task, p));
    item["events"] = std::move(events);
    item["photos"] = std::move(photos);
    list.push_back(std::move(item));
  }
  return list;
}

// The traces where the enterprise or one of its outfalls was a suspect,
// newest first; null when the role may not read traces.
Json traces_of(gis::Store& store, const User& reader, const std::vector<std::string>& objects) {
  if (scope_for(reader.role, Action::read_traces) == Scope::none) return Json();
  Json list = Json::array();
  hydro::for_each_suspect_among(store, objects, [&](OGRFeature& suspect) {
    const std::string trace_id = suspect.GetFieldAsString("trace_id");
    Json item = {{"trace_id", trace_id},
                 {"rank", suspect.GetFieldAsInteger64("rank")},
                 {"kind", suspect.GetFieldAsString("kind")},
                 {"object_id", suspect.GetFieldAsString("object_id")},
                 {"score", suspect.GetFieldAsDouble("score")}};
    if (gis::FeaturePtr trace = hydro::find_trace(store, trace_id)) {
      for (const char* field : {"created_at", "section_id", "parameter", "at"})
        item[field] = trace->GetFieldAsString(field);
    }
    list.push_back(std::move(item));
  });
  std::sort(list.begin(), list.end(), [](const Json& a, const Json& b) {
    return a.value("created_at", "") > b.value("created_at", "");
  });
  return list;
}

}  // namespace

Json enterprise_head(gis::Store& store, OGRFeature& enterprise) {
  Json head{{"enterprise", feature_json(enterprise)}};
  const InspectionDue due = inspection_due(enterprise.GetFieldAsString("risk_class"),
                                           enterprise.GetFieldAsString("last_inspected"),
                                           today_iso_date(), grid::project_frequencies(store));
  head["inspection"] = {{"last_inspected", enterprise.GetFieldAsString("last_inspected")},
                        {"due_date", due.due_date},
                        {"days_left", due.scheduled ? Json(due.days_left) : Json()}};
  Json outfalls = Json::array();
  grid::for_each_outfall_of(store, enterprise.GetFieldAsString("enterprise_id"),
                            [&outfalls](OGRFeature& f) { outfalls.push_back(feature_json(f)); });
  head["outfalls"] = std::move(outfalls);
  return head;
}

std::optional<Json> dossier_json(gis::Store& store, const User& reader,
                                 const std::string& enterprise_id) {
  gis::FeaturePtr enterprise = grid::find_enterprise(store, enterprise_id);
  if (!enterprise) return std::nullopt;
  Json dossier = enterprise_head(store, *enterprise);
  const std::vector<std::string> outfall_ids = ids_in(dossier["outfalls"], "outfall_id");
  const std::set<std::string> outfalls(outfall_ids.begin(), outfall_ids.end());
  dossier["monitors"] = monitors_of(store, enterprise_id);
  dossier["limits"] = limits_of(store, outfalls);

  NearbyFlags near = flags_near(store, reader, *enterprise);
  dossier["alerts"] = enterprise_alerts(store, reader, enterprise_id);
  dossier["online"] = enterprise_online(store, enterprise_id);

  std::set<std::string> targets(outfalls);
  targets.insert(enterprise_id);
  for (const auto& id : ids_in(near.flags, "flag_id")) targets.insert(id);
  if (dossier["alerts"].is_array()) {
    for (const auto& id : ids_in(dossier["alerts"], "alert_id")) targets.insert(id);
  }
  dossier["tasks"] = tasks_of(store, reader, targets);
  dossier["flags_nearby"] = std::move(near.flags);
  dossier["reviews"] = std::move(near.reviews);

  std::vector<std::string> suspects_as = outfall_ids;
  suspects_as.push_back(enterprise_id);
  dossier["traces"] = traces_of(store, reader, suspects_as);
  dossier["generated_at"] = gis::utc_now_iso8601();
  dossier["generated_for"] = {{"user_name", reader.user_name},
                              {"role", std::string(role_name(reader.role))}};
  return dossier;
}

}  // namespace envgrid::viewer::detail
