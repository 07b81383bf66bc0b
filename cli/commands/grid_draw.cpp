// envgrid grid draw: the auditable double-random draw (docs/grid-draw.md).

#include <cstdlib>
#include <iostream>

#include "envgrid/gis/bounded_input.hpp"
#include "envgrid/gis/error.hpp"
#include "envgrid/gis/log.hpp"
#include "envgrid/gis/vector_io.hpp"
#include "envgrid/grid/draw_store.hpp"
#include "envgrid/grid/grid_rows.hpp"
#include "registry.hpp"

namespace envgrid::cli {
namespace {

// The rules file is envgrid's own small configuration text, not geodata.
std::string read_rules_text(const std::string& path) {
  return gis::read_bounded_text_file(path, gis::max_text_file_bytes,
                                     {.step = "grid draw", .dataset = path});
}

void write_targets_csv(const std::string& path, const std::string& draw_id,
                       const grid::DrawResult& result) {
  gis::VectorWriter writer(path, "draw", wkbNone, gis::Crs::wgs84(),
                           {{"draw_id", gis::FieldType::text},
                            {"rank", gis::FieldType::integer},
                            {"enterprise_id", gis::FieldType::text},
                            {"risk_class", gis::FieldType::text},
                            {"cell_id", gis::FieldType::text},
                            {"inspector_1", gis::FieldType::text},
                            {"inspector_2", gis::FieldType::text},
                            {"rank_key", gis::FieldType::text}});
  std::int64_t rank = 0;
  for (const auto& t : result.targets) {
    auto inspector = [&t](std::size_t i) -> gis::FieldValue {
      return i < t.inspectors.size() ? gis::FieldValue(t.inspectors[i]) : gis::FieldValue();
    };
    const std::vector<gis::FieldValue> row{draw_id,   ++rank,       t.enterprise_id, t.risk_class,
                                           t.cell_id, inspector(0), inspector(1),    t.rank_key};
    writer.add(nullptr, row);
  }
  writer.finish();
}

std::vector<grid::Inspector> inspectors_for(gis::Store& store, const ParsedArgs& args) {
  if (auto file = args.get("--inspectors")) return grid::read_inspectors(*file);
  return grid::load_cell_managers(store);
}

int verify(gis::Store& store, const std::string& draw_id, const ParsedArgs& args) {
  const auto recorded = grid::load_draw(store, draw_id);
  if (!recorded)
    gis::throw_input_error("no draw " + draw_id,
                           {.step = "grid draw", .dataset = store.location()});
  grid::DrawRequest request{recorded->period, recorded->seed,
                            grid::parse_draw_rules(recorded->rules, draw_id + " rules")};
  const auto units = grid::load_draw_units(store, recorded->period, recorded->created_at);
  const auto rerun = grid::draw_inspections(units, inspectors_for(store, args), request);
  const bool same_inputs = rerun.input_digest == recorded->input_digest;
  const bool same_result = rerun.result_digest == recorded->result_digest;
  std::cout << "draw " << draw_id << " (period " << recorded->period << ", seed " << recorded->seed
            << ", by " << recorded->user_name << " at " << recorded->created_at << ")\n"
            << "inputs: " << (same_inputs ? "same" : "CHANGED") << " (" << rerun.input_digest
            << ")\n"
            << "result: " << (same_result ? "same" : "DIFFERENT") << " (" << rerun.result_digest
            << ")\n";
  if (same_result && same_inputs) {
    std::cout << "verified: re-running the draw gives the recorded list\n";
    return 0;
  }
  std::cout
      << (same_inputs
              ? "NOT verified: same inputs, different list\n"
              : "NOT verified: the store's enterprises or inspectors changed since the draw\n");
  return static_cast<int>(gis::ExitCode::data_problems);
}

int cross_check(gis::Store& store, const ParsedArgs& args, const std::string& seed,
                const std::string& period) {
  const std::string field = args.get_or("--cross-field", "parent_id");
  // The units are those of the supervision cells, not of the townships above them.
  const auto units = grid::supervision_cell_values(store, field);
  if (!units) gis::throw_usage_error("cells have no field " + field);
  std::cout << "inspecting_unit,inspected_unit\n";
  for (const auto& pair : grid::draw_cross_check(*units, seed, period)) {
    std::cout << pair.inspecting_unit << ',' << pair.inspected_unit << '\n';
  }
  return 0;
}

int run(const ParsedArgs& args) {
  if (args.positionals.size() != 1) gis::throw_usage_error("give one PROJECT");
  gis::StepScope step("grid draw");
  auto store = gis::Store::open(args.positionals[0], true);
  if (auto draw_id = args.get("--verify")) return verify(store, *draw_id, args);
  const std::string period = args.require("--period");
  const std::string seed = args.require("--seed");
  // The seed is what makes the draw public and reproducible: an empty one is
  // almost certainly a shell variable that was not set.
  if (seed.empty()) gis::throw_usage_error("--seed must not be empty");
  grid::validate_period(period);
  if (args.has("--cross-check")) return cross_check(store, args, seed, period);

  grid::DrawRequest request{period, seed, grid::default_draw_rules()};
  if (auto rules = args.get("--rules"))
    request.rules = grid::parse_draw_rules(read_rules_text(*rules), *rules);
  const auto units = grid::load_draw_units(store, period);
  const auto result = grid::draw_inspections(units, inspectors_for(store, args), request);
  for (const auto& warning : result.warnings) gis::log_warning(warning);
  const char* login_name = std::getenv("USER");
  const std::string user = args.get_or("--user", login_name ? login_name : "unknown");
  const std::string draw_id = grid::record_draw(store, request, result, user);
  if (auto csv = args.get("--output")) write_targets_csv(*csv, draw_id, result);
  std::cout << "draw " << draw_id << ": " << result.targets.size() << " targets from "
            << units.size() << " enterprises\ninput digest  " << result.input_digest
            << "\nresult digest " << result.result_digest << "\nverify with: envgrid grid draw "
            << args.positionals[0] << " --verify " << draw_id << "\n";
  return result.warnings.empty() ? 0 : static_cast<int>(gis::ExitCode::data_problems);
}

const CommandRegistrar registrar{{
    "grid draw",
    "double-random (双随机) inspection draw, recorded in the store and verifiable",
    "PROJECT --period 2026Q4 --seed S [--rules FILE] [--inspectors FILE] [-o CSV] | PROJECT "
    "--verify DRAW_ID",
    {
        {"--period", "", true, "quarter drawn, YYYYQn"},
        {"--seed", "", true, "the public seed of the draw"},
        {"--rules", "", true,
         "risk_class,ratio_per_period,yearly_cap CSV (default: docs/grid-draw.md)"},
        {"--inspectors", "", true,
         "name,cells table (cells separated by ';'); default: cell managers"},
        {"--user", "", true, "who makes the draw (recorded); default $USER"},
        {"--output", "-o", true, "also write the targets as CSV (or any vector format)"},
        {"--verify", "", true, "re-run a recorded draw and compare"},
        {"--cross-check", "", false, "draw which unit inspects which (never its own)"},
        {"--cross-field", "", true,
         "cells field naming the units for --cross-check (default parent_id)"},
    },
    run,
}};

}  // namespace
}  // namespace envgrid::cli
