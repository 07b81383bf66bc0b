// SQL helpers of envgrid::monitor.

#include "sql.hpp"

#include <cpl_error.h>

#include <cstdio>

#include "envgrid/gis/error.hpp"
#include "envgrid/gis/log.hpp"
#include "envgrid/gis/store_tables.hpp"

namespace envgrid::monitor::sql {

std::string quoted(std::string_view text) { return gis::sql_quote(text); }

std::string nullable(std::string_view text) { return text.empty() ? "NULL" : quoted(text); }

std::string number(const std::optional<double>& value) {
  if (!value) return "NULL";
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.17g", *value);
  return buffer;
}

void run(gis::Store& store, const std::string& statement) {
  gis::run_sql_or_throw(store, statement);
}

void for_each_row(gis::Store& store, const std::string& query,
                  const std::function<void(const OGRFeature&)>& row) {
  (void)gis::take_last_gdal_error();
  OGRLayer* result = gis::store_dataset(store).ExecuteSQL(query.c_str(), nullptr, nullptr);
  if (!result) {
    const std::string reason = gis::take_last_gdal_error();
    if (reason.empty()) return;  // GDAL returns no layer for an empty result on some drivers
    gis::throw_input_error("cannot read: " + reason,
                           {.step = gis::current_step(), .dataset = store.location()});
  }
  for (auto& feature : *result) row(*feature);
  gis::store_dataset(store).ReleaseResultSet(result);
}

std::string text(const OGRFeature& feature, int index) {
  return feature.IsFieldSetAndNotNull(index) ? feature.GetFieldAsString(index) : "";
}

}  // namespace envgrid::monitor::sql
