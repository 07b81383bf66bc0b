// envgrid hydro build: reaches from any GDAL source -> a directed network in
// the project's `reaches` layer, with a report of its structure and problems.

#include <chrono>
#include <iostream>

#include "envgrid/gis/error.hpp"
#include "envgrid/gis/log.hpp"
#include "envgrid/gis/text.hpp"
#include "envgrid/hydro/network.hpp"
#include "envgrid/hydro/reach_io.hpp"
#include "registry.hpp"

namespace envgrid::cli {

namespace {

// One line per finding, on stdout; docs/cli/hydro-build.md describes the lines.
void print_report(const hydro::Network& net, std::ostream& out) {
  const auto& report = net.report;
  out << "reaches " << net.reaches.size() << " nodes " << net.node_count() << " parts "
      << report.part_sizes.size() << " outlets " << report.outlets.size() << " headwaters "
      << report.headwaters.size() << " divergences " << report.divergences.size() << " loops "
      << report.loops.size() << " gaps " << report.gaps.size() << " problems "
      << report.problems.size() << "\n";
  for (std::size_t k = 0; k < report.part_sizes.size(); ++k) {
    out << "part " << k + 1 << ": " << report.part_sizes[k] << " reaches\n";
  }
  for (const auto& id : report.outlets) out << "outlet " << id << "\n";
  for (const auto& id : report.headwaters) out << "headwater " << id << "\n";
  for (const auto& d : report.divergences) {
    out << "divergence at node " << d.node << ": main " << d.main_reach << ", minor "
        << gis::join(d.minor_reaches, " ") << (d.from_field ? " (divergence field)" : " (detected)")
        << "\n";
  }
  for (std::size_t k = 0; k < report.loops.size(); ++k) {
    out << "loop " << k + 1 << ": " << gis::join(report.loops[k], " ") << "\n";
  }
  for (const auto& g : report.gaps) {
    out << "gap: the " << (g.at_start ? "upstream" : "downstream") << " end of reach " << g.reach_id
        << " is " << g.distance_m << " m from reach " << g.near_reach << "\n";
  }
  for (const auto& p : report.problems) {
    out << "problem: row " << p.row << " (reach " << p.reach_id << "): " << p.what << "\n";
  }
}

hydro::ReachSourceOptions source_options(const ParsedArgs& args) {
  hydro::ReachSourceOptions o;
  o.where = args.get_or("--where", "");
  o.id_field = args.get_or("--id-field", "");
  o.from_node_field = args.get_or("--from-node-field", "");
  o.to_node_field = args.get_or("--to-node-field", "");
  o.toid_field = args.get_or("--toid-field", "");
  o.divergence_field = args.get_or("--divergence-field", "");
  o.levelpath_field = args.get_or("--levelpath-field", "");
  o.velocity_field = args.get_or("--velocity-field", "");
  o.name_field = args.get_or("--name-field", "");
  return o;
}

hydro::BuildOptions build_options(const ParsedArgs& args) {
  hydro::BuildOptions o;
  const std::string topology = args.get_or("--topology", "geometry");
  if (topology == "nodes")
    o.topology = hydro::Topology::nodes;
  else if (topology != "geometry")
    gis::throw_usage_error("--topology is geometry or nodes, not '" + topology + "'");
  const bool node_fields = args.has("--from-node-field") && args.has("--to-node-field");
  if (o.topology == hydro::Topology::nodes && node_fields == args.has("--toid-field")) {
    gis::throw_usage_error(
        "--topology nodes needs --from-node-field and --to-node-field, or --toid-field");
  }
  if (auto t = args.get_double("--snap-tolerance-m")) {
    if (*t < 0) gis::throw_usage_error("--snap-tolerance-m must not be negative");
    o.snap_tolerance_m = *t;
  }
  return o;
}

int run(const ParsedArgs& args) {
  if (!args.positionals.empty())
    gis::throw_usage_error("unexpected argument '" + args.positionals[0] + "'");
  const std::string source_path = args.require("--reaches");
  const std::string output = args.require("-o");
  const hydro::BuildOptions options = build_options(args);
  auto start = std::chrono::steady_clock::now();
  // Wall-clock seconds since the last call, for the log.
  auto lap_s = [&start] {
    const auto now = std::chrono::steady_clock::now();
    const double seconds = std::chrono::duration<double>(now - start).count();
    start = now;
    return std::to_string(seconds);
  };
  hydro::ReachSource source = hydro::read_reaches(source_path, source_options(args));
  gis::log_info("read " + std::to_string(source.records.size()) + " reaches from " +
                source.description + " in " + lap_s() + " s");
  hydro::Network net = [&] {
    gis::StepScope step("hydro build");
    return hydro::build_network(std::move(source.records), options);
  }();
  net.report.problems.insert(net.report.problems.begin(), source.problems.begin(),
                             source.problems.end());
  gis::log_info("built the network in " + lap_s() + " s");
  hydro::write_network(net, output);
  gis::log_info("wrote " + output + " in " + lap_s() + " s");
  print_report(net, std::cout);
  const bool problems = !net.report.problems.empty() || !net.report.loops.empty();
  if (problems) {
    gis::log_warning(std::to_string(net.report.problems.size()) + " row problems and " +
                     std::to_string(net.report.loops.size()) + " loops reported on stdout");
  }
  return static_cast<int>(problems ? gis::ExitCode::data_problems : gis::ExitCode::done);
}

const CommandRegistrar registrar{Command{
    "hydro build",
    "build a directed river network from reach lines into the reaches layer",
    "--reaches SOURCE [--where SQL] [--id-field F] [--topology geometry|nodes] [--from-node-field "
    "F "
    "--to-node-field F] [--divergence-field F] [--levelpath-field F] [--snap-tolerance-m T] -o "
    "PROJECT",
    {
        {"--reaches", "", true, "reach lines: any vector source GDAL reads"},
        {"--where", "", true, "GDAL attribute filter (SQL WHERE) on the source"},
        {"--id-field", "", true, "reach id field (DEFAULT: the feature id)"},
        {"--topology", "", true, "geometry (digitized direction, snapped ends; DEFAULT) or nodes"},
        {"--from-node-field", "", true, "from-node field (required with --topology nodes)"},
        {"--to-node-field", "", true, "to-node field (required with --topology nodes)"},
        {"--toid-field", "", true,
         "an id -> toid edge list instead of node fields (nodes topology)"},
        {"--divergence-field", "", true, "0 none, 1 main path, 2 minor path (DEFAULT: detected)"},
        {"--levelpath-field", "", true, "main stem id (DEFAULT: longest upstream network rule)"},
        {"--velocity-field", "", true, "velocity in m/s (DEFAULT: velocity_m_s when present)"},
        {"--name-field", "", true, "river name (DEFAULT: name or GNIS_NAME when present)"},
        {"--snap-tolerance-m", "", true, "join reach ends closer than this (DEFAULT 1 m)"},
        {"-o", "--output", true, "project store, or a new vector file (.gpkg, .geojson, .fgb)"},
    },
    run}};

}  // namespace

}  // namespace envgrid::cli
