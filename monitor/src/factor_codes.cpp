// The factor code table. 2017 codes: HJ 212-2017 Appendix B (Tables B.1
// water, B.2 flue gas), which take them from HJ 525 / HJ 524; 2005 codes:
// HJ/T 212-2005 Appendix (water and flue gas tables). Only the factors the
// issue names and the flue-gas state parameters are listed (docs/monitoring.md).

#include "envgrid/monitor/factor_codes.hpp"

#include <algorithm>

namespace envgrid::monitor {

namespace {

constexpr ProtocolVersion v2017 = ProtocolVersion::hj212_2017;
constexpr ProtocolVersion v2005 = ProtocolVersion::hj212_2005;
constexpr MonitorKind water = MonitorKind::wastewater;
constexpr MonitorKind gas = MonitorKind::flue_gas;

std::vector<FactorCode> make_table() {
  return {
      {"w00000", v2017, "flow", "L/s", "m3", water},
      {"w01001", v2017, "pH", "", "", water},
      {"w01018", v2017, "COD", "mg/L", "kg", water},
      {"w21003", v2017, "NH3-N", "mg/L", "kg", water},
      {"w21011", v2017, "TP", "mg/L", "kg", water},
      {"w21001", v2017, "TN", "mg/L", "kg", water},
      {"w01019", v2017, "CODMn", "mg/L", "kg", water},
      {"w01017", v2017, "BOD5", "mg/L", "kg", water},
      {"w01010", v2017, "water_temperature", "degC", "", water},
      {"a00000", v2017, "flue_gas_flow", "m3/s", "m3", gas},
      {"a21026", v2017, "SO2", "mg/m3", "kg", gas},
      {"a21002", v2017, "NOx", "mg/m3", "kg", gas},
      {"a34013", v2017, "particulates", "mg/m3", "kg", gas},
      {"a19001", v2017, "O2", "%", "", gas},
      {"a21005", v2017, "CO", "mg/m3", "kg", gas},
      {"a01011", v2017, "flue_gas_velocity", "m/s", "", gas},
      {"a01012", v2017, "flue_gas_temperature", "degC", "", gas},
      {"a01013", v2017, "flue_gas_pressure", "kPa", "", gas},
      {"a01014", v2017, "flue_gas_humidity", "%", "", gas},
      {"B01", v2005, "flow", "L/s", "m3", water},
      {"001", v2005, "pH", "", "", water},
      {"011", v2005, "COD", "mg/L", "kg", water},
      {"060", v2005, "NH3-N", "mg/L", "kg", water},
      {"101", v2005, "TP", "mg/L", "kg", water},
      {"065", v2005, "TN", "mg/L", "kg", water},
      {"B02", v2005, "flue_gas_flow", "m3/s", "m3", gas},
      {"01", v2005, "particulates", "mg/m3", "kg", gas},
      {"02", v2005, "SO2", "mg/m3", "kg", gas},
      {"03", v2005, "NOx", "mg/m3", "kg", gas},
      {"S01", v2005, "O2", "%", "", gas},
      {"S02", v2005, "flue_gas_velocity", "m/s", "", gas},
      {"S03", v2005, "flue_gas_temperature", "degC", "", gas},
      {"S08", v2005, "flue_gas_pressure", "kPa", "", gas},
      {"S05", v2005, "flue_gas_humidity", "%", "", gas},
  };
}

}  // namespace

const std::vector<FactorCode>& factor_codes() {
  static const std::vector<FactorCode> table = make_table();
  return table;
}

std::optional<FactorCode> find_factor(std::string_view code) {
  const auto& table = factor_codes();
  const auto it = std::find_if(table.begin(), table.end(),
                               [code](const FactorCode& f) { return f.code == code; });
  if (it == table.end()) return std::nullopt;
  return *it;
}

}  // namespace envgrid::monitor
