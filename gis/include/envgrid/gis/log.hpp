#pragma once
// envgrid's logger: everything goes to stderr (results go to files or
// stdout). GDAL's CPLError messages are routed here too, tagged with the
// envgrid step active on the thread when GDAL raised them.

#include <string>
#include <string_view>

namespace envgrid::gis {

enum class LogLevel { debug, info, warning, error };

void set_log_level(LogLevel level);
void log(LogLevel level, std::string_view message);
inline void log_info(std::string_view m) { log(LogLevel::info, m); }
inline void log_warning(std::string_view m) { log(LogLevel::warning, m); }
inline void log_error(std::string_view m) { log(LogLevel::error, m); }

// Names the envgrid step for the duration of a scope; GDAL messages raised
// meanwhile carry it. Steps nest ("import: read").
class StepScope {
 public:
  explicit StepScope(std::string step);
  ~StepScope();
  StepScope(const StepScope&) = delete;
  StepScope& operator=(const StepScope&) = delete;

 private:
  std::string previous_;
};

[[nodiscard]] const std::string& current_step();

// Logs under --verbose how long each phase of a command took, wall and
// process CPU time: "grid assign: read sites: 0.212 s (CPU 0.405 s)".
class PhaseTimes {
 public:
  explicit PhaseTimes(std::string command);
  void done(std::string_view phase);  // the time since the previous phase ended
  void total();                       // the time since construction

 private:
  std::string command_;
  double started_s_, started_cpu_s_;
  double lap_s_, lap_cpu_s_;
};

// Installs the CPLError handler (idempotent) and registers GDAL's drivers.
void initialize_gdal();

// The last GDAL error message raised on this thread since the last call,
// or "" if none; used to explain a failed GDAL call in an envgrid::Error.
std::string take_last_gdal_error();  // also used to clear it

}  // namespace envgrid::gis
