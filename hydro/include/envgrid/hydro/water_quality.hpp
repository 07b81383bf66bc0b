#pragma once
// GB 3838-2002 (Environmental quality standards for surface water), Table 1:
// the class I-V limits of the basic items envgrid checks, and the
// assessment of one reading against a section's target class.
// docs/hydro.md ("Exceedances") reproduces the table with its source.

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace envgrid::hydro {

enum class LimitKind {
  maximum,  // the value must not exceed the limit (COD, NH3-N, ...)
  minimum,  // the value must not fall below it (DO)
};

struct ParameterLimits {
  std::string name;  // as GB 3838-2002 writes it: "COD", "NH3-N", ...
  std::string unit;  // of the limits: "mg/L"
  LimitKind kind = LimitKind::maximum;
  std::array<double, 5> class_limits{};  // classes I..V
  std::string note;                      // what the standard says besides the number
};

// The table, in the order of the standard.
[[nodiscard]] const std::vector<ParameterLimits>& gb3838_limits();

// The parameter a reading names, or nullptr. Case, spaces, '-' and '_' are
// ignored: "NH3N", "nh3-n", "NH3_N", "NH4-N" and 氨氮 are NH3-N; "CODcr" and
// 化学需氧量 are COD; the standard's Chinese names of the others too (the
// alias table in gb3838.cpp). The one parameter vocabulary of envgrid:
// `hydro exceedances`, traces, the viewer and the generator all look up here.
[[nodiscard]] const ParameterLimits* find_parameter(std::string_view name);

// The factor that turns a value in `unit` into mg/L ("mg/L" 1, "ug/L" and
// "µg/L" 0.001, any case), or nullopt for a unit not known.
[[nodiscard]] std::optional<double> to_mg_per_l(std::string_view unit);

struct Assessment {
  int water_class = 1;   // the best class the value meets, 1..5, or 6 (worse than V)
  bool exceeds = false;  // against the target class
  double limit = 0;      // the target class's limit, mg/L
  // How far over the limit: value / limit for a maximum, limit / value for
  // a minimum (infinity for DO 0). Below 1 when compliant.
  double factor = 0;
};

// REQUIRES: 1 <= target_class <= 5; value in the parameter's unit.
[[nodiscard]] Assessment assess(const ParameterLimits& p, int target_class, double value);

// "I".."V", "worse than V" for 6.
[[nodiscard]] std::string roman_class(int water_class);

}  // namespace envgrid::hydro
