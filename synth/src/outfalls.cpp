#include "outfalls.hpp"

#include <cmath>

#include "names.hpp"

namespace envgrid::synth::detail {

OutfallPlacer::OutfallPlacer(const County& county, std::uint64_t seed, std::uint64_t total,
                             std::uint64_t target_reaches)
    : county_(county),
      random_(seed, "outfalls"),
      total_(total),
      target_reaches_(std::max<std::uint64_t>(1, target_reaches)) {}

std::vector<Outfall> OutfallPlacer::place(const Reach& reach) {
  ++reaches_seen_;
  const std::uint64_t left = total_ - placed_;
  const std::uint64_t reaches_left =
      target_reaches_ >= reaches_seen_ ? target_reaches_ - reaches_seen_ + 1 : 1;
  // Expected share of what is left; the last reach takes the remainder.
  const double share = static_cast<double>(left) / static_cast<double>(reaches_left);
  auto count = static_cast<std::uint64_t>(share);
  if (random_.chance(share - static_cast<double>(count))) ++count;
  if (reaches_left == 1) count = left;
  count = std::min(count, left);
  std::vector<Outfall> outfalls;
  for (std::uint64_t i = 0; i < count; ++i) outfalls.push_back(make(reach));
  return outfalls;
}

Outfall OutfallPlacer::make(const Reach& reach) {
  Outfall o;
  o.number = ++placed_;
  o.id = numbered_id('O', o.number, total_);
  o.reach_node = reach.from_index;
  const std::size_t segment = random_.index(reach.line.size() - 1);
  o.upstream_of_middle = segment < (reach.line.size() - 1) / 2;
  const Point a = reach.line[segment], b = reach.line[segment + 1];
  const double t = random_.uniform(0.15, 0.85);
  const double length = std::hypot(b.x - a.x, b.y - a.y);
  const Point along{(b.x - a.x) / length, (b.y - a.y) / length};
  const double side = random_.chance(0.5) ? 1 : -1;
  o.inland = {-along.y * side, along.x * side};
  const Point bank{a.x + t * (b.x - a.x), a.y + t * (b.y - a.y)};
  // A pipe mouth 8-25 m from the centre line: on the bank of a small river.
  const double offset_m = random_.uniform(8, 25);
  o.position = {bank.x + offset_m * o.inland.x, bank.y + offset_m * o.inland.y};
  o.registered = random_.chance(0.7);
  const double inland_m = random_.uniform(120, 600), along_m = random_.uniform(-150, 150);
  o.owner_site = {bank.x + inland_m * o.inland.x + along_m * along.x,
                  bank.y + inland_m * o.inland.y + along_m * along.y};
  if (!county_.contains(o.owner_site)) {
    // Beyond the county edge: the works stands on the other bank, piping across.
    o.owner_site = {bank.x - inland_m * o.inland.x + along_m * along.x,
                    bank.y - inland_m * o.inland.y + along_m * along.y};
  }
  if (!county_.contains(o.owner_site)) o.owner_site = o.position;
  const std::string& stream = *reach.name;
  o.name = (stream.empty() ? std::string("无名支流") : stream) + "排口";
  return o;
}

}  // namespace envgrid::synth::detail
