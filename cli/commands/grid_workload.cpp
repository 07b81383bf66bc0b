// envgrid grid workload: inspections due, field checks and load per cell and
// manager for one quarter, with cell-move suggestions (docs/grid-workload.md).

#include <iomanip>
#include <iostream>

#include "envgrid/gis/error.hpp"
#include "envgrid/gis/log.hpp"
#include "envgrid/gis/vector_io.hpp"
#include "envgrid/grid/project_intervals.hpp"
#include "envgrid/grid/workload_store.hpp"
#include "envgrid/imagery/flag_rows.hpp"
#include "registry.hpp"

namespace envgrid::cli {
namespace {

int class_count(const grid::WorkloadCounts& c, const char* risk_class) {
  auto it = c.enterprises_by_class.find(risk_class);
  return it == c.enterprises_by_class.end() ? 0 : it->second;
}

std::vector<gis::FieldValue> counts_row(const grid::WorkloadCounts& c) {
  return {std::int64_t{class_count(c, "special")},
          std::int64_t{class_count(c, "key")},
          std::int64_t{class_count(c, "ordinary")},
          std::int64_t{class_count(c, "other")},
          std::int64_t{c.outfalls_registered},
          std::int64_t{c.outfalls_unregistered},
          std::int64_t{c.inspections_due},
          std::int64_t{c.inspections_overdue},
          std::int64_t{c.field_checks},
          std::int64_t{c.load()}};
}

std::string suggestion_for(const std::string& manager, const grid::WorkloadResult& result) {
  std::string text;
  for (const auto& s : result.suggestions) {
    if (s.from_manager == manager)
      text += (text.empty() ? "" : "; ") + ("move " + s.cell_id + " to " + s.to_manager);
  }
  return text;
}

void write_table(const std::string& path, const std::string& period,
                 const grid::WorkloadResult& result) {
  std::vector<gis::OutputField> fields{{"period"}, {"scope"}, {"id"}, {"manager"}};
  for (const char* name :
       {"enterprises_special", "enterprises_key", "enterprises_ordinary", "enterprises_other",
        "outfalls_registered", "outfalls_unregistered", "inspections_due", "inspections_overdue",
        "field_checks", "load", "capacity"}) {
    fields.push_back({name, gis::FieldType::integer});
  }
  fields.push_back({"suggestion"});
  gis::VectorWriter writer(path, "workload", wkbNone, gis::Crs::wgs84(), fields);
  for (const auto& cell : result.cells) {
    std::vector<gis::FieldValue> row{period, std::string("cell"), cell.cell_id, cell.manager};
    for (auto& v : counts_row(cell.counts)) row.push_back(v);
    row.insert(row.end(), {gis::FieldValue{}, gis::FieldValue{}});
    writer.add(nullptr, row);
  }
  for (const auto& m : result.managers) {
    std::vector<gis::FieldValue> row{period, std::string("manager"), m.manager, m.manager};
    for (auto& v : counts_row(m.counts)) row.push_back(v);
    row.push_back(std::int64_t{m.capacity});
    row.push_back(suggestion_for(m.manager, result));
    writer.add(nullptr, row);
  }
  writer.finish();
}

constexpr const char* counts_header = " spec  key  ord  outf  due overdue checks  load   cap\n";

// Each column is followed (text) or preceded (numbers) by at least one space,
// so a value wider than its column shifts the line but never runs into its
// neighbour.
template <typename Value>
void number_column(std::ostream& out, const Value& value, int width) {
  out << ' ' << std::right << std::setw(width - 1) << value;
}

void text_column(std::ostream& out, const std::string& text, int width) {
  out << std::left << std::setw(width - 1) << text << ' ';
}

void print_row(std::ostream& out, const std::string& first, const std::string& second,
               const grid::WorkloadCounts& c, const std::string& capacity, bool over) {
  text_column(out, first, 14);
  text_column(out, second, 14);
  number_column(out, class_count(c, "special"), 5);
  number_column(out, class_count(c, "key"), 5);
  number_column(out, class_count(c, "ordinary"), 5);
  number_column(out, c.outfalls_registered + c.outfalls_unregistered, 6);
  number_column(out, c.inspections_due, 5);
  number_column(out, c.inspections_overdue, 8);
  number_column(out, c.field_checks, 7);
  number_column(out, c.load(), 6);
  number_column(out, capacity, 6);
  out << (over ? " OVER" : "") << '\n';
}

void print_report(std::ostream& out, const std::string& period,
                  const grid::WorkloadResult& result) {
  out << "workload " << period << " per cell\n"
      << std::left << std::setw(14) << "cell" << std::setw(14) << "manager" << counts_header;
  for (const auto& c : result.cells)
    print_row(out, c.cell_id, c.manager.empty() ? "-" : c.manager, c.counts, "", false);
  out << "\nper manager\n"
      << std::left << std::setw(14) << "manager" << std::setw(14) << "cells" << counts_header;
  for (const auto& m : result.managers) {
    print_row(out, m.manager.empty() ? "(none)" : m.manager, std::to_string(m.cells.size()),
              m.counts, std::to_string(m.capacity), m.over_capacity());
  }
  if (!result.suggestions.empty()) out << "\nsuggestions\n";
  for (const auto& s : result.suggestions) {
    out << "  move cell " << s.cell_id << " (load " << s.cell_load << ") from " << s.from_manager
        << " to " << s.to_manager << '\n';
  }
  for (const auto& m : result.managers) {
    if (m.over_capacity() && !m.manager.empty() && suggestion_for(m.manager, result).empty())
      out << "  " << m.manager << ": over capacity, no neighbouring manager has room\n";
  }
}

// The flags awaiting a field check count as field work (imagery owns them).
std::vector<grid::WorkloadFlag> workload_flags(gis::Store& store) {
  std::vector<grid::WorkloadFlag> flags;
  imagery::for_each_flag(store, {.geometry = false}, [&](OGRFeature& f) {
    flags.push_back({f.GetFieldAsString("flag_id"), f.GetFieldAsString("status"),
                     f.GetFieldAsString("cell_id")});
  });
  return flags;
}

int run(const ParsedArgs& args) {
  if (args.positionals.size() != 1) gis::throw_usage_error("give one PROJECT");
  gis::StepScope step("grid workload");
  const std::string period = args.get_or("--period", grid::current_quarter());
  grid::WorkloadRequest request{grid::quarter_period(period)};
  const auto frequencies_file = args.get("--frequencies");
  if (frequencies_file) request.frequencies = grid::read_frequencies(*frequencies_file);
  if (auto capacity = args.get_int("--capacity-per-manager")) {
    if (*capacity < 0) gis::throw_usage_error("--capacity-per-manager must be 0 or more");
    request.capacity_per_manager = static_cast<int>(*capacity);
  }
  auto store = gis::Store::open(args.positionals[0], false);
  if (!frequencies_file) request.frequencies = grid::project_frequencies(store);
  std::vector<std::string> warnings;
  auto input = grid::load_workload_input(store, warnings);
  input.flags = workload_flags(store);
  auto result = grid::compute_workload(input, request);
  warnings.insert(warnings.end(), result.warnings.begin(), result.warnings.end());
  for (const auto& warning : warnings) gis::log_warning(warning);
  print_report(std::cout, period, result);
  if (auto out = args.get("--output")) write_table(*out, period, result);
  return warnings.empty() ? 0 : static_cast<int>(gis::ExitCode::data_problems);
}

const CommandRegistrar registrar{{
    "grid workload",
    "inspections due, field checks and load per cell and manager, with rebalancing suggestions",
    "PROJECT [--period 2026Q4] [--frequencies FILE] [--capacity-per-manager N] [-o OUT]",
    {
        {"--period", "", true, "quarter, YYYYQn (default: the current one)"},
        {"--frequencies", "", true,
         "risk_class,interval_days table (default: the project's, see grid intervals)"},
        {"--capacity-per-manager", "", true,
         "visits a manager can make in the period (default 60)"},
        {"--output", "-o", true,
         "write the per-cell and per-manager table (CSV or any vector format)"},
    },
    run,
}};

}  // namespace
}  // namespace envgrid::cli
