#include "envgrid/gis/log.hpp"

#include <cpl_conv.h>
#include <cpl_error.h>
#include <gdal.h>
#include <ogr_api.h>

#include <sys/resource.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <mutex>

namespace envgrid::gis {

namespace {
std::atomic<LogLevel> g_level{LogLevel::info};
std::mutex g_output_mutex;
thread_local std::string t_step;
thread_local std::string t_last_gdal_error;

const char* level_name(LogLevel level) {
  switch (level) {
    case LogLevel::debug:
      return "debug";
    case LogLevel::info:
      return "info";
    case LogLevel::warning:
      return "warning";
    case LogLevel::error:
      return "error";
  }
  return "?";
}

void CPL_STDCALL gdal_error_handler(CPLErr err_class, CPLErrorNum, const char* message) {
  const std::string text = std::string("GDAL: ") + (message ? message : "");
  if (err_class >= CE_Failure) {
    t_last_gdal_error = message ? message : "";
    // Failures are reported by the envgrid code that checks the return
    // value, with its context; logging them here too would say it twice.
    log(LogLevel::debug, text);
  } else if (err_class == CE_Warning) {
    log(LogLevel::warning, text);
  } else {
    log(LogLevel::debug, text);
  }
}
}  // namespace

void set_log_level(LogLevel level) { g_level = level; }

void log(LogLevel level, std::string_view message) {
  if (level < g_level.load()) return;
  std::lock_guard lock(g_output_mutex);
  std::cerr << "envgrid " << level_name(level) << ": ";
  if (!t_step.empty()) std::cerr << t_step << ": ";
  std::cerr << message << '\n';
}

StepScope::StepScope(std::string step) : previous_(t_step) {
  t_step = previous_.empty() ? std::move(step) : previous_ + ": " + step;
}

StepScope::~StepScope() { t_step = previous_; }

const std::string& current_step() { return t_step; }

void initialize_gdal() {
  static std::once_flag once;
  std::call_once(once, [] {
    GDALAllRegister();
    CPLSetErrorHandler(gdal_error_handler);
    // GDAL >= 3 would otherwise swap to lat/lon for EPSG:4326/4490.
    CPLSetConfigOption("OSR_DEFAULT_AXIS_MAPPING_STRATEGY", "TRADITIONAL_GIS_ORDER");
  });
}

std::string take_last_gdal_error() {
  std::string message = std::move(t_last_gdal_error);
  t_last_gdal_error.clear();
  return message;
}

namespace {

double wall_s() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

double cpu_s() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  const auto seconds = [](const timeval& t) { return double(t.tv_sec) + double(t.tv_usec) / 1e6; };
  return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

// The logger prefixes the current step: the command is named only when it is not that step.
std::string phase_line(const std::string& command, std::string_view phase, double wall,
                       double cpu) {
  char figures[64];
  std::snprintf(figures, sizeof figures, ": %.3f s (CPU %.3f s)", wall, cpu);
  const std::string prefix = current_step() == command ? "" : command + ": ";
  return prefix + std::string(phase) + figures;
}

}  // namespace

PhaseTimes::PhaseTimes(std::string command)
    : command_(std::move(command)),
      started_s_(wall_s()),
      started_cpu_s_(cpu_s()),
      lap_s_(started_s_),
      lap_cpu_s_(started_cpu_s_) {}

void PhaseTimes::done(std::string_view phase) {
  const double now = wall_s(), now_cpu = cpu_s();
  log(LogLevel::debug, phase_line(command_, phase, now - lap_s_, now_cpu - lap_cpu_s_));
  lap_s_ = now;
  lap_cpu_s_ = now_cpu;
}

void PhaseTimes::total() {
  log(LogLevel::debug,
      phase_line(command_, "total", wall_s() - started_s_, cpu_s() - started_cpu_s_));
}

}  // namespace envgrid::gis
