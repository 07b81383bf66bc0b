#pragma once
// Image chips for review: small PNGs around each flag, with a scale bar and
// a north arrow, written into a chips folder next to the flags output
// (OUT.chips/) with an index.csv (flag_id, view, file). The viewer finds a
// chip by looking the flag id up in the index; it never builds a path from
// a request value.

#include <string>
#include <vector>

#include "envgrid/imagery/raster_tiles.hpp"

namespace envgrid::imagery {

// The window grown by 50 % (at least 10 m each side) for context.
[[nodiscard]] PixelWindow chip_window(const PixelWindow& object, double gsd_m);

// One chip written: what the store's `chips` layer records (docs/store.md).
struct ChipRecord {
  std::string flag_id;
  std::string view;  // before, after, visible, ...
  std::string file;  // absolute path of the PNG
  int width_px = 0;
  int height_px = 0;
};

class ChipWriter {
 public:
  // Creates (or empties of chips) the folder and starts index.csv. With
  // keep_existing (the chips folder of a project store, shared by runs), the
  // chips already there stay and index.csv is added to. Every file goes
  // through gis's atomic writer; index.csv is rewritten after each chip, so
  // it always names exactly the chips on disk.
  explicit ChipWriter(const std::string& dir, bool keep_existing = false);
  // Reads the window from source (at most 512 px a side), draws the scale
  // bar (and the north arrow when the image is georeferenced north-up),
  // writes <dir>/<flag_id>-<view>.png and adds it to the index.
  void write(const std::string& flag_id, const std::string& view, const RasterSource& source,
             const PixelWindow& window);
  [[nodiscard]] int written() const { return written_; }
  [[nodiscard]] const std::vector<ChipRecord>& records() const { return records_; }
  [[nodiscard]] const std::string& dir() const { return dir_; }

 private:
  std::string dir_;
  std::string index_text_;  // index.csv as written so far
  int written_ = 0;
  std::vector<ChipRecord> records_;
};

}  // namespace envgrid::imagery
