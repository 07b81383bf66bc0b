#pragma once
// The rows of tasks and task_events, shared by the task store files.

#include "envgrid/gis/store.hpp"
#include "envgrid/tasks/task_store.hpp"

namespace envgrid::tasks::task_rows {

inline constexpr const char* tasks_layer = "tasks";
inline constexpr const char* events_layer = "task_events";

[[nodiscard]] Task task_from(const OGRFeature& feature);
// The feature of the task, or nullptr.
[[nodiscard]] gis::FeaturePtr find_feature(gis::Store& store, const std::string& task_id);
// Writes the task's fields (not task_id and the geometry) into the feature.
void set_fields(OGRFeature& feature, const Task& task);
void add_event(gis::Store& store, const TaskEvent& event);

}  // namespace envgrid::tasks::task_rows
