#pragma once
// The data segment of an HJ 212 packet: the header fields (QN, ST, CN, PW,
// MN, Flag, PNUM, PNO) and the command parameters CP=&&...&& with DataTime and
// the per-factor values (code-Rtd, -Avg, -Min, -Max, -Cou, -Flag, and the
// converted -ZsRtd/-ZsAvg/-ZsMin/-ZsMax of stacks). docs/monitoring.md.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace envgrid::monitor {

enum class ProtocolVersion {
  hj212_2005,  // HJ/T 212-2005: Flag version bits 000000, numeric factor codes
  hj212_2017,  // HJ 212-2017: Flag version bits 000001, w/a factor codes
  later,       // version bits above 000001 (framed and read as 2017)
};

// One value of a factor in CP: "w01018-Avg=23.5" is {code w01018, statistic Avg, text 23.5}.
struct FactorItem {
  std::string code;       // w01018, a21026, 011, B01, ...
  std::string statistic;  // Rtd, Avg, Min, Max, Cou, ZsRtd, ZsAvg, ZsMin, ZsMax
  std::string text;       // as sent
};

// One factor's group: its values and the device's flag (code-Flag=N).
struct FactorGroup {
  std::string code;
  std::string device_flag;  // "" when the device sent none
  std::vector<FactorItem> items;
};

struct Packet {
  std::string qn;  // request number YYYYMMDDhhmmsszzz ("" when absent)
  std::string st;  // system code (32 wastewater, 31 flue gas, ...)
  std::string cn;  // command code: 2011 real-time, 2051 minute, 2061 hourly, 2031 daily
  std::string pw;
  std::string mn;  // the device's id
  std::optional<int> flag;
  std::optional<int> pnum;  // split packets: how many, and this one's number (1-based)
  std::optional<int> pno;
  std::string cp;         // the CP content between && and && (kept for reassembly)
  std::string data_time;  // DataTime as sent (YYYYMMDDhhmmss[zzz]); "" when absent
  std::vector<FactorGroup> factors;
  // CP entries that are not factor values (RtdInterval=30, SystemTime=..., ...).
  std::vector<std::pair<std::string, std::string>> other_parameters;

  [[nodiscard]] bool wants_answer() const noexcept { return flag && (*flag & 1) != 0; }
  [[nodiscard]] bool is_split() const noexcept { return flag && (*flag & 2) != 0 && pnum && pno; }
  // From the Flag's version bits when there is a Flag, else from the factor codes.
  [[nodiscard]] ProtocolVersion version() const noexcept;
};

struct ParsedPacket {
  Packet packet;
  std::string error;  // empty when the data segment is well formed

  [[nodiscard]] bool ok() const noexcept { return error.empty(); }
};

// Parses a data segment (what decode_frame returns). Syntax errors (a field
// without '=', no CP=&&...&&, a non-numeric Flag/PNUM/PNO, a CN that is not 4
// digits, no MN) fail the packet; values are kept as text here.
[[nodiscard]] ParsedPacket parse_packet(std::string_view data_segment);

// Reads the CP content into DataTime, factor groups and other parameters.
// Returns "" or the syntax error. Used again on reassembled split packets.
[[nodiscard]] std::string parse_command_parameters(Packet& packet);

// True for the data uploads envgrid stores (2011, 2051, 2061, 2031).
[[nodiscard]] bool is_data_command(std::string_view cn) noexcept;
// "real-time data", "minute data", ..., or "" for codes envgrid does not know.
[[nodiscard]] std::string_view command_name(std::string_view cn) noexcept;

// The data response a platform sends for a data packet whose Flag asks for
// one (HJ 212-2017 6.6.4: CN=9014, the packet's QN echoed), as a full frame.
[[nodiscard]] std::string data_response_frame(const Packet& packet);

}  // namespace envgrid::monitor
