#include "inspections.hpp"

#include "envgrid/grid/workload.hpp"

namespace envgrid::viewer::detail {

std::string today_iso_date() {
  return grid::format_iso_date(
      std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now()));
}

InspectionDue inspection_due(const std::string& risk_class, const std::string& last_inspected,
                             const std::string& today_iso,
                             const grid::FrequencyTable& frequencies) {
  const auto today = grid::parse_iso_date(today_iso);
  if (!today) return {};
  const auto last = grid::parse_iso_date(last_inspected);
  const auto due = grid::next_due_date(last, risk_class, frequencies, *today);
  if (!due) return {};
  if (!last) return {.scheduled = true};
  return {.scheduled = true,
          .due_date = grid::format_iso_date(*due),
          .days_left = (*due - *today).count()};
}

}  // namespace envgrid::viewer::detail
