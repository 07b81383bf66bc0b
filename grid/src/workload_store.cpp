#include "envgrid/grid/workload_store.hpp"

#include <memory>

#include "envgrid/gis/error.hpp"
#include "envgrid/gis/log.hpp"
#include "envgrid/gis/store_tables.hpp"

namespace envgrid::grid {

namespace {

std::string text_of(const OGRFeature& feature, const char* name) {
  const int index = feature.GetFieldIndex(name);
  return index >= 0 && feature.IsFieldSetAndNotNull(index) ? feature.GetFieldAsString(index) : "";
}

std::string wkt_of(const OGRFeature& feature) {
  const OGRGeometry* geometry = feature.GetGeometryRef();
  return geometry ? geometry->exportToWkt() : "";
}

std::vector<WorkloadCell> load_cells(gis::Store& store) {
  std::vector<WorkloadCell> cells;
  OGRLayer& layer = gis::store_layer(store, "cells");
  layer.SetAttributeFilter(gis::supervision_cells_where);
  for (auto& f : layer) {
    cells.push_back({text_of(*f, "cell_id"), text_of(*f, "manager"), wkt_of(*f)});
  }
  layer.SetAttributeFilter(nullptr);
  return cells;
}

}  // namespace

WorkloadInput load_workload_input(gis::Store& store, std::vector<std::string>& warnings) {
  WorkloadInput input;
  input.cells = load_cells(store);
  OGRLayer& enterprises = gis::store_layer(store, "enterprises");
  enterprises.ResetReading();
  for (auto& f : enterprises) {
    const std::string id = text_of(*f, "enterprise_id");
    const std::string last = text_of(*f, "last_inspected");
    auto date = parse_iso_date(last);
    if (!last.empty() && !date)
      warnings.push_back("enterprise " + id + ": last_inspected '" + last +
                         "' is not YYYY-MM-DD; taken as never inspected");
    input.enterprises.push_back({id, text_of(*f, "risk_class"), date, text_of(*f, "cell_id")});
  }
  OGRLayer& outfalls = gis::store_layer(store, "outfalls");
  outfalls.ResetReading();
  for (auto& f : outfalls) {
    input.outfalls.push_back(
        {text_of(*f, "outfall_id"), text_of(*f, "registered") != "0", text_of(*f, "cell_id")});
  }
  return input;
}

FrequencyTable read_frequencies(const std::string& source) {
  const auto table = gis::read_layer(source);
  const auto* classes = table.column("risk_class");
  const auto* intervals = table.column("interval_days");
  if (!classes || !intervals) {
    gis::throw_input_error("a frequency table needs the columns risk_class and interval_days",
                           {.step = gis::current_step(), .dataset = source});
  }
  FrequencyTable frequencies = default_frequencies();
  for (std::size_t i = 0; i < table.size(); ++i) {
    const auto* name = std::get_if<std::string>(&classes->values[i]);
    std::string text = gis::field_value_text(intervals->values[i]);
    char* end = nullptr;
    const double days = std::strtod(text.c_str(), &end);
    if (!name || name->empty() || text.empty() || *end != '\0' || !(days >= 1) ||
        days != static_cast<int>(days)) {
      gis::throw_input_error(table.describe_row(i) +
                                 ": needs a risk_class and a whole positive interval_days, got '" +
                                 text + "'",
                             {.step = gis::current_step(), .dataset = source});
    }
    frequencies.interval_days[*name] = static_cast<int>(days);
  }
  return frequencies;
}

}  // namespace envgrid::grid
