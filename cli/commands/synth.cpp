// envgrid synth: writes a deterministic synthetic county (docs/cli/synth.md).

#include <iostream>

#include "envgrid/gis/error.hpp"
#include "envgrid/gis/synth.hpp"
#include "registry.hpp"

namespace envgrid::cli {

namespace {

using gis::synth::SynthOptions;
using gis::synth::SynthReport;

std::uint64_t positive_count(const ParsedArgs& args, const std::string& name) {
  const long long value = *args.get_int(name);
  if (value < 1) gis::throw_usage_error(name + " must be at least 1");
  return static_cast<std::uint64_t>(value);
}

SynthOptions options_from(const ParsedArgs& args) {
  SynthOptions options;
  if (args.has("--seed")) {
    const long long seed = *args.get_int("--seed");
    if (seed < 0) gis::throw_usage_error("--seed must be a non-negative integer");
    options.seed = static_cast<std::uint64_t>(seed);
  }
  if (args.has("--scale")) options.scale = *args.get_double("--scale");
  if (args.has("--enterprises")) options.enterprises = positive_count(args, "--enterprises");
  if (args.has("--reaches")) options.reaches = positive_count(args, "--reaches");
  if (args.has("--only")) options.layers = gis::synth::parse_layers(*args.get("--only"));
  gis::synth::plan_sizes(options);  // validates before any file is touched
  return options;
}

void print_report(const std::string& directory, const SynthReport& r, std::ostream& out) {
  out << "wrote " << directory << ":";
  for (const auto& f : r.files) out << " " << f;
  out << "\n"
      << "  townships " << r.townships << ", cells " << r.cells << ", enterprises "
      << r.enterprises_wgs84 + r.enterprises_gcj02 << " (" << r.enterprises_gcj02
      << " in GCJ-02), outfalls " << r.outfalls << ", reaches " << r.reaches << " (" << r.braids
      << " braids), sections " << r.sections << ", readings " << r.readings << "\n";
  if (const auto& e = r.exceedance) {
    out << "planted exceedance: " << e->parameter << " " << e->value_mg_l << " mg/L (class "
        << e->target_class << " limit " << e->limit_mg_l << ") at " << e->section_id << " "
        << e->section_name << " on " << e->taken_at << "\n"
        << "  source: outfall " << e->outfall_id << " of enterprise " << e->enterprise_id << " ("
        << e->industry << "), " << e->reaches_between << " reaches upstream\n";
  }
}

int run(const ParsedArgs& args) {
  const std::string directory = args.require("--output");
  const SynthOptions options = options_from(args);
  const SynthReport report = gis::synth::generate_sample(directory, options);
  print_report(directory, report, std::cout);
  return 0;
}

const CommandRegistrar registrar{Command{
    "synth",
    "write a deterministic synthetic county (cells, enterprises, rivers, sections) as GIS files",
    "-o DIR [--seed 42] [--scale 1.0] [--enterprises N] [--reaches N] [--only LAYERS]",
    {
        {"--output", "-o", true, "directory to write into (created when missing)"},
        {"--seed", "", true, "random seed; the same seed gives identical files (DEFAULT 42)"},
        {"--scale", "", true, "multiply every count (DEFAULT 1: ~200 cells, 2000 enterprises)"},
        {"--enterprises", "", true, "number of enterprises (DEFAULT 2000 x scale)"},
        {"--reaches", "", true, "number of river reaches (DEFAULT 500 x scale)"},
        {"--only", "", true,
         "comma list of boundary,cells,enterprises,outfalls,reaches,sections,readings"},
    },
    run}};

}  // namespace

}  // namespace envgrid::cli
