// envgrid hydro impact: where a spill at a point or an outfall goes: the
// monitoring sections and drinking-water intakes downstream (DD), with the
// flow distance and travel time to each, soonest first.

#include <cstdio>
#include <iostream>
#include <sstream>

#include "envgrid/gis/error.hpp"
#include "envgrid/gis/log.hpp"
#include "envgrid/gis/vector_io.hpp"
#include "envgrid/hydro/impact_store.hpp"
#include "envgrid/hydro/reach_io.hpp"
#include "registry.hpp"

namespace envgrid::cli {

namespace {

const std::vector<gis::OutputField>& impact_fields() {
  static const std::vector<gis::OutputField> fields = {
      {"section_id", gis::FieldType::text},   {"kind", gis::FieldType::text},
      {"name", gis::FieldType::text},         {"flow_distance_km", gis::FieldType::real},
      {"travel_hours", gis::FieldType::real}, {"reach_id", gis::FieldType::text},
      {"measure", gis::FieldType::real}};
  return fields;
}

std::vector<gis::FieldValue> values_of(const hydro::Network& net, const hydro::ImpactTarget& t,
                                       const hydro::ImpactHit& hit) {
  return {t.section_id,     t.kind,
          t.name,           hit.flow_distance_m / 1000,
          hit.travel_hours, net.reaches[t.at.reach].id,
          t.at.measure};
}

// "LON,LAT" in degrees.
hydro::LonLat parse_lon_lat(const std::string& text) {
  hydro::LonLat p;
  char extra = 0;
  if (std::sscanf(text.c_str(), "%lf,%lf%c", &p.lon, &p.lat, &extra) != 2 || p.lon < -180 ||
      p.lon > 180 || p.lat < -90 || p.lat > 90) {
    gis::throw_usage_error("--from is LON,LAT in degrees (e.g. 114.30,30.60), not '" + text + "'");
  }
  return p;
}

// Columns padded for reading; the name last, as Chinese names do not pad evenly.
void print_table(const hydro::Network& net, const std::vector<hydro::ImpactTarget>& targets,
                 const std::vector<hydro::ImpactHit>& hits, std::ostream& out) {
  char line[512];
  std::snprintf(line, sizeof line, "%-12s %-22s %16s %12s %-12s %s\n", "section_id", "kind",
                "flow_distance_km", "travel_hours", "reach_id", "name");
  out << line;
  for (const auto& hit : hits) {
    const hydro::ImpactTarget& t = targets[hit.target];
    std::snprintf(line, sizeof line, "%-12s %-22s %16.3f %12.2f %-12s %s\n", t.section_id.c_str(),
                  t.kind.c_str(), hit.flow_distance_m / 1000, hit.travel_hours,
                  net.reaches[t.at.reach].id.c_str(), t.name.c_str());
    out << line;
  }
}

void write_file(const hydro::Network& net, const std::vector<hydro::ImpactTarget>& targets,
                const std::vector<hydro::ImpactHit>& hits, const std::string& path) {
  gis::VectorWriter writer(path, "impact", wkbPoint, gis::Crs::wgs84(), impact_fields());
  for (const auto& hit : hits) {
    const hydro::ImpactTarget& t = targets[hit.target];
    const OGRPoint point(t.point.lon, t.point.lat);
    writer.add(&point, values_of(net, t, hit));
  }
  writer.finish();
}

std::optional<double> hours_limit(const ParsedArgs& args) {
  auto hours = args.get_double("--hours");
  if (hours && *hours < 0) gis::throw_usage_error("--hours must not be negative");
  return hours;
}

int run(const ParsedArgs& args) {
  if (args.positionals.size() != 1) gis::throw_usage_error("give one PROJECT");
  if (args.has("--from") == args.has("--outfall"))
    gis::throw_usage_error("give either --from LON,LAT or --outfall ID");
  const std::string project = args.positionals[0];
  hydro::ImpactOptions options;
  options.max_travel_hours = hours_limit(args);
  hydro::SnapOptions snap;
  snap.max_distance_m = args.get_double("--max-distance-m").value_or(snap.max_distance_m);
  if (snap.max_distance_m < 0) gis::throw_usage_error("--max-distance-m must not be negative");
  const std::optional<hydro::LonLat> from =
      args.has("--from") ? std::optional(parse_lon_lat(*args.get("--from"))) : std::nullopt;

  const hydro::Network net = hydro::load_network(project);
  if (net.reaches.empty()) {
    gis::throw_input_error("the store has no reaches: run `envgrid hydro build` first",
                           {.step = "hydro impact", .dataset = project, .layer = "reaches"});
  }
  const hydro::Snapper snapper(net, snap);
  gis::Store store = gis::Store::open(project, false);
  const hydro::NetworkPoint start =
      from ? hydro::snap_start(net, snapper, *from, "--from " + *args.get("--from"))
           : hydro::outfall_start(store, net, snapper, *args.get("--outfall"));
  const auto targets = hydro::read_impact_targets(store, net, snapper);
  const auto hits = hydro::downstream_impact(net, start, targets, options);

  if (auto out_path = args.get("-o"))
    write_file(net, targets, hits, *out_path);
  else
    print_table(net, targets, hits, std::cout);
  std::size_t intakes = 0;
  for (const auto& hit : hits)
    intakes += targets[hit.target].kind == hydro::drinking_water_intake_kind ? 1 : 0;
  std::ostringstream summary;
  summary << "start on reach " << net.reaches[start.reach].id << " at measure " << start.measure
          << ": " << hits.size() << " sections reached, " << intakes << " drinking-water intakes";
  gis::log_info(summary.str());
  return 0;
}

const CommandRegistrar registrar{Command{
    "hydro impact",
    "the sections and drinking-water intakes a spill reaches downstream, and when",
    "PROJECT --from LON,LAT|--outfall ID [--hours H] [--max-distance-m 500] [-o OUT]",
    {
        {"--from", "", true, "the spill's place, LON,LAT in degrees (WGS 84 or CGCS2000)"},
        {"--outfall", "", true, "the spill's outfall id (its snapped reach and measure)"},
        {"--hours", "", true, "only what the spill reaches within H hours (DEFAULT: no limit)"},
        {"--max-distance-m", "", true,
         "farthest reach to snap the start (and unsnapped sections) to, metres (DEFAULT: 500)"},
        {"-o", "--output", true,
         "output file (CSV, GeoJSON, GeoPackage, ... by extension; DEFAULT: a table on stdout)"},
    },
    run}};

}  // namespace

}  // namespace envgrid::cli
