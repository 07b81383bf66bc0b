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

// Installs the CPLError handler (idempotent) and registers GDAL's drivers.
void initialize_gdal();

// The last GDAL error message raised on this thread since the last call,
// or "" if none; used to explain a failed GDAL call in an envgrid::Error.
std::string take_last_gdal_error();  // also used to clear it

}  // namespace envgrid::gis
