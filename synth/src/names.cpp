#include "names.hpp"

#include <algorithm>
#include <array>
#include <string_view>

namespace envgrid::synth::detail {

namespace {

constexpr std::array<std::string_view, 48> place_syllables{
    "青", "山", "白", "沙", "金", "水", "龙", "泉", "长", "岭", "新", "港", "花", "桥", "石", "门",
    "东", "湖", "西", "河", "南", "北", "阳", "光", "华", "兴", "安", "丰", "和", "平", "梅", "林",
    "柳", "塘", "枫", "松", "莲", "溪", "凤", "鸣", "云", "霞", "福", "宁", "永", "盛", "杨", "洲"};

constexpr std::array<std::string_view, 24> firm_syllables{
    "鸿", "达", "鑫", "源", "宏", "远", "瑞", "祥", "恒", "昌", "隆", "泰",
    "汇", "通", "嘉", "信", "德", "润", "博", "海", "中", "天", "优", "正"};

template <std::size_t N>
std::string_view pick(Random& random, const std::array<std::string_view, N>& items) {
  return items[random.index(N)];
}

}  // namespace

std::string place_name(Random& random) {
  std::string name(pick(random, place_syllables));
  name += pick(random, place_syllables);
  return name;
}

std::string township_name(Random& random) {
  static constexpr std::array<double, 3> weights{0.6, 0.3, 0.1};
  static constexpr std::array<std::string_view, 3> suffixes{"镇", "乡", "街道"};
  return place_name(random) + std::string(suffixes[random.weighted(weights)]);
}

std::string stream_name(Random& random) {
  static constexpr std::array<double, 4> weights{0.3, 0.45, 0.15, 0.1};
  static constexpr std::array<std::string_view, 4> suffixes{"", "河", "港", "沟"};
  const std::size_t kind = random.weighted(weights);
  if (kind == 0) return "";
  return place_name(random) + std::string(suffixes[kind]);
}

std::string enterprise_name(Random& random, const std::string& industry_word) {
  std::string name = "湖北";
  name += pick(random, firm_syllables);
  name += pick(random, firm_syllables);
  return name + industry_word + "有限公司";
}

std::string numbered_id(char prefix, std::uint64_t number, std::uint64_t total) {
  const std::size_t width = std::max<std::size_t>(6, std::to_string(total).size());
  const std::string digits = std::to_string(number);
  return prefix + std::string(width > digits.size() ? width - digits.size() : 0, '0') + digits;
}

}  // namespace envgrid::synth::detail
