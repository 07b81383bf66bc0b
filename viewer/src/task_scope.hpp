#pragma once
// Tasks as the API shows them, and who may see or act on which.

#include "api.hpp"
#include "envgrid/gis/crs.hpp"
#include "envgrid/tasks/photo_store.hpp"
#include "envgrid/tasks/task.hpp"

namespace envgrid::viewer::detail {

// Whether the user may see or act on the task within this scope: all, or
// own_cells when the task's cell is one of theirs or they are on its team.
[[nodiscard]] bool task_in_scope(const User& user, Scope scope, const tasks::Task& task);

// The task with this id within the user's scope for the action: 404 when
// unknown, 403 when outside. A field user (grid manager, investigator)
// acting on a task (do_task) must also be on its team.
[[nodiscard]] tasks::Task scoped_task(ApiState& state, const RequestContext& context,
                                      const std::string& task_id, Action action);

// The task's fields, its position as WGS 84 lon/lat (null when it has
// none) and its result as JSON.
[[nodiscard]] Json task_json(const tasks::Task& task, const gis::CoordinateTransformer& to_wgs84);

// One change of state: who, when, from where.
[[nodiscard]] Json task_event_json(const tasks::TaskEvent& event);
// A photo's time, position and distance, and its thumbnail by its route
// (never the server's file paths).
[[nodiscard]] Json task_photo_json(const tasks::Task& task, const tasks::StoredTaskPhoto& photo);

}  // namespace envgrid::viewer::detail
