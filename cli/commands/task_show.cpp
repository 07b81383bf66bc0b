// envgrid task show PROJECT TASK_ID: a task, its filled template, every
// change of state (who, when, from where) and its photos.

#include <iostream>

#include "envgrid/gis/error.hpp"
#include "envgrid/tasks/photo_store.hpp"
#include "registry.hpp"
#include "task_common.hpp"

namespace envgrid::cli {
namespace {

int run(const ParsedArgs& args) {
  if (args.positionals.size() != 2) gis::throw_usage_error("expected PROJECT TASK_ID");
  gis::Store store = gis::Store::open(args.positionals[0], false);
  const auto t = tasks::find_task(store, args.positionals[1]);
  if (!t) {
    gis::throw_input_error("no task " + args.positionals[1], {.dataset = store.location()});
  }
  std::cout << "task_id\t" << t->task_id << "\nkind\t" << tasks::kind_name(t->kind) << "\ntarget\t"
            << tasks::target_kind_name(t->target_kind) << " " << t->target_id << " "
            << t->target_name << "\ncell_id\t" << t->cell_id << "\nteam\t"
            << tasks::join_team(t->team) << "\nstate\t" << tasks::state_name(t->state) << "\ndue\t"
            << t->due << "\nsource\t" << t->source << "\ntemplate_id\t" << t->template_id
            << "\ncreated\t" << t->created_at << " by " << t->created_by << "\nresult\t"
            << t->result << "\n";
  for (const auto& e : tasks::read_task_events(store, t->task_id)) {
    std::cout << "event\t" << e.at << "\t" << e.user_name << "@" << e.host << "\t" << e.action
              << "\t" << e.old_state << "\t" << e.new_state << "\t" << e.team << "\t" << e.note
              << "\n";
  }
  for (const auto& p : tasks::read_task_photos(store, t->task_id)) {
    std::cout << "photo\t" << p.photo_id << "\t" << p.photo.taken_at << "\t"
              << p.photo.position_source << "\t";
    if (p.distance_m) std::cout << *p.distance_m;
    std::cout << "\t" << p.user_name << "\t" << p.photo.file << "\t" << p.photo.thumbnail << "\n";
  }
  return 0;
}

const CommandRegistrar registrar(Command{
    .path = "task show",
    .summary = "show a task, its result and its trail of changes",
    .usage = "PROJECT TASK_ID",
    .options = {},
    .run = run,
});

}  // namespace
}  // namespace envgrid::cli
