// One pass over a CSV file with GDAL's own splitting rules: a '"' opens or
// closes quoting anywhere in a field, '""' inside quotes is one quote, and a
// line end inside quotes continues the row.

#include "envgrid/gis/csv_check.hpp"

#include <algorithm>
#include <fstream>

#include "envgrid/gis/error.hpp"
#include "envgrid/gis/log.hpp"

namespace envgrid::gis {

namespace {

// Bytes still expected to complete the UTF-8 sequence being read.
class Utf8Check {
 public:
  // False when byte cannot come next in UTF-8 text.
  bool accept(unsigned char byte) {
    if (pending_ > 0) {
      if ((byte & 0xC0) != 0x80) return false;
      --pending_;
      return true;
    }
    if (byte < 0x80) return true;
    if (byte >= 0xC2 && byte <= 0xDF)
      pending_ = 1;
    else if (byte >= 0xE0 && byte <= 0xEF)
      pending_ = 2;
    else if (byte >= 0xF0 && byte <= 0xF4)
      pending_ = 3;
    else
      return false;
    return true;
  }
  [[nodiscard]] bool complete() const { return pending_ == 0; }

 private:
  int pending_ = 0;
};

// The separator GDAL's CSV driver takes from the header line.
char separator_of(const std::string& header) {
  bool quoted = false;
  bool comma = false, semicolon = false, tab = false;
  for (char c : header) {
    if (c == '"') quoted = !quoted;
    if (quoted) continue;
    comma |= c == ',';
    semicolon |= c == ';';
    tab |= c == '\t';
  }
  if (comma) return ',';
  if (semicolon) return ';';
  if (tab) return '\t';
  return ',';
}

class CsvScanner {
 public:
  explicit CsvScanner(std::string path) : path_(std::move(path)) {}

  CsvCheck scan() {
    std::ifstream in(path_, std::ios::binary);
    if (!in) throw_input_error("cannot open the file", where(0));
    std::vector<char> buffer(1 << 16);
    bool first_bytes = true;
    while (in.read(buffer.data(), static_cast<std::streamsize>(buffer.size())) || in.gcount() > 0) {
      std::size_t start = 0;
      const auto count = static_cast<std::size_t>(in.gcount());
      if (first_bytes && count >= 3 && buffer[0] == '\xEF' && buffer[1] == '\xBB' &&
          buffer[2] == '\xBF') {
        start = 3;  // a UTF-8 byte-order mark
      }
      first_bytes = false;
      for (std::size_t i = start; i < count;) {
        i += skip_plain(buffer.data() + i, count - i);
        if (i < count) take(static_cast<unsigned char>(buffer[i++]));
      }
    }
    if (in.bad()) throw_input_error("cannot read the file", where(0));
    if (quoted_) {
      throw_input_error(
          "the quote opened in this row is never closed: every later row would be "
          "read into one field; the file is refused",
          where(row_line_));
    }
    end_row();
    if (!utf8_.complete()) refuse_not_utf8();
    return std::move(result_);
  }

 private:
  // Passes over the leading bytes that take() would only count (printable
  // ASCII other than a quote or the separator, past the header, in a
  // complete UTF-8 sequence), stopping before a row would exceed its bound;
  // returns how many. Most of a file is such bytes: this keeps the check
  // from costing more than reading the rows.
  std::size_t skip_plain(const char* bytes, std::size_t count) {
    if (is_header_ || !utf8_.complete()) return 0;
    const std::size_t most =
        std::min(count, max_csv_row_bytes - std::min(row_bytes_, max_csv_row_bytes));
    std::size_t n = 0;
    while (n < most) {
      const auto c = static_cast<unsigned char>(bytes[n]);
      if (c < 0x20 || c > 0x7E || c == '"' || c == static_cast<unsigned char>(separator_)) break;
      ++n;
    }
    row_bytes_ += n;
    if (n > 0 && !quoted_) row_text_ = true;
    return n;
  }

  void take(unsigned char byte) {
    if (byte == 0) {
      throw_input_error(
          "a NUL byte: this is binary data or UTF-16 text, not a UTF-8 CSV; the file "
          "is refused",
          where(line_));
    }
    if (!utf8_.accept(byte)) refuse_not_utf8();
    if (++row_bytes_ > max_csv_row_bytes) {
      throw_input_error("this row is longer than " + std::to_string(max_csv_row_bytes) +
                            " bytes, the most GDAL reads in one row (every later row would be "
                            "lost); the file is refused",
                        where(row_line_));
    }
    const char c = static_cast<char>(byte);
    if (c == '\n') ++line_;
    if (c == '"') {
      quoted_ = !quoted_;  // '""' inside quotes toggles twice: one literal quote
      row_text_ = true;
      return;
    }
    if (quoted_) return;
    if (c == '\n') {
      end_row();
      return;
    }
    if (c == '\r') return;
    if (is_header_ && header_.size() < (1 << 16)) header_ += c;
    if (c == separator_) ++separators_;
    row_text_ = true;
  }

  void end_row() {
    if (is_header_) {
      separator_ = separator_of(header_);
      header_separators_ = 0;
      for (char c : header_) header_separators_ += c == separator_;
      is_header_ = !row_text_;
    } else if (row_text_) {
      ++result_.rows;
      if (separators_ > header_separators_ && header_separators_ > 0) {
        result_.problems.push_back(
            {result_.rows, std::to_string(separators_ + 1) + " fields where the header has " +
                               std::to_string(header_separators_ + 1) +
                               " (a separator inside an unquoted value?): the row is rejected"});
      }
    }
    separators_ = 0;
    row_bytes_ = 0;
    row_text_ = false;
    row_line_ = line_;  // line_ has passed the row's end already
  }

  [[noreturn]] void refuse_not_utf8() {
    throw_input_error(
        "not UTF-8 text (a GBK or other legacy export?): convert it first, e.g. "
        "iconv -f GBK -t UTF-8; the file is refused",
        where(line_));
  }

  [[nodiscard]] ErrorContext where(std::int64_t line) const {
    ErrorContext context{.step = current_step(), .dataset = path_};
    if (line > 0) context.line = line;
    return context;
  }

  std::string path_;
  CsvCheck result_;
  Utf8Check utf8_;
  std::string header_;
  bool is_header_ = true;
  char separator_ = ',';
  std::int64_t header_separators_ = 0;
  std::int64_t separators_ = 0;
  std::size_t row_bytes_ = 0;
  bool quoted_ = false;
  bool row_text_ = false;
  std::int64_t line_ = 1;      // line of the byte being read
  std::int64_t row_line_ = 1;  // line where the current row began
};

}  // namespace

CsvCheck check_csv_file(const std::string& path) { return CsvScanner(path).scan(); }

}  // namespace envgrid::gis
