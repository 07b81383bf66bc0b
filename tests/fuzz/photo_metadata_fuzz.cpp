// Drone photos: the bytes as a .jpg file through exiv2 and envgrid's EXIF /
// DJI XMP reading, and the truncation check.

#include "envgrid/imagery/photo_metadata.hpp"
#include "fuzz_support.hpp"

using namespace envgrid;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  fuzz::quiet_logging();
  const fuzz::TemporaryFile file(fuzz::TemporaryFile::Where::disk, ".jpg",
                                 fuzz::as_text(data, size));
  (void)imagery::jpeg_is_complete(file.path());
  fuzz::refusing_cleanly([&] { (void)imagery::read_photo_metadata(file.path()); });
  return 0;
}
