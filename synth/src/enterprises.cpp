#include "enterprises.hpp"

#include <cmath>
#include <cstdio>

#include "names.hpp"

namespace envgrid::synth::detail {

namespace {

// GB 32100-2015 alphabet: digits and capitals without I, O, S, V, Z.
constexpr std::string_view credit_alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";

char organisation_check(std::string_view body) {
  constexpr int weights[8] = {3, 7, 9, 10, 5, 8, 4, 2};
  int sum = 0;
  for (int i = 0; i < 8; ++i) {
    const char c = body[static_cast<std::size_t>(i)];
    const int value = c <= '9' ? c - '0' : c - 'A' + 10;
    sum += value * weights[i];
  }
  const int check = 11 - sum % 11;
  return check == 10 ? 'X' : check == 11 ? '0' : static_cast<char>('0' + check);
}

char credit_check(std::string_view first17) {
  int sum = 0, weight = 1;
  for (char c : first17) {
    sum += static_cast<int>(credit_alphabet.find(c)) * weight;
    weight = weight * 3 % 31;
  }
  const int check = (31 - sum % 31) % 31;
  return credit_alphabet[static_cast<std::size_t>(check)];
}

// Inspections fall within the two years before 2026-01-01 (the generator's
// fixed "today", so that the output does not depend on the run date).
const std::int64_t as_of_day = days_from_civil(2026, 1, 1);

}  // namespace

const std::vector<Industry>& industries() {
  static const std::vector<Industry> list{
      {"food", "食品", 0.15, 0.25, false},
      {"livestock", "养殖", 0.13, 0.15, true},
      {"chemicals", "化工", 0.09, 0.15, true},
      {"paper", "纸业", 0.03, 0.07, true},
      {"textile_dyeing", "印染", 0.04, 0.08, true},
      {"electroplating", "电镀", 0.03, 0.06, true},
      {"pharmaceuticals", "制药", 0.03, 0.06, true},
      {"sewage_works", "污水处理", 0.015, 0.10, true},
      {"building_materials", "建材", 0.12, 0.02, false},
      {"metal_products", "金属制品", 0.10, 0.03, false},
      {"machinery", "机械", 0.10, 0.01, false},
      {"printing", "印刷", 0.04, 0.01, false},
      {"auto_repair", "汽车维修", 0.065, 0.01, false},
  };
  return list;
}

std::int64_t days_from_civil(int year, int month, int day) {
  // Howard Hinnant's days_from_civil.
  year -= month <= 2;
  const int era = (year >= 0 ? year : year - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(year - era * 400);
  const unsigned doy = (153 * static_cast<unsigned>(month + (month > 2 ? -3 : 9)) + 2) / 5 +
                       static_cast<unsigned>(day) - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return static_cast<std::int64_t>(era) * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

std::string iso_date(std::int64_t days) {
  // Howard Hinnant's civil_from_days.
  days += 719468;
  const std::int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  const auto doe = static_cast<unsigned>(days - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned day = doy - (153 * mp + 2) / 5 + 1;
  const unsigned month = mp < 10 ? mp + 3 : mp - 9;
  const std::int64_t year = static_cast<std::int64_t>(yoe) + era * 400 + (month <= 2);
  char text[48];
  std::snprintf(text, sizeof text, "%04lld-%02u-%02u", static_cast<long long>(year), month, day);
  return text;
}

std::string social_credit_code(Random& random, std::string_view admin_code) {
  // 9 = registered by market regulation, 1 = enterprise; then the admin
  // code; then the 9-character organisation code ("MA" is the prefix of
  // codes issued since 2015).
  std::string organisation = "MA";
  while (organisation.size() < 8) {
    organisation += credit_alphabet[random.index(credit_alphabet.size())];
  }
  organisation += organisation_check(organisation);
  std::string code = "91" + std::string(admin_code) + organisation;
  code += credit_check(code);
  return code;
}

EnterpriseFactory::EnterpriseFactory(std::uint64_t seed, std::uint64_t total)
    : random_(seed, "enterprises"), total_(total) {}

Enterprise EnterpriseFactory::make(Point position, bool owns_outfall) {
  Enterprise e;
  e.number = ++made_;
  e.position = position;
  e.id = numbered_id('E', e.number, total_);
  std::vector<double> weights;
  for (const auto& industry : industries()) {
    weights.push_back(owns_outfall ? industry.weight_with_outfall : industry.weight);
  }
  e.industry = random_.weighted(weights);
  const Industry& industry = industries()[e.industry];
  e.name = enterprise_name(random_, std::string(industry.word));
  // About 3 % special (特殊监管) and 10 % key (重点) overall: water-intensive
  // industries are key four times as often.
  if (random_.chance(0.03)) {
    e.risk_class = "special";
  } else {
    e.risk_class = random_.chance(industry.water_intensive ? 0.19 : 0.05) ? "key" : "ordinary";
  }
  // Most enterprises hold their first permit; some have renewed it (002, 003).
  const int serial = random_.chance(0.85) ? 1 : 2 + static_cast<int>(random_.index(2));
  char suffix[16];
  std::snprintf(suffix, sizeof suffix, "%03dP", serial);
  e.permit_no = social_credit_code(random_, "420199") + suffix;
  // Key enterprises are inspected at least yearly, others within two years.
  const std::int64_t days_ago =
      1 + static_cast<std::int64_t>(random_.index(e.risk_class == "ordinary" ? 730 : 365));
  e.last_inspected = iso_date(as_of_day - days_ago);
  // About 15 % were collected from web maps and carry GCJ-02 coordinates.
  e.published_in_gcj02 = random_.chance(0.15);
  return e;
}

EnterpriseSites::EnterpriseSites(const County& county, double area_factor, std::uint64_t seed)
    : county_(county), random_(seed, "enterprise sites") {
  const auto parks = static_cast<std::size_t>(std::max(3.0, std::round(4 * area_factor)));
  for (std::size_t i = 0; i < parks; ++i) parks_.push_back(county.random_point(random_));
}

Point EnterpriseSites::next() {
  if (!random_.chance(0.55)) return county_.random_point(random_);
  const Point park = parks_[random_.index(parks_.size())];
  for (int attempt = 0; attempt < 20; ++attempt) {
    const Point p{random_.normal(park.x, 700), random_.normal(park.y, 700)};
    if (county_.contains(p)) return p;
  }
  return county_.random_point(random_);
}

}  // namespace envgrid::synth::detail
