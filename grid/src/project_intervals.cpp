// The project's intervals as one metadata value: "special=60;key=120;...".

#include "envgrid/grid/project_intervals.hpp"

#include <charconv>

#include "envgrid/gis/error.hpp"
#include "envgrid/gis/log.hpp"
#include "envgrid/gis/text.hpp"

namespace envgrid::grid {

namespace {

std::string encode(const FrequencyTable& table) {
  return gis::join(table.interval_days, ";", [](const auto& entry) {
    if (entry.first.find_first_of(";=") != std::string::npos || entry.first.empty())
      gis::throw_usage_error("risk class '" + entry.first +
                             "': may not be empty or hold ';' or '='");
    return entry.first + "=" + std::to_string(entry.second);
  });
}

FrequencyTable decode(const std::string& text, const std::string& store) {
  FrequencyTable table = default_frequencies();
  std::size_t start = 0;
  while (start < text.size()) {
    const std::size_t end = std::min(text.find(';', start), text.size());
    const std::string_view entry(text.data() + start, end - start);
    const std::size_t equals = entry.find('=');
    int days = 0;
    const auto number =
        equals == std::string_view::npos
            ? std::from_chars_result{entry.data(), std::errc::invalid_argument}
            : std::from_chars(entry.data() + equals + 1, entry.data() + entry.size(), days);
    if (number.ec != std::errc{} || number.ptr != entry.data() + entry.size() || days < 1) {
      gis::throw_input_error(std::string("the stored inspection intervals are damaged at '") +
                                 std::string(entry) + "'; set them again with grid intervals --set",
                             {.step = gis::current_step(), .dataset = store});
    }
    table.interval_days[std::string(entry.substr(0, equals))] = days;
    start = end + 1;
  }
  return table;
}

}  // namespace

FrequencyTable project_frequencies(gis::Store& store) {
  const auto stored = store.metadata(intervals_metadata_key);
  return stored ? decode(*stored, store.location()) : default_frequencies();
}

bool project_sets_frequencies(gis::Store& store) {
  return store.metadata(intervals_metadata_key).has_value();
}

void set_project_frequencies(gis::Store& store, const std::optional<FrequencyTable>& table) {
  store.set_metadata(intervals_metadata_key,
                     table ? std::optional<std::string>(encode(*table)) : std::nullopt);
}

}  // namespace envgrid::grid
