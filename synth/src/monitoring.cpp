#include "monitoring.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <map>
#include <numbers>
#include <stdexcept>

#include "enterprises.hpp"
#include "envgrid/hydro/water_quality.hpp"

namespace envgrid::synth {

namespace {

// The class limit of GB 3838-2002 (hydro's table, the one `hydro
// exceedances` judges the readings by).
double class_limit_mg_l(std::string_view parameter, int target_class) {
  const hydro::ParameterLimits* limits = hydro::find_parameter(parameter);
  if (!limits)
    throw std::out_of_range("no GB 3838-2002 limit for '" + std::string(parameter) + "'");
  return limits->class_limits.at(static_cast<std::size_t>(target_class - 1));
}

bool limit_is_minimum(std::string_view parameter) {
  return hydro::find_parameter(parameter)->kind == hydro::LimitKind::minimum;
}

}  // namespace

const std::vector<std::string>& reading_parameters() {
  static const std::vector<std::string> names{"COD", "CODMn", "BOD5", "NH3N", "TP", "TN", "DO"};
  return names;
}

namespace detail {

namespace {

int draw_target_class(Random& random) {
  static constexpr std::array<double, 4> weights{0.35, 0.45, 0.15, 0.05};
  return 2 + static_cast<int>(random.weighted(weights));
}

std::string section_name(const RiverNetwork& network, const Section& s,
                         std::map<std::string, int>& per_stream) {
  const std::string& stream = network.stream_names[static_cast<std::size_t>(
      network.nodes[static_cast<std::size_t>(s.node)].stream)];
  const std::string river = stream.empty() ? "无名支流" : stream;
  return river + std::to_string(++per_stream[river]) + "号断面";
}

}  // namespace

std::vector<Section> choose_sections(const RiverNetwork& network, std::uint64_t count,
                                     std::uint64_t seed) {
  Random random(seed, "sections");
  std::vector<std::int32_t> candidates;
  const std::uint64_t total = std::max<std::uint64_t>(1, network.reaches);
  // Rivers draining at least a sixth of a section's share of the network.
  const std::uint64_t threshold =
      std::max<std::uint64_t>(2, total / std::max<std::uint64_t>(1, count) / 6);
  for (std::size_t i = 1; i < network.nodes.size(); ++i) {
    if (network.nodes[i].upstream_reaches >= threshold) {
      candidates.push_back(static_cast<std::int32_t>(i));
    }
  }
  if (candidates.empty() && network.nodes.size() > 1) candidates.push_back(1);
  std::vector<Section> sections;
  std::vector<double> nearest(candidates.size(), INFINITY);
  std::map<std::string, int> per_stream;
  std::size_t next = 0;  // node 1, the reach into the outlet, comes first
  while (sections.size() < count && sections.size() < candidates.size()) {
    Section s;
    s.node = candidates[next];
    s.position = network.nodes[static_cast<std::size_t>(s.node)].reach_middle;
    s.id = "S" +
           std::string(sections.size() + 1 < 10    ? "00"
                       : sections.size() + 1 < 100 ? "0"
                                                   : "") +
           std::to_string(sections.size() + 1);
    s.target_class = draw_target_class(random);
    s.name = section_name(network, s, per_stream);
    sections.push_back(s);
    // Farthest-point choice: the next section is the candidate farthest from all chosen.
    double best = -1;
    for (std::size_t c = 0; c < candidates.size(); ++c) {
      const Point p = network.nodes[static_cast<std::size_t>(candidates[c])].reach_middle;
      nearest[c] = std::min(nearest[c], std::hypot(p.x - s.position.x, p.y - s.position.y));
      if (nearest[c] > best) {
        best = nearest[c];
        next = c;
      }
    }
  }
  return sections;
}

void mark_drinking_water_intakes(const RiverNetwork& network, std::vector<Section>& sections,
                                 std::size_t count) {
  std::vector<Section*> class_two;
  for (Section& s : sections) {
    if (s.target_class == 2) class_two.push_back(&s);
  }
  auto upstream = [&](const Section* s) {
    return network.nodes[static_cast<std::size_t>(s->node)].upstream_reaches;
  };
  std::stable_sort(class_two.begin(), class_two.end(),
                   [&](const Section* a, const Section* b) { return upstream(a) > upstream(b); });
  for (std::size_t k = 0; k < class_two.size() && k < count; ++k)
    class_two[k]->kind = "drinking_water_intake";
}

std::optional<PollutionSource> choose_pollution_source(const RiverNetwork& network,
                                                       const std::vector<Section>& sections,
                                                       const std::vector<OutfallRecord>& outfalls) {
  std::map<std::int32_t, std::size_t> section_at;
  for (std::size_t i = 0; i < sections.size(); ++i) section_at[sections[i].node] = i;
  auto polluting = [](std::uint8_t industry) {
    const std::string_view code = industries()[industry].code;
    return code == "food" || code == "livestock" || code == "chemicals";
  };
  // Sections with another section upstream: a trace from them stops at a
  // compliant upstream section, as the demo shows.
  std::vector<bool> has_upstream_section(sections.size(), false);
  for (const Section& s : sections) {
    for (std::int32_t node = network.nodes[static_cast<std::size_t>(s.node)].downstream; node >= 0;
         node = network.nodes[static_cast<std::size_t>(node)].downstream) {
      auto it = section_at.find(node);
      if (it != section_at.end()) has_upstream_section[it->second] = true;
    }
  }
  std::optional<PollutionSource> best;
  int best_rank = 1 << 30;
  for (const OutfallRecord& o : outfalls) {
    if (o.enterprise_number == 0 || !polluting(o.industry)) continue;
    // Walk downstream to the first section (a section on the outfall's own
    // reach counts only when the outfall is on its upstream half).
    std::int32_t node = o.reach_node;
    for (int steps = 0; node >= 0 && steps <= 8; ++steps) {
      auto it = section_at.find(node);
      if (it != section_at.end() && (steps > 0 || o.upstream_of_middle)) {
        // Best: 2-4 reaches between, a short trace with some network to search.
        const int rank = (steps >= 2 && steps <= 4 ? 0 : 100) +
                         (has_upstream_section[it->second] ? 0 : 50) + std::abs(steps - 3);
        if (rank < best_rank) {
          best_rank = rank;
          best = PollutionSource{it->second, o, steps};
        }
        break;
      }
      node = network.nodes[static_cast<std::size_t>(node)].downstream;
    }
  }
  return best;
}

namespace {

std::string sample_time(int month, int day, int hour, int minute) {
  char text[64];
  std::snprintf(text, sizeof text, "2025-%02d-%02dT%02d:%02d:00+08:00", month, day, hour, minute);
  return text;
}

}  // namespace

std::optional<PlantedReading> write_readings(CsvWriter* out, const std::vector<Section>& sections,
                                             const std::optional<PollutionSource>& source,
                                             std::uint64_t seed) {
  Random random(seed, "readings");
  const int planted_month = 4 + static_cast<int>(random.index(6));  // April..September
  std::optional<PlantedReading> planted;
  for (std::size_t s = 0; s < sections.size(); ++s) {
    const int k = sections[s].target_class;
    for (int month = 1; month <= 12; ++month) {
      const std::string taken_at =
          sample_time(month, 5 + static_cast<int>(random.index(10)),
                      9 + static_cast<int>(random.index(6)), random.chance(0.5) ? 0 : 30);
      // Winter water is lower and colder: a little more NH3-N, more DO.
      const double winter = std::cos(2 * std::numbers::pi * (month - 1) / 12.0);
      std::map<std::string, double> value;
      for (const auto& parameter : reading_parameters()) {
        const double limit = class_limit_mg_l(parameter, k);
        value[parameter] = limit_is_minimum(parameter)
                               ? limit + random.uniform(1.0, 2.5) + 0.8 * winter
                               : limit * random.uniform(0.3, 0.75);
      }
      value["NH3N"] = class_limit_mg_l("NH3N", k) * random.uniform(0.2, 0.5) * (1 + 0.15 * winter);
      // Total nitrogen includes ammonia: TN >= NH3-N.
      value["TN"] =
          std::min(value["NH3N"] * random.uniform(1.3, 1.7), 0.9 * class_limit_mg_l("TN", k));
      if (source && source->section == s && month == planted_month) {
        const double limit = class_limit_mg_l("NH3N", k);
        value["NH3N"] = limit * random.uniform(2.2, 3.0);
        value["TN"] = value["NH3N"] * 1.25;
        planted = PlantedReading{taken_at, std::round(value["NH3N"] * 1000) / 1000, limit};
      }
      if (!out) continue;
      for (const auto& parameter : reading_parameters()) {
        out->text(sections[s].id)
            .text(taken_at)
            .text(parameter)
            .real(value[parameter], 3)
            .text("mg/L");
        out->end_row();
      }
    }
  }
  return planted;
}

}  // namespace detail

}  // namespace envgrid::synth
