#pragma once
// SQL on the store's monitoring layers, for the sources of envgrid::monitor
// (which owns those layers): literals, statements, rows.

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "envgrid/gis/store.hpp"

namespace envgrid::monitor::sql {

[[nodiscard]] std::string quoted(std::string_view text);
// NULL for empty text.
[[nodiscard]] std::string nullable(std::string_view text);
[[nodiscard]] std::string number(const std::optional<double>& value);

// A statement without rows; throws Error(output) with GDAL's reason.
void run(gis::Store& store, const std::string& statement);
// Calls row() for each row of a query; throws Error(input) when it fails.
void for_each_row(gis::Store& store, const std::string& query,
                  const std::function<void(const OGRFeature&)>& row);
// Field `index` as text, "" when null.
[[nodiscard]] std::string text(const OGRFeature& feature, int index);

}  // namespace envgrid::monitor::sql
