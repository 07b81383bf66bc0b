#pragma once
// HJ 212 factor (pollutant) codes mapped to envgrid parameter names and
// units. Sources and coverage: docs/monitoring.md, "Factor codes".

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "envgrid/monitor/packet.hpp"

namespace envgrid::monitor {

enum class MonitorKind { wastewater, flue_gas };

struct FactorCode {
  std::string_view code;             // as sent: w01018 (2017), 011 (2005)
  ProtocolVersion version;           // the standard whose table has the code
  std::string_view parameter;        // envgrid's name: COD, NH3-N, SO2, ... (the GB 3838 names)
  std::string_view unit;             // of -Rtd/-Avg/-Min/-Max ("" when dimensionless, as pH)
  std::string_view cumulative_unit;  // of -Cou ("" when the standard gives none)
  MonitorKind kind;
};

// The whole table, 2017 codes first.
[[nodiscard]] const std::vector<FactorCode>& factor_codes();

// The code's entry, or nullopt. 2017 and 2005 codes do not collide (2017's
// start with w or a), so the version need not be known to look one up.
[[nodiscard]] std::optional<FactorCode> find_factor(std::string_view code);

}  // namespace envgrid::monitor
