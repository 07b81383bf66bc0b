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

// GET /api/flags?status=&kind=&cell=&min_score=: the review queue's filter.
struct QueueFilter {
  std::string status, kind, cell;  // "" = any
  std::optional<double> min_score;
};
[[nodiscard]] QueueFilter read_queue_filter(const RequestContext& context);

// offset= (DEFAULT 0) and limit= (DEFAULT 50, at most 500) of a paged list.
struct QueuePage {
  long long offset = 0;
  long long limit = 50;
};
[[nodiscard]] QueuePage read_queue_page(const RequestContext& context);

// A tile coordinate of a path (/api/tiles/..., /api/basemap/...): 1-8
// digits, nothing else; nullopt otherwise.
[[nodiscard]] std::optional<int> tile_number(const std::string& text);

}  // namespace envgrid::viewer::detail
