// Crs: what a user or a dataset declares, reduced to text PROJ understands
// (or one of the two shifted Chinese systems PROJ does not know).

#include "envgrid/gis/crs.hpp"

#include <cctype>
#include <charconv>
#include <cstring>
#include <set>

#include "envgrid/gis/error.hpp"
#include "envgrid/gis/log.hpp"
#include "proj_crs.hpp"

namespace envgrid::gis {

namespace {

std::string trim(const std::string& text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return "";
  const auto last = text.find_last_not_of(" \t\r\n");
  return text.substr(first, last - first + 1);
}

std::string upper(std::string text) {
  for (char& c : text) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return text;
}

// "gcj-02", "GCJ_02", "Gcj02" -> "GCJ02": letters and digits, upper case.
std::string squeezed_upper(const std::string& text) {
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c)) out += static_cast<char>(std::toupper(c));
  }
  return out;
}

// Common names PROJ's proj_create() does not take by itself.
std::string expand_alias(const std::string& text) {
  const std::string key = squeezed_upper(text);
  if (key == "WGS84") return "EPSG:4326";
  if (key == "CGCS2000") return "EPSG:4490";
  if (text.rfind('+', 0) == 0 && text.find("+type=crs") == std::string::npos) {
    return text + " +type=crs";  // a PROJ string names a CRS only with +type=crs
  }
  return text;
}

// The documented forms PROJ is asked about: an authority code ("EPSG:4490",
// "urn:ogc:def:crs:..."), a PROJ string, WKT or PROJJSON. Anything else would
// make proj_create() search its database for a CRS of a similar name, which
// takes about 0.3 s per text and can pick a system the user never meant.
// The authorities PROJ's database knows (EPSG, ESRI, IGNF, OGC, ...), upper case.
const std::set<std::string>& known_authorities() {
  static const std::set<std::string> authorities = [] {
    std::set<std::string> names;
    PROJ_STRING_LIST list = proj_get_authorities_from_database(thread_proj_context());
    for (auto it = list; it && *it; ++it) names.insert(upper(*it));
    proj_string_list_destroy(list);
    return names;
  }();
  return authorities;
}

bool is_proj_form(const std::string& text) {
  if (text.front() == '+' || text.front() == '{' || text.find('[') != std::string::npos)
    return true;
  if (upper(text.substr(0, 4)) == "URN:") return true;
  const auto colon = text.find(':');
  return colon != std::string::npos && known_authorities().count(upper(text.substr(0, colon))) > 0;
}

bool is_geographic_type(PJ_TYPE type) {
  return type == PJ_TYPE_GEOGRAPHIC_2D_CRS || type == PJ_TYPE_GEOGRAPHIC_3D_CRS ||
         type == PJ_TYPE_GEOGRAPHIC_CRS;
}

// The EPSG code PROJ attaches to the object, or the one it identifies with
// full confidence (a WKT without ID that matches an EPSG entry exactly).
int epsg_code_of(const PJ* crs) {
  auto parse_code = [](const char* code) {
    int value = 0;
    if (!code) return 0;
    auto [ptr, ec] = std::from_chars(code, code + std::strlen(code), value);
    return ec == std::errc{} && *ptr == '\0' ? value : 0;
  };
  const char* authority = proj_get_id_auth_name(crs, 0);
  if (authority && std::strcmp(authority, "EPSG") == 0) return parse_code(proj_get_id_code(crs, 0));
  if (authority) return 0;  // another authority's code (OGC:CRS84, ESRI:...) is no EPSG code
  PJ_CONTEXT* context = thread_proj_context();
  int* confidence = nullptr;
  PJ_OBJ_LIST* matches = proj_identify(context, crs, "EPSG", nullptr, &confidence);
  int code = 0;
  if (matches && proj_list_get_count(matches) > 0 && confidence[0] == 100) {
    ProjPtr match(proj_list_get(context, matches, 0));
    code = parse_code(proj_get_id_code(match.get(), 0));
  }
  proj_int_list_destroy(confidence);
  proj_list_destroy(matches);
  return code;
}

}  // namespace

