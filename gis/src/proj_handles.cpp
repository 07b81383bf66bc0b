#include "envgrid/gis/proj_handles.hpp"

#include <string>

#include "envgrid/gis/log.hpp"

namespace envgrid::gis {

PJ_CONTEXT* thread_proj_context() {
  thread_local ProjContextPtr context = [] {
    ProjContextPtr c(proj_context_create());
    proj_context_set_enable_network(c.get(), 0);
    // PROJ would print its messages to stderr itself; envgrid reports
    // failures with context, so PROJ's own words go to the debug log.
    proj_log_func(c.get(), nullptr, [](void*, int, const char* message) {
      log(LogLevel::debug, std::string("PROJ: ") + (message ? message : ""));
    });
    return c;
  }();
  return context.get();
}

}  // namespace envgrid::gis
