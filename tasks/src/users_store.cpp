// Who acts on tasks: a name checked against the viewer's users table when
// the store has one (viewer/src/users_store.cpp keeps user_name, role, disabled).

#include <unistd.h>

#include <climits>

#include "envgrid/gis/error.hpp"
#include "envgrid/gis/log.hpp"
#include "envgrid/tasks/task_store.hpp"
#include "rows.hpp"

namespace envgrid::tasks {

namespace {

std::string host_name() {
  char name[HOST_NAME_MAX + 1] = {};
  if (gethostname(name, sizeof name - 1) != 0) return "unknown";
  return name;
}

}  // namespace

Actor actor_for(gis::Store& store, const std::string& user_name) {
  if (user_name.empty()) gis::throw_usage_error("say who acts with --user NAME");
  Actor actor{user_name, host_name(), ""};
  OGRLayer* users = gis::store_dataset(store).GetLayerByName("users");
  if (!users || users->GetFeatureCount(TRUE) == 0) return actor;
  bool found = false;
  bool disabled = false;
  rows::for_each(*users, "user_name = " + rows::sql_quote(user_name), [&](OGRFeature& user) {
    found = true;
    actor.role = rows::text(user, "role");
    disabled = rows::text(user, "disabled") == "1";
  });
  if (!found || disabled) {
    gis::throw_input_error("'" + user_name + "' is " + (found ? "disabled" : "no user") +
                               " of this store (envgrid user add)",
                           {.step = gis::current_step(), .dataset = store.location()});
  }
  return actor;
}

}  // namespace envgrid::tasks
