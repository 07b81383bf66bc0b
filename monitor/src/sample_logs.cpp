// The synthetic HJ 212 packet logs of the sample county.

#include "envgrid/monitor/sample_logs.hpp"

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>

#include "envgrid/gis/error.hpp"
#include "envgrid/monitor/frame.hpp"
#include "envgrid/monitor/online_values.hpp"

namespace envgrid::monitor {

namespace {

using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::sys_seconds;

constexpr int days_before = 20;
constexpr int days_after = 1;

// The limits the logs are judged by: GB 8978-1996 grade 1 (COD 100, NH3-N
// 15, phosphate 0.5 mg/L), as a permit for the sample's plants would set.
struct Factor {
  const char* code;
  const char* parameter;
  double typical;  // mg/L (flow: L/s)
  double spread;   // relative daily swing
  double limit;    // 0: none
};
constexpr Factor factors[] = {
    {"w01018", "COD", 45, 0.25, 100},
    {"w21003", "NH3-N", 3, 0.3, 15},
    {"w21011", "TP", 0.2, 0.3, 0.5},
    {"w00000", "flow", 12, 0.4, 0},
};

class Random {
 public:
  explicit Random(std::uint64_t seed) : engine_(seed) {}
  double uniform(double low, double high) {
    return low + (high - low) * static_cast<double>(engine_() >> 11) * 0x1.0p-53;
  }

 private:
  std::mt19937_64 engine_;
};

std::string local_stamp(sys_seconds utc, bool milliseconds) {
  return utc_to_data_time(utc) + (milliseconds ? "000" : "");
}

std::string number(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.3f", value);
  return text;
}

// What goes wrong with device d (index among the devices), by design.
enum class Fault { none, flags, flat_line, gap, duplicates, bad_crc, clock_ahead };
Fault fault_of(std::size_t device) {
  constexpr Fault faults[] = {Fault::none,       Fault::flags,   Fault::flat_line,  Fault::gap,
                              Fault::duplicates, Fault::bad_crc, Fault::clock_ahead};
  return device < std::size(faults) ? faults[device] : Fault::none;
}

class DeviceLog {
 public:
  DeviceLog(std::ofstream& out, std::string mn, Fault fault)
      : out_(out), mn_(std::move(mn)), fault_(fault) {}

  std::size_t lines = 0;

  void write(const std::string& cn, sys_seconds data_time, const std::string& values,
             bool duplicate) {
    sys_seconds stamped = data_time;
    if (fault_ == Fault::clock_ahead && cn == "2011" && lines % 40 == 7)
      stamped += hours(24 * 3650);
    const std::string segment = "QN=" + local_stamp(data_time + minutes(1), true) +
                                ";ST=32;CN=" + cn + ";PW=123456;MN=" + mn_ +
                                ";Flag=5;CP=&&DataTime=" + local_stamp(stamped, false) + ";" +
                                values + "&&";
    std::string frame = encode_frame(segment);
    if (fault_ == Fault::bad_crc && lines % 97 == 13) frame[frame.size() - 3] ^= 0x01;
    out_ << frame;
    ++lines;
    if (duplicate) {
      out_ << frame;
      ++lines;
    }
  }

