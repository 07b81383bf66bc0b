#pragma once
// What tasks are made from (docs/field-work.md, "Making tasks"): a recorded
// draw, flags marked for a field check, a trace's top suspects, open alerts,
// or enterprises named by hand. Each returns one draft per target; unknown
// ids are Error(input).

#include <string>
#include <vector>

#include "envgrid/gis/store.hpp"
#include "envgrid/tasks/task.hpp"

namespace envgrid::tasks {

// The targets of a `grid draw`, each with its drawn pair, due at the end of
// the draw's quarter.
[[nodiscard]] std::vector<TaskDraft> drafts_from_draw(gis::Store& store,
                                                      const std::string& draw_id);
// Flags with this status (DEFAULT field_check), to be checked where the
// outfall's outlet is (source_lon/lat) or at the flag's centre.
[[nodiscard]] std::vector<TaskDraft> drafts_from_flags(gis::Store& store,
                                                       const std::string& status = "field_check");
// The trace's suspects of rank 1..top: outfalls, enterprises and flags.
[[nodiscard]] std::vector<TaskDraft> drafts_from_trace(gis::Store& store,
                                                       const std::string& trace_id, int top);
// Alerts with this status (DEFAULT open), at their outfall.
[[nodiscard]] std::vector<TaskDraft> drafts_from_alerts(gis::Store& store,
                                                        const std::string& status = "open");
// The named enterprises, for a task of the given kind.
[[nodiscard]] std::vector<TaskDraft> drafts_for_enterprises(gis::Store& store,
                                                            const std::vector<std::string>& ids,
                                                            Kind kind);

}  // namespace envgrid::tasks
