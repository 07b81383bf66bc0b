// Parsing an HJ 212 data segment into its header fields and CP values.

#include "envgrid/monitor/packet.hpp"

#include <algorithm>
#include <charconv>

#include "envgrid/monitor/frame.hpp"

namespace envgrid::monitor {

namespace {

constexpr std::string_view cp_open = "CP=&&";
constexpr std::string_view cp_close = "&&";

std::optional<int> small_number(std::string_view text) {
  int value = 0;
  if (text.empty() || text.size() > 6) return std::nullopt;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value < 0) return std::nullopt;
  return value;
}

bool is_digits(std::string_view text) {
  return !text.empty() &&
         std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// Sets one header field; returns "" or the error.
std::string set_header_field(Packet& packet, std::string_view key, std::string_view value) {
  const auto number = [&](std::optional<int>& target) -> std::string {
    target = small_number(value);
    return target ? "" : std::string(key) + " '" + std::string(value) + "' is not a number";
  };
  if (key == "QN") {
    packet.qn = value;
  } else if (key == "ST") {
    packet.st = value;
  } else if (key == "CN") {
    if (value.size() != 4 || !is_digits(value)) {
      return "CN '" + std::string(value) + "' is not 4 digits";
    }
    packet.cn = value;
  } else if (key == "PW") {
    packet.pw = value;
  } else if (key == "MN") {
    packet.mn = value;
  } else if (key == "Flag") {
    return number(packet.flag);
  } else if (key == "PNUM") {
    return number(packet.pnum);
  } else if (key == "PNO") {
    return number(packet.pno);
  }
  // Other header fields (none in the standard) are tolerated and ignored.
  return "";
}

std::string parse_header(Packet& packet, std::string_view header) {
  while (!header.empty()) {
    const std::size_t end = std::min(header.find(';'), header.size());
    const std::string_view field = header.substr(0, end);
    header.remove_prefix(std::min(end + 1, header.size()));
    if (field.empty()) continue;
    const std::size_t eq = field.find('=');
    if (eq == std::string_view::npos) {
      return "field '" + std::string(field.substr(0, 40)) + "' has no '='";
    }
    std::string error = set_header_field(packet, field.substr(0, eq), field.substr(eq + 1));
    if (!error.empty()) return error;
  }
  return "";
}

FactorGroup& group_for(Packet& packet, std::string_view code) {
  for (auto& group : packet.factors) {
    if (group.code == code) return group;
  }
  packet.factors.push_back({std::string(code), {}, {}});
  return packet.factors.back();
}

bool is_statistic(std::string_view name) {
  static constexpr std::string_view names[] = {"Rtd",   "Avg",   "Min",   "Max",  "Cou",
                                               "ZsRtd", "ZsAvg", "ZsMin", "ZsMax"};
  return std::find(std::begin(names), std::end(names), name) != std::end(names);
}

std::string add_parameter(Packet& packet, std::string_view key, std::string_view value) {
  if (key == "DataTime") {
    packet.data_time = value;
    return "";
  }
  const std::size_t dash = key.rfind('-');
  if (dash == std::string_view::npos || dash == 0) {
    packet.other_parameters.emplace_back(key, value);
    return "";
  }
  const std::string_view code = key.substr(0, dash);
  const std::string_view statistic = key.substr(dash + 1);
  if (statistic == "Flag") {
    group_for(packet, code).device_flag = value;
  } else if (is_statistic(statistic)) {
    group_for(packet, code)
        .items.push_back({std::string(code), std::string(statistic), std::string(value)});
  } else {
    // Other per-factor fields (-SampleTime, -EFlag, -Info, ...) are not values.
    packet.other_parameters.emplace_back(key, value);
  }
  return "";
}

}  // namespace

std::string parse_command_parameters(Packet& packet) {
  packet.data_time.clear();
  packet.factors.clear();
  packet.other_parameters.clear();
  std::string_view rest = packet.cp;
  while (!rest.empty()) {
    const std::size_t end = std::min(rest.find_first_of(";,"), rest.size());
    const std::string_view entry = rest.substr(0, end);
    rest.remove_prefix(std::min(end + 1, rest.size()));
    if (entry.empty()) continue;
    const std::size_t eq = entry.find('=');
    if (eq == std::string_view::npos || eq == 0) {
      return "CP entry '" + std::string(entry.substr(0, 40)) + "' is not NAME=VALUE";
    }
    std::string error = add_parameter(packet, entry.substr(0, eq), entry.substr(eq + 1));
    if (!error.empty()) return error;
  }
  return "";
}

ParsedPacket parse_packet(std::string_view data_segment) {
  ParsedPacket parsed;
  const std::size_t open = data_segment.find(cp_open);
  if (open == std::string_view::npos) {
    parsed.error = "no CP=&& in the data segment";
    return parsed;
  }
  const std::string_view after = data_segment.substr(open + cp_open.size());
  const std::size_t close = after.rfind(cp_close);
  if (close == std::string_view::npos) {
    parsed.error = "CP=&& is not closed with &&";
    return parsed;
  }
  if (close + cp_close.size() != after.size()) {
    parsed.error = "text after CP's closing &&";
    return parsed;
  }
  parsed.error = parse_header(parsed.packet, data_segment.substr(0, open));
  if (!parsed.error.empty()) return parsed;
  if (parsed.packet.mn.empty()) {
    parsed.error = "no MN";
    return parsed;
  }
  if (parsed.packet.cn.empty()) {
    parsed.error = "no CN";
    return parsed;
  }
  parsed.packet.cp = after.substr(0, close);
  parsed.error = parse_command_parameters(parsed.packet);
  return parsed;
}

ProtocolVersion Packet::version() const noexcept {
  if (flag) {
    const int bits = *flag >> 2;
    if (bits == 0) return ProtocolVersion::hj212_2005;
    return bits == 1 ? ProtocolVersion::hj212_2017 : ProtocolVersion::later;
  }
  // No Flag: 2017 factor codes start with a letter (w01018, a21026).
  for (const auto& group : factors) {
    if (group.code.size() == 6 && (group.code[0] == 'w' || group.code[0] == 'a')) {
      return ProtocolVersion::hj212_2017;
    }
  }
  return factors.empty() ? ProtocolVersion::hj212_2017 : ProtocolVersion::hj212_2005;
}

bool is_data_command(std::string_view cn) noexcept {
  return cn == "2011" || cn == "2051" || cn == "2061" || cn == "2031";
}

std::string_view command_name(std::string_view cn) noexcept {
  if (cn == "2011") return "real-time data";
  if (cn == "2051") return "minute data";
  if (cn == "2061") return "hourly data";
  if (cn == "2031") return "daily data";
  if (cn == "9014") return "data response";
  if (cn == "9011") return "request response";
  if (cn == "9012") return "execution result";
  if (cn == "9013") return "notification response";
  if (cn == "1062") return "set real-time data interval";
  return "";
}

std::string data_response_frame(const Packet& packet) {
  // ST=91 is the system-interaction code; Flag=4: HJ 212-2017, no answer wanted.
  std::string segment =
      "QN=" + packet.qn + ";ST=91;CN=9014;PW=" + packet.pw + ";MN=" + packet.mn + ";Flag=4;CP=&&&&";
  return encode_frame(segment);
}

}  // namespace envgrid::monitor
