#include "envgrid/gis/proj_handles.hpp"

namespace envgrid::gis {

PJ_CONTEXT* thread_proj_context() {
  thread_local ProjContextPtr context = [] {
    ProjContextPtr c(proj_context_create());
    proj_context_set_enable_network(c.get(), 0);
    return c;
  }();
  return context.get();
}

}  // namespace envgrid::gis
