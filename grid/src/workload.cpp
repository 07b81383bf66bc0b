#include "envgrid/grid/workload.hpp"

#include <algorithm>
#include <cstdio>

#include "envgrid/gis/iso_time.hpp"
#include "envgrid/grid/draw.hpp"
#include "envgrid/grid/risk_classes.hpp"

namespace envgrid::grid {

using namespace std::chrono;

namespace {

std::string class_key(const std::string& risk_class) {
  return risk_class_rank(risk_class) < risk_classes().size() ? risk_class : "other";
}

bool awaits_field_check(const std::string& status) {
  return std::find(field_check_statuses.begin(), field_check_statuses.end(), status) !=
         field_check_statuses.end();
}

void count_enterprise(const WorkloadEnterprise& enterprise, const WorkloadRequest& request,
                      WorkloadCounts& counts) {
  ++counts.enterprises_by_class[class_key(enterprise.risk_class)];
  const auto due = next_due_date(enterprise.last_inspected, enterprise.risk_class,
                                 request.frequencies, request.period.first);
  if (!due || *due > request.period.last) return;
  ++counts.inspections_due;
  if (*due < request.period.first) ++counts.inspections_overdue;
}

void add_counts(WorkloadCounts& total, const WorkloadCounts& part) {
  for (const auto& [risk_class, n] : part.enterprises_by_class)
    total.enterprises_by_class[risk_class] += n;
  total.outfalls_registered += part.outfalls_registered;
  total.outfalls_unregistered += part.outfalls_unregistered;
  total.inspections_due += part.inspections_due;
  total.inspections_overdue += part.inspections_overdue;
  total.field_checks += part.field_checks;
}

}  // namespace

std::optional<Date> parse_iso_date(const std::string& text) {
  const auto day_number = gis::parse_iso_days(text);
  if (!day_number) return std::nullopt;
  return Date{days{*day_number}};
}

std::string format_iso_date(Date date) {
  const year_month_day day{date};
  char text[16];
  std::snprintf(text, sizeof text, "%04d-%02u-%02u", static_cast<int>(day.year()),
                static_cast<unsigned>(day.month()), static_cast<unsigned>(day.day()));
  return text;
}

Period quarter_period(const std::string& period) {
  validate_period(period);
  const year y{std::stoi(period.substr(0, 4))};
  const unsigned first_month = (period[5] - '1') * 3 + 1;
  const Date first = sys_days{y / month{first_month} / 1};
  const Date last_day = sys_days{y / month{first_month + 2} / std::chrono::last};
  return {first, last_day};
}

std::string current_quarter() {
  const year_month_day today{floor<days>(system_clock::now())};
  return std::to_string(static_cast<int>(today.year())) + "Q" +
         std::to_string((static_cast<unsigned>(today.month()) - 1) / 3 + 1);
}

std::optional<Date> next_due_date(const std::optional<Date>& last_inspected,
                                  const std::string& risk_class, const FrequencyTable& frequencies,
                                  Date due_now) {
  const auto interval = frequencies.interval_days.find(risk_class);
  if (interval == frequencies.interval_days.end()) return std::nullopt;
  if (!last_inspected) return due_now;
  return *last_inspected + days{interval->second};
}

WorkloadResult compute_workload(const WorkloadInput& input, const WorkloadRequest& request) {
  WorkloadResult result;
  std::map<std::string, WorkloadCounts> by_cell;
  std::map<std::string, std::string> manager_of;
  for (const auto& cell : input.cells) {
    by_cell[cell.cell_id];
    manager_of[cell.cell_id] = cell.manager;
  }
  auto cell_counts = [&](const std::string& kind, const std::string& id,
                         const std::string& cell_id) -> WorkloadCounts* {
    auto it = by_cell.find(cell_id);
    if (it != by_cell.end()) return &it->second;
    result.warnings.push_back(kind + " " + id +
                              (cell_id.empty()
                                   ? ": no cell_id (run grid assign); not counted"
                                   : ": cell " + cell_id + " is not in cells; not counted"));
    return nullptr;
  };
  for (const auto& e : input.enterprises) {
    if (auto* counts = cell_counts("enterprise", e.enterprise_id, e.cell_id))
      count_enterprise(e, request, *counts);
    if (!request.frequencies.interval_days.count(e.risk_class))
      result.warnings.push_back("enterprise " + e.enterprise_id + ": risk class '" + e.risk_class +
                                "' has no inspection frequency; no inspection counted");
  }
  for (const auto& o : input.outfalls) {
    if (auto* counts = cell_counts("outfall", o.outfall_id, o.cell_id))
      ++(o.registered ? counts->outfalls_registered : counts->outfalls_unregistered);
  }
  for (const auto& f : input.flags) {
    if (!awaits_field_check(f.status)) continue;
    if (auto* counts = cell_counts("flag", f.flag_id, f.cell_id)) ++counts->field_checks;
  }
  std::map<std::string, ManagerWorkload> by_manager;
  for (const auto& [cell_id, counts] : by_cell) {
    const std::string& manager = manager_of[cell_id];
    result.cells.push_back({cell_id, manager, counts});
    auto& m = by_manager[manager];
    m.manager = manager;
    m.capacity = request.capacity_per_manager;
    m.cells.push_back(cell_id);
    add_counts(m.counts, counts);
  }
  for (auto& [name, m] : by_manager) result.managers.push_back(std::move(m));
  result.suggestions = suggest_cell_moves(input.cells, result.cells, result.managers);
  return result;
}

}  // namespace envgrid::grid
