// Helpers of the `envgrid task ...` verbs.

#include "task_common.hpp"

#include <unistd.h>

#include <climits>
#include <cstdlib>
#include <iostream>
#include <sstream>

#include "envgrid/gis/error.hpp"
#include "envgrid/gis/log.hpp"
#include "envgrid/viewer/users.hpp"

namespace envgrid::cli {

namespace {

std::string host_name() {
  char name[HOST_NAME_MAX + 1] = {};
  if (gethostname(name, sizeof name - 1) != 0) return "unknown";
  return name;
}

}  // namespace

tasks::Actor task_actor(gis::Store& store, const ParsedArgs& args) {
  const char* login_name = std::getenv("USER");
  const std::string user_name = args.get_or("--user", login_name ? login_name : "");
  if (user_name.empty()) gis::throw_usage_error("say who acts with --user NAME");
  tasks::Actor actor{user_name, host_name(), ""};
  if (!viewer::has_users(store)) return actor;
  const auto user = viewer::find_user(store, user_name);
  if (!user || user->disabled) {
    gis::throw_input_error("'" + user_name + "' is " + (user ? "disabled" : "no user") +
                               " of this store (envgrid user add)",
                           {.step = gis::current_step(), .dataset = store.location()});
  }
  actor.role = viewer::role_name(user->role);
  return actor;
}

OptionSpec task_user_option() {
  return {"--user", "", true,
          "who acts (recorded with this machine's name); default $USER; must be a user of the "
          "store when it has viewer users"};
}

std::vector<std::string> team_from(const std::vector<std::string>& values) {
  std::vector<std::string> team;
  for (const auto& value : values) {
    std::istringstream in(value);
    for (std::string name;
         std::getline(in, name, value.find(';') == std::string::npos ? ',' : ';');) {
      name.erase(0, name.find_first_not_of(' '));
      name.erase(name.find_last_not_of(' ') + 1);
      if (!name.empty()) team.push_back(name);
    }
  }
  return team;
}

int run_task_change(const ParsedArgs& args, tasks::Change change) {
  if (args.positionals.size() < 2) gis::throw_usage_error("expected PROJECT TASK_ID...");
  gis::Store store = gis::Store::open(args.positionals[0], true);
  const tasks::Actor actor = task_actor(store, args);
  change.note = args.get_or("--note", "");
  for (std::size_t i = 1; i < args.positionals.size(); ++i) {
    const tasks::Task task = tasks::change_task(store, args.positionals[i], change, actor);
    std::cout << task.task_id << " " << tasks::state_name(task.state) << " "
              << tasks::join_team(task.team) << "\n";
  }
  return 0;
}

}  // namespace envgrid::cli

namespace envgrid::cli {

int run_task_review(const ParsedArgs& args, tasks::Action action) {
  if (args.get_or("--note", "").empty()) gis::throw_usage_error("say why with --note TEXT");
  return run_task_change(args, {.action = action});
}

OptionSpec review_note_option() {
  return {"--note", "", true, "why (required; kept with the change)"};
}

}  // namespace envgrid::cli
