// Converting source values to store field values: type conversion, ISO 8601
// dates and times, JSON text, allowed values. Each refusal says why, so an
// import can report the row instead of storing something misleading.

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <string_view>

#include "envgrid/gis/iso_time.hpp"
#include "envgrid/gis/store.hpp"
#include "envgrid/gis/text.hpp"

namespace envgrid::gis {

namespace {

std::string_view trim(std::string_view s) {
  const auto first = s.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return {};
  const auto last = s.find_last_not_of(" \t\r\n");
  return s.substr(first, last - first + 1);
}

// An object or array whose brackets balance outside strings. Not a full JSON
// parser: enough to catch truncated or plain-text values.
bool looks_like_json(std::string_view s) {
  if (s.empty() || (s.front() != '{' && s.front() != '[')) return false;
  std::string stack;
  bool in_string = false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (in_string) {
      if (c == '\\')
        ++i;
      else if (c == '"')
        in_string = false;
      continue;
    }
    if (c == '"')
      in_string = true;
    else if (c == '{' || c == '[')
      stack.push_back(c == '{' ? '}' : ']');
    else if (c == '}' || c == ']') {
      if (stack.empty() || stack.back() != c) return false;
      stack.pop_back();
      if (stack.empty() && i + 1 != s.size()) return false;
    }
  }
  return stack.empty() && !in_string;
}

std::string as_text(const FieldValue& value) {
  if (const auto* i = std::get_if<std::int64_t>(&value)) return std::to_string(*i);
  if (const auto* d = std::get_if<double>(&value)) {
    std::array<char, 32> buffer{};
    auto [end, ec] = std::to_chars(buffer.data(), buffer.data() + buffer.size(), *d);
    return std::string(buffer.data(), end);
  }
  if (const auto* s = std::get_if<std::string>(&value)) return std::string(trim(*s));
  return {};
}

std::optional<double> parse_real(std::string_view text) {
  const std::string copy(text);
  char* end = nullptr;
  const double value = std::strtod(copy.c_str(), &end);
  if (end == copy.c_str() || *end != '\0' || !std::isfinite(value)) return std::nullopt;
  return value;
}

std::optional<FieldValue> convert_type(const StoreField& field, const FieldValue& value,
                                       std::string& reason) {
  const std::string text = as_text(value);
  switch (field.type) {
    case FieldType::text:
      return FieldValue{text};
    case FieldType::real: {
      if (const auto* i = std::get_if<std::int64_t>(&value)) return FieldValue{double(*i)};
      const auto parsed = parse_real(text);
      if (!parsed) reason = field.name + ": '" + text + "' is not a finite number";
      return parsed ? std::optional<FieldValue>(*parsed) : std::nullopt;
    }
    case FieldType::integer: {
      if (const auto* i = std::get_if<std::int64_t>(&value)) return FieldValue{*i};
      const auto parsed = parse_real(text);
      // 2^53: the largest range in which a double holds every integer exactly.
      if (!parsed || *parsed != std::floor(*parsed) || std::fabs(*parsed) > 9007199254740992.0) {
        reason = field.name + ": '" + text + "' is not an integer";
        return std::nullopt;
      }
      return FieldValue{static_cast<std::int64_t>(*parsed)};
    }
  }
  return std::nullopt;
}

std::string format_problem(const StoreField& field, const std::string& text) {
  switch (field.format) {
    case FieldFormat::any:
      return {};
    case FieldFormat::iso_date:
      return parse_iso_days(text) ? "" : "'" + text + "' is not a date (YYYY-MM-DD)";
    case FieldFormat::iso_datetime:
      return parse_iso_seconds(text) ? "" : "'" + text + "' is not an ISO 8601 date and time";
    case FieldFormat::json:
      return looks_like_json(text) ? ""
                                   : "'" + text.substr(0, 40) + "' is not a JSON object or array";
  }
  return {};
}

}  // namespace

std::optional<FieldValue> to_store_value(const StoreField& field, const FieldValue& value,
                                         std::string& reason) {
  if (std::holds_alternative<std::monostate>(value)) return FieldValue{};
  if (const auto* s = std::get_if<std::string>(&value); s && trim(*s).empty()) return FieldValue{};
  if (const auto* d = std::get_if<double>(&value); d && !std::isfinite(*d)) {
    reason = field.name + ": value is not finite";
    return std::nullopt;
  }
  auto converted = convert_type(field, value, reason);
  if (!converted) return std::nullopt;
  const std::string text = as_text(*converted);
  if (const std::string problem = format_problem(field, text); !problem.empty()) {
    reason = field.name + ": " + problem;
    return std::nullopt;
  }
  if (!field.allowed_values.empty() &&
      std::find(field.allowed_values.begin(), field.allowed_values.end(), text) ==
          field.allowed_values.end()) {
    reason = field.name + ": '" + text + "' is not one of " + join(field.allowed_values, ", ");
    return std::nullopt;
  }
  return converted;
}

}  // namespace envgrid::gis
