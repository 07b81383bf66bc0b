// Reassembling split HJ 212 packets.

#include "envgrid/monitor/split_packets.hpp"

#include <algorithm>

namespace envgrid::monitor {

namespace {

std::string key_of(const Packet& packet) {
  return "MN " + packet.mn + " CN " + packet.cn + " QN " + packet.qn;
}

std::string describe(const std::string& key, int received, int parts) {
  return key + ": " + std::to_string(received) + " of " + std::to_string(parts) + " parts";
}

}  // namespace

std::optional<Packet> SplitPacketAssembler::add(Packet part, std::vector<std::string>& errors) {
  if (!part.is_split()) return part;
  const std::string key = key_of(part);
  const int parts = *part.pnum;
  const int number = *part.pno;
  if (parts < 1 || parts > max_packet_parts || number < 1 || number > parts) {
    errors.push_back(key + ": PNO " + std::to_string(number) + " of PNUM " + std::to_string(parts) +
                     " is out of range");
    return std::nullopt;
  }
  auto [it, inserted] = pending_.try_emplace(key);
  if (inserted) {
    it->second.parts = parts;
    order_.push_back(key);
  } else if (it->second.parts != parts) {
    errors.push_back(key + ": PNUM " + std::to_string(parts) + " differs from an earlier part's " +
                     std::to_string(it->second.parts));
    return std::nullopt;
  }
  it->second.received.insert_or_assign(number, std::move(part));
  if (static_cast<int>(it->second.received.size()) == it->second.parts) {
    std::string cp;
    for (const auto& [index, piece] : it->second.received) {
      if (!cp.empty() && !piece.cp.empty()) cp += ';';
      cp += piece.cp;
    }
    Packet whole = std::move(it->second.received.begin()->second);
    pending_.erase(it);
    order_.erase(std::find(order_.begin(), order_.end(), key));
    whole.cp = std::move(cp);
    whole.pnum.reset();
    whole.pno.reset();
    const std::string error = parse_command_parameters(whole);
    if (!error.empty()) {
      errors.push_back(key + ": reassembled CP: " + error);
      return std::nullopt;
    }
    return whole;
  }
  while (pending_.size() > max_pending_) {
    const std::string oldest = order_.front();
    order_.pop_front();
    const Pending& given_up = pending_.at(oldest);
    errors.push_back(describe(oldest, static_cast<int>(given_up.received.size()), given_up.parts) +
                     "; given up (more than " + std::to_string(max_pending_) +
                     " incomplete packets)");
    pending_.erase(oldest);
  }
  return std::nullopt;
}

std::vector<std::string> SplitPacketAssembler::incomplete() const {
  std::vector<std::string> result;
  for (const auto& key : order_) {
    const Pending& p = pending_.at(key);
    result.push_back(describe(key, static_cast<int>(p.received.size()), p.parts));
  }
  return result;
}

}  // namespace envgrid::monitor