 private:
  std::ofstream& out_;
  std::string mn_;
  Fault fault_;
};

struct Episode {
  sys_seconds from;
  sys_seconds to;
};

double value_at(const Factor& f, sys_seconds at, Random& random) {
  const double hour = static_cast<double>((at.time_since_epoch() / hours(1)) % 24);
  const double cycle = 1 + f.spread * std::sin((hour - 6) / 24 * 2 * M_PI);
  return f.typical * cycle * random.uniform(0.9, 1.1);
}

std::string hourly_values(Fault fault, sys_seconds at, sys_seconds start, const Episode* episode,
                          Random& random, double& flat) {
  std::string values;
  const auto day = (at - start) / hours(24);
  const auto hour_of_day = ((at - start) / hours(1)) % 24;
  for (const Factor& f : factors) {
    double value = value_at(f, at, random);
    std::string flag = "N";
    if (fault == Fault::flags && day == 3 && hour_of_day >= 9 && hour_of_day < 12) flag = "M";
    if (fault == Fault::flags && day == 9 && hour_of_day >= 2 && hour_of_day < 4) flag = "D";
    if (fault == Fault::flat_line && std::string(f.parameter) == "NH3-N" && day == 5 &&
        hour_of_day >= 8 && hour_of_day < 18) {
      if (hour_of_day == 8) flat = std::round(value * 1000) / 1000;
      value = flat;
    }
    if (episode && std::string(f.parameter) == "NH3-N" && at >= episode->from && at < episode->to) {
      value = f.limit * random.uniform(2.6, 3.4);
    }
    if (!values.empty()) values += ';';
    values += std::string(f.code) + "-Avg=" + number(value) + "," + f.code + "-Flag=" + flag;
    if (std::string(f.parameter) == "flow")
      values += "," + std::string(f.code) + "-Cou=" + number(value * 3.6);
  }
  return values;
}

std::string realtime_values(sys_seconds at, Random& random) {
  std::string values;
  for (const Factor& f : factors) {
    if (!values.empty()) values += ';';
    values +=
        std::string(f.code) + "-Rtd=" + number(value_at(f, at, random)) + "," + f.code + "-Flag=N";
  }
  return values;
}

void write_csvs(const std::string& directory, const std::vector<SampleOutfall>& devices,
                const std::vector<std::string>& mns) {
  std::ofstream monitors(directory + "/monitors.csv");
  monitors << "mn,outfall_id,enterprise_id,kind\n";
  std::ofstream limits(directory + "/limits.csv");
  limits << "outfall_id,parameter,statistic,limit_value,unit,source\n";
  for (std::size_t i = 0; i < devices.size(); ++i) {
    monitors << mns[i] << "," << devices[i].outfall_id << "," << devices[i].enterprise_id
             << ",wastewater\n";
    for (const Factor& f : factors) {
      if (f.limit <= 0) continue;
      limits << devices[i].outfall_id << "," << f.parameter << ",avg," << f.limit
             << ",mg/L,GB 8978-1996 grade 1\n";
    }
  }
  if (!monitors || !limits)
    gis::throw_output_error("cannot write monitors.csv / limits.csv", {.dataset = directory});
}

std::vector<SampleOutfall> choose_devices(std::span<const SampleOutfall> outfalls,
                                          const SampleLogOptions& options) {
  std::vector<SampleOutfall> chosen;
  for (const auto& o : outfalls) {
    if (o.outfall_id == options.planted_outfall_id) chosen.push_back(o);
  }
  for (const auto& o : outfalls) {
    if (chosen.size() >= options.devices) break;
    if (!o.enterprise_id.empty() && o.outfall_id != options.planted_outfall_id) chosen.push_back(o);
  }
  return chosen;
}

}  // namespace

SampleLogReport write_sample_packet_logs(const std::string& directory,
                                         std::span<const SampleOutfall> outfalls,
                                         const SampleLogOptions& options) {
  SampleLogReport report;
  const std::vector<SampleOutfall> devices = choose_devices(outfalls, options);
  std::filesystem::create_directories(directory + "/hj212");
  const sys_seconds end_hour = std::chrono::floor<hours>(options.planted_at);
  const sys_seconds start = end_hour - hours(24 * days_before);
  const sys_seconds finish = end_hour + hours(24 * days_after);
  // 12 hours of NH3-N at about 3x the limit, ending 2 hours before the section reading.
  const Episode episode{end_hour - hours(14), end_hour - hours(2)};
  Random random(options.seed ^ 0x4a32313200000000ULL);
  std::vector<std::string> mns;
  for (std::size_t d = 0; d < devices.size(); ++d) {
    const std::string mn = "MN" + devices[d].outfall_id;
    mns.push_back(mn);
    const Fault fault =
        devices[d].outfall_id == options.planted_outfall_id ? Fault::none : fault_of(d);
    const std::string file = "hj212/" + mn + ".log";
    std::ofstream out(directory + "/" + file, std::ios::binary);
    DeviceLog log(out, mn, fault);
    double flat = 0;
    const bool planted = devices[d].outfall_id == options.planted_outfall_id;
    for (sys_seconds at = start; at < finish; at += hours(1)) {
      const auto hours_in = (at - start) / hours(1);
      if (fault == Fault::gap && hours_in >= 24 * 7 + 6 && hours_in < 24 * 7 + 20) continue;
      const bool duplicate = fault == Fault::duplicates && hours_in / 24 == 2;
      log.write("2061", at,
                hourly_values(fault, at, start, planted ? &episode : nullptr, random, flat),
                duplicate);
    }
    for (sys_seconds at = end_hour - hours(24); at < end_hour; at += minutes(10)) {
      log.write("2011", at, realtime_values(at, random), false);
    }
    if (!out) gis::throw_output_error("cannot write", {.dataset = directory + "/" + file});
    report.files.push_back(file);
    report.packets += log.lines;
    if (planted) {
      report.episode_mn = mn;
      report.episode = "NH3-N about 3x the 15 mg/L limit from " + local_stamp(episode.from, false) +
                       " to " + local_stamp(episode.to, false) + " (Beijing time) at outfall " +
                       devices[d].outfall_id;
    }
  }
  // A device nobody bound: its packets are kept aside and listed.
  {
    const std::string file = "hj212/MNUNBOUND0001.log";
    std::ofstream out(directory + "/" + file, std::ios::binary);
    DeviceLog log(out, "MNUNBOUND0001", Fault::none);
    for (sys_seconds at = end_hour - hours(6); at < end_hour; at += hours(1)) {
      log.write("2061", at, realtime_values(at, random), false);
    }
    report.files.push_back(file);
    report.packets += log.lines;
  }
  write_csvs(directory, devices, mns);
  report.files.push_back("monitors.csv");
  report.files.push_back("limits.csv");
  report.devices = devices.size();
  return report;
}

}  // namespace envgrid::monitor
