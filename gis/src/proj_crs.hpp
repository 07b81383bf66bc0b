#pragma once
// Internal: PROJ objects for envgrid's Crs, made in the calling thread's
// PROJ context.

#include <string>

#include "envgrid/gis/crs.hpp"
#include "envgrid/gis/proj_handles.hpp"

namespace envgrid::gis::detail {

// The PROJ CRS object of a Crs of kind proj; throws Error(usage) naming the
// text and PROJ's reason when PROJ cannot make it.
[[nodiscard]] ProjPtr create_proj_crs(const std::string& definition);

// Error(usage): the text is no CRS envgrid knows; reason may add PROJ's.
[[noreturn]] void throw_unknown_crs(const std::string& text, const std::string& reason = "");

// The horizontal part of a CRS: the base of a bound CRS, the first
// component of a compound CRS, else the CRS itself (a new reference).
[[nodiscard]] ProjPtr horizontal_crs(const PJ* crs);

// PROJ's reason for the last failure in the calling thread's context.
[[nodiscard]] std::string last_proj_error();

}  // namespace envgrid::gis::detail
