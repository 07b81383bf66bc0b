#include "envgrid/grid/draw.hpp"

#include <sodium.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <set>
#include <sstream>

#include "envgrid/gis/error.hpp"
#include "envgrid/grid/risk_classes.hpp"

namespace envgrid::grid {

namespace {

// Classes in the order targets are listed (risk_classes()); any other class
// follows, by name.
int class_order(const std::string& risk_class) {
  return static_cast<int>(risk_class_rank(risk_class));
}

struct Candidate {
  const DrawUnit* unit;
  std::string rank_key;
};

std::string canonical_inputs(std::span<const DrawUnit> units, std::span<const Inspector> inspectors,
                             const DrawRequest& request) {
  std::vector<std::string> lines;
  for (const auto& u : units) {
    lines.push_back("unit|" + u.enterprise_id + "|" + u.risk_class + "|" + u.cell_id + "|" +
                    std::to_string(u.inspections_this_year));
  }
  for (const auto& inspector : inspectors) {
    std::vector<std::string> cells = inspector.managed_cells;
    std::sort(cells.begin(), cells.end());
    std::string line = "inspector|" + inspector.name;
    for (const auto& c : cells) line += "|" + c;
    lines.push_back(line);
  }
  std::sort(lines.begin(), lines.end());
  std::string text = "period|" + request.period + "\nseed|" + request.seed + "\n" +
                     format_draw_rules(request.rules);
  for (const auto& l : lines) text += l + "\n";
  return text;
}

std::string canonical_result(const std::vector<DrawnTarget>& targets) {
  std::string text;
  for (const auto& t : targets) {
    text += t.enterprise_id + "|" + t.risk_class + "|" + t.cell_id + "|" + t.rank_key;
    for (const auto& i : t.inspectors) text += "|" + i;
    text += "\n";
  }
  return text;
}

std::vector<Candidate> rank_candidates(std::span<const DrawUnit> units,
                                       const DrawRequest& request) {
  std::vector<Candidate> candidates;
  for (const auto& unit : units) {
    candidates.push_back(
        {&unit, sha256_hex(request.seed + "|" + request.period + "|" + unit.enterprise_id)});
  }
  std::sort(candidates.begin(), candidates.end(), [](const Candidate& a, const Candidate& b) {
    const int ca = class_order(a.unit->risk_class), cb = class_order(b.unit->risk_class);
    if (ca != cb) return ca < cb;
    if (a.unit->risk_class != b.unit->risk_class) return a.unit->risk_class < b.unit->risk_class;
    if (a.rank_key != b.rank_key) return a.rank_key < b.rank_key;
    return a.unit->enterprise_id < b.unit->enterprise_id;
  });
  return candidates;
}

std::vector<DrawnTarget> draw_targets(const std::vector<Candidate>& ranked,
                                      const DrawRules& rules) {
  std::map<std::string, std::size_t> eligible;
  for (const auto& c : ranked) {
    auto rule = rules.classes.find(c.unit->risk_class);
    if (rule != rules.classes.end() && c.unit->inspections_this_year < rule->second.yearly_cap) {
      ++eligible[c.unit->risk_class];
    }
  }
  std::map<std::string, std::size_t> taken;
  std::vector<DrawnTarget> targets;
  for (const auto& c : ranked) {
    auto rule = rules.classes.find(c.unit->risk_class);
    if (rule == rules.classes.end() || c.unit->inspections_this_year >= rule->second.yearly_cap)
      continue;
    // Round up: a ratio never leaves a class with eligible units undrawn.
    const auto wanted = static_cast<std::size_t>(std::ceil(
        rule->second.ratio_per_period * static_cast<double>(eligible[c.unit->risk_class]) - 1e-9));
    if (taken[c.unit->risk_class]++ >= wanted) continue;
    targets.push_back({c.unit->enterprise_id, c.unit->risk_class, c.unit->cell_id, c.rank_key, {}});
  }
  return targets;
}

void assign_inspectors(std::vector<DrawnTarget>& targets, std::span<const Inspector> inspectors,
                       const DrawRequest& request, std::vector<std::string>& warnings) {
  std::map<std::string, int> load;
  for (auto& target : targets) {
    std::vector<std::pair<std::string, const Inspector*>> eligible;
    for (const auto& inspector : inspectors) {
      const auto& cells = inspector.managed_cells;
      if (std::find(cells.begin(), cells.end(), target.cell_id) != cells.end()) continue;  // 回避
      eligible.emplace_back(sha256_hex(request.seed + "|" + request.period + "|" +
                                       target.enterprise_id + "|" + inspector.name),
                            &inspector);
    }
    // Least-loaded first spreads the work evenly; the hash breaks ties at random.
    std::sort(eligible.begin(), eligible.end(), [&load](const auto& a, const auto& b) {
      const int la = load[a.second->name], lb = load[b.second->name];
      return la != lb ? la < lb : a.first < b.first;
    });
    const auto team =
        std::min<std::size_t>(eligible.size(), static_cast<std::size_t>(request.rules.team_size));
    for (std::size_t i = 0; i < team; ++i) {
      target.inspectors.push_back(eligible[i].second->name);
      ++load[eligible[i].second->name];
    }
    std::sort(target.inspectors.begin(), target.inspectors.end());
    if (team < static_cast<std::size_t>(request.rules.team_size)) {
      warnings.push_back("enterprise " + target.enterprise_id + ": only " + std::to_string(team) +
                         " eligible inspector(s) for a team of " +
                         std::to_string(request.rules.team_size));
    }
  }
}

}  // namespace

std::string sha256_hex(const std::string& text) {
  if (sodium_init() < 0) throw std::runtime_error("libsodium cannot start");
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(text.data()), text.size());
  char hex[crypto_hash_sha256_BYTES * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
  return hex;
}

void validate_period(const std::string& period) {
  const bool ok = period.size() == 6 &&
                  std::all_of(period.begin(), period.begin() + 4, ::isdigit) && period[4] == 'Q' &&
                  period[5] >= '1' && period[5] <= '4';
  if (!ok) gis::throw_usage_error("--period must be a quarter like 2026Q4, got '" + period + "'");
}

DrawRules default_draw_rules() {
  DrawRules rules;
  rules.classes["special"] = {1.0, 4};
  rules.classes["key"] = {0.25, 2};
  rules.classes["ordinary"] = {0.05, 1};
  return rules;
}

std::string format_draw_rules(const DrawRules& rules) {
  std::ostringstream out;
  out << "risk_class,ratio_per_period,yearly_cap\n";
  for (const auto& [name, rule] : rules.classes) {
    out << name << ',' << rule.ratio_per_period << ',' << rule.yearly_cap << '\n';
  }
  out << "# team_size," << rules.team_size << '\n';
  return out.str();
}

namespace {

// "# team_size,N": inspectors sent to each target, 1 to 100 (a team larger
// than any inspection office is a typing error).
int parse_team_size(const std::string& text, const gis::ErrorContext& where) {
  constexpr int max_team_size = 100;
  int size = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), size);
  if (ec != std::errc{} || end != text.data() + text.size() || size < 1 || size > max_team_size) {
    gis::throw_input_error("team_size must be a whole number from 1 to " +
                               std::to_string(max_team_size) + ", got '" + text + "'",
                           where);
  }
  return size;
}

}  // namespace

