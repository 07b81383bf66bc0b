#pragma once
// When an enterprise is due for inspection: grid's due rule and frequency
// table (grid/include/envgrid/grid/workload.hpp, risk_classes.hpp;
// docs/grid-workload.md) with the project's intervals, so that a grid manager's list shows the
// dates `grid workload` counts. Never inspected means due now; a class with no interval is never
// due.

#include <string>

#include "envgrid/grid/workload.hpp"

namespace envgrid::viewer::detail {

struct InspectionDue {
  bool scheduled = false;   // false: the class has no interval, nothing is due
  std::string due_date;     // YYYY-MM-DD, "" when never inspected (due now)
  long long days_left = 0;  // negative: overdue
};

// frequencies: the project's table (grid::project_frequencies), the one
// `grid workload` and `patrol plan` use.
[[nodiscard]] InspectionDue inspection_due(const std::string& risk_class,
                                           const std::string& last_inspected,
                                           const std::string& today_iso,
                                           const grid::FrequencyTable& frequencies);
[[nodiscard]] std::string today_iso_date();

}  // namespace envgrid::viewer::detail
