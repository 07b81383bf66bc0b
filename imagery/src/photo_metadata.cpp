// Reads EXIF and DJI XMP with exiv2 0.27. exiv2 reports what it cannot
// decode through its log handler rather than by exception (a broken XMP
// packet leaves xmpData empty and logs a warning), so the handler keeps the
// thread's last message for the problem report and forwards everything to
// envgrid's log at debug level.

#include "envgrid/imagery/photo_metadata.hpp"

#include <exiv2/exiv2.hpp>

#include <cmath>
#include <cstdlib>
#include <fstream>
#include <mutex>

#include "envgrid/gis/error.hpp"
#include "envgrid/gis/log.hpp"

namespace envgrid::imagery {

namespace {

thread_local std::string t_last_exiv2_message;

void exiv2_log_handler(int level, const char* message) {
  std::string text = message ? message : "";
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  if (level >= Exiv2::LogMsg::warn) t_last_exiv2_message = text;
  gis::log(gis::LogLevel::debug, "exiv2: " + text);
}

// exiv2's XMP toolkit must be initialised once, before any thread reads XMP,
// and the DJI namespace registered so that its keys can be looked up.
void initialize_exiv2() {
  static std::once_flag once;
  std::call_once(once, [] {
    Exiv2::LogMsg::setHandler(exiv2_log_handler);
    Exiv2::XmpParser::initialize();
    Exiv2::XmpProperties::registerNs("http://www.dji.com/drone-dji/1.0/", "drone-dji");
  });
}

const Exiv2::Exifdatum* find_exif(const Exiv2::ExifData& exif, const char* key) {
  auto it = exif.findKey(Exiv2::ExifKey(key));
  return it == exif.end() ? nullptr : &*it;
}

// The datum's first value as an integer; nullopt when it has none (exiv2's
// toLong() then throws std::out_of_range; found by the photo_metadata fuzzer).
std::optional<long> long_value(const Exiv2::Exifdatum* datum) {
  if (!datum || datum->count() < 1) return std::nullopt;
  return datum->toLong(0);
}

std::optional<double> rational_at(const Exiv2::Exifdatum& datum, long index) {
  if (datum.count() <= index) return std::nullopt;
  const Exiv2::Rational r = datum.toRational(index);
  if (r.second == 0) return std::nullopt;
  return static_cast<double>(r.first) / r.second;
}

std::optional<double> exif_number(const Exiv2::ExifData& exif, const char* key) {
  const Exiv2::Exifdatum* datum = find_exif(exif, key);
  if (!datum) return std::nullopt;
  return rational_at(*datum, 0);
}

std::string exif_text(const Exiv2::ExifData& exif, const char* key) {
  const Exiv2::Exifdatum* datum = find_exif(exif, key);
  if (!datum) return "";
  std::string text = datum->toString();
  // EXIF ASCII values are often NUL- or space-padded.
  while (!text.empty() && (text.back() == '\0' || text.back() == ' ')) text.pop_back();
  return text;
}

// Degrees from EXIF's degrees/minutes/seconds rationals and the N/S or E/W
// reference; nullopt when absent or malformed.
std::optional<double> gps_degrees(const Exiv2::ExifData& exif, const char* key, const char* ref_key,
                                  char negative_ref) {
  const Exiv2::Exifdatum* datum = find_exif(exif, key);
  if (!datum || datum->count() != 3) return std::nullopt;
  double degrees = 0;
  double scale = 1;
  for (long i = 0; i < 3; ++i, scale *= 60) {
    const auto part = rational_at(*datum, i);
    if (!part || !std::isfinite(*part)) return std::nullopt;
    degrees += *part / scale;
  }
  const std::string ref = exif_text(exif, ref_key);
  if (!ref.empty() && std::toupper(static_cast<unsigned char>(ref[0])) == negative_ref) {
    degrees = -degrees;
  }
  return degrees;
}

// "2016:06:23 16:31:59" (EXIF) -> "2016-06-23T16:31:59", with the EXIF 2.31
// offset ("+08:00") appended when the camera wrote one.
std::string iso_time(const Exiv2::ExifData& exif) {
  std::string text = exif_text(exif, "Exif.Photo.DateTimeOriginal");
  if (text.size() < 19) text = exif_text(exif, "Exif.Image.DateTime");
  if (text.size() < 19 || text[4] != ':' || text[7] != ':' || text[10] != ' ') return "";
  text = text.substr(0, 19);
  text[4] = '-';
  text[7] = '-';
  text[10] = 'T';
  const std::string offset = exif_text(exif, "Exif.Photo.OffsetTimeOriginal");
  if (offset.size() == 6 && (offset[0] == '+' || offset[0] == '-')) text += offset;
  return text;
}

// Pixels per millimetre on the focal plane, from EXIF's resolution and unit.
std::optional<double> focal_plane_px_per_mm(const Exiv2::ExifData& exif, const char* key) {
  const auto resolution = exif_number(exif, key);
  if (!resolution || *resolution <= 0) return std::nullopt;
  const Exiv2::Exifdatum* unit = find_exif(exif, "Exif.Photo.FocalPlaneResolutionUnit");
  const long code = long_value(unit).value_or(2);  // EXIF default: inches
  double unit_mm = 0;
  switch (code) {
    case 2:
      unit_mm = 25.4;
      break;  // inch
    case 3:
      unit_mm = 10.0;
      break;  // centimetre
    case 4:
      unit_mm = 1.0;
      break;  // millimetre (DNG extension)
    case 5:
      unit_mm = 0.001;
      break;  // micrometre (DNG extension)
    default:
      return std::nullopt;
  }
  return *resolution / unit_mm;
}

// A DJI XMP number such as "+39.80". Unparsable text is noted as a problem.
std::optional<double> dji_number(const Exiv2::XmpData& xmp, const char* name,
                                 std::string& problem) {
  auto it = xmp.findKey(Exiv2::XmpKey(std::string("Xmp.drone-dji.") + name));
  if (it == xmp.end()) return std::nullopt;
  const std::string text = it->toString();
  char* end = nullptr;
  const double value = std::strtod(text.c_str(), &end);
  if (text.empty() || end != text.c_str() + text.size() || !std::isfinite(value)) {
    if (!problem.empty()) problem += "; ";
    problem += std::string("drone-dji:") + name + " '" + text + "' is not a number";
    return std::nullopt;
  }
  return value;
}

void read_exif(const Exiv2::ExifData& exif, PhotoMetadata& photo) {
  photo.make = exif_text(exif, "Exif.Image.Make");
  photo.model = exif_text(exif, "Exif.Image.Model");
  photo.software = exif_text(exif, "Exif.Image.Software");
  photo.taken_at = iso_time(exif);
  if (const auto orientation = long_value(find_exif(exif, "Exif.Image.Orientation"))) {
    photo.orientation = static_cast<int>(*orientation);
  }
  photo.lat_deg = gps_degrees(exif, "Exif.GPSInfo.GPSLatitude", "Exif.GPSInfo.GPSLatitudeRef", 'S');
  photo.lon_deg =
      gps_degrees(exif, "Exif.GPSInfo.GPSLongitude", "Exif.GPSInfo.GPSLongitudeRef", 'W');
  photo.gps_alt_m = exif_number(exif, "Exif.GPSInfo.GPSAltitude");
  if (photo.gps_alt_m) {
    const Exiv2::Exifdatum* ref = find_exif(exif, "Exif.GPSInfo.GPSAltitudeRef");
    if (long_value(ref) == 1) *photo.gps_alt_m = -*photo.gps_alt_m;  // below sea level
  }
  photo.focal_length_mm = exif_number(exif, "Exif.Photo.FocalLength");
  photo.focal_plane_px_per_mm_x = focal_plane_px_per_mm(exif, "Exif.Photo.FocalPlaneXResolution");
  photo.focal_plane_px_per_mm_y = focal_plane_px_per_mm(exif, "Exif.Photo.FocalPlaneYResolution");
  if (photo.width_px <= 0 || photo.height_px <= 0) {
    const auto w = long_value(find_exif(exif, "Exif.Photo.PixelXDimension"));
    const auto h = long_value(find_exif(exif, "Exif.Photo.PixelYDimension"));
    if (w && h) {
      photo.width_px = static_cast<int>(*w);
      photo.height_px = static_cast<int>(*h);
    }
  }
}

void read_xmp(const Exiv2::Image& image, PhotoMetadata& photo) {
  const Exiv2::XmpData& xmp = image.xmpData();
  if (xmp.empty() && !image.xmpPacket().empty()) {
    photo.xmp_problem = "XMP packet cannot be parsed";
    if (!t_last_exiv2_message.empty())
      photo.xmp_problem += " (exiv2: " + t_last_exiv2_message + ")";
    return;
  }
  std::string& problem = photo.xmp_problem;
  photo.rel_alt_m = dji_number(xmp, "RelativeAltitude", problem);
  photo.gimbal_yaw_deg = dji_number(xmp, "GimbalYawDegree", problem);
  photo.gimbal_pitch_deg = dji_number(xmp, "GimbalPitchDegree", problem);
  photo.gimbal_roll_deg = dji_number(xmp, "GimbalRollDegree", problem);
  photo.flight_yaw_deg = dji_number(xmp, "FlightYawDegree", problem);
  if (photo.model.empty()) {
    auto it = xmp.findKey(Exiv2::XmpKey("Xmp.tiff.Model"));
    if (it != xmp.end()) photo.model = it->toString();
  }
}

}  // namespace

bool jpeg_is_complete(const std::string& path) {
  std::ifstream in(path, std::ios::binary | std::ios::ate);
  if (!in) return false;
  std::streamoff end = in.tellg();
  // Skip trailing zero padding, reading backwards in small steps.
  char byte = 0;
  while (end > 0) {
    in.seekg(end - 1);
    in.get(byte);
    if (byte != '\0') break;
    --end;
  }
  if (end < 2) return false;
  char marker[2];
  in.seekg(end - 2);
  in.read(marker, 2);
  return in && static_cast<unsigned char>(marker[0]) == 0xFF &&
         static_cast<unsigned char>(marker[1]) == 0xD9;
}

PhotoMetadata read_photo_metadata(const std::string& path) {
  initialize_exiv2();
  const gis::ErrorContext where{.step = gis::current_step(), .dataset = path};
  PhotoMetadata photo;
  photo.file = path;
  t_last_exiv2_message.clear();
  try {
    auto image = Exiv2::ImageFactory::open(path);
    if (image->mimeType() != "image/jpeg") {
      gis::throw_input_error("not a JPEG (" + image->mimeType() + ")", where);
    }
    image->readMetadata();
    photo.width_px = image->pixelWidth();
    photo.height_px = image->pixelHeight();
    if (image->exifData().empty()) gis::throw_input_error("no EXIF metadata", where);
    read_exif(image->exifData(), photo);
    read_xmp(*image, photo);
  } catch (const Exiv2::AnyError& e) {
    gis::throw_input_error(std::string("unreadable metadata (exiv2: ") + e.what() + ")", where);
  } catch (const gis::Error&) {
    throw;
  } catch (const std::exception& e) {
    // exiv2 0.27 also lets std::out_of_range and the like out of damaged files.
    gis::throw_input_error(std::string("unreadable metadata (exiv2: ") + e.what() + ")", where);
  }
  return photo;
}

}  // namespace envgrid::imagery
