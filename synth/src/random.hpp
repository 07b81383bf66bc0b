#pragma once
// The generator's random numbers: std::mt19937_64 (its output sequence is
// fixed by the C++ standard) with our own distributions, because the
// std:: distributions differ between standard libraries and would break
// "same seed, same files" across platforms.

#include <cstdint>
#include <random>
#include <span>
#include <string_view>

namespace envgrid::synth::detail {

class Random {
 public:
  // One independent stream per purpose: the same (seed, purpose) gives the
  // same sequence whatever other layers are generated or skipped.
  Random(std::uint64_t seed, std::string_view purpose);

  [[nodiscard]] std::uint64_t bits() { return engine_(); }
  // [0, 1) with 53 random bits.
  [[nodiscard]] double uniform();
  [[nodiscard]] double uniform(double low, double high) { return low + (high - low) * uniform(); }
  // [0, n); REQUIRES: n > 0. Unbiased (rejection of the short last bucket).
  [[nodiscard]] std::uint64_t index(std::uint64_t n);
  [[nodiscard]] bool chance(double probability) { return uniform() < probability; }
  // Standard normal by Box-Muller (the spare value is kept for the next call).
  [[nodiscard]] double normal();
  [[nodiscard]] double normal(double mean, double sigma) { return mean + sigma * normal(); }
  // An index drawn with the given (not necessarily normalised) weights.
  [[nodiscard]] std::size_t weighted(std::span<const double> weights);

 private:
  std::mt19937_64 engine_;
  double spare_ = 0;
  bool has_spare_ = false;
};

// SplitMix64 finaliser: mixes a 64-bit value into a well-spread one.
[[nodiscard]] std::uint64_t mix64(std::uint64_t value);

}  // namespace envgrid::synth::detail
