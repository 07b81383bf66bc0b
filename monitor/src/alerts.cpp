// Exceedance episodes and their levels.

#include "envgrid/monitor/alerts.hpp"

#include <algorithm>
#include <map>
#include <tuple>

namespace envgrid::monitor {

namespace {

using Key = std::tuple<std::string, std::string>;  // outfall, parameter

int level_of(const Episode& e, std::size_t repetition, const AlertOptions& o) {
  const auto duration = e.last_at - e.first_at;
  if (duration >= o.level4_duration || repetition >= o.level4_repetition) return 4;
  if (duration >= o.level3_duration || repetition >= o.level3_repetition) return 3;
  if (duration >= o.level2_duration || e.exceedances >= o.level2_exceedances) return 2;
  return 1;
}

}  // namespace

const DischargeLimit* limit_of(const LimitedValue& v, std::span<const DischargeLimit> limits) {
  for (const auto& l : limits) {
    if (l.outfall_id == v.outfall_id && l.parameter == v.parameter && l.statistic == v.statistic &&
        l.unit == v.unit) {
      return &l;
    }
  }
  return nullptr;
}

std::vector<Episode> exceedance_episodes(std::span<const LimitedValue> values,
                                         std::span<const DischargeLimit> limits,
                                         const AlertOptions& options) {
  std::map<Key, std::vector<std::pair<const LimitedValue*, double>>> over;
  for (const auto& v : values) {
    const DischargeLimit* limit = limit_of(v, limits);
    if (limit && v.value > limit->limit_value) {
      over[{v.outfall_id, v.parameter}].emplace_back(&v, limit->limit_value);
    }
  }
  std::vector<Episode> episodes;
  for (auto& [key, list] : over) {
    std::sort(list.begin(), list.end(),
              [](const auto& a, const auto& b) { return a.first->at < b.first->at; });
    std::vector<Episode> of_key;
    for (const auto& [v, limit] : list) {
      if (of_key.empty() || v->at - of_key.back().last_at > options.episode_gap) {
        of_key.push_back({v->outfall_id, v->enterprise_id, v->mn, v->parameter, v->unit, v->at,
                          v->at, 0, v->value, limit, 1});
      }
      Episode& e = of_key.back();
      e.last_at = v->at;
      ++e.exceedances;
      e.max_value = std::max(e.max_value, v->value);
    }
    for (std::size_t i = 0; i < of_key.size(); ++i) {
      // Repetition: this episode and those that began within the window before it.
      std::size_t repetition = 1;
      for (std::size_t j = 0; j < i; ++j) {
        if (of_key[i].first_at - of_key[j].first_at <= options.repetition_window) ++repetition;
      }
      of_key[i].level = level_of(of_key[i], repetition, options);
    }
    episodes.insert(episodes.end(), of_key.begin(), of_key.end());
  }
  return episodes;
}

}  // namespace envgrid::monitor
