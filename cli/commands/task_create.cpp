// envgrid task create PROJECT --from-draw DRAW_ID | --from-flags [--status S] |
//   --from-trace TRACE_ID [--top N] | --from-alerts [--status S] |
//   --enterprise ID ... [--kind K]  [--due YYYY-MM-DD] [--template ID] [--user NAME]
// makes one task per target (docs/field-work.md), never a second open task
// of the same kind for the same target.

#include <iostream>

#include "envgrid/gis/error.hpp"
#include "envgrid/gis/iso_time.hpp"
#include "envgrid/gis/log.hpp"
#include "envgrid/tasks/task_sources.hpp"
#include "registry.hpp"
#include "task_common.hpp"

namespace envgrid::cli {
namespace {

constexpr const char* sources[] = {"--from-draw", "--from-flags", "--from-trace", "--from-alerts",
                                   "--enterprise"};

// Everything that can be checked without the store, before opening it.
std::string check_options(const ParsedArgs& args) {
  std::string source;
  for (const char* option : sources) {
    if (!args.has(option)) continue;
    if (!source.empty()) gis::throw_usage_error(source + " and " + option + " go one at a time");
    source = option;
  }
  if (source.empty()) {
    gis::throw_usage_error(
        "say what to make tasks from: --from-draw, --from-flags, --from-trace, --from-alerts or "
        "--enterprise");
  }
  if (args.positionals.size() > 1 && source != "--enterprise") {
    gis::throw_usage_error("expected one PROJECT");
  }
  if (auto due = args.get("--due"); due && !gis::parse_iso_days(*due)) {
    gis::throw_usage_error("--due '" + *due + "' is not a date YYYY-MM-DD");
  }
  if (auto kind = args.get("--kind"); kind && !tasks::parse_kind(*kind)) {
    gis::throw_usage_error("--kind '" + *kind +
                           "' is not one of random_inspection, flag_check, alert_response, "
                           "complaint, trace_follow_up, cross_check");
  }
  if (args.has("--kind") && source != "--enterprise") {
    gis::throw_usage_error("--kind goes with --enterprise (the other sources say the kind)");
  }
  if (args.has("--top") && source != "--from-trace")
    gis::throw_usage_error("--top goes with --from-trace");
  if (args.has("--status") && source != "--from-flags" && source != "--from-alerts") {
    gis::throw_usage_error("--status goes with --from-flags or --from-alerts");
  }
  return source;
}

std::vector<tasks::TaskDraft> drafts(gis::Store& store, const ParsedArgs& args,
                                     const std::string& source) {
  if (source == "--from-draw") return tasks::drafts_from_draw(store, args.require(source));
  if (source == "--from-flags") {
    return tasks::drafts_from_flags(store, args.get_or("--status", "field_check"));
  }
  if (source == "--from-trace") {
    return tasks::drafts_from_trace(store, args.require(source),
                                    static_cast<int>(args.get_int("--top").value_or(3)));
  }
  if (source == "--from-alerts")
    return tasks::drafts_from_alerts(store, args.get_or("--status", "open"));
  std::vector<std::string> ids = args.all("--enterprise");
  ids.insert(ids.end(), args.positionals.begin() + 1, args.positionals.end());
  const auto kind = tasks::parse_kind(args.get_or("--kind", "complaint"));
  return tasks::drafts_for_enterprises(store, ids, *kind);
}

int run(const ParsedArgs& args) {
  if (args.positionals.empty()) gis::throw_usage_error("expected PROJECT");
  const std::string source = check_options(args);
  gis::Store store = gis::Store::open(args.positionals[0], true);
  const tasks::Actor actor = task_actor(store, args);
  auto made = drafts(store, args, source);
  if (auto due = args.get("--due")) {
    for (auto& d : made) d.due = *due;
  }
  const tasks::CreateReport report =
      tasks::create_tasks(store, made, actor, args.get_or("--template", ""));
  for (const auto& id : report.created) {
    const auto t = tasks::find_task(store, id);
    std::cout << id << "\tcreated\t" << tasks::kind_name(t->kind) << "\t"
              << tasks::target_kind_name(t->target_kind) << "\t" << t->target_id << "\t"
              << t->cell_id << "\t" << tasks::join_team(t->team) << "\t" << t->due << "\t"
              << t->template_id << "\n";
  }
  for (const auto& [target, task_id] : report.already_open) {
    std::cout << task_id << "\talready_open\t" << target << "\n";
  }
  gis::log_info(std::to_string(report.created.size()) + " tasks made, " +
                std::to_string(report.already_open.size()) +
                " targets already had an open task of the same kind");
  return 0;
}

const CommandRegistrar registrar(Command{
    .path = "task create",
    .summary = "make inspection tasks from a draw, flags, a trace, alerts or enterprises",
    .usage = "PROJECT --from-draw DRAW_ID | --from-flags [--status field_check] | --from-trace "
             "TRACE_ID [--top N] | --from-alerts [--status open] | --enterprise ID ... [--kind "
             "KIND]  [--due YYYY-MM-DD] [--template ID] [--user NAME]",
    .options = {{"--from-draw", "", true,
                 "the targets of a recorded `grid draw`, with their pairs"},
                {"--from-flags", "", false, "flags with --status (DEFAULT field_check)"},
                {"--from-trace", "", true, "the top suspects of a trace"},
                {"--top", "", true, "how many suspects of the trace (DEFAULT 3)"},
                {"--from-alerts", "", false, "alerts with --status (DEFAULT open)"},
                {"--status", "", true, "which flags or alerts"},
                {"--enterprise", "", true, "these enterprises (more ids may follow)"},
                {"--kind", "", true, "the kind of an --enterprise task (DEFAULT complaint)"},
                {"--due", "", true,
                 "due date YYYY-MM-DD (DEFAULT: a draw's quarter end, else none)"},
                {"--template", "", true, "the template (DEFAULT: by industry, then by kind)"},
                task_user_option()},
    .run = run,
});

}  // namespace
}  // namespace envgrid::cli
