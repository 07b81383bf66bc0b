#pragma once
// The one bounded reader of text that is not geodata (rules files, passwords,
// coordinates on standard input): every read has a limit, so /dev/zero or a
// wrong file given by mistake ends in a clear error instead of memory growing
// without bound.

#include <cstddef>
#include <istream>
#include <optional>
#include <string>

#include "envgrid/gis/error.hpp"

namespace envgrid::gis {

// A configuration text (draw rules, ...) is far below this.
inline constexpr std::size_t max_text_file_bytes = std::size_t{1} << 20;
// One line of text on standard input (a password, a coordinate pair).
inline constexpr std::size_t max_input_line_bytes = std::size_t{64} << 10;

// The whole file. Throws Error(input) naming the file when it cannot be
// opened or holds more than max_bytes.
[[nodiscard]] std::string read_bounded_text_file(const std::string& path, std::size_t max_bytes,
                                                 const ErrorContext& where);

// The next line without its "\n" or "\r\n"; nullopt at the end of the stream.
// Throws Error(input) when the line is longer than max_bytes (where.line is
// not filled in: the caller counts lines).
[[nodiscard]] std::optional<std::string> read_bounded_line(std::istream& in, std::size_t max_bytes,
                                                           const ErrorContext& where);

}  // namespace envgrid::gis
