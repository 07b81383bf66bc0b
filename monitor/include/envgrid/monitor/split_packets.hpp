#pragma once
// Reassembling split packets (Flag's D bit set, PNUM parts numbered PNO
// 1..PNUM, sharing MN, CN and QN): the parts' CP contents are joined in PNO
// order and read as one packet. Memory is bounded: at most max_pending
// incomplete packets are held; the oldest is given up when one more arrives.

#include <cstddef>
#include <deque>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "envgrid/monitor/packet.hpp"

namespace envgrid::monitor {

inline constexpr int max_packet_parts = 999;

class SplitPacketAssembler {
 public:
  explicit SplitPacketAssembler(std::size_t max_pending = 256) : max_pending_(max_pending) {}

  // A packet that is not split comes back as is. A part is held until its
  // packet is whole, which is then returned. Errors (a PNO outside 1..PNUM, a
  // part of another PNUM, an incomplete packet given up) go to `errors`.
  [[nodiscard]] std::optional<Packet> add(Packet part, std::vector<std::string>& errors);

  // What is still incomplete ("MN X CN 2061 QN Y: 2 of 3 parts"), e.g. at the end of a file.
  [[nodiscard]] std::vector<std::string> incomplete() const;

 private:
  struct Pending {
    int parts = 0;
    std::map<int, Packet> received;
  };
  std::size_t max_pending_;
  std::map<std::string, Pending> pending_;
  std::deque<std::string> order_;  // keys, oldest first
};

}  // namespace envgrid::monitor
