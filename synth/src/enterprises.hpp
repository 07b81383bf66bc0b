#pragma once
// Synthetic enterprises: industry with realistic weights, risk class,
// discharge permit number (统一社会信用代码 + serial + letter), last
// inspection date, and where they are: beside their outfall for enterprises
// that own one, else clustered in industrial parks or scattered.

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "county.hpp"
#include "random.hpp"

namespace envgrid::synth::detail {

struct Industry {
  std::string_view code;       // written in the industry column
  std::string_view word;       // Chinese trade word used in names
  double weight;               // share among all enterprises
  double weight_with_outfall;  // share among enterprises that own an outfall
  bool water_intensive;        // more often a key (重点) enterprise
};
[[nodiscard]] const std::vector<Industry>& industries();

struct Enterprise {
  std::uint64_t number = 0;  // 1-based
  std::string id;            // "E000017"
  std::string name;
  std::size_t industry = 0;  // index into industries()
  std::string risk_class;    // key / ordinary / special
  std::string permit_no;
  std::string last_inspected;  // YYYY-MM-DD
  Point position;              // metric, true (WGS 84) position
  bool published_in_gcj02 = false;
};

// Makes enterprises one at a time, numbered in order (streaming: nothing kept).
class EnterpriseFactory {
 public:
  EnterpriseFactory(std::uint64_t seed, std::uint64_t total);
  [[nodiscard]] Enterprise make(Point position, bool owns_outfall);
  [[nodiscard]] std::uint64_t made() const { return made_; }

 private:
  Random random_;
  std::uint64_t total_;
  std::uint64_t made_ = 0;
};

// Positions for enterprises without an outfall: about 55 % around industrial
// parks (normal spread of 700 m around a few centres), the rest scattered.
class EnterpriseSites {
 public:
  EnterpriseSites(const County& county, double area_factor, std::uint64_t seed);
  [[nodiscard]] Point next();

 private:
  const County& county_;
  Random random_;
  std::vector<Point> parks_;
};

// The 18-character unified social credit code with both check characters
// (GB 11714 for the organisation code, GB 32100 for the whole).
[[nodiscard]] std::string social_credit_code(Random& random, std::string_view admin_code);
// Days since 1970-01-01 -> "YYYY-MM-DD".
[[nodiscard]] std::string iso_date(std::int64_t days_since_epoch);
[[nodiscard]] std::int64_t days_from_civil(int year, int month, int day);

}  // namespace envgrid::synth::detail
