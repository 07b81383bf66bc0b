// envgrid task list PROJECT [--state S] [--cell ID] [--team NAME]
//   [--format table|csv] [-o FILE]: the tasks, oldest first.

#include <cmath>
#include <iostream>

#include "envgrid/gis/atomic_file.hpp"
#include "envgrid/gis/csv_output.hpp"
#include "envgrid/gis/error.hpp"
#include "registry.hpp"
#include "task_common.hpp"

namespace envgrid::cli {
namespace {

const std::vector<std::string> csv_columns{
    "task_id", "kind", "target_kind", "target_id", "target_name", "cell_id",    "team",
    "state",   "due",  "template_id", "source",    "created_at",  "created_by", "updated_at",
    "x",       "y"};

std::vector<std::string> row_of(const tasks::Task& t) {
  return {t.task_id,
          std::string(tasks::kind_name(t.kind)),
          std::string(tasks::target_kind_name(t.target_kind)),
          t.target_id,
          t.target_name,
          t.cell_id,
          tasks::join_team(t.team),
          std::string(tasks::state_name(t.state)),
          t.due,
          t.template_id,
          t.source,
          t.created_at,
          t.created_by,
          t.updated_at};
}

std::string csv_text(const std::vector<tasks::Task>& list) {
  std::string out;
  for (const auto& column : csv_columns) out += (out.empty() ? "" : ",") + column;
  out += "\n";
  for (const auto& t : list) {
    std::string line;
    for (const auto& value : row_of(t)) {
      gis::csv_field::text(line, value);
      line += ",";
    }
    gis::csv_field::point(line, t.x.value_or(NAN), t.y.value_or(NAN));
    out += line + "\n";
  }
  return out;
}

// Display width of UTF-8 text: CJK characters take two columns.
std::size_t width_of(const std::string& text) {
  std::size_t width = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if ((c & 0xC0) == 0x80) continue;
    width += c >= 0xE0 ? 2 : 1;
  }
  return width;
}

std::string table_text(const std::vector<tasks::Task>& list) {
  const std::vector<std::size_t> shown{0, 1, 3, 5, 6, 7, 8, 9};  // of row_of's columns
  std::vector<std::vector<std::string>> rows{{}};
  for (const auto i : shown) rows[0].push_back(csv_columns[i]);
  for (const auto& t : list) {
    const auto all = row_of(t);
    rows.emplace_back();
    for (const auto i : shown) rows.back().push_back(all[i]);
  }
  std::vector<std::size_t> widths(shown.size(), 0);
  for (const auto& row : rows) {
    for (std::size_t c = 0; c < row.size(); ++c) widths[c] = std::max(widths[c], width_of(row[c]));
  }
  std::string out;
  for (const auto& row : rows) {
    for (std::size_t c = 0; c < row.size(); ++c) {
      out += row[c];
      if (c + 1 < row.size()) out += std::string(widths[c] - width_of(row[c]) + 2, ' ');
    }
    out += "\n";
  }
  return out;
}

int run(const ParsedArgs& args) {
  if (args.positionals.size() != 1) gis::throw_usage_error("expected one PROJECT");
  const std::string format = args.get_or("--format", "table");
  if (format != "table" && format != "csv") gis::throw_usage_error("--format is table or csv");
  tasks::TaskFilter filter{std::nullopt, args.get_or("--cell", ""), args.get_or("--team", "")};
  if (auto state = args.get("--state")) {
    filter.state = tasks::parse_state(*state);
    if (!filter.state) {
      gis::throw_usage_error("--state '" + *state + "' is not one of " + tasks::state_names());
    }
  }
  gis::Store store = gis::Store::open(args.positionals[0], false);
  const auto list = tasks::read_tasks(store, filter);
  const std::string text = format == "csv" ? csv_text(list) : table_text(list);
  if (auto path = args.get("--output")) {
    gis::write_file_atomically(*path, text);
  } else {
    std::cout << text;
  }
  return 0;
}

const CommandRegistrar registrar(Command{
    .path = "task list",
    .summary = "list inspection tasks (by state, cell, team member) as a table or CSV",
    .usage = "PROJECT [--state S] [--cell ID] [--team NAME] [--format table|csv] [-o FILE]",
    .options = {{"--state", "", true,
                 "only tasks in this state (created, dispatched, in_progress, submitted, "
                 "returned, closed)"},
                {"--cell", "", true, "only tasks of this cell"},
                {"--team", "", true, "only tasks whose team holds this name"},
                {"--format", "", true, "table (DEFAULT) or csv"},
                {"--output", "-o", true, "write to this file instead of standard output"}},
    .run = run,
});

}  // namespace
}  // namespace envgrid::cli
