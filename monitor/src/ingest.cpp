// The receiving pipeline shared by files and the listener.

#include "envgrid/monitor/ingest.hpp"
#include "envgrid/gis/text.hpp"

#include "envgrid/monitor/frame.hpp"
#include "envgrid/monitor/online_values.hpp"

namespace envgrid::monitor {

namespace {

// A binding made while a listener runs is seen at most this late.
constexpr std::chrono::seconds monitors_refresh{5};

}  // namespace

IngestSession::IngestSession(gis::Store& store, ValueAuditOptions audit)
    : store_(store),
      audit_(audit),
      monitors_(read_monitors(store)),
      monitors_read_at_(std::chrono::steady_clock::now()) {}

void IngestSession::keep_aside(std::string_view origin, std::string mn, std::string reason,
                               std::string_view raw) {
  rejected_.push_back({std::string(origin), std::move(mn), std::move(reason),
                       std::string(raw.substr(0, max_raw_characters))});
}

const MonitorBinding* IngestSession::binding(const std::string& mn) {
  auto it = monitors_.find(mn);
  const auto now = std::chrono::steady_clock::now();
  if (it == monitors_.end() && now - monitors_read_at_ > monitors_refresh) {
    monitors_ = read_monitors(store_);
    monitors_read_at_ = now;
    it = monitors_.find(mn);
  }
  return it == monitors_.end() ? nullptr : &it->second;
}

bool IngestSession::store_packet(const Packet& packet, std::string_view origin,
                                 std::string_view raw) {
  PacketValues values = packet_values(packet);
  if (!values.error.empty()) {
    keep_aside(origin, packet.mn, values.error, raw);
    return false;
  }
  ++counts_.packets;
  const MonitorBinding* bound = binding(packet.mn);
  if (!bound) {
    ++counts_.unknown_mns[packet.mn];
    keep_aside(origin, packet.mn,
               "MN " + packet.mn + " is bound to no outfall (envgrid monitor bind)", raw);
    return true;  // kept aside on disk: the device may be answered
  }
  const auto now = std::chrono::system_clock::now();
  std::vector<std::string> refused;
  for (auto& value : values.values) {
    if (!value.value)
      refused.push_back(value.factor_code + "-" + value.statistic + ": " + value.reason);
    audit_value(value, now, audit_);
    readings_.push_back({std::move(value), bound->outfall_id, bound->enterprise_id});
  }
  // A packet with values that are not numbers is also kept whole, for the record.
  if (!refused.empty()) keep_aside(origin, packet.mn, gis::join(refused, "; "), raw);
  return true;
}

std::optional<Packet> IngestSession::accept(std::string_view line, std::string_view origin,
                                            bool overlong) {
  ++counts_.lines;
  if (overlong) {
    keep_aside(origin, "",
               "line longer than " + std::to_string(max_frame_length) +
                   " bytes, the longest frame HJ 212-2017 allows",
               line);
    return std::nullopt;
  }
  const DecodedFrame frame = decode_frame(line);
  if (!frame.ok()) {
    if (!line.empty() && line != "\r") keep_aside(origin, "", frame.error, line);
    return std::nullopt;
  }
  ParsedPacket parsed = parse_packet(frame.data_segment);
  if (!parsed.ok()) {
    keep_aside(origin, parsed.packet.mn, parsed.error, line);
    return std::nullopt;
  }
  std::vector<std::string> errors;
  std::optional<Packet> whole = assembler_.add(parsed.packet, errors);
  for (auto& error : errors) keep_aside(origin, parsed.packet.mn, error, line);
  const bool answer = parsed.packet.wants_answer();
  // A part is not answered while held in memory: only what is on disk is.
  if (!whole) return std::nullopt;
  const bool kept = store_packet(*whole, origin, line);
  if (kept && answer) return parsed.packet;
  return std::nullopt;
}

void IngestSession::give_up_incomplete(std::string_view origin) {
  for (const auto& description : assembler_.incomplete()) {
    keep_aside(origin, "", "split packet never completed: " + description, "");
  }
  assembler_ = SplitPacketAssembler();
}

void IngestSession::commit() {
  if (readings_.empty() && rejected_.empty()) return;
  const std::string received_at = gis::utc_now_iso8601();
  std::size_t stored = 0;
  store_.transaction([&] {
    stored = insert_readings(store_, readings_, received_at);
    insert_rejected(store_, rejected_, received_at);
  });
  counts_.values_stored += stored;
  counts_.duplicates += readings_.size() - stored;
  for (const auto& r : readings_) {
    if (!r.value.valid) ++counts_.values_not_valid;
  }
  counts_.rejected += rejected_.size();
  readings_.clear();
  rejected_.clear();
}

}  // namespace envgrid::monitor
