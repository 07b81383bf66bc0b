#pragma once
// Files the store names (chips, orthomosaics): read only through a path
// taken from a store row, never from a request.

#include <optional>
#include <string>

namespace envgrid::viewer::detail {

// The bytes of a PNG file of at most max_bytes, or nullopt when the file is
// missing, too large or not a PNG (its signature is checked).
[[nodiscard]] std::optional<std::string> read_png_file(const std::string& path,
                                                       std::size_t max_bytes);
// The same for a JPEG (task photo thumbnails).
[[nodiscard]] std::optional<std::string> read_jpeg_file(const std::string& path,
                                                        std::size_t max_bytes);

}  // namespace envgrid::viewer::detail
