// The GB 3838-2002 Table 1 limits and the assessment of one value.

#include <algorithm>
#include <cctype>
#include <limits>
#include <string_view>
#include <utility>

#include "envgrid/hydro/water_quality.hpp"

namespace envgrid::hydro {

namespace {

std::string normalized(std::string_view name) {
  std::string out;
  for (char c : name) {
    if (c == '-' || c == '_' || c == ' ') continue;
    out += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  return out;
}

// Other names readings and registers use, normalized, and the normalized
// name of the standard's parameter: the standard's own Chinese names, and
// the dichromate COD and ammonium spellings of lab reports.
constexpr std::pair<std::string_view, std::string_view> parameter_aliases[] = {
    {"CODCR", "COD"},           {"NH4N", "NH3N"}, {"化学需氧量", "COD"}, {"高锰酸盐指数", "CODMN"},
    {"五日生化需氧量", "BOD5"}, {"氨氮", "NH3N"}, {"总磷", "TP"},        {"总氮", "TN"},
    {"溶解氧", "DO"},
};

}  // namespace

const std::vector<ParameterLimits>& gb3838_limits() {
  // GB 3838-2002, Table 1 (地表水环境质量标准基本项目标准限值), items 4-9.
  static const std::vector<ParameterLimits> table = {
      {"DO",
       "mg/L",
       LimitKind::minimum,
       {7.5, 6, 5, 3, 2},
       "dissolved oxygen, a minimum (class I: 7.5 or 90 % saturation)"},
      {"CODMn", "mg/L", LimitKind::maximum, {2, 4, 6, 10, 15}, "permanganate index"},
      {"COD", "mg/L", LimitKind::maximum, {15, 15, 20, 30, 40}, "chemical oxygen demand (CODcr)"},
      {"BOD5", "mg/L", LimitKind::maximum, {3, 3, 4, 6, 10}, "five-day biochemical oxygen demand"},
      {"NH3-N", "mg/L", LimitKind::maximum, {0.15, 0.5, 1.0, 1.5, 2.0}, "ammonia nitrogen"},
      {"TP",
       "mg/L",
       LimitKind::maximum,
       {0.02, 0.1, 0.2, 0.3, 0.4},
       "total phosphorus as P, river limits (lakes and reservoirs: 0.01/0.025/0.05/0.1/0.2)"},
      {"TN",
       "mg/L",
       LimitKind::maximum,
       {0.2, 0.5, 1.0, 1.5, 2.0},
       "total nitrogen as N; the standard sets it for lakes and reservoirs only"},
  };
  return table;
}

const ParameterLimits* find_parameter(std::string_view name) {
  std::string key = normalized(name);
  for (const auto& [alias, standard_name] : parameter_aliases) {
    if (key == alias) key = standard_name;
  }
  for (const auto& p : gb3838_limits()) {
    if (normalized(p.name) == key) return &p;
  }
  return nullptr;
}

std::optional<double> to_mg_per_l(std::string_view unit) {
  const std::string key = normalized(unit);
  if (key == "MG/L") return 1.0;
  if (key == "UG/L" || key == "\xC2\xB5G/L" || key == "\xCE\xBCG/L") return 0.001;
  return std::nullopt;
}

Assessment assess(const ParameterLimits& p, int target_class, double value) {
  auto meets = [&](double limit) {
    return p.kind == LimitKind::maximum ? value <= limit : value >= limit;
  };
  Assessment a;
  a.water_class = 6;
  for (int c = 1; c <= 5; ++c) {
    if (meets(p.class_limits[c - 1])) {
      a.water_class = c;
      break;
    }
  }
  a.limit = p.class_limits[target_class - 1];
  a.exceeds = !meets(a.limit);
  if (p.kind == LimitKind::maximum)
    a.factor = value / a.limit;
  else
    a.factor = value > 0 ? a.limit / value : std::numeric_limits<double>::infinity();
  return a;
}

std::string roman_class(int water_class) {
  static const char* names[] = {"I", "II", "III", "IV", "V"};
  return water_class >= 1 && water_class <= 5 ? names[water_class - 1] : "worse than V";
}

}  // namespace envgrid::hydro
