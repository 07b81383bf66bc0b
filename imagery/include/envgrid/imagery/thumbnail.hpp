#pragma once
// Thumbnails of field photos, made by envgrid (never by the client): the
// photo decoded, turned upright by its EXIF orientation, scaled down.

#include <string>

namespace envgrid::imagery {

// JPEG bytes of the image scaled so that its longer side is at most
// max_side_px (a smaller image keeps its size). Throws gis::Error(input)
// naming the file when it cannot be decoded as an image.
[[nodiscard]] std::string thumbnail_jpeg(const std::string& path, int max_side_px = 320);

}  // namespace envgrid::imagery
