// Water-quality readings as `envgrid import --layer readings` takes them (each
// cell through the store's value conversion) and as `hydro exceedances` checks
// them. Input: CSV lines section_id,taken_at,parameter,value,unit,target_class.
// The section's target_class is also taken as written, unconverted: a store
// edited in a desktop GIS holds whatever the user typed.

#include <charconv>

#include "envgrid/gis/store.hpp"
#include "envgrid/hydro/readings.hpp"
#include "fuzz_support.hpp"

using namespace envgrid;
using hydro::Reading;
using hydro::SectionInfo;

namespace {

// The cell converted as import converts it into the store, or nullopt when import rejects it.
std::optional<gis::FieldValue> imported(const std::string& layer, const std::string& field,
                                        const std::string& text) {
  std::string reason;
  return gis::to_store_value(*gis::store_layer_schema(layer).field(field), text, reason);
}

std::string imported_text(const std::string& field, const std::string& text) {
  const auto value = imported("readings", field, text);
  const auto* s = value ? std::get_if<std::string>(&*value) : nullptr;
  return s ? *s : "";
}

std::optional<double> imported_real(const std::string& field, const std::string& text) {
  const auto value = imported("readings", field, text);
  const auto* d = value ? std::get_if<double>(&*value) : nullptr;
  return d ? std::optional<double>(*d) : std::nullopt;
}

std::optional<int> raw_integer(const std::string& text) {
  int value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  return ec == std::errc{} ? std::optional<int>(value) : std::nullopt;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  fuzz::quiet_logging();
  std::vector<Reading> readings;
  std::map<std::string, SectionInfo> imported_sections, edited_sections;
  std::int64_t row = 0;
  for (const std::string& line : fuzz::split(fuzz::as_text(data, size), '\n')) {
    auto cells = fuzz::split(line, ',');
    cells.resize(6);
    readings.push_back({++row, imported_text("section_id", cells[0]),
                        imported_text("taken_at", cells[1]), imported_text("parameter", cells[2]),
                        imported_real("value", cells[3]), imported_text("unit", cells[4])});
    SectionInfo section{cells[0], std::nullopt, "", 0};
    if (imported("sections", "target_class", cells[5])) {
      section.target_class = raw_integer(cells[5]);
      imported_sections[cells[0]] = section;
    }
    section.target_class = raw_integer(cells[5]);
    edited_sections[cells[0]] = section;
  }
  for (const auto* sections : {&imported_sections, &edited_sections}) {
    const auto checked = hydro::check_readings(readings, *sections);
    (void)hydro::exceedances(checked, {});
    for (const auto& r : checked.readings) (void)hydro::roman_class(r.assessment.water_class);
  }
  return 0;
}
