// Series validity rules over one device's parameter.

#include "envgrid/monitor/series_audit.hpp"

#include <algorithm>
#include <set>

namespace envgrid::monitor {

namespace {

// Marks [begin, end) not valid when the run is long enough.
void refuse_run(std::span<const SeriesValue> series, std::size_t begin, std::size_t end,
                std::size_t minimum, const std::string& reason, SeriesAudit& audit) {
  if (end - begin < minimum) return;
  for (std::size_t i = begin; i < end; ++i) {
    if (series[i].valid && !audit.refused.contains(i)) audit.refused.emplace(i, reason);
  }
}

void find_runs(std::span<const SeriesValue> series, const SeriesAuditOptions& options,
               SeriesAudit& audit) {
  std::size_t begin = 0;
  for (std::size_t i = 1; i <= series.size(); ++i) {
    const bool continues = i < series.size() && series[i].value && series[begin].value &&
                           *series[i].value == *series[begin].value;
    if (continues) continue;
    if (series[begin].value) {
      const std::size_t length = i - begin;
      if (*series[begin].value == 0) {
        refuse_run(series, begin, i, options.zero_run,
                   "zero for " + std::to_string(length) + " values in a row", audit);
      } else {
        refuse_run(series, begin, i, options.constant_run,
                   "constant for " + std::to_string(length) + " values in a row (flat line)",
                   audit);
      }
    }
    begin = i;
  }
}

void count_out_of_order(std::span<const SeriesValue> series, SeriesAudit& audit) {
  // By arrival: a value whose data time is before one that arrived earlier.
  std::vector<const SeriesValue*> by_arrival;
  by_arrival.reserve(series.size());
  for (const auto& v : series) by_arrival.push_back(&v);
  std::sort(by_arrival.begin(), by_arrival.end(),
            [](const SeriesValue* a, const SeriesValue* b) { return a->arrival < b->arrival; });
  std::chrono::system_clock::time_point latest{};
  for (const auto* v : by_arrival) {
    if (v->at < latest) ++audit.out_of_order;
    latest = std::max(latest, v->at);
  }
}

void count_gaps_and_days(std::span<const SeriesValue> series, std::chrono::seconds interval,
                         const SeriesAuditOptions& options, SeriesAudit& audit) {
  if (interval.count() == 0 || series.empty()) return;
  const auto span = series.back().at - series.front().at;
  const auto expected = static_cast<std::size_t>(span / interval) + 1;
  std::set<std::chrono::system_clock::time_point> present;
  for (const auto& v : series) present.insert(v.at);
  audit.missing_intervals = expected > present.size() ? expected - present.size() : 0;
  if (interval != std::chrono::hours(1)) return;
  std::map<std::chrono::sys_days, std::size_t> valid_hours;
  for (std::size_t i = 0; i < series.size(); ++i) {
    const auto day = std::chrono::floor<std::chrono::days>(series[i].at);
    auto& count = valid_hours[day];
    if (series[i].valid && !audit.refused.contains(i)) ++count;
  }
  audit.days = valid_hours.size();
  for (const auto& [day, count] : valid_hours) {
    if (count < options.valid_hours_per_day) ++audit.days_short_of_valid_hours;
  }
}

}  // namespace

std::chrono::seconds command_interval(const std::string& cn) {
  if (cn == "2061") return std::chrono::hours(1);
  if (cn == "2031") return std::chrono::hours(24);
  return std::chrono::seconds(0);
}

SeriesAudit audit_series(std::span<const SeriesValue> series, std::chrono::seconds interval,
                         const SeriesAuditOptions& options) {
  SeriesAudit audit;
  if (series.empty()) return audit;
  find_runs(series, options, audit);
  count_out_of_order(series, audit);
  count_gaps_and_days(series, interval, options, audit);
  return audit;
}

}  // namespace envgrid::monitor
