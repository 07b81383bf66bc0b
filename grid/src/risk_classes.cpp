// The risk classes and their default inspection intervals: the one table
// (risk_classes.hpp, docs/grid-workload.md).

#include "envgrid/grid/risk_classes.hpp"

#include <algorithm>
#include <array>

#include "envgrid/grid/workload.hpp"

namespace envgrid::grid {

namespace {

struct RiskClassRow {
  const char* name;
  int interval_days;
};

// Most closely supervised first. Intervals: special every quarter, key every
// six months, ordinary once a year (docs/grid-workload.md says why).
constexpr std::array<RiskClassRow, 3> risk_class_table{{
    {"special", 90},
    {"key", 182},
    {"ordinary", 365},
}};

}  // namespace

const std::vector<std::string>& risk_classes() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> out;
    for (const auto& row : risk_class_table) out.emplace_back(row.name);
    return out;
  }();
  return names;
}

std::size_t risk_class_rank(const std::string& risk_class) {
  const auto& names = risk_classes();
  return static_cast<std::size_t>(std::find(names.begin(), names.end(), risk_class) -
                                  names.begin());
}

FrequencyTable default_frequencies() {
  FrequencyTable table;
  for (const auto& row : risk_class_table) table.interval_days[row.name] = row.interval_days;
  return table;
}

}  // namespace envgrid::grid
