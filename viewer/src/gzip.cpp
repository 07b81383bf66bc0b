#include "gzip.hpp"

#include <zlib.h>

#include <stdexcept>

namespace envgrid::viewer::detail {

namespace {

// zlib's window bits for a gzip wrapper (15 + 16), and level 6: the usual
// balance; an answer is compressed once and served from the cache after.
constexpr int gzip_window_bits = 15 + 16;
constexpr int gzip_level = 6;

}  // namespace

std::string gzip(const std::string& bytes) {
  z_stream stream{};
  if (deflateInit2(&stream, gzip_level, Z_DEFLATED, gzip_window_bits, 8, Z_DEFAULT_STRATEGY) !=
      Z_OK)
    throw std::runtime_error("deflateInit2 failed");
  std::string out(deflateBound(&stream, bytes.size()), '\0');
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data()));
  stream.avail_in = static_cast<uInt>(bytes.size());
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = static_cast<uInt>(out.size());
  const int result = deflate(&stream, Z_FINISH);
  out.resize(stream.total_out);
  deflateEnd(&stream);
  if (result != Z_STREAM_END) throw std::runtime_error("deflate failed");
  return out;
}

bool accepts_gzip(const Request& request) {
  auto header = request.find(http::field::accept_encoding);
  return header != request.end() && header->value().find("gzip") != boost::beast::string_view::npos;
}

}  // namespace envgrid::viewer::detail
