#pragma once
// HJ 212 communication packets ("frames"): "##" + 4-digit decimal length of
// the data segment + data segment + 4-hex-digit CRC + CRLF (HJ 212-2017 6.3).
// docs/monitoring.md, "Packets".

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace envgrid::monitor {

// HJ 212-2017 6.3.1: the data segment holds 0 to 1024 ASCII characters, so a
// whole frame with its CRLF is at most 2 + 4 + 1024 + 4 + 2 bytes.
inline constexpr std::size_t max_data_segment_length = 1024;
inline constexpr std::size_t max_frame_length = 2 + 4 + max_data_segment_length + 4 + 2;

// The CRC of HJ 212-2017 Appendix A over the data segment's bytes: register
// 0xFFFF, each byte XORed into the register shifted right by 8 (not into its
// low byte as CRC-16/MODBUS does), then 8 shifts with polynomial 0xA001.
[[nodiscard]] std::uint16_t hj212_crc(std::string_view data_segment) noexcept;

struct DecodedFrame {
  std::string_view data_segment;  // into the decoded text; valid while it lives
  std::string error;              // empty when the frame is good

  [[nodiscard]] bool ok() const noexcept { return error.empty(); }
};

// Checks one frame (with or without its trailing CRLF): header, length digits,
// length against the data segment, printable ASCII only, CRC. On failure the
// error says what is wrong ("CRC 1C81 does not match the data segment's 1C80").
[[nodiscard]] DecodedFrame decode_frame(std::string_view frame);

// The frame of a data segment, CRLF included. REQUIRES: at most
// max_data_segment_length characters.
[[nodiscard]] std::string encode_frame(std::string_view data_segment);

}  // namespace envgrid::monitor
