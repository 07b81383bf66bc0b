// envgrid synth: writes a deterministic synthetic county (docs/cli/synth.md).

#include <iostream>

#include <algorithm>
#include <cstdio>

#include "envgrid/gis/error.hpp"
#include "envgrid/gis/vector_io.hpp"
#include "envgrid/monitor/sample_logs.hpp"
#include "envgrid/synth/synth.hpp"
#include "registry.hpp"

namespace envgrid::cli {

namespace {

using synth::SynthOptions;
using synth::SynthReport;

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
  if (args.has("--only")) options.layers = synth::parse_layers(*args.get("--only"));
  synth::plan_sizes(options);  // validates before any file is touched
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

// "2025-07-14T09:30:00+08:00" as a UTC time point (the planted reading's form).
std::chrono::sys_seconds offset_time(const std::string& iso) {
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0, oh = 0, om = 0;
  char sign = '+';
  if (std::sscanf(iso.c_str(), "%d-%d-%dT%d:%d:%d%c%d:%d", &y, &mo, &d, &h, &mi, &s, &sign, &oh,
                  &om) < 6) {
    gis::throw_input_error("not an ISO 8601 time: " + iso);
  }
  using namespace std::chrono;
  const sys_seconds local =
      sys_days{year{y} / month{static_cast<unsigned>(mo)} / static_cast<unsigned>(d)} + hours{h} +
      minutes{mi} + seconds{s};
  const seconds offset = hours{oh} + minutes{om};
  return sign == '-' ? local + offset : local - offset;
}

// HJ 212 packet logs of the monitored outfalls (monitor/src/sample_logs.cpp),
// written when the outfalls and the planted exceedance were.
void write_packet_logs(const std::string& directory, const SynthOptions& options,
                       SynthReport& report) {
  const auto& files = report.files;
  if (!report.exceedance || std::find(files.begin(), files.end(), "outfalls.csv") == files.end()) {
    return;
  }
  const gis::FeatureTable table =
      gis::read_layer(directory + "/outfalls.csv",
                      {.source_crs = gis::Crs::wgs84(),
                       .fields = std::vector<std::string>{"outfall_id", "enterprise_id"}});
  const auto* ids = table.column("outfall_id");
  const auto* enterprises = table.column("enterprise_id");
  std::vector<monitor::SampleOutfall> outfalls;
  for (std::size_t i = 0; ids && enterprises && i < table.size(); ++i) {
    outfalls.push_back(
        {gis::field_value_text(ids->values[i]), gis::field_value_text(enterprises->values[i])});
  }
  const monitor::SampleLogReport logs =
      monitor::write_sample_packet_logs(directory, outfalls,
                                        {.seed = options.seed,
                                         .planted_at = offset_time(report.exceedance->taken_at),
                                         .planted_outfall_id = report.exceedance->outfall_id});
  report.files.insert(report.files.end(), logs.files.begin(), logs.files.end());
  std::cout << "  HJ 212 logs: " << logs.devices << " devices, " << logs.packets
            << " packets with faults; episode: " << logs.episode << "\n";
}

int run(const ParsedArgs& args) {
  const std::string directory = args.require("--output");
  const SynthOptions options = options_from(args);
  SynthReport report = synth::generate_sample(directory, options);
  print_report(directory, report, std::cout);
  write_packet_logs(directory, options, report);
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
