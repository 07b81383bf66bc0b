#pragma once
// Progress in GDAL's form: "0...10...20...30...40...50...60...70...80...90...100 - done."
// on stderr. Shown on a terminal unless --quiet; --progress forces it.

#include <cstdint>
#include <ostream>

namespace envgrid::gis {

enum class ProgressMode { automatic, always, never };

void set_progress_mode(ProgressMode mode);
[[nodiscard]] bool progress_enabled();

class Progress {
 public:
  // total: number of work units; 0 means unknown (nothing is printed until done()).
  explicit Progress(std::uint64_t total, std::ostream* out = nullptr);
  ~Progress();
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;

  void advance(std::uint64_t units = 1);
  void set(std::uint64_t done_units);
  void done();

 private:
  void print_up_to(int percent);

  std::uint64_t total_;
  std::uint64_t done_units_ = 0;
  int printed_ = -1;  // last multiple of 2.5 % printed, in GDAL's 40 steps
  bool finished_ = false;
  std::ostream* out_;
};

}  // namespace envgrid::gis
