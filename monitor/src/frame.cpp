// HJ 212 frame checks and the Appendix A CRC.

#include "envgrid/monitor/frame.hpp"

#include <cstdio>

namespace envgrid::monitor {

namespace {

constexpr std::size_t header_length = 2 + 4;
constexpr std::size_t crc_length = 4;

std::string hex4(std::uint16_t value) {
  char text[5];
  std::snprintf(text, sizeof text, "%04X", static_cast<unsigned>(value));
  return text;
}

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

std::string describe_byte(std::string_view text, std::size_t at) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "byte 0x%02X at column %zu is not printable ASCII",
                static_cast<unsigned>(static_cast<unsigned char>(text[at])), at + 1);
  return buffer;
}

}  // namespace

std::uint16_t hj212_crc(std::string_view data_segment) noexcept {
  std::uint16_t reg = 0xFFFF;
  for (const char c : data_segment) {
    reg = static_cast<std::uint16_t>((reg >> 8) ^ static_cast<unsigned char>(c));
    for (int bit = 0; bit < 8; ++bit) {
      const bool carry = (reg & 1U) != 0;
      reg = static_cast<std::uint16_t>(reg >> 1);
      if (carry) reg ^= 0xA001;
    }
  }
  return reg;
}

DecodedFrame decode_frame(std::string_view frame) {
  if (frame.ends_with("\r\n")) {
    frame.remove_suffix(2);
  } else if (frame.ends_with('\n') || frame.ends_with('\r')) {
    frame.remove_suffix(1);
  }
  if (!frame.starts_with("##")) return {{}, "does not start with ##"};
  if (frame.size() < header_length + crc_length) {
    return {{},
            "truncated: " + std::to_string(frame.size()) +
                " characters, fewer than a header and a CRC"};
  }
  std::size_t declared = 0;
  for (std::size_t i = 2; i < header_length; ++i) {
    if (frame[i] < '0' || frame[i] > '9') {
      return {{}, "length '" + std::string(frame.substr(2, 4)) + "' is not 4 decimal digits"};
    }
    declared = declared * 10 + static_cast<std::size_t>(frame[i] - '0');
  }
  if (declared > max_data_segment_length) {
    return {{},
            "length " + std::to_string(declared) + " is above the standard's " +
                std::to_string(max_data_segment_length)};
  }
  for (std::size_t i = 0; i < frame.size(); ++i) {
    const auto byte = static_cast<unsigned char>(frame[i]);
    if (byte < 0x20 || byte > 0x7E) return {{}, describe_byte(frame, i)};
  }
  const std::size_t actual = frame.size() - header_length - crc_length;
  if (actual != declared) {
    return {{},
            "length " + std::to_string(declared) + " does not match the data segment's " +
                std::to_string(actual) + " characters"};
  }
  const std::string_view data = frame.substr(header_length, actual);
  const std::string_view crc_text = frame.substr(header_length + actual);
  unsigned crc = 0;
  for (const char c : crc_text) {
    const int digit = hex_digit(c);
    if (digit < 0) return {{}, "CRC '" + std::string(crc_text) + "' is not 4 hex digits"};
    crc = crc * 16 + static_cast<unsigned>(digit);
  }
  const std::uint16_t expected = hj212_crc(data);
  if (crc != expected) {
    return {
        {},
        "CRC " + std::string(crc_text) + " does not match the data segment's " + hex4(expected)};
  }
  return {data, {}};
}

std::string encode_frame(std::string_view data_segment) {
  char length[8];
  std::snprintf(length, sizeof length, "%04zu", data_segment.size());
  std::string frame = "##";
  frame.reserve(data_segment.size() + header_length + crc_length + 2);
  frame += length;
  frame += data_segment;
  frame += hex4(hj212_crc(data_segment));
  frame += "\r\n";
  return frame;
}

}  // namespace envgrid::monitor
