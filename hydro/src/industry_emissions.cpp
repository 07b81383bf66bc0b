// Which industries typically discharge which parameter: the table of
// docs/hydro.md ("Score"), from the discharge standards that regulate each
// parameter per industry (GB 8978-1996 and the sector standards, e.g.
// GB 13458 synthetic ammonia, GB 18596 livestock, GB 21903/21904
// pharmaceuticals, GB 3544 pulp and paper, GB 4287 dyeing, GB 18918 sewage
// works).

#include <algorithm>
#include <cctype>

#include "envgrid/gis/text.hpp"
#include "envgrid/hydro/source_trace.hpp"

namespace envgrid::hydro {

namespace {

const std::vector<std::string>& nitrogen_industries() {
  static const std::vector<std::string> list = {"chemicals",
                                                "fertilizer",
                                                "food",
                                                "livestock",
                                                "slaughter",
                                                "sewage_works",
                                                "pharmaceuticals",
                                                "brewing",
                                                "化工",
                                                "化肥",
                                                "食品",
                                                "养殖",
                                                "屠宰",
                                                "污水处理",
                                                "制药",
                                                "酿造"};
  return list;
}

const std::vector<std::string>& phosphorus_industries() {
  static const std::vector<std::string> list = {
      "chemicals", "fertilizer", "detergent", "food", "livestock", "sewage_works",
      "化工",      "化肥",       "洗涤",      "食品", "养殖",      "污水处理"};
  return list;
}

const std::vector<std::string>& oxygen_demand_industries() {
  static const std::vector<std::string> list = {"paper",
                                                "textile_dyeing",
                                                "food",
                                                "brewing",
                                                "sugar",
                                                "chemicals",
                                                "pharmaceuticals",
                                                "sewage_works",
                                                "leather",
                                                "livestock",
                                                "纸",
                                                "印染",
                                                "食品",
                                                "酿造",
                                                "制糖",
                                                "化工",
                                                "制药",
                                                "污水处理",
                                                "制革",
                                                "养殖"};
  return list;
}

}  // namespace

const std::vector<std::string>& industries_emitting(const ParameterLimits& p) {
  if (p.name == "NH3-N" || p.name == "TN") return nitrogen_industries();
  if (p.name == "TP") return phosphorus_industries();
  return oxygen_demand_industries();  // COD, CODMn, BOD5, and DO (depleted by them)
}

bool industry_emits(std::string_view industry, const ParameterLimits& p) {
  const std::string text = gis::ascii_lower(industry);
  if (text.empty()) return false;
  const auto& list = industries_emitting(p);
  return std::any_of(list.begin(), list.end(),
                     [&](const std::string& word) { return text.find(word) != std::string::npos; });
}

}  // namespace envgrid::hydro