Crs Crs::parse(const std::string& definition) {
  const std::string text = trim(definition);
  if (text.empty()) throw_usage_error("empty CRS definition");
  Crs crs;
  const std::string key = squeezed_upper(text);
  if (key == "GCJ02" || key == "BD09") {
    crs.kind_ = key == "GCJ02" ? Kind::gcj02 : Kind::bd09;
    crs.name_ = key;
    return crs;
  }
  const std::string proj_text = expand_alias(text);
  if (!is_proj_form(proj_text)) detail::throw_unknown_crs(text);
  const ProjPtr object = detail::create_proj_crs(proj_text);
  const ProjPtr horizontal = detail::horizontal_crs(object.get());
  const PJ_TYPE type = proj_get_type(horizontal.get());
  if (!is_geographic_type(type) && type != PJ_TYPE_PROJECTED_CRS) {
    throw_usage_error("CRS '" + text + "' is neither geographic nor projected");
  }
  crs.geographic_ = is_geographic_type(type);
  crs.epsg_ = epsg_code_of(object.get());
  if (crs.epsg_ != 0) {
    crs.name_ = "EPSG:" + std::to_string(crs.epsg_);
    crs.definition_ = crs.name_;
  } else {
    const char* object_name = proj_get_name(object.get());
    const bool is_wkt = text.find('[') != std::string::npos;
    crs.name_ = is_wkt && object_name ? object_name : text;
    crs.definition_ = proj_text;
  }
  return crs;
}

Crs Crs::from_ogr(const OGRSpatialReference& srs) {
  if (srs.IsEmpty()) throw_input_error("the dataset declares no CRS (WGS 84 is not assumed)");
  const char* authority = srs.GetAuthorityName(nullptr);
  const char* code = srs.GetAuthorityCode(nullptr);
  std::string text;
  if (authority && code && std::strcmp(authority, "EPSG") == 0) {
    text = std::string("EPSG:") + code;
  } else {
    char* wkt = nullptr;
    const char* const options[] = {"FORMAT=WKT2_2019", nullptr};
    if (srs.exportToWkt(&wkt, options) != OGRERR_NONE || !wkt) {
      CPLFree(wkt);
      throw_input_error("the dataset's CRS cannot be written as WKT");
    }
    text = wkt;
    CPLFree(wkt);
  }
  try {
    return parse(text);
  } catch (const Error& e) {
    throw_input_error("the dataset's CRS is not usable: " + e.reason());
  }
}

Crs Crs::wgs84() { return parse("EPSG:4326"); }

Crs Crs::cgcs2000() { return parse("EPSG:4490"); }

SpatialReferencePtr Crs::to_ogr() const {
  SpatialReferencePtr srs(new OGRSpatialReference());
  // GCJ-02 and BD-09 data is declared as WGS 84: no GIS knows them.
  const std::string text = kind_ == Kind::proj ? definition_ : std::string("EPSG:4326");
  const char* const options[] = {"ALLOW_NETWORK_ACCESS=NO", "ALLOW_FILE_ACCESS=NO", nullptr};
  if (srs->SetFromUserInput(text.c_str(), options) != OGRERR_NONE) {
    throw Error(ExitCode::internal,
                "GDAL cannot read CRS '" + name_ + "': " + take_last_gdal_error());
  }
  srs->SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  return srs;
}

bool Crs::same_as(const Crs& other) const {
  if (kind_ != other.kind_) return false;
  if (kind_ != Kind::proj) return true;
  if (epsg_ != 0 && other.epsg_ != 0) return epsg_ == other.epsg_;
  if (definition_ == other.definition_) return true;
  const ProjPtr a = detail::create_proj_crs(definition_);
  const ProjPtr b = detail::create_proj_crs(other.definition_);
  return proj_is_equivalent_to_with_ctx(thread_proj_context(), a.get(), b.get(),
                                        PJ_COMP_EQUIVALENT_EXCEPT_AXIS_ORDER_GEOGCRS) != 0;
}

}  // namespace envgrid::gis
