// SQL helpers of envgrid::monitor.

#include "sql.hpp"

#include <cpl_error.h>

#include <cstdio>

#include "envgrid/gis/error.hpp"
#include "envgrid/gis/log.hpp"

namespace envgrid::monitor::sql {

std::string quoted(std::string_view text) {
  std::string out = "'";
  for (const char c : text) {
    out += c;
    if (c == '\'') out += '\'';
  }
  return out + "'";
}

std::string nullable(std::string_view text) { return text.empty() ? "NULL" : quoted(text); }

std::string number(const std::optional<double>& value) {
  if (!value) return "NULL";
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.17g", *value);
  return buffer;
}

void run(gis::Store& store, const std::string& statement) {
  (void)gis::take_last_gdal_error();
  CPLErrorReset();
  OGRLayer* result = store.dataset().ExecuteSQL(statement.c_str(), nullptr, nullptr);
  if (result) store.dataset().ReleaseResultSet(result);
  const std::string reason = gis::take_last_gdal_error();
  if (!reason.empty()) {
    gis::throw_output_error(reason, {.step = gis::current_step(), .dataset = store.location()});
  }
}

void for_each_row(gis::Store& store, const std::string& query,
                  const std::function<void(const OGRFeature&)>& row) {
  (void)gis::take_last_gdal_error();
  OGRLayer* result = store.dataset().ExecuteSQL(query.c_str(), nullptr, nullptr);
  if (!result) {
    const std::string reason = gis::take_last_gdal_error();
    if (reason.empty()) return;  // GDAL returns no layer for an empty result on some drivers
    gis::throw_input_error("cannot read: " + reason,
                           {.step = gis::current_step(), .dataset = store.location()});
  }
  for (auto& feature : *result) row(*feature);
  store.dataset().ReleaseResultSet(result);
}

std::string text(const OGRFeature& feature, int index) {
  return feature.IsFieldSetAndNotNull(index) ? feature.GetFieldAsString(index) : "";
}

}  // namespace envgrid::monitor::sql
