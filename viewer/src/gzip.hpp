#pragma once
// gzip (RFC 1952) of an answer, for clients that send Accept-Encoding: gzip.

#include <string>

#include "http_types.hpp"

namespace envgrid::viewer::detail {

[[nodiscard]] std::string gzip(const std::string& bytes);
// Whether the request's Accept-Encoding names gzip.
[[nodiscard]] bool accepts_gzip(const Request& request);

}  // namespace envgrid::viewer::detail
