#pragma once
// Monitoring sections (断面) on the river network, a year of monthly
// readings at each, and the one planted exceedance: NH3-N far above the
// target class at the first section downstream of a registered outfall of a
// food, livestock or chemical enterprise.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "csv_writer.hpp"
#include "envgrid/synth/synth.hpp"
#include "outfalls.hpp"
#include "rivers.hpp"

namespace envgrid::synth::detail {

struct Section {
  std::string id;  // "S001"
  std::string name;
  int target_class = 3;
  std::string kind = "monitoring";  // or drinking_water_intake (docs/synth.md)
  std::int32_t node = 0;            // on the reach leaving this node, at its middle vertex
  Point position;
};

// Sections spread over the bigger rivers (farthest-point choice among nodes
// with enough upstream reaches); the first watches the outlet reach.
[[nodiscard]] std::vector<Section> choose_sections(const RiverNetwork& network, std::uint64_t count,
                                                   std::uint64_t seed);

// Marks as drinking-water intakes the class II sections (GB 3838-2002
// class II is the class of first-grade drinking-water source protection
// zones) with the largest upstream networks, at most `count` of them. Uses
// no random numbers, so the other files do not change.
void mark_drinking_water_intakes(const RiverNetwork& network, std::vector<Section>& sections,
                                 std::size_t count);

// The section to exceed and the outfall behind it, or nullopt when no
// registered outfall of a polluting industry lies upstream of any section.
struct PollutionSource {
  std::size_t section = 0;  // index into sections
  OutfallRecord outfall;
  int reaches_between = 0;
};
[[nodiscard]] std::optional<PollutionSource> choose_pollution_source(
    const RiverNetwork& network, const std::vector<Section>& sections,
    const std::vector<OutfallRecord>& outfalls);

// Writes 12 monthly samples x 7 parameters per section (calendar year 2025)
// and returns the planted reading (section_id, taken_at, value, limit) when
// a source is given.
struct PlantedReading {
  std::string taken_at;
  double value_mg_l = 0;
  double limit_mg_l = 0;
};
std::optional<PlantedReading> write_readings(CsvWriter* out, const std::vector<Section>& sections,
                                             const std::optional<PollutionSource>& source,
                                             std::uint64_t seed);

}  // namespace envgrid::synth::detail
