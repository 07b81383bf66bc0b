// envgrid hydro trace: UT/UM/DM/DD navigation from one reach of a built
// network, with NLDI's distance rule and an optional travel-time limit; or,
// with --section, the upstream source trace of an exceedance
// (hydro_trace_sources.cpp).

#include <iostream>

#include "envgrid/gis/atomic_file.hpp"
#include "envgrid/gis/error.hpp"
#include "envgrid/gis/gdal_handles.hpp"
#include "envgrid/gis/log.hpp"
#include "envgrid/hydro/navigate.hpp"
#include "envgrid/hydro/reach_io.hpp"
#include "envgrid/hydro/stored_network.hpp"
#include "hydro_trace_sources.hpp"
#include "registry.hpp"

namespace envgrid::cli {

namespace {

[[noreturn]] void no_reach(const std::string& project, const std::string& start_id) {
  gis::throw_input_error("no reach '" + start_id + "'",
                         {.step = "hydro trace", .dataset = project, .layer = "reaches"});
}

void warn_loop(std::size_t size, std::string_view first) {
  gis::log_warning("the trace entered a loop (reaches " + std::to_string(size) + ", first " +
                   std::string(first) + "); each reach is listed once");
}

// One id a line, to the file or stdout; id(reach) gives a step's id.
template <typename Id>
void write_ids(const hydro::TraceResult& result, Id&& id, const std::string& out_path) {
  std::string ids;
  for (const auto& step : result.steps) (ids += id(step.reach)) += '\n';
  if (!out_path.empty()) {
    gis::write_file_atomically(out_path, ids);
    return;
  }
  std::cout << ids << std::flush;
  if (!std::cout) {
    gis::throw_output_error("cannot write", {.step = "hydro trace", .dataset = "<stdout>"});
  }
}

// The trace as a CSV or GeoJSON layer at path (a GDAL path), named shown in
// messages; closed on return.
void write_table_to(const hydro::Network& net, const hydro::TraceResult& result,
                    const std::string& format, const std::string& path, const std::string& shown) {
  const bool geojson = format == "geojson";
  GDALDriver* driver = GetGDALDriverManager()->GetDriverByName(geojson ? "GeoJSON" : "CSV");
  gis::DatasetPtr dataset(driver->Create(path.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
  if (!dataset)
    gis::throw_output_error("cannot create: " + gis::take_last_gdal_error(), {.dataset = shown});
  OGRSpatialReference wgs84;
  wgs84.SetWellKnownGeogCS("WGS84");
  wgs84.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  OGRLayer* layer =
      dataset->CreateLayer("trace", geojson ? &wgs84 : nullptr, geojson ? wkbLineString : wkbNone);
  if (!layer) gis::throw_output_error("cannot create the layer", {.dataset = shown});
  const std::pair<const char*, OGRFieldType> fields[] = {
      {"reach_id", OFTString}, {"distance_km", OFTReal}, {"travel_hours", OFTReal},
      {"length_m", OFTReal},   {"strahler", OFTInteger}, {"levelpath_id", OFTString},
      {"name", OFTString}};
  for (const auto& [name, type] : fields) {
    OGRFieldDefn defn(name, type);
    if (layer->CreateField(&defn) != OGRERR_NONE) {
      gis::throw_output_error(
          std::string("cannot create field ") + name + ": " + gis::take_last_gdal_error(),
          {.dataset = shown});
    }
  }
  for (const auto& step : result.steps) {
    const hydro::Reach& r = net.reaches[step.reach];
    gis::FeaturePtr f(OGRFeature::CreateFeature(layer->GetLayerDefn()));
    f->SetField("reach_id", r.id.c_str());
    f->SetField("distance_km", step.distance_km);
    f->SetField("travel_hours", step.travel_hours);
    f->SetField("length_m", r.length_m);
    f->SetField("strahler", r.strahler);
    f->SetField("levelpath_id", r.levelpath_id.c_str());
    f->SetField("name", r.name.c_str());
    if (geojson && !r.line.empty()) {
      auto line = std::make_unique<OGRLineString>();
      for (const auto& p : r.line) line->addPoint(p.lon, p.lat);
      f->SetGeometryDirectly(line.release());
    }
    if (layer->CreateFeature(f.get()) != OGRERR_NONE) {
      gis::throw_output_error("cannot write reach " + r.id, {.dataset = shown});
    }
  }
}

// csv and geojson go through GDAL (its CSV and GeoJSON drivers); to stdout
// through /vsistdout/, to a file staged in memory and written atomically.
void write_table(const hydro::Network& net, const hydro::TraceResult& result,
                 const std::string& format, const std::string& out_path) {
  if (out_path.empty()) {
    write_table_to(net, result, format, "/vsistdout/", "<stdout>");
    return;
  }
  gis::write_staged(out_path, [&](const std::string& staged) {
    write_table_to(net, result, format, staged, out_path);
  });
}

hydro::TraceOptions trace_options(const ParsedArgs& args) {
  hydro::TraceOptions o;
  const std::string mode = args.require("--mode");
  auto parsed = hydro::parse_trace_mode(mode);
  if (!parsed) gis::throw_usage_error("--mode is UT, UM, DM or DD, not '" + mode + "'");
  o.mode = *parsed;
  o.max_distance_km = args.get_double("--max-distance-km");
  o.max_travel_hours = args.get_double("--max-travel-hours");
  if ((o.max_distance_km && *o.max_distance_km < 0) ||
      (o.max_travel_hours && *o.max_travel_hours < 0)) {
    gis::throw_usage_error("limits must not be negative");
  }
  return o;
}

// The trace over the network stored in the project (hydro/stored_network.hpp).
int trace_stored(const hydro::StoredNetwork& net, const std::string& project,
                 const std::string& start_id, const hydro::TraceOptions& options,
                 const std::string& out_path) {
  const auto start = net.find(start_id);
  if (!start) no_reach(project, start_id);
  const hydro::TraceResult result = hydro::trace(net, *start, options);
  for (std::size_t loop : result.loops)
    warn_loop(net.loop_size[loop], net.id(net.loop_first[loop]));
  write_ids(
      result, [&](std::size_t r) { return net.id(r); }, out_path);
  gis::log_info(std::to_string(result.steps.size()) + " reaches traced");
  return 0;
}

int run(const ParsedArgs& args) {
  if (args.positionals.size() != 1) gis::throw_usage_error("give one PROJECT");
  if (args.has("--section") == args.has("--from-reach"))
    gis::throw_usage_error("give either --from-reach or --section");
  if (args.has("--section")) return run_source_trace(args);
  const std::string project = args.positionals[0];
  const std::string start_id = args.require("--from-reach");
  const hydro::TraceOptions options = trace_options(args);
  const std::string format = args.get_or("--format", "ids");
  if (format != "ids" && format != "csv" && format != "geojson") {
    gis::throw_usage_error("--format is ids, csv or geojson, not '" + format + "'");
  }
  const std::string out_path = args.get_or("-o", "");
  // Ids need no more than the stored network; the tables need the reaches.
  std::optional<std::int64_t> edits;
  if (format == "ids") {
    // Without limits no step's distance or time is needed.
    const bool measures = options.max_distance_km || options.max_travel_hours;
    if (auto stored = hydro::load_stored_network(project, options.mode, measures))
      return trace_stored(*stored, project, start_id, options, out_path);
    // None that matches its reaches: the one built below is stored for the
    // next trace (the edit count is taken before the reaches are read).
    edits = hydro::prepare_stored_network(project);
  }
  const hydro::Network net = hydro::load_network(project);
  if (edits && hydro::store_network(project, net, *edits))
    gis::log_info("the network built from the reaches is stored for the next traces");
  const auto start = net.find(start_id);
  if (!start) no_reach(project, start_id);
  const hydro::TraceResult result = hydro::trace(net, *start, options);
  for (std::size_t loop : result.loops)
    warn_loop(net.report.loops[loop].size(), net.report.loops[loop].front());
  if (format == "ids")
    write_ids(
        result, [&](std::size_t r) -> const std::string& { return net.reaches[r].id; }, out_path);
  else
    write_table(net, result, format, out_path);
  gis::log_info(std::to_string(result.steps.size()) + " reaches traced");
  return 0;
}

const CommandRegistrar registrar{Command{
    "hydro trace",
    "navigate a river network (UT, UM, DM, DD) or trace an exceedance to its suspects",
    "PROJECT --from-reach ID --mode UT|UM|DM|DD [--max-distance-km D] [--max-travel-hours H] "
    "[--format ids|csv|geojson] [-o OUT]\n"
    "  or PROJECT --section ID --at TIME --parameter P [--window-hours 72] [--report FILE.md]",
    {
        {"--from-reach", "", true, "the reach id to start from"},
        {"--mode", "", true,
         "UT upstream+tributaries, UM upstream main stem, DM downstream main stem, "
         "DD downstream with diversions"},
        {"--max-distance-km", "", true, "NLDI distance limit (DEFAULT: none)"},
        {"--max-travel-hours", "", true, "travel-time limit (DEFAULT: none)"},
        {"--format", "", true, "ids (one per line; DEFAULT), csv or geojson"},
        {"-o", "--output", true, "output file (DEFAULT: stdout)"},
        {"--section", "", true, "source trace: the exceeding section"},
        {"--at", "", true, "source trace: time of the exceeding reading, ISO 8601"},
        {"--parameter", "", true, "source trace: NH3N, COD, CODMn, BOD5, TP, TN or DO"},
        {"--window-hours", "", true,
         "source trace: upstream readings within half of this of the matching time (DEFAULT: 72)"},
        {"--report", "", true, "source trace: Markdown report (and FILE.png map) to write"},
    },
    run}};

}  // namespace

}  // namespace envgrid::cli
