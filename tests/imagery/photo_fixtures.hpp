#pragma once
// Small drone-photo fixtures made by the tests themselves: a JPEG written by
// GDAL from a pattern of coloured blocks, then EXIF/XMP tags written into
// it with exiv2, the way a camera would.

#include <gdal_priv.h>

#include <exiv2/exiv2.hpp>

#include <array>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "envgrid/gis/gdal_handles.hpp"
#include "envgrid/gis/log.hpp"

namespace envgrid::test {

using Rgb = std::array<unsigned char, 3>;

struct SyntheticPhoto {
  int width_px = 400;
  int height_px = 300;
  // Colour of the image's quadrants: top-left, top-right, bottom-right, bottom-left.
  std::array<Rgb, 4> quadrants{Rgb{220, 30, 30}, Rgb{30, 200, 30}, Rgb{30, 30, 220},
                               Rgb{230, 230, 40}};
  std::map<std::string, std::string> exif;  // exiv2 key -> value text
  std::map<std::string, std::string> xmp;   // exiv2 key -> value text
  // Breaks the XMP packet after writing (a mismatched closing tag), the way a
  // buggy tool or a bit flip leaves it; the file stays a valid JPEG.
  bool corrupt_xmp = false;
};

// A DJI-like nadir photo over Duluth: FC300S, 40 m above take-off, yaw 0.
inline SyntheticPhoto dji_like_photo() {
  SyntheticPhoto photo;
  photo.exif = {{"Exif.Image.Make", "DJI"},
                {"Exif.Image.Model", "FC300S"},
                {"Exif.Photo.DateTimeOriginal", "2016:06:23 16:31:59"},
                {"Exif.Photo.FocalLength", "361/100"},
                {"Exif.GPSInfo.GPSLatitudeRef", "N"},
                {"Exif.GPSInfo.GPSLatitude", "46/1 50/1 333855/10000"},
                {"Exif.GPSInfo.GPSLongitudeRef", "W"},
                {"Exif.GPSInfo.GPSLongitude", "91/1 59/1 404156/10000"},
                {"Exif.GPSInfo.GPSAltitudeRef", "0"},
                {"Exif.GPSInfo.GPSAltitude", "198309/1000"}};
  photo.xmp = {{"Xmp.drone-dji.RelativeAltitude", "+40.00"},
               {"Xmp.drone-dji.GimbalYawDegree", "+0.00"},
               {"Xmp.drone-dji.GimbalPitchDegree", "-90.00"},
               {"Xmp.drone-dji.GimbalRollDegree", "+0.00"},
               {"Xmp.drone-dji.FlightYawDegree", "+0.00"}};
  return photo;
}

inline void write_pixels(const std::string& path, const SyntheticPhoto& photo) {
  gis::initialize_gdal();
  GDALDriver* mem = GetGDALDriverManager()->GetDriverByName("MEM");
  gis::DatasetPtr image(mem->Create("", photo.width_px, photo.height_px, 3, GDT_Byte, nullptr));
  std::vector<unsigned char> band(static_cast<std::size_t>(photo.width_px) * photo.height_px);
  for (int b = 0; b < 3; ++b) {
    for (int row = 0; row < photo.height_px; ++row) {
      for (int column = 0; column < photo.width_px; ++column) {
        const bool right = column >= photo.width_px / 2;
        const bool bottom = row >= photo.height_px / 2;
        const int quadrant = bottom ? (right ? 2 : 3) : (right ? 1 : 0);
        band[static_cast<std::size_t>(row) * photo.width_px + column] =
            photo.quadrants[quadrant][b];
      }
    }
    if (image->GetRasterBand(b + 1)->RasterIO(GF_Write, 0, 0, photo.width_px, photo.height_px,
                                              band.data(), photo.width_px, photo.height_px,
                                              GDT_Byte, 0, 0) != CE_None) {
      throw std::runtime_error("cannot fill the fixture image");
    }
  }
  GDALDriver* jpeg = GetGDALDriverManager()->GetDriverByName("JPEG");
  const char* options[] = {"QUALITY=95", nullptr};
  gis::DatasetPtr written(jpeg->CreateCopy(path.c_str(), image.get(), FALSE,
                                           const_cast<char**>(options), nullptr, nullptr));
  if (!written) throw std::runtime_error("cannot write the fixture JPEG " + path);
  // GDAL writes a .aux.xml beside the JPEG for metadata it cannot embed; a
  // camera would not, so it goes.
  written.reset();
  std::filesystem::remove(path + ".aux.xml");
}

// Swaps "</rdf:RDF>" for "</rdf:RDX>" in place: same length, invalid XML.
inline void corrupt_xmp_packet(const std::string& path) {
  std::fstream file(path, std::ios::in | std::ios::out | std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
  const auto at = bytes.find("</rdf:RDF>");
  if (at == std::string::npos) throw std::runtime_error("no XMP packet in " + path);
  file.clear();
  file.seekp(static_cast<std::streamoff>(at + 8));
  file.put('X');
}

// Writes the photo's pixels and tags to path.
inline void write_synthetic_photo(const std::string& path, const SyntheticPhoto& photo) {
  write_pixels(path, photo);
  Exiv2::XmpParser::initialize();
  Exiv2::XmpProperties::registerNs("http://www.dji.com/drone-dji/1.0/", "drone-dji");
  auto image = Exiv2::ImageFactory::open(path);
  image->readMetadata();
  Exiv2::ExifData& exif = image->exifData();
  for (const auto& [key, value] : photo.exif) exif[key] = value;
  Exiv2::XmpData& xmp = image->xmpData();
  for (const auto& [key, value] : photo.xmp) xmp[key] = value;
  image->writeMetadata();
  if (photo.corrupt_xmp) corrupt_xmp_packet(path);
}

// Sets one XMP value in an existing photo, keeping everything else.
inline void set_xmp_value(const std::string& path, const std::string& key,
                          const std::string& value) {
  Exiv2::XmpParser::initialize();
  Exiv2::XmpProperties::registerNs("http://www.dji.com/drone-dji/1.0/", "drone-dji");
  auto image = Exiv2::ImageFactory::open(path);
  image->readMetadata();
  image->xmpData()[key] = value;
  image->writeMetadata();
}

// A copy of source cut to a fraction of its size, like an interrupted transfer.
inline void write_truncated_copy(const std::string& source, const std::string& target,
                                 double fraction) {
  std::filesystem::copy_file(source, target, std::filesystem::copy_options::overwrite_existing);
  const auto size = std::filesystem::file_size(target);
  std::filesystem::resize_file(target, static_cast<std::uintmax_t>(size * fraction));
}

}  // namespace envgrid::test
