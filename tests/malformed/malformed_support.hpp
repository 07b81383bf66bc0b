#pragma once
// The malformed-input corpus (docs/testing.md, "Malformed inputs"): damaged
// files made at test time, and a runner that feeds each to a reading verb in
// a child process under a time limit and a memory limit, so that a crash, a
// hang or memory that grows with a size read from the file fails the test
// instead of the test program.

#include <gtest/gtest.h>

#include <cstdint>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include <ogr_geometry.h>

#include "test_support.hpp"

namespace envgrid::test {

// What the child did.
struct BoundedRun {
  int exit_code = -1;  // when it exited
  int signal = 0;      // when a signal ended it (SIGKILL after the timeout included)
  bool timed_out = false;
  long peak_rss_mib = 0;  // the child's peak resident memory
  double seconds = 0;
  std::string err;  // stderr
};

// Runs build/bin/envgrid with args and stdin_text, killed after timeout_s.
// The address space is limited (not under AddressSanitizer, which needs
// terabytes of it) so that a huge allocation fails instead of swapping.
[[nodiscard]] BoundedRun run_bounded(const std::vector<std::string>& args,
                                     const std::string& stdin_text = "", int timeout_s = 120);

// The limits every malformed input is held to. 1.5 GiB: a verb on these
// small files needs a few hundred MiB (GDAL, PROJ, OpenCV caches and the
// worker threads' stacks); an allocation sized by a header field claiming
// 100000 x 100000 pixels would need 10 GB or more.
inline constexpr long peak_rss_limit_mib = 1536;

// Checks one run: no signal, no timeout, bounded memory, an exit code from
// the documented set, and a message that names `names` (the file or the
// feature) when the verb refused or reported something. Counts the input.
void expect_clean(const BoundedRun& run, const std::string& what, const std::string& names);

// Inputs tried by this test program so far (printed at exit for docs/testing.md).
std::size_t& malformed_inputs_tried();

// --- Files ----------------------------------------------------------------

[[nodiscard]] std::string file_bytes(const std::string& path);
void write_bytes(const std::string& path, const std::string& bytes);
// n bytes from a fixed seed: the same "random" file on every run.
[[nodiscard]] std::string random_bytes(std::size_t n, std::uint32_t seed);
// A copy of the bytes with `flips` random bits inverted in [from, to).
[[nodiscard]] std::string bit_flipped(std::string bytes, std::uint32_t seed, int flips,
                                      std::size_t from = 0, std::size_t to = std::string::npos);

// The file name of a path, as messages give it.
[[nodiscard]] std::string name_of(const std::string& path);

// Copies of the file at `good` written into dir: cut at 90/50/10 % and at
// 100, 8, 2 and 0 bytes; with 8 bits flipped within its first header_bytes
// (where the metadata is) and with 48 flipped anywhere, six seeds each.
[[nodiscard]] std::vector<std::string> truncated_and_flipped(const TempDir& dir,
                                                             const std::string& good,
                                                             const std::string& extension,
                                                             std::size_t header_bytes);

// A small RGB GeoTIFF in UTM 50N (EPSG:32650), 0.1 m pixels, with a pattern
// the change and outfall detectors can work on.
void write_geotiff(const std::string& path, int width_px, int height_px, bool tiled);
// A hand-written little-endian TIFF that declares width x height pixels of 8-bit
// RGB in one strip (or 256 x 256 tiles) at an offset past the end of the file,
// with a GeoTIFF georeference: every pixel the header promises is missing.
void write_tiff_claiming(const std::string& path, std::uint32_t width_px, std::uint32_t height_px,
                         bool tiled);
// A baseline JPEG whose frame header (SOF0) declares width x height pixels,
// followed by nothing: the entropy-coded data is missing.
void write_jpeg_claiming(const std::string& path, std::uint16_t width_px, std::uint16_t height_px);

// A GeoPackage with one layer `features` of the given type from WKT (EPSG:4326)
// with an `id` text field "F1", "F2"...
void write_gpkg(const std::string& path, OGRwkbGeometryType type,
                const std::vector<std::string>& wkt);
// The same with geometries built by the caller (for NaN and infinite coordinates,
// unclosed rings and empty parts, which WKT cannot always say).
void write_gpkg_geometries(const std::string& path, OGRwkbGeometryType type,
                           std::vector<OGRGeometry*> geometries);  // takes ownership
// Damage to a GeoPackage: SQL run on the file (e.g. DROP TABLE), or bytes of one
// database page overwritten.
void run_sqlite(const std::string& path, const std::string& sql);
void damage_page(const std::string& path, std::size_t page_number, std::uint32_t seed);

}  // namespace envgrid::test
