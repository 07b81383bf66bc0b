#include "envgrid/grid/draw_store.hpp"

#include <algorithm>
#include <chrono>
#include <ctime>
#include <map>
#include <set>
#include <sstream>

#include "envgrid/gis/error.hpp"
#include "envgrid/gis/log.hpp"
#include "envgrid/gis/store_tables.hpp"

namespace envgrid::grid {

namespace {

std::string field_text(const OGRFeature& feature, const char* name) {
  const int index = feature.GetFieldIndex(name);
  return index >= 0 && feature.IsFieldSetAndNotNull(index) ? feature.GetFieldAsString(index) : "";
}

std::vector<std::string> split(const std::string& text, char separator) {
  std::vector<std::string> parts;
  std::istringstream in(text);
  for (std::string part; std::getline(in, part, separator);) {
    const auto first = part.find_first_not_of(' ');
    if (first != std::string::npos)
      parts.push_back(part.substr(first, part.find_last_not_of(' ') - first + 1));
  }
  return parts;
}

// How many times each enterprise was drawn in the year, by recorded draws.
std::map<std::string, int> drawn_this_year(gis::Store& store, const std::string& year,
                                           const std::string& recorded_before) {
  std::set<std::string> draw_ids;
  OGRLayer& draws = gis::store_layer(store, "draws");
  draws.SetAttributeFilter(("period LIKE " + gis::sql_quote(year + "Q%")).c_str());
  for (auto& draw : draws) {
    // ISO 8601 UTC times compare as text.
    if (recorded_before.empty() || field_text(*draw, "created_at") < recorded_before) {
      draw_ids.insert(field_text(*draw, "draw_id"));
    }
  }
  draws.SetAttributeFilter(nullptr);
  std::map<std::string, int> counts;
  OGRLayer& targets = gis::store_layer(store, "draw_targets");
  targets.ResetReading();
  for (auto& target : targets) {
    if (draw_ids.count(field_text(*target, "draw_id")))
      ++counts[field_text(*target, "enterprise_id")];
  }
  return counts;
}

}  // namespace

std::vector<DrawUnit> load_draw_units(gis::Store& store, const std::string& period,
                                      const std::string& recorded_before) {
  const auto counts = drawn_this_year(store, period.substr(0, 4), recorded_before);
  std::vector<DrawUnit> units;
  OGRLayer& enterprises = gis::store_layer(store, "enterprises");
  enterprises.ResetReading();
  for (auto& feature : enterprises) {
    DrawUnit unit{field_text(*feature, "enterprise_id"), field_text(*feature, "risk_class"),
                  field_text(*feature, "cell_id"), 0};
    auto it = counts.find(unit.enterprise_id);
    if (it != counts.end()) unit.inspections_this_year = it->second;
    units.push_back(std::move(unit));
  }
  return units;
}

std::vector<Inspector> load_cell_managers(gis::Store& store) {
  std::map<std::string, std::vector<std::string>> cells_by_manager;
  OGRLayer& cells = gis::store_layer(store, "cells");
  cells.SetAttributeFilter(gis::supervision_cells_where);
  for (auto& cell : cells) {
    const std::string manager = field_text(*cell, "manager");
    if (!manager.empty()) cells_by_manager[manager].push_back(field_text(*cell, "cell_id"));
  }
  cells.SetAttributeFilter(nullptr);
  std::vector<Inspector> inspectors;
  inspectors.reserve(cells_by_manager.size());
  for (auto& [name, managed] : cells_by_manager) inspectors.push_back({name, std::move(managed)});
  return inspectors;
}

std::vector<Inspector> read_inspectors(const std::string& source) {
  const auto table = gis::read_layer(source);
  const auto* names = table.column("name");
  const auto* cells = table.column("cells");
  if (!names || !cells) {
    gis::throw_input_error(
        "an inspectors table needs the columns name and cells (cell ids separated by ';')",
        {.step = "grid draw", .dataset = source});
  }
  std::vector<Inspector> inspectors;
  for (std::size_t i = 0; i < table.size(); ++i) {
    const auto* name = std::get_if<std::string>(&names->values[i]);
    if (!name || name->empty()) {
      gis::log_warning(table.describe_row(i) + ": no inspector name; row skipped");
      continue;
    }
    const auto* managed = std::get_if<std::string>(&cells->values[i]);
    inspectors.push_back({*name, managed ? split(*managed, ';') : std::vector<std::string>{}});
  }
  return inspectors;
}

std::string record_draw(gis::Store& store, const DrawRequest& request, const DrawResult& result,
                        const std::string& user_name) {
  std::string draw_id = request.period + "-" + result.result_digest.substr(0, 12);
  store.transaction([&] {
    OGRLayer& draws = gis::store_layer(store, "draws");
    gis::FeaturePtr draw(OGRFeature::CreateFeature(draws.GetLayerDefn()));
    draw->SetField("draw_id", draw_id.c_str());
    draw->SetField("period", request.period.c_str());
    draw->SetField("seed", request.seed.c_str());
    draw->SetField("rules", format_draw_rules(request.rules).c_str());
    draw->SetField("input_digest", result.input_digest.c_str());
    draw->SetField("result_digest", result.result_digest.c_str());
    draw->SetField("target_count", static_cast<GIntBig>(result.targets.size()));
    draw->SetField("created_at", gis::utc_now_iso8601().c_str());
    draw->SetField("user_name", user_name.c_str());
    if (draws.CreateFeature(draw.get()) != OGRERR_NONE) {
      gis::throw_output_error("cannot record draw " + draw_id + ": " + gis::take_last_gdal_error(),
                              {.step = "grid draw", .dataset = store.location(), .layer = "draws"});
    }
    OGRLayer& targets = gis::store_layer(store, "draw_targets");
    for (std::size_t i = 0; i < result.targets.size(); ++i) {
      const auto& t = result.targets[i];
      gis::FeaturePtr row(OGRFeature::CreateFeature(targets.GetLayerDefn()));
      std::string team;
      for (const auto& name : t.inspectors) team += (team.empty() ? "" : ";") + name;
      row->SetField("draw_id", draw_id.c_str());
      row->SetField("rank", static_cast<GIntBig>(i) + 1);
      row->SetField("enterprise_id", t.enterprise_id.c_str());
      row->SetField("risk_class", t.risk_class.c_str());
      row->SetField("cell_id", t.cell_id.c_str());
      row->SetField("rank_key", t.rank_key.c_str());
      row->SetField("inspectors", team.c_str());
      if (targets.CreateFeature(row.get()) != OGRERR_NONE) {
        gis::throw_output_error(
            "cannot record target " + t.enterprise_id + ": " + gis::take_last_gdal_error(),
            {.step = "grid draw", .dataset = store.location(), .layer = "draw_targets"});
      }
    }
  });
  return draw_id;
}

std::optional<RecordedDraw> load_draw(gis::Store& store, const std::string& draw_id) {
  OGRLayer& draws = gis::store_layer(store, "draws");
  draws.SetAttributeFilter(("draw_id = " + gis::sql_quote(draw_id)).c_str());
  gis::FeaturePtr draw(draws.GetNextFeature());
  draws.SetAttributeFilter(nullptr);
  if (!draw) return std::nullopt;
  RecordedDraw recorded{draw_id,
                        field_text(*draw, "period"),
                        field_text(*draw, "seed"),
                        field_text(*draw, "rules"),
                        field_text(*draw, "input_digest"),
                        field_text(*draw, "result_digest"),
                        field_text(*draw, "created_at"),
                        field_text(*draw, "user_name"),
                        {}};
  OGRLayer& targets = gis::store_layer(store, "draw_targets");
  targets.SetAttributeFilter(("draw_id = " + gis::sql_quote(draw_id)).c_str());
  std::vector<std::pair<GIntBig, DrawnTarget>> ranked;
  for (auto& row : targets) {
    ranked.emplace_back(
        row->GetFieldAsInteger64("rank"),
        DrawnTarget{field_text(*row, "enterprise_id"), field_text(*row, "risk_class"),
                    field_text(*row, "cell_id"), field_text(*row, "rank_key"),
                    split(field_text(*row, "inspectors"), ';')});
  }
  targets.SetAttributeFilter(nullptr);
  std::sort(ranked.begin(), ranked.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  for (auto& [rank, target] : ranked) recorded.targets.push_back(std::move(target));
  return recorded;
}

}  // namespace envgrid::grid