DrawRules parse_draw_rules(const std::string& text, const std::string& source) {
  DrawRules rules;
  std::istringstream in(text);
  std::string line;
  for (std::int64_t number = 1; std::getline(in, line); ++number) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.rfind("# team_size,", 0) == 0) {
      rules.team_size = parse_team_size(line.substr(12),
                                        {.step = "grid draw", .dataset = source, .line = number});
      continue;
    }
    if (line.empty() || line[0] == '#' || line.rfind("risk_class", 0) == 0) continue;
    std::istringstream fields(line);
    std::string name, ratio, cap;
    std::getline(fields, name, ',');
    std::getline(fields, ratio, ',');
    std::getline(fields, cap, ',');
    try {
      std::size_t used_ratio = 0, used_cap = 0;
      ClassRule rule{std::stod(ratio, &used_ratio), std::stoi(cap, &used_cap)};
      if (name.empty() || used_ratio != ratio.size() || used_cap != cap.size() ||
          rule.ratio_per_period < 0 || rule.ratio_per_period > 1 || rule.yearly_cap < 0) {
        throw std::invalid_argument("range");
      }
      rules.classes[name] = rule;
    } catch (const std::exception&) {
      gis::throw_input_error(
          "expected 'risk_class,ratio (0..1),yearly_cap (>= 0)', got '" + line + "'",
          {.step = "grid draw", .dataset = source, .line = number});
    }
  }
  if (rules.classes.empty())
    gis::throw_input_error("no rules", {.step = "grid draw", .dataset = source});
  return rules;
}

DrawResult draw_inspections(std::span<const DrawUnit> units, std::span<const Inspector> inspectors,
                            const DrawRequest& request) {
  validate_period(request.period);
  DrawResult result;
  result.input_digest = sha256_hex(canonical_inputs(units, inspectors, request));
  result.targets = draw_targets(rank_candidates(units, request), request.rules);
  assign_inspectors(result.targets, inspectors, request, result.warnings);
  result.result_digest = sha256_hex(canonical_result(result.targets));
  return result;
}

std::vector<CrossCheckPair> draw_cross_check(std::vector<std::string> units,
                                             const std::string& seed, const std::string& period) {
  std::sort(units.begin(), units.end());
  units.erase(std::unique(units.begin(), units.end()), units.end());
  if (units.size() < 2) return {};
  std::vector<std::pair<std::string, std::string>> keyed;
  keyed.reserve(units.size());
  for (const auto& u : units)
    keyed.emplace_back(sha256_hex(seed + "|" + period + "|cross|" + u), u);
  std::sort(keyed.begin(), keyed.end());
  std::vector<CrossCheckPair> pairs;
  for (std::size_t i = 0; i < keyed.size(); ++i) {
    pairs.push_back({keyed[i].second, keyed[(i + 1) % keyed.size()].second});
  }
  return pairs;
}

}  // namespace envgrid::grid
