#pragma once
// Cuts a byte stream (a file, stdin, a TCP connection) into lines at LF, a
// line being one HJ 212 frame. Memory is bounded: a line longer than
// max_line is reported once as overlong (with its first max_line bytes) and
// the rest of it is skipped up to the next LF.

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>

#include "envgrid/monitor/frame.hpp"

namespace envgrid::monitor {

class LineFramer {
 public:
  // on_line(line without LF, overlong)
  using LineHandler = std::function<void(std::string_view, bool)>;

  explicit LineFramer(std::size_t max_line = max_frame_length) : max_line_(max_line) {}

  void feed(std::string_view bytes, const LineHandler& on_line);
  // End of stream: a last line without LF is handed over.
  void finish(const LineHandler& on_line);
  [[nodiscard]] std::size_t buffered() const noexcept { return buffer_.size(); }

 private:
  std::size_t max_line_;
  std::string buffer_;
  bool skipping_ = false;  // inside an overlong line, up to its LF
};

}  // namespace envgrid::monitor
