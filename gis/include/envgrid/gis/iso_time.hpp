#pragma once
// The one strict parser of dates and times (docs/store.md, "Times"):
// YYYY-MM-DD, or YYYY-MM-DDThh:mm[:ss[.fff]] (a space may stand for the T)
// with an optional Z or ±hh:mm offset. A time without an offset is taken as
// written (the documented local form: a camera clock, an agency's table).
// Everything else is refused: trailing text, 25:00, 02-30, T99:99, an offset
// beyond ±14:00.

#include <cstdint>
#include <optional>
#include <string_view>

namespace envgrid::gis {

// Seconds since 1970-01-01T00:00Z; a date alone is its midnight.
[[nodiscard]] std::optional<std::int64_t> parse_iso_seconds(std::string_view text);

// Days since 1970-01-01 of a date written YYYY-MM-DD and nothing else.
[[nodiscard]] std::optional<std::int64_t> parse_iso_days(std::string_view text);

inline constexpr std::int64_t seconds_per_day = 86400;

}  // namespace envgrid::gis
