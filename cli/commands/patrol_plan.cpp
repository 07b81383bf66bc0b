// envgrid patrol plan: one grid manager's day in a cell (docs/patrol.md).

#include <cctype>
#include <cmath>
#include <iomanip>
#include <iostream>
#include <sstream>

#include "envgrid/gis/coordinate_line.hpp"
#include "envgrid/gis/error.hpp"
#include "envgrid/gis/log.hpp"
#include "envgrid/grid/patrol_store.hpp"
#include "envgrid/grid/project_intervals.hpp"
#include "envgrid/grid/workload_store.hpp"
#include "envgrid/imagery/flag_rows.hpp"
#include "registry.hpp"

namespace envgrid::cli {
namespace {

grid::LonLatPoint parse_start(const std::string& text) {
  const auto parsed = gis::parse_coordinate_line(text);
  if (!parsed || !parsed->rest.empty() || !std::isfinite(parsed->x) || !std::isfinite(parsed->y)) {
    gis::throw_usage_error("--start must be X,Y (longitude,latitude in the store CRS), got '" +
                           text + "'");
  }
  return {parsed->x, parsed->y};
}

// A start farther from the cell than half a day's travel cannot be where the
// manager sets off (longitude and latitude swapped, a typo); refused before the
// cell's stored plan for the day is replaced.
void check_start_reachable(const grid::LonLatPoint& start, const grid::LonLatPoint& centre,
                           const gis::Crs& crs, const grid::PatrolBudget& budget,
                           const std::string& cell, const std::string& given) {
  auto km = [](double metres) {
    std::ostringstream out;
    out << std::fixed << std::setprecision(0) << metres / 1000;
    return out.str();
  };
  if (crs.is_geographic() && !(std::abs(start.y) <= 90 && std::abs(start.x) <= 180)) {
    gis::throw_usage_error("--start " + given +
                           " is not a longitude,latitude (latitude within ±90): are they swapped?");
  }
  const double reach_m = budget.hours * budget.speed_kmh * 1000 / 2;
  const double distance_m = grid::straight_line_m(start, centre, crs.is_geographic());
  if (!(distance_m <= reach_m)) {
    gis::throw_usage_error("--start " + given + " is " + km(distance_m) + " km from cell " + cell +
                           ", farther than half a day's travel (" + km(reach_m) +
                           " km): give X,Y in the store's CRS (longitude first)");
  }
}

double positive_option(const ParsedArgs& args, const std::string& name, double fallback) {
  const double value = args.get_double(name).value_or(fallback);
  if (!(value > 0)) gis::throw_usage_error(name + " must be a positive number");
  return value;
}

// The drawn route: road paths between consecutive points, or straight legs.
std::vector<grid::LonLatPoint> route_line(const std::vector<grid::LonLatPoint>& points,
                                          const grid::PatrolPlan& plan,
                                          const grid::RoadMatrix* roads) {
  std::vector<std::size_t> sequence{0};
  for (const auto& visit : plan.visits) sequence.push_back(visit.stop + 1);
  sequence.push_back(0);
  std::vector<grid::LonLatPoint> line{points[0]};
  for (std::size_t k = 1; k < sequence.size(); ++k) {
    if (roads && !roads->paths[sequence[k - 1]][sequence[k]].empty()) {
      const auto& path = roads->paths[sequence[k - 1]][sequence[k]];
      line.insert(line.end(), path.begin() + 1, path.end());
    } else {
      line.push_back(points[sequence[k]]);
    }
  }
  return line;
}

void print_plan(std::ostream& out, const grid::PatrolOutput& output, double budget_hours) {
  const auto& plan = output.plan;
  out << std::fixed << std::setprecision(1) << "patrol " << output.patrol_id << ": "
      << plan.visits.size() << " stops, tour " << plan.length_m / 1000 << " km (lower bound "
      << plan.lower_bound_m / 1000 << " km, " << (plan.exact ? "exact" : "heuristic") << "), day "
      << plan.duration_min / 60 << " h of " << budget_hours << " h\n";
  out << " #  eta               kind        id              class     overdue  leg_km\n";
  for (std::size_t i = 0; i < plan.visits.size(); ++i) {
    const auto& visit = plan.visits[i];
    const auto& stop = output.stops[visit.stop];
    out << std::setw(2) << i + 1 << "  " << std::left << std::setw(18)
        << grid::arrival_time(output, visit.arrival_min) << std::setw(12) << stop.object_kind
        << std::setw(16) << stop.object_id << std::setw(10)
        << (stop.risk_class.empty() ? "-" : stop.risk_class) << std::right << std::setw(7)
        << stop.overdue_days << std::setw(8) << visit.leg_m / 1000 << '\n';
  }
  if (!plan.deferred.empty()) out << "left for the next day:";
  for (int stop : plan.deferred)
    out << ' ' << output.stops[stop].object_kind << ' ' << output.stops[stop].object_id;
  if (!plan.deferred.empty()) out << '\n';
}

int run(const ParsedArgs& args) {
  if (args.positionals.size() != 1) gis::throw_usage_error("give one PROJECT");
  gis::StepScope step("patrol plan");
  grid::PatrolRequest request{args.require("--cell"), {}};
  const auto date = grid::parse_iso_date(args.require("--date"));
  if (!date) gis::throw_usage_error("--date must be YYYY-MM-DD");
  request.date = *date;
  const auto frequencies_file = args.get("--frequencies");
  if (frequencies_file) request.frequencies = grid::read_frequencies(*frequencies_file);
  const grid::PatrolBudget budget{positive_option(args, "--hours", 6),
                                  positive_option(args, "--minutes-per-stop", 30),
                                  positive_option(args, "--speed-kmh", 30)};
  auto store = gis::Store::open(args.positionals[0], true);
  if (!frequencies_file) request.frequencies = grid::project_frequencies(store);
  auto inputs = grid::load_patrol_inputs(store, request);
  imagery::for_each_flag(store,
                         {.statuses = grid::field_check_statuses, .cell_id = request.cell_id},
                         [&](OGRFeature& flag) { grid::add_flag_stop(flag, inputs); });

  grid::PatrolOutput output;
  output.date = grid::format_iso_date(request.date);
  output.patrol_id = request.cell_id + "-" + output.date;
  output.start_time = args.get_or("--start-time", "08:00");
  const auto& t = output.start_time;
  if (t.size() != 5 || t[2] != ':' || !std::isdigit(t[0]) || !std::isdigit(t[1]) ||
      !std::isdigit(t[3]) || !std::isdigit(t[4]) || t.substr(0, 2) > "23" || t.substr(3) > "59")
    gis::throw_usage_error("--start-time must be HH:MM");
  output.start = args.has("--start")
                     ? parse_start(args.require("--start"))
                     : grid::LonLatPoint{inputs.cell_centre_x, inputs.cell_centre_y};
  if (args.has("--start")) {
    check_start_reachable(output.start, {inputs.cell_centre_x, inputs.cell_centre_y}, store.crs(),
                          budget, request.cell_id, args.require("--start"));
  }
  std::vector<grid::LonLatPoint> points{output.start};
  for (const auto& stop : inputs.stops) points.push_back({stop.x, stop.y});
  std::optional<grid::RoadMatrix> roads;
  if (auto source = args.get("--roads")) roads = grid::road_matrix(*source, points, store.crs());
  const auto distance = roads ? roads->distance : grid::straight_line_matrix(points, store.crs());

  output.stops = std::move(inputs.stops);
  output.plan = grid::plan_patrol(distance, output.stops, budget);
  output.route_line = route_line(points, output.plan, roads ? &*roads : nullptr);
  for (const auto& warning : inputs.warnings) gis::log_warning(warning);
  print_plan(std::cout, output, budget.hours);
  if (auto path = args.get("--output")) grid::write_patrol_geojson(output, store.crs(), *path);
  if (auto path = args.get("--gpx")) grid::write_patrol_gpx(output, store.crs(), *path);
  grid::record_patrol(store, output, request.cell_id);
  return inputs.warnings.empty() ? 0 : static_cast<int>(gis::ExitCode::data_problems);
}

const CommandRegistrar registrar{{
    "patrol plan",
    "order a cell's due inspections and field checks into one day's route",
    "PROJECT --cell ID --date YYYY-MM-DD [--roads SOURCE] [--start X,Y] [--hours 6] "
    "[--minutes-per-stop 30] [-o OUT.geojson] [--gpx OUT.gpx]",
    {
        {"--cell", "", true, "the cell patrolled (cells.cell_id)"},
        {"--date", "", true, "the day, YYYY-MM-DD"},
        {"--roads", "", true, "road lines (any vector source; 'oneway' field honoured)"},
        {"--start", "", true,
         "start and end of the day, X,Y in the store CRS (default: cell centre)"},
        {"--start-time", "", true, "time of the start, HH:MM (default 08:00)"},
        {"--hours", "", true, "length of the day in hours (default 6)"},
        {"--minutes-per-stop", "", true, "time spent at each stop (default 30)"},
        {"--speed-kmh", "", true, "average travel speed (default 30)"},
        {"--frequencies", "", true,
         "risk_class,interval_days table (default: the project's, see grid intervals)"},
        {"--output", "-o", true, "GeoJSON (or any vector format): route line and stops"},
        {"--gpx", "", true, "GPX file: stops as waypoints and the route"},
    },
    run,
}};

}  // namespace
}  // namespace envgrid::cli
