#pragma once
// Reading the inputs of a double-random draw from the project store and
// recording its result there, so that anyone can re-run and verify it.

#include <optional>
#include <string>
#include <vector>

#include "envgrid/gis/store.hpp"
#include "envgrid/grid/draw.hpp"

namespace envgrid::grid {

// Enterprises with their risk class and cell, and how often each was drawn
// in the year of `period` by the draws recorded before `recorded_before`
// (ISO 8601 UTC; "" = all recorded draws).
[[nodiscard]] std::vector<DrawUnit> load_draw_units(gis::Store& store, const std::string& period,
                                                    const std::string& recorded_before = "");
// The grid managers named in cells.manager, each with the cells they manage.
[[nodiscard]] std::vector<Inspector> load_cell_managers(gis::Store& store);
// name,cells lines (cells separated by ';'), read through GDAL.
[[nodiscard]] std::vector<Inspector> read_inspectors(const std::string& source);

struct RecordedDraw {
  std::string draw_id;
  std::string period;
  std::string seed;
  std::string rules;  // format_draw_rules text
  std::string input_digest;
  std::string result_digest;
  std::string created_at;
  std::string user_name;
  std::vector<DrawnTarget> targets;
};

// Writes the draw and its targets in one transaction; returns the draw id
// (PERIOD-first 12 hex digits of the result digest).
std::string record_draw(gis::Store& store, const DrawRequest& request, const DrawResult& result,
                        const std::string& user_name);
[[nodiscard]] std::optional<RecordedDraw> load_draw(gis::Store& store, const std::string& draw_id);

}  // namespace envgrid::grid
