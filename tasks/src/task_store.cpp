// Reading tasks and their events; the row form of a task.

#include "envgrid/gis/error.hpp"
#include "envgrid/gis/log.hpp"
#include "rows.hpp"
#include "task_rows.hpp"

namespace envgrid::tasks {

namespace task_rows {

Task task_from(const OGRFeature& f) {
  Task t;
  t.task_id = rows::text(f, "task_id");
  t.kind = parse_kind(rows::text(f, "kind")).value_or(Kind::complaint);
  t.target_kind = parse_target_kind(rows::text(f, "target_kind")).value_or(TargetKind::point);
  t.target_id = rows::text(f, "target_id");
  t.target_name = rows::text(f, "target_name");
  t.cell_id = rows::text(f, "cell_id");
  t.team = split_team(rows::text(f, "team"));
  t.due = rows::text(f, "due");
  t.state = parse_state(rows::text(f, "state")).value_or(State::created);
  t.source = rows::text(f, "source");
  t.template_id = rows::text(f, "template_id");
  t.result = rows::text(f, "result");
  t.created_at = rows::text(f, "created_at");
  t.created_by = rows::text(f, "created_by");
  t.updated_at = rows::text(f, "updated_at");
  rows::point_of(f, t.x, t.y);
  return t;
}

gis::FeaturePtr find_feature(gis::Store& store, const std::string& task_id) {
  gis::FeaturePtr found;
  rows::for_each(gis::store_layer(store, tasks_layer), "task_id = " + rows::sql_quote(task_id),
                 [&](OGRFeature& f) { found.reset(f.Clone()); });
  return found;
}

void set_fields(OGRFeature& f, const Task& t) {
  auto set = [&f](const char* name, const std::string& value) {
    if (value.empty()) {
      f.SetFieldNull(f.GetFieldIndex(name));
    } else {
      f.SetField(name, value.c_str());
    }
  };
  set("kind", std::string(kind_name(t.kind)));
  set("target_kind", std::string(target_kind_name(t.target_kind)));
  set("target_id", t.target_id);
  set("target_name", t.target_name);
  set("cell_id", t.cell_id);
  set("team", join_team(t.team));
  set("due", t.due);
  set("state", std::string(state_name(t.state)));
  set("source", t.source);
  set("template_id", t.template_id);
  set("result", t.result);
  set("created_at", t.created_at);
  set("created_by", t.created_by);
  set("updated_at", t.updated_at);
}

void add_event(gis::Store& store, const TaskEvent& e) {
  OGRLayer& layer = gis::store_layer(store, events_layer);
  OGRFeature f(layer.GetLayerDefn());
  const std::pair<const char*, const std::string*> fields[] = {
      {"task_id", &e.task_id},     {"at", &e.at},         {"user_name", &e.user_name},
      {"host", &e.host},           {"action", &e.action}, {"old_state", &e.old_state},
      {"new_state", &e.new_state}, {"team", &e.team},     {"note", &e.note}};
  for (const auto& [name, value] : fields) {
    if (!value->empty()) f.SetField(name, value->c_str());
  }
  rows::insert(store, layer, f);
}

}  // namespace task_rows

std::vector<Task> read_tasks(gis::Store& store, const TaskFilter& filter) {
  std::string where;
  auto add = [&where](const std::string& condition) {
    where += (where.empty() ? "" : " AND ") + condition;
  };
  if (filter.state) add("state = " + rows::sql_quote(std::string(state_name(*filter.state))));
  if (!filter.cell_id.empty()) add("cell_id = " + rows::sql_quote(filter.cell_id));
  std::vector<Task> tasks;
  rows::for_each(gis::store_layer(store, task_rows::tasks_layer), where, [&](OGRFeature& f) {
    Task t = task_rows::task_from(f);
    const auto& team = t.team;
    if (filter.member.empty() || std::find(team.begin(), team.end(), filter.member) != team.end()) {
      tasks.push_back(std::move(t));
    }
  });
  // Ids are made in order of creation with a fixed width: text order is age.
  std::sort(tasks.begin(), tasks.end(),
            [](const Task& a, const Task& b) { return a.task_id < b.task_id; });
  return tasks;
}

std::optional<Task> find_task(gis::Store& store, const std::string& task_id) {
  const gis::FeaturePtr f = task_rows::find_feature(store, task_id);
  if (!f) return std::nullopt;
  return task_rows::task_from(*f);
}

std::vector<TaskEvent> read_task_events(gis::Store& store, const std::string& task_id) {
  std::vector<std::pair<GIntBig, TaskEvent>> events;
  rows::for_each(
      gis::store_layer(store, task_rows::events_layer), "task_id = " + rows::sql_quote(task_id),
      [&](OGRFeature& f) {
        events.push_back(
            {f.GetFID(),
             {rows::text(f, "task_id"), rows::text(f, "at"), rows::text(f, "user_name"),
              rows::text(f, "host"), rows::text(f, "action"), rows::text(f, "old_state"),
              rows::text(f, "new_state"), rows::text(f, "team"), rows::text(f, "note")}});
      });
  // Appended in order: the feature id is the order of the changes (times may tie).
  std::sort(events.begin(), events.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<TaskEvent> out;
  for (auto& [fid, e] : events) out.push_back(std::move(e));
  return out;
}

}  // namespace envgrid::tasks
