#include "inspections.hpp"

#include <chrono>
#include <cstdio>

namespace envgrid::viewer::detail {

namespace {

std::optional<std::chrono::sys_days> parse_date(const std::string& text) {
  int y = 0;
  unsigned m = 0, d = 0;
  if (std::sscanf(text.c_str(), "%4d-%2u-%2u", &y, &m, &d) != 3) return std::nullopt;
  const std::chrono::year_month_day date{std::chrono::year{y}, std::chrono::month{m},
                                         std::chrono::day{d}};
  if (!date.ok()) return std::nullopt;
  return std::chrono::sys_days{date};
}

std::string format_date(std::chrono::sys_days days) {
  const std::chrono::year_month_day date{days};
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02u", int(date.year()), unsigned(date.month()),
                unsigned(date.day()));
  return buffer;
}

int interval_days(const std::string& risk_class) {
  if (risk_class == "key") return 90;
  if (risk_class == "special") return 180;
  return 365;
}

}  // namespace

std::string today_iso_date() {
  return format_date(std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now()));
}

InspectionDue inspection_due(const std::string& risk_class, const std::string& last_inspected,
                             const std::string& today_iso) {
  const auto today = parse_date(today_iso);
  const auto last = parse_date(last_inspected);
  if (!last || !today) return {};
  const auto due = *last + std::chrono::days{interval_days(risk_class)};
  return {format_date(due), (due - *today).count()};
}

}  // namespace envgrid::viewer::detail
