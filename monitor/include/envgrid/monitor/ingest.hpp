#pragma once
// Receiving HJ 212 packets into the store: frame check, parse, split-packet
// reassembly, binding to an outfall, the per-value audit, duplicates stored
// once, everything refused kept aside in rejected_packets with its reason.
// Used by `envgrid monitor ingest` (files) and `envgrid monitor listen` (TCP).

#include <chrono>
#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "envgrid/gis/store.hpp"
#include "envgrid/monitor/monitor_store.hpp"
#include "envgrid/monitor/packet.hpp"
#include "envgrid/monitor/split_packets.hpp"
#include "envgrid/monitor/value_audit.hpp"

namespace envgrid::monitor {

struct IngestCounts {
  std::size_t lines = 0;
  std::size_t packets = 0;                         // data packets read whole (split ones once)
  std::size_t values_stored = 0;                   // new online_readings rows
  std::size_t duplicates = 0;                      // values already stored
  std::size_t values_not_valid = 0;                // stored, audit verdict not valid
  std::size_t rejected = 0;                        // rejected_packets rows
  std::map<std::string, std::size_t> unknown_mns;  // MN -> packets kept aside
};

class IngestSession {
 public:
  explicit IngestSession(gis::Store& store, ValueAuditOptions audit = {});

  // One line or frame. Returns the packet when it was accepted and its Flag
  // asks for an answer: the caller answers it after commit() returns.
  std::optional<Packet> accept(std::string_view line, std::string_view origin,
                               bool overlong = false);
  // Writes what accept() gathered, in one transaction.
  void commit();
  // Keeps aside the split packets still incomplete (end of a file or connection).
  void give_up_incomplete(std::string_view origin);
  // Keeps a line aside for a reason found outside the packet (a frame never
  // ended); written by the next commit().
  void keep_aside(std::string_view origin, std::string mn, std::string reason,
                  std::string_view raw);

  [[nodiscard]] const IngestCounts& counts() const noexcept { return counts_; }
  [[nodiscard]] std::size_t pending_rows() const noexcept {
    return readings_.size() + rejected_.size();
  }

 private:
  const MonitorBinding* binding(const std::string& mn);
  bool store_packet(const Packet& packet, std::string_view origin, std::string_view raw);

  gis::Store& store_;
  ValueAuditOptions audit_;
  std::map<std::string, MonitorBinding> monitors_;
  std::chrono::steady_clock::time_point monitors_read_at_;
  SplitPacketAssembler assembler_;
  std::vector<StoredReading> readings_;
  std::vector<RejectedPacket> rejected_;
  IngestCounts counts_;
};

}  // namespace envgrid::monitor
