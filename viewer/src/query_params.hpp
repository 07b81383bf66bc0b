#pragma once
// Typed reading of query parameters; a malformed value is HttpError(400).

#include <array>
#include <optional>
#include <string>

#include "http_types.hpp"

namespace envgrid::viewer::detail {

[[nodiscard]] std::optional<double> query_double(const RequestContext& context,
                                                 const std::string& name);
[[nodiscard]] long long query_int(const RequestContext& context, const std::string& name,
                                  long long fallback, long long min, long long max);
[[nodiscard]] std::string query_text(const RequestContext& context, const std::string& name);
// bbox=minx,miny,maxx,maxy in the store CRS; nullopt when absent.
[[nodiscard]] std::optional<std::array<double, 4>> query_bbox(const RequestContext& context);

}  // namespace envgrid::viewer::detail
