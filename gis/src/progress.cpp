#include "envgrid/gis/progress.hpp"

#include <unistd.h>

#include <atomic>
#include <iostream>

namespace envgrid::gis {

namespace {
std::atomic<ProgressMode> g_mode{ProgressMode::automatic};
}

void set_progress_mode(ProgressMode mode) { g_mode = mode; }

bool progress_enabled() {
  switch (g_mode.load()) {
    case ProgressMode::always:
      return true;
    case ProgressMode::never:
      return false;
    case ProgressMode::automatic:
      return isatty(STDERR_FILENO) != 0;
  }
  return false;
}

Progress::Progress(std::uint64_t total, std::ostream* out)
    : total_(total), out_(progress_enabled() ? (out ? out : &std::cerr) : nullptr) {}

Progress::~Progress() { done(); }

void Progress::advance(std::uint64_t units) { set(done_units_ + units); }

void Progress::set(std::uint64_t done_units) {
  done_units_ = done_units;
  if (!out_ || total_ == 0 || finished_) return;
  // GDAL prints 40 ticks: a number every 10 %, a dot every 2.5 %.
  const auto ticks = static_cast<int>(std::min<std::uint64_t>(40, done_units_ * 40 / total_));
  print_up_to(ticks);
}

void Progress::print_up_to(int ticks) {
  while (printed_ < ticks) {
    ++printed_;
    if (printed_ % 4 == 0) {
      *out_ << printed_ / 4 * 10;
      if (printed_ == 40) *out_ << " - done.\n";
    } else {
      *out_ << '.';
    }
  }
  out_->flush();
}

void Progress::done() {
  if (finished_) return;
  if (out_) print_up_to(40);
  finished_ = true;
}

}  // namespace envgrid::gis
