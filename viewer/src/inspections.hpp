#pragma once
// When an enterprise is due for inspection: last_inspected plus an interval
// by risk class (key 90 days, special 180, ordinary 365; docs/viewer.md).
// Never inspected means due now.

#include <optional>
#include <string>

#include "http_types.hpp"

namespace envgrid::viewer::detail {

struct InspectionDue {
  std::string due_date;     // YYYY-MM-DD, "" when never inspected
  long long days_left = 0;  // negative: overdue
};

[[nodiscard]] InspectionDue inspection_due(const std::string& risk_class,
                                           const std::string& last_inspected,
                                           const std::string& today_iso);
[[nodiscard]] std::string today_iso_date();

}  // namespace envgrid::viewer::detail
