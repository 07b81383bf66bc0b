// Making tasks: one per target and kind while one is open, each with its
// team (the drawn pair, else the cell's manager), template and create event.

#include <cstdio>
#include <map>
#include <tuple>

#include "envgrid/gis/error.hpp"
#include "envgrid/gis/log.hpp"
#include "envgrid/grid/grid_rows.hpp"
#include "envgrid/tasks/template_store.hpp"
#include "rows.hpp"
#include "task_rows.hpp"

namespace envgrid::tasks {

namespace {

using Key = std::tuple<Kind, TargetKind, std::string>;

struct Existing {
  std::map<Key, std::string> open;  // key -> its open task
  long last_number = 0;             // of the ids K000001, K000002, ...
};

Existing read_existing(gis::Store& store) {
  Existing existing;
  rows::for_each(gis::store_layer(store, task_rows::tasks_layer), "", [&](OGRFeature& f) {
    const Task t = task_rows::task_from(f);
    if (is_open(t.state)) existing.open[{t.kind, t.target_kind, t.target_id}] = t.task_id;
    long number = 0;
    if (std::sscanf(t.task_id.c_str(), "K%ld", &number) == 1 && number > existing.last_number) {
      existing.last_number = number;
    }
  });
  return existing;
}

// Each supervision cell's grid manager (cells.manager).
std::map<std::string, std::string> cell_managers(gis::Store& store) {
  std::map<std::string, std::string> managers;
  grid::for_each_supervision_cell(store, [&](OGRFeature& f) {
    const std::string manager = rows::text(f, "manager");
    if (!manager.empty()) managers[rows::text(f, "cell_id")] = manager;
  });
  return managers;
}

std::string task_id_for(long number) {
  char id[32];
  std::snprintf(id, sizeof id, "K%06ld", number);
  return id;
}

void insert_task(gis::Store& store, const Task& task) {
  OGRLayer& layer = gis::store_layer(store, task_rows::tasks_layer);
  OGRFeature f(layer.GetLayerDefn());
  f.SetField("task_id", task.task_id.c_str());
  task_rows::set_fields(f, task);
  if (task.x && task.y) f.SetGeometry(std::make_unique<OGRPoint>(*task.x, *task.y).get());
  rows::insert(store, layer, f);
}

class Maker {
 public:
  Maker(gis::Store& store, const Actor& actor, const std::string& template_id)
      : store_(store), actor_(actor), template_id_(template_id) {
    if (!template_id.empty() && !find_template(store, template_id)) {
      gis::throw_input_error("no template '" + template_id + "' (envgrid task templates list)",
                             {.step = gis::current_step(), .dataset = store.location()});
    }
    if (template_id.empty()) templates_ = read_templates(store);
    existing_ = read_existing(store);
    managers_ = cell_managers(store);
  }

  void make(const TaskDraft& draft, CreateReport& report) {
    const Key key{draft.kind, draft.target_kind, draft.target_id};
    if (const auto it = existing_.open.find(key); it != existing_.open.end()) {
      report.already_open.emplace_back(draft.target_id, it->second);
      return;
    }
    const Task task = task_for(draft);
    insert_task(store_, task);
    task_rows::add_event(store_, {task.task_id, task.created_at, actor_.user_name, actor_.host,
                                  "create", "", "created", join_team(task.team), task.source});
    existing_.open[key] = task.task_id;
    report.created.push_back(task.task_id);
  }

 private:
  Task task_for(const TaskDraft& d) {
    Task t;
    t.task_id = task_id_for(++existing_.last_number);
    t.kind = d.kind;
    t.target_kind = d.target_kind;
    t.target_id = d.target_id;
    t.target_name = d.target_name;
    t.cell_id = d.cell_id;
    t.team = d.team;
    if (t.team.empty() && managers_.count(d.cell_id)) t.team = {managers_[d.cell_id]};
    t.due = d.due;
    t.state = State::created;
    t.source = d.source;
    t.template_id =
        template_id_.empty()
            ? choose_template(templates_, d.industry, std::string(kind_name(d.kind))).value_or("")
            : template_id_;
    t.created_at = t.updated_at = gis::utc_now_iso8601();
    t.created_by = actor_.user_name;
    t.x = d.x;
    t.y = d.y;
    return t;
  }

  gis::Store& store_;
  const Actor& actor_;
  std::string template_id_;
  std::vector<InspectionTemplate> templates_;
  Existing existing_;
  std::map<std::string, std::string> managers_;
};

}  // namespace

CreateReport create_tasks(gis::Store& store, const std::vector<TaskDraft>& drafts,
                          const Actor& actor, const std::string& template_id) {
  gis::StepScope step("task create");
  if (actor.role == "grid_manager" || actor.role == "investigator") {
    gis::throw_usage_error(actor.user_name + " (" + actor.role +
                           ") may not make tasks; the office does");
  }
  CreateReport report;
  store.transaction([&] {
    Maker maker(store, actor, template_id);
    for (const auto& draft : drafts) maker.make(draft, report);
  });
  return report;
}

}  // namespace envgrid::tasks
