// Bounded reads: stop at the limit and say so, never grow on.

#include "envgrid/gis/bounded_input.hpp"

#include <fstream>

namespace envgrid::gis {

std::string read_bounded_text_file(const std::string& path, std::size_t max_bytes,
                                   const ErrorContext& where) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw_input_error("cannot open the file", where);
  std::string text(max_bytes + 1, '\0');
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  if (in.bad()) throw_input_error("cannot read the file", where);
  const auto read = static_cast<std::size_t>(in.gcount());
  if (read > max_bytes) {
    throw_input_error("the file is larger than " + std::to_string(max_bytes) +
                          " bytes, far more than this kind of file holds: is it the right file?",
                      where);
  }
  text.resize(read);
  return text;
}

std::optional<std::string> read_bounded_line(std::istream& in, std::size_t max_bytes,
                                             const ErrorContext& where) {
  std::streambuf* buffer = in.rdbuf();
  std::string line;
  for (;;) {
    const int c = buffer->sbumpc();
    if (c == std::char_traits<char>::eof()) {
      in.setstate(std::ios::eofbit);
      if (line.empty()) return std::nullopt;
      break;
    }
    if (c == '\n') break;
    if (line.size() > max_bytes) {
      throw_input_error("a line longer than " + std::to_string(max_bytes) + " bytes", where);
    }
    line.push_back(static_cast<char>(c));
  }
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

}  // namespace envgrid::gis
