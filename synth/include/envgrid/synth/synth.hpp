#pragma once
// A deterministic synthetic county for demos, tests and benchmarks: a
// county boundary with townships, supervision grid cells with managers,
// enterprises, outfalls, a dendritic river network with braids, monitoring
// sections and a year of readings with one planted exceedance. The same
// seed gives byte-identical files. Everything is written as ordinary GIS
// files (GeoPackage, CSV) that `envgrid import` and any GIS read.
// Algorithms, sizes and limits: docs/synth.md.
//
// The generator produces plain features (points, lines, polygons with
// attributes); it knows nothing of how grid/ assigns them or how hydro
// traces them, so it lives in gis/ beside the I/O it uses.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace envgrid::synth {

// The files the generator writes; --only selects among them.
enum class Layer : unsigned {
  boundary = 1u << 0,     // boundary.gpkg: county, townships
  cells = 1u << 1,        // cells.gpkg: cells
  enterprises = 1u << 2,  // enterprises.csv + enterprises_gcj02.csv
  outfalls = 1u << 3,     // outfalls.csv
  reaches = 1u << 4,      // reaches.gpkg: reaches
  sections = 1u << 5,     // sections.csv
  readings = 1u << 6,     // readings.csv
};
inline constexpr unsigned all_layers = (1u << 7) - 1;

// "boundary,cells,..." -> mask. Throws Error(usage) naming an unknown layer.
[[nodiscard]] unsigned parse_layers(const std::string& comma_separated);

struct SynthOptions {
  std::uint64_t seed = 42;  // DEFAULT: 42
  // Multiplies every count. DEFAULT: 1 (about 200 cells, 2,000 enterprises,
  // 300 outfalls, 500 reaches, 15 sections). REQUIRES: > 0.
  double scale = 1.0;
  std::optional<std::uint64_t> enterprises;  // DEFAULT: 2,000 x scale
  std::optional<std::uint64_t> reaches;      // DEFAULT: 500 x scale
  unsigned layers = all_layers;              // which files to write
};

// The counts a run aims at, derived from the options alone (plan_sizes).
struct SynthSizes {
  // The county's area relative to the default county (about 2,000 km2):
  // grows with the requested sizes up to 100 (a province, about 200,000 km2).
  double area_factor = 1;
  std::uint64_t townships = 0;
  std::uint64_t cells = 0;  // a target; clipping to townships changes it slightly
  std::uint64_t enterprises = 0;
  std::uint64_t outfalls = 0;
  std::uint64_t reaches = 0;  // a target; growth may stop a little short
  std::uint64_t sections = 0;
};
[[nodiscard]] SynthSizes plan_sizes(const SynthOptions& options);

// The one reading that exceeds its section's target class, and the
// polluter placed upstream of it, so that a demo can trace it.
struct PlantedExceedance {
  std::string section_id;
  std::string section_name;
  int target_class = 0;
  std::string parameter;  // "NH3N"
  std::string taken_at;   // ISO 8601 with +08:00
  double value_mg_l = 0;
  double limit_mg_l = 0;  // GB 3838-2002 limit of the target class
  std::string outfall_id;
  std::string enterprise_id;
  std::string industry;
  int reaches_between = 0;  // reaches from the outfall's reach down to the section's
};

// What a run wrote (counts of written features/rows per file).
struct SynthReport {
  SynthSizes planned;
  std::uint64_t townships = 0;
  std::uint64_t cells = 0;
  std::uint64_t enterprises_wgs84 = 0;
  std::uint64_t enterprises_gcj02 = 0;
  std::uint64_t outfalls = 0;
  std::uint64_t reaches = 0;
  std::uint64_t braids = 0;
  std::uint64_t sections = 0;
  std::uint64_t readings = 0;
  std::optional<PlantedExceedance> exceedance;  // nullopt when no section qualified
  std::vector<std::string> files;               // written, relative to the directory
};

// Writes the sample into directory (created when missing; files of the same
// names are replaced). Throws Error(output) when a file cannot be written.
SynthReport generate_sample(const std::string& directory, const SynthOptions& options);

// The parameters of the generated readings (limits: hydro/water_quality.hpp).
[[nodiscard]] const std::vector<std::string>& reading_parameters();

}  // namespace envgrid::synth
