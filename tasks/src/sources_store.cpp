// Drafts of tasks from what the store already holds: draws, flags, trace
// suspects, alerts and enterprises, each target with its name, cell,
// industry (for the template) and position in the store CRS.

#include "envgrid/gis/error.hpp"
#include "envgrid/gis/log.hpp"
#include "envgrid/grid/draw_store.hpp"
#include "envgrid/grid/grid_rows.hpp"
#include "envgrid/hydro/trace_rows.hpp"
#include "envgrid/imagery/flag_rows.hpp"
#include "envgrid/monitor/alert_store.hpp"
#include "envgrid/tasks/task_sources.hpp"
#include "rows.hpp"

namespace envgrid::tasks {

namespace {

[[noreturn]] void unknown(gis::Store& store, const std::string& what) {
  gis::throw_input_error("no " + what, {.step = gis::current_step(), .dataset = store.location()});
}

// A target as found in its owner's table (enterprises, outfalls, flags).
gis::FeaturePtr find_target(gis::Store& store, TargetKind kind, const std::string& id) {
  switch (kind) {
    case TargetKind::enterprise:
      return grid::find_enterprise(store, id);
    case TargetKind::outfall:
      return grid::find_outfall(store, id);
    case TargetKind::flag:
      return imagery::find_flag(store, id);
    default:
      return nullptr;
  }
}

std::optional<TaskDraft> lookup(gis::Store& store, TargetKind kind, const std::string& id) {
  const gis::FeaturePtr f = find_target(store, kind, id);
  if (!f) return std::nullopt;
  TaskDraft draft;
  draft.target_kind = kind;
  draft.target_id = id;
  // A flag has no name: what was found is the best one.
  draft.target_name = rows::text(*f, kind == TargetKind::flag ? "kind" : "name");
  draft.cell_id = rows::text(*f, "cell_id");
  draft.industry = rows::text(*f, "industry");
  rows::point_of(*f, draft.x, draft.y);
  return draft;
}

TaskDraft require(gis::Store& store, TargetKind kind, const std::string& id) {
  auto draft = lookup(store, kind, id);
  if (!draft) unknown(store, std::string(target_kind_name(kind)) + " " + id);
  return *draft;
}

// The last day of a draw's quarter, YYYYQn: when its inspections are due.
std::string quarter_end(const std::string& period) {
  static const char* const ends[] = {"03-31", "06-30", "09-30", "12-31"};
  const int quarter = period.size() == 6 ? period[5] - '1' : -1;
  return quarter >= 0 && quarter < 4 ? period.substr(0, 4) + "-" + ends[quarter] : "";
}

// An outfall flag is checked at the plume's outlet (WGS 84), else at its centre.
void place_at_source(gis::Store& store, const OGRFeature& flag, TaskDraft& draft) {
  auto lon = rows::real(flag, "source_lon");
  auto lat = rows::real(flag, "source_lat");
  if (!lon || !lat) return;
  double x = *lon, y = *lat;
  const gis::CoordinateTransformer to_store(gis::Crs::wgs84(), store.crs());
  if (to_store.transform(x, y)) {
    draft.x = x;
    draft.y = y;
  }
}

}  // namespace

std::vector<TaskDraft> drafts_from_draw(gis::Store& store, const std::string& draw_id) {
  gis::StepScope step("task create --from-draw");
  const auto draw = grid::load_draw(store, draw_id);
  if (!draw) unknown(store, "draw " + draw_id + " (envgrid grid draw)");
  std::vector<TaskDraft> drafts;
  for (const auto& target : draw->targets) {
    TaskDraft d = require(store, TargetKind::enterprise, target.enterprise_id);
    d.kind = Kind::random_inspection;
    d.cell_id = target.cell_id;
    d.team = target.inspectors;
    d.due = quarter_end(draw->period);
    d.source = "draw:" + draw_id;
    drafts.push_back(std::move(d));
  }
  return drafts;
}

std::vector<TaskDraft> drafts_from_flags(gis::Store& store, const std::string& status) {
  gis::StepScope step("task create --from-flags");
  std::vector<TaskDraft> drafts;
  imagery::for_each_flag(store, {.statuses = {status}}, [&](OGRFeature& f) {
    TaskDraft d;
    d.kind = Kind::flag_check;
    d.target_kind = TargetKind::flag;
    d.target_id = rows::text(f, "flag_id");
    d.target_name = rows::text(f, "kind");
    d.cell_id = rows::text(f, "cell_id");
    d.source = "flag:" + d.target_id;
    rows::point_of(f, d.x, d.y);
    place_at_source(store, f, d);
    drafts.push_back(std::move(d));
  });
  return drafts;
}

std::vector<TaskDraft> drafts_from_trace(gis::Store& store, const std::string& trace_id, int top) {
  gis::StepScope step("task create --from-trace");
  if (top < 1) gis::throw_usage_error("--top must be 1 or more");
  if (!hydro::find_trace(store, trace_id))
    unknown(store, "trace " + trace_id + " (envgrid hydro trace)");
  std::vector<std::pair<long, TaskDraft>> ranked;
  hydro::for_each_suspect_of(store, trace_id, [&](OGRFeature& f) {
    if (f.GetFieldAsInteger64("rank") > top) return;
    const auto kind = parse_target_kind(rows::text(f, "kind"));
    if (!kind || *kind == TargetKind::alert || *kind == TargetKind::point) return;
    TaskDraft d = require(store, *kind, rows::text(f, "object_id"));
    d.kind = Kind::trace_follow_up;
    d.source = "trace:" + trace_id + " rank " + rows::text(f, "rank");
    rows::point_of(f, d.x, d.y);
    ranked.emplace_back(f.GetFieldAsInteger64("rank"), std::move(d));
  });
  std::sort(ranked.begin(), ranked.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<TaskDraft> drafts;
  for (auto& [rank, d] : ranked) drafts.push_back(std::move(d));
  return drafts;
}

std::vector<TaskDraft> drafts_from_alerts(gis::Store& store, const std::string& status) {
  gis::StepScope step("task create --from-alerts");
  std::vector<TaskDraft> drafts;
  for (const auto& alert : monitor::read_alerts(store, {.status = status})) {
    TaskDraft d;
    if (auto outfall = lookup(store, TargetKind::outfall, alert.outfall_id)) d = *outfall;
    d.kind = Kind::alert_response;
    d.target_kind = TargetKind::alert;
    d.target_id = alert.alert_id;
    d.target_name = alert.parameter + " at " + alert.outfall_id;
    d.cell_id = alert.cell_id;
    d.source = "alert:" + d.target_id;
    drafts.push_back(std::move(d));
  }
  return drafts;
}

std::vector<TaskDraft> drafts_for_enterprises(gis::Store& store,
                                              const std::vector<std::string>& ids, Kind kind) {
  gis::StepScope step("task create --enterprise");
  std::vector<TaskDraft> drafts;
  for (const auto& id : ids) {
    TaskDraft d = require(store, TargetKind::enterprise, id);
    d.kind = kind;
    d.source = "cli";
    drafts.push_back(std::move(d));
  }
  return drafts;
}

}  // namespace envgrid::tasks
