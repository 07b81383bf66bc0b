#pragma once
// Double-random draws (双随机): which enterprises are inspected in a period
// (随机抽取检查对象), and which two inspectors go (随机选派执法检查人员).
//
// The draw must stand up to an audit, so it is a pure function of its
// inputs, and each random choice can be recomputed by hand: an enterprise's
// rank key is SHA-256("SEED|PERIOD|ENTERPRISE_ID") in hex, which anyone can
// check with `printf '%s' '42|2026Q4|E0001' | sha256sum`. Input order does
// not matter. docs/grid-draw.md states the rules.

#include <map>
#include <span>
#include <string>
#include <vector>

namespace envgrid::grid {

// One enterprise that may be drawn.
struct DrawUnit {
  std::string enterprise_id;
  std::string
      risk_class;  // special | key | ordinary (others are drawn with their own rule, if any)
  std::string cell_id;
  int inspections_this_year = 0;  // draws already made in the period's year
};

struct Inspector {
  std::string name;
  std::vector<std::string> managed_cells;  // 回避: never sent to these cells
};

struct ClassRule {
  double ratio_per_period = 0;  // share of eligible units drawn in a quarter, 0..1
  int yearly_cap = 4;           // a unit already drawn this many times this year is not eligible
};

struct DrawRules {
  std::map<std::string, ClassRule> classes;
  int team_size = 2;  // inspectors per target (two-person teams)
};

// special 100 % a quarter (cap 4), key 25 % (cap 2), ordinary 5 % (cap 1).
[[nodiscard]] DrawRules default_draw_rules();
// "risk_class,ratio_per_period,yearly_cap" lines (header optional, # comments).
// Throws gis::Error(input) naming the line when a line is malformed.
[[nodiscard]] DrawRules parse_draw_rules(const std::string& text, const std::string& source);
[[nodiscard]] std::string format_draw_rules(const DrawRules& rules);

struct DrawRequest {
  std::string period;  // "2026Q4"
  std::string seed;
  DrawRules rules = default_draw_rules();
};

struct DrawnTarget {
  std::string enterprise_id;
  std::string risk_class;
  std::string cell_id;
  std::string rank_key;  // hex SHA-256 of "seed|period|enterprise_id"
  std::vector<std::string> inspectors;
};

struct DrawResult {
  std::vector<DrawnTarget> targets;   // by class (special, key, ordinary, others), then rank key
  std::string input_digest;           // SHA-256 of the canonical inputs (docs/grid-draw.md)
  std::string result_digest;          // SHA-256 of the canonical result
  std::vector<std::string> warnings;  // e.g. a target with fewer than team_size eligible inspectors
};

// REQUIRES: period is YYYYQn (validate_period).
[[nodiscard]] DrawResult draw_inspections(std::span<const DrawUnit> units,
                                          std::span<const Inspector> inspectors,
                                          const DrawRequest& request);

// Cross-check (交叉检查): which unit inspects which, never its own. The
// units are ordered by SHA-256("SEED|PERIOD|cross|UNIT") and each inspects
// the next one in that order (a cycle), so no unit inspects itself and each
// is inspected exactly once.
struct CrossCheckPair {
  std::string inspecting_unit;
  std::string inspected_unit;
};
[[nodiscard]] std::vector<CrossCheckPair> draw_cross_check(std::vector<std::string> units,
                                                           const std::string& seed,
                                                           const std::string& period);

// Throws gis::Error(usage) unless the period is YYYYQn with n in 1..4.
void validate_period(const std::string& period);

[[nodiscard]] std::string sha256_hex(const std::string& text);

}  // namespace envgrid::grid
