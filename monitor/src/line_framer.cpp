// Bounded line framing of a byte stream.

#include "envgrid/monitor/line_framer.hpp"

namespace envgrid::monitor {

void LineFramer::feed(std::string_view bytes, const LineHandler& on_line) {
  while (!bytes.empty()) {
    const std::size_t lf = bytes.find('\n');
    const std::string_view piece = bytes.substr(0, lf);
    if (!skipping_) {
      const std::size_t room = max_line_ - buffer_.size();
      buffer_.append(piece.substr(0, room));
      if (piece.size() > room) {
        on_line(buffer_, true);
        buffer_.clear();
        skipping_ = true;
      }
    }
    if (lf == std::string_view::npos) return;
    if (!skipping_) on_line(buffer_, false);
    buffer_.clear();
    skipping_ = false;
    bytes.remove_prefix(lf + 1);
  }
}

void LineFramer::finish(const LineHandler& on_line) {
  if (!skipping_ && !buffer_.empty()) on_line(buffer_, false);
  buffer_.clear();
  skipping_ = false;
}

}  // namespace envgrid::monitor
