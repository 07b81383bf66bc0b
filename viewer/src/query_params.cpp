#include "query_params.hpp"

#include <cmath>
#include <sstream>

#include "reviews.hpp"

namespace envgrid::viewer::detail {

namespace {

std::optional<double> parse_finite(const std::string& text) {
  try {
    std::size_t used = 0;
    double value = std::stod(text, &used);
    if (used != text.size() || !std::isfinite(value)) return std::nullopt;
    return value;
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

HttpError bad_parameter(const std::string& name, const std::string& why) {
  return HttpError(http::status::bad_request, "query parameter '" + name + "' " + why);
}

}  // namespace

std::string query_text(const RequestContext& context, const std::string& name) {
  auto it = context.query.find(name);
  return it == context.query.end() ? std::string() : it->second;
}

std::optional<double> query_double(const RequestContext& context, const std::string& name) {
  const std::string text = query_text(context, name);
  if (text.empty()) return std::nullopt;
  auto value = parse_finite(text);
  if (!value) throw bad_parameter(name, "must be a number");
  return value;
}

long long query_int(const RequestContext& context, const std::string& name, long long fallback,
                    long long min, long long max) {
  auto value = query_double(context, name);
  if (!value) return fallback;
  if (*value != std::floor(*value) || *value < min || *value > max) {
    throw bad_parameter(
        name, "must be a whole number from " + std::to_string(min) + " to " + std::to_string(max));
  }
  return static_cast<long long>(*value);
}

std::optional<std::array<double, 4>> query_bbox(const RequestContext& context) {
  const std::string text = query_text(context, "bbox");
  if (text.empty()) return std::nullopt;
  std::array<double, 4> box{};
  std::stringstream stream(text);
  std::string part;
  std::size_t count = 0;
  while (std::getline(stream, part, ',')) {
    auto value = parse_finite(part);
    if (!value || count >= 4) throw bad_parameter("bbox", "must be minx,miny,maxx,maxy");
    box[count++] = *value;
  }
  if (count != 4 || box[0] > box[2] || box[1] > box[3]) {
    throw bad_parameter("bbox", "must be minx,miny,maxx,maxy with min <= max");
  }
  return box;
}

QueueFilter read_queue_filter(const RequestContext& context) {
  QueueFilter filter{query_text(context, "status"), query_text(context, "kind"),
                     query_text(context, "cell"), query_double(context, "min_score")};
  if (!filter.status.empty()) require_flag_status(filter.status);
  return filter;
}

QueuePage read_queue_page(const RequestContext& context) {
  return {query_int(context, "offset", 0, 0, 1'000'000'000),
          query_int(context, "limit", 50, 1, 500)};
}

std::optional<int> tile_number(const std::string& text) {
  if (text.empty() || text.size() > 8) return std::nullopt;
  int value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + (c - '0');
  }
  return value;
}

}  // namespace envgrid::viewer::detail
