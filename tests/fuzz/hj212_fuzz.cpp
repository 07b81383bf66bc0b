// HJ 212 packets as devices send them: bytes cut into lines by the bounded
// LineFramer (a TCP stream or a log file), each line through decode_frame,
// parse_packet, split-packet reassembly and packet_values; the data segment
// is also parsed directly (without a valid CRC most inputs would stop at the
// frame check), and a good frame must survive encode/decode unchanged.

#include <cstdlib>

#include "envgrid/monitor/frame.hpp"
#include "envgrid/monitor/line_framer.hpp"
#include "envgrid/monitor/online_values.hpp"
#include "envgrid/monitor/packet.hpp"
#include "envgrid/monitor/split_packets.hpp"
#include "envgrid/monitor/value_audit.hpp"
#include "fuzz_support.hpp"

using namespace envgrid;

namespace {

void read_segment(std::string_view segment, monitor::SplitPacketAssembler& assembler) {
  monitor::ParsedPacket parsed = monitor::parse_packet(segment);
  if (!parsed.ok()) return;
  (void)monitor::data_response_frame(parsed.packet);
  std::vector<std::string> errors;
  const auto whole = assembler.add(parsed.packet, errors);
  if (!whole) return;
  monitor::PacketValues values = monitor::packet_values(*whole);
  for (auto& value : values.values) monitor::audit_value(value, std::chrono::system_clock::now());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  fuzz::quiet_logging();
  const std::string text = fuzz::as_text(data, size);
  monitor::SplitPacketAssembler assembler(8);
  monitor::LineFramer framer(monitor::max_frame_length);
  const auto on_line = [&](std::string_view line, bool overlong) {
    if (line.size() > monitor::max_frame_length) std::abort();  // the framer's bound
    if (overlong) return;
    const monitor::DecodedFrame frame = monitor::decode_frame(line);
    read_segment(frame.ok() ? frame.data_segment : line, assembler);
    if (frame.ok()) {
      const std::string again = monitor::encode_frame(frame.data_segment);
      const monitor::DecodedFrame round = monitor::decode_frame(again);
      if (!round.ok() || round.data_segment != frame.data_segment) std::abort();
    }
  };
  // Fed in two pieces, as a stream split across reads.
  const std::size_t cut = size / 3;
  framer.feed(std::string_view(text).substr(0, cut), on_line);
  framer.feed(std::string_view(text).substr(cut), on_line);
  framer.finish(on_line);
  (void)assembler.incomplete();
  return 0;
}
