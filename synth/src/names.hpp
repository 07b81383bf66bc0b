#pragma once
// Chinese-looking names for synthetic places, rivers and enterprises. They
// are made of common syllables and do not name real places or companies.

#include <cstdint>
#include <string>

#include "random.hpp"

namespace envgrid::synth::detail {

// Two syllables, e.g. "青山".
[[nodiscard]] std::string place_name(Random& random);
// e.g. "青山镇", "白沙乡", "金水街道".
[[nodiscard]] std::string township_name(Random& random);
// e.g. "清溪河", "龙泉港"; "" for an unnamed stream (about 30 %).
[[nodiscard]] std::string stream_name(Random& random);
// e.g. "湖北鸿达化工有限公司" for the industry's Chinese word.
[[nodiscard]] std::string enterprise_name(Random& random, const std::string& industry_word);

// "R000017" for number 17: at least 6 digits, more when total needs them.
[[nodiscard]] std::string numbered_id(char prefix, std::uint64_t number, std::uint64_t total);

}  // namespace envgrid::synth::detail
