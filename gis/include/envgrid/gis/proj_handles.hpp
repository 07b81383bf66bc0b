#pragma once
// RAII owners for PROJ's C API. One ProjContext per thread (PROJ contexts
// are not thread-safe); transformations belong to the context that made them.

#include <proj.h>

#include <memory>

namespace envgrid::gis {

struct ProjContextDeleter {
  void operator()(PJ_CONTEXT* c) const noexcept { proj_context_destroy(c); }
};
using ProjContextPtr = std::unique_ptr<PJ_CONTEXT, ProjContextDeleter>;

struct ProjDeleter {
  void operator()(PJ* p) const noexcept { proj_destroy(p); }
};
using ProjPtr = std::unique_ptr<PJ, ProjDeleter>;

// The calling thread's PROJ context, created on first use, with network
// access off (envgrid never downloads grids at run time).
[[nodiscard]] PJ_CONTEXT* thread_proj_context();

}  // namespace envgrid::gis
