#include "proj_crs.hpp"

#include "envgrid/gis/error.hpp"

namespace envgrid::gis::detail {

std::string last_proj_error() {
  PJ_CONTEXT* context = thread_proj_context();
  const int code = proj_context_errno(context);
  // PROJ_ERR_OTHER says only "Unknown error"; its detail went to the debug log.
  if (code == 0 || code == PROJ_ERR_OTHER) return "";
  const char* text = proj_context_errno_string(context, code);
  return text ? text : "";
}

void throw_unknown_crs(const std::string& text, const std::string& reason) {
  throw_usage_error("unknown CRS '" + text + "'" + (reason.empty() ? "" : " (" + reason + ")") +
                    "; expected EPSG:n, a PROJ string, WKT, GCJ02 or BD09");
}

ProjPtr create_proj_crs(const std::string& definition) {
  PJ_CONTEXT* context = thread_proj_context();
  ProjPtr crs(proj_create(context, definition.c_str()));
  if (!crs) throw_unknown_crs(definition, last_proj_error());
  if (!proj_is_crs(crs.get())) {
    throw_usage_error("'" + definition + "' is a coordinate operation, not a CRS");
  }
  return crs;
}

ProjPtr horizontal_crs(const PJ* crs) {
  PJ_CONTEXT* context = thread_proj_context();
  switch (proj_get_type(crs)) {
    case PJ_TYPE_BOUND_CRS: {
      ProjPtr base(proj_get_source_crs(context, crs));
      return base ? horizontal_crs(base.get()) : ProjPtr(proj_clone(context, crs));
    }
    case PJ_TYPE_COMPOUND_CRS: {
      ProjPtr first(proj_crs_get_sub_crs(context, crs, 0));
      return first ? horizontal_crs(first.get()) : ProjPtr(proj_clone(context, crs));
    }
    default:
      return ProjPtr(proj_clone(context, crs));
  }
}

}  // namespace envgrid::gis::detail
