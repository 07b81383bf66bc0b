// downstream_impact: Dijkstra over the nodes of the network, keyed by the
// travel time from the start point; each target is reached from the upstream
// node of its reach plus the part of the reach above it.

#include "envgrid/hydro/impact.hpp"

#include <algorithm>
#include <functional>
#include <limits>
#include <queue>
#include <unordered_map>

namespace envgrid::hydro {

namespace {

// Relative slack for comparing sums of floating-point times with a limit
// (as navigate.cpp's limits).
constexpr double limit_slack = 1e-9;

struct Arrival {
  double time_s = std::numeric_limits<double>::infinity();
  double distance_m = 0;
};

class ImpactSearch {
 public:
  ImpactSearch(const Network& net, std::span<const ImpactTarget> targets,
               const ImpactOptions& options)
      : net_(net),
        targets_(targets),
        max_time_s_(options.max_travel_hours
                        ? *options.max_travel_hours * 3600 * (1 + limit_slack) + limit_slack
                        : std::numeric_limits<double>::infinity()),
        best_(targets.size()),
        at_node_(net.node_count()) {
    for (std::size_t t = 0; t < targets.size(); ++t) {
      if (targets[t].at.reach != no_reach) on_reach_[targets[t].at.reach].push_back(t);
    }
  }

  std::vector<ImpactHit> run(const NetworkPoint& start) {
    const Reach& s = net_.reaches[start.reach];
    const double below = start.measure / 100;
    // Below the start on its own reach; above it only if a loop comes back.
    offer_on_reach(start.reach, {0, 0}, start.measure);
    arrive(net_.to_vertex[start.reach], {below * s.travel_time_s, below * s.length_m});
    while (!queue_.empty()) {
      const auto [time_s, v] = queue_.top();
      queue_.pop();
      if (time_s > at_node_[v].time_s) continue;  // a stale entry
      const Arrival here = at_node_[v];
      for (std::size_t x : net_.outflows.at(v)) {
        const Reach& r = net_.reaches[x];
        offer_on_reach(x, here, 100);
        arrive(net_.to_vertex[x], {here.time_s + r.travel_time_s, here.distance_m + r.length_m});
      }
    }
    return hits();
  }

 private:
  // Targets on reach x at or below measure `from`, when x is entered at
  // `entry` at that measure.
  void offer_on_reach(std::size_t x, const Arrival& entry, double from) {
    const auto on = on_reach_.find(x);
    if (on == on_reach_.end()) return;
    const Reach& r = net_.reaches[x];
    for (std::size_t t : on->second) {
      const double part = (from - targets_[t].at.measure) / 100;
      if (part < 0) continue;
      const Arrival a{entry.time_s + part * r.travel_time_s, entry.distance_m + part * r.length_m};
      if (a.time_s <= max_time_s_ && (!best_[t] || a.time_s < best_[t]->time_s)) best_[t] = a;
    }
  }

  void arrive(NodeIndex v, const Arrival& a) {
    if (a.time_s > max_time_s_ || a.time_s >= at_node_[v].time_s) return;
    at_node_[v] = a;
    queue_.emplace(a.time_s, v);
  }

  std::vector<ImpactHit> hits() const {
    std::vector<ImpactHit> hits;
    for (std::size_t t = 0; t < best_.size(); ++t) {
      if (best_[t]) hits.push_back({t, best_[t]->distance_m, best_[t]->time_s / 3600});
    }
    std::sort(hits.begin(), hits.end(), [&](const ImpactHit& a, const ImpactHit& b) {
      if (a.travel_hours != b.travel_hours) return a.travel_hours < b.travel_hours;
      if (a.flow_distance_m != b.flow_distance_m) return a.flow_distance_m < b.flow_distance_m;
      return targets_[a.target].section_id < targets_[b.target].section_id;
    });
    return hits;
  }

  using Entry = std::pair<double, NodeIndex>;
  const Network& net_;
  std::span<const ImpactTarget> targets_;
  double max_time_s_;
  std::vector<std::optional<Arrival>> best_;  // per target
  std::vector<Arrival> at_node_;              // fastest arrival at each node
  std::unordered_map<std::size_t, std::vector<std::size_t>> on_reach_;
  std::priority_queue<Entry, std::vector<Entry>, std::greater<>> queue_;
};

}  // namespace

std::vector<ImpactHit> downstream_impact(const Network& net, const NetworkPoint& start,
                                         std::span<const ImpactTarget> targets,
                                         const ImpactOptions& options) {
  return ImpactSearch(net, targets, options).run(start);
}

}  // namespace envgrid::hydro
