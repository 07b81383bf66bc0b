#include "envgrid/hydro/navigate.hpp"
#include "envgrid/hydro/stored_network.hpp"
#include "network_index.hpp"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <string>

namespace envgrid::hydro {

namespace {

// Relative slack for comparing sums of floating-point lengths with a limit.
constexpr double limit_slack = 1e-9;

bool within(double value, const std::optional<double>& limit) {
  return !limit || value <= *limit * (1 + limit_slack) + limit_slack;
}

bool is_upstream(TraceMode mode) {
  return mode == TraceMode::upstream_tributaries || mode == TraceMode::upstream_main;
}

// A reach's downstream end on the way to the outlet, and the reach itself.
struct ReachEnds {
  double flow_distance_m = 0;
  double length_m = 0;
  double flow_time_s = 0;
  double travel_time_s = 0;
};

// What a trace reads of a network: BuiltView over a Network, StoredView
// over a StoredNetwork; trace_in below is written once for both, so a trace
// of the stored arrays takes the same steps in the same order.
struct BuiltView {
  const Network& net;
  [[nodiscard]] std::size_t reach_count() const { return net.reaches.size(); }
  [[nodiscard]] std::size_t slot_of(std::size_t r) const { return net.index->upstream.slot_of[r]; }
  [[nodiscard]] std::size_t steps_hint(std::size_t slot) const {
    return net.index->upstream.reaches_above[slot];
  }
  [[nodiscard]] OutletPosition outlet(std::size_t r) const { return net.index->outlet_position[r]; }
  [[nodiscard]] bool any_loop() const { return !net.report.loops.empty(); }
  [[nodiscard]] std::size_t loop_count() const { return net.report.loops.size(); }
  [[nodiscard]] std::optional<std::size_t> loop_of(std::size_t r) const {
    return net.reaches[r].loop;
  }
  [[nodiscard]] ReachEnds ends(std::size_t r) const {
    const Reach& x = net.reaches[r];
    return {x.flow_distance_m, x.length_m, x.flow_time_s, x.travel_time_s};
  }
  template <typename Visit>
  void upstream(std::size_t slot, Visit&& visit) const {
    for (const UpstreamRows::Entry& x : net.index->upstream.at_slot(slot))
      visit(x.reach, x.slot, &x.position);
  }
  template <typename Visit>
  void main_upstream(std::size_t cur, Visit&& visit) const {
    for (std::size_t x : net.inflows.at(net.from_vertex[cur])) {
      if (net.reaches[x].levelpath_id == net.reaches[cur].levelpath_id) {
        visit(x);
        return;
      }
    }
  }
  [[nodiscard]] std::size_t main_downstream(std::size_t cur) const {
    return net.main_downstream(cur);
  }
  [[nodiscard]] int divergence(std::size_t r) const { return net.reaches[r].divergence; }
  template <typename Visit>
  void downstream(std::size_t cur, Visit&& visit) const {
    for (std::size_t x : net.outflows.at(net.to_vertex[cur])) visit(x);
  }
};

struct StoredView {
  const StoredNetwork& net;
  static constexpr std::uint32_t none = UINT32_MAX;
  [[nodiscard]] std::size_t reach_count() const { return net.reach_count; }
  // Once a trace: a scan, where an inverse array would be read whole.
  [[nodiscard]] std::size_t slot_of(std::size_t r) const {
    return static_cast<std::size_t>(std::find(net.reach_at.begin(), net.reach_at.end(), r) -
                                    net.reach_at.begin());
  }
  [[nodiscard]] static std::size_t steps_hint(std::size_t) { return 0; }
  [[nodiscard]] OutletPosition outlet(std::size_t r) const {
    if (!net.position.empty()) {
      const StoredPosition& p = net.position[slot_of(r)];
      return {p.flow_distance_m, p.flow_time_s};
    }
    if (net.flow_distance_m.empty()) return {};  // loaded without measures
    return {net.flow_distance_m[r], net.flow_time_s[r]};
  }
  [[nodiscard]] bool any_loop() const { return !net.loop_size.empty(); }
  [[nodiscard]] std::size_t loop_count() const { return net.loop_size.size(); }
  [[nodiscard]] std::optional<std::size_t> loop_of(std::size_t r) const {
    if (net.loop_of[r] == 0) return std::nullopt;
    return net.loop_of[r] - 1;
  }
  [[nodiscard]] ReachEnds ends(std::size_t r) const {
    return {net.flow_distance_m[r], net.length_m[r], net.flow_time_s[r], net.travel_time_s[r]};
  }
  template <typename Visit>
  void upstream(std::size_t slot, Visit&& visit) const {
    for (std::uint32_t k = net.up_first[slot]; k < net.up_first[slot + 1]; ++k) {
      const std::uint32_t x = net.up_slots[k];
      OutletPosition position;
      if (!net.position.empty())
        position = {net.position[x].flow_distance_m, net.position[x].flow_time_s};
      visit(net.reach_at[x], x, &position);
    }
  }
  template <typename Visit>
  void main_upstream(std::size_t cur, Visit&& visit) const {
    const std::uint32_t v = net.from_vertex[cur];
    for (std::uint32_t k = net.in_first[v]; k < net.in_first[v + 1]; ++k) {
      if (net.levelpath[net.in_reaches[k]] == net.levelpath[cur]) {
        visit(net.in_reaches[k]);
        return;
      }
    }
  }
  [[nodiscard]] std::size_t main_downstream(std::size_t cur) const {
    const std::uint32_t m = net.main_out[net.to_vertex[cur]];
    return m == none ? no_reach : m;
  }
  [[nodiscard]] int divergence(std::size_t r) const { return net.divergence[r]; }
  template <typename Visit>
  void downstream(std::size_t cur, Visit&& visit) const {
    const std::uint32_t v = net.to_vertex[cur];
    for (std::uint32_t k = net.out_first[v]; k < net.out_first[v + 1]; ++k)
      visit(net.out_reaches[k]);
  }
};

// NLDI's measures: upstream, from the downstream end of the start to the
// downstream end of x (Pathlength difference); downstream, from the upstream
// end of the start to the upstream end of x (Pathlength + LENGTHKM).
// start_at: the start's ends; x_at: x's outlet position, when the caller
// has it at hand.
template <typename View>
TraceStep measure(const View& view, const ReachEnds& s, std::size_t x, TraceMode mode,
                  const OutletPosition* x_at = nullptr) {
  if (is_upstream(mode)) {
    const OutletPosition r = x_at ? *x_at : view.outlet(x);
    return {x, (r.flow_distance_m - s.flow_distance_m) / 1000.0,
            (r.flow_time_s - s.flow_time_s) / 3600.0};
  }
  const ReachEnds r = view.ends(x);
  return {x, (s.flow_distance_m + s.length_m - r.flow_distance_m - r.length_m) / 1000.0,
          (s.flow_time_s + s.travel_time_s - r.flow_time_s - r.travel_time_s) / 3600.0};
}

// What a trace keeps while it runs, per thread and reused so a trace
// allocates nothing but its result. Reaches are known by key: the reach's
// slot (UpstreamRows) in a UT trace, the reach itself in the other modes.
// marks: a mark per key that holds the number of the trace that took it, so
// a new trace clears nothing. queue: the keys of the steps taken, in order.
class TraceScratch {
 public:
  void start(std::size_t reaches) {
    if (marks_.size() < reaches) marks_.resize(reaches, 0);
    if (++trace_ == 0) {  // wrapped around: old marks could match again
      std::fill(marks_.begin(), marks_.end(), 0);
      trace_ = 1;
    }
    queue.clear();
  }
  [[nodiscard]] bool marked(std::size_t key) const { return marks_[key] == trace_; }
  void mark(std::size_t key) { marks_[key] = trace_; }

  std::vector<std::size_t> queue;

 private:
  std::vector<std::uint32_t> marks_;
  std::uint32_t trace_ = 0;
};

bool keyed_by_slot(TraceMode mode) { return mode == TraceMode::upstream_tributaries; }

// The next reaches of cur (known by cur_key) in the direction of the mode:
// visit(x, key of x, position of x or nullptr).
template <typename View, typename Visit>
void neighbours(const View& view, std::size_t cur, std::size_t cur_key, TraceMode mode,
                Visit&& visit) {
  switch (mode) {
    case TraceMode::upstream_tributaries:
      view.upstream(cur_key, visit);
      break;
    case TraceMode::upstream_main:
      // The inflow on the same level path (NLDI: UpHydroseq and LevelPathI).
      view.main_upstream(cur, [&](std::size_t x) { visit(x, x, nullptr); });
      break;
    case TraceMode::downstream_main:
      // Never onto a minor path (NLDI follows DnHydroseq only), even where the
      // main path below is missing from the data.
      if (std::size_t m = view.main_downstream(cur); m != no_reach && view.divergence(m) != 2) {
        visit(m, m, nullptr);
      }
      break;
    case TraceMode::downstream_diversions:
      view.downstream(cur, [&](std::size_t x) { visit(x, x, nullptr); });
      break;
  }
}

}  // namespace

std::optional<TraceMode> parse_trace_mode(std::string_view text) {
  std::string upper(text);
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  if (upper == "UT") return TraceMode::upstream_tributaries;
  if (upper == "UM") return TraceMode::upstream_main;
  if (upper == "DM") return TraceMode::downstream_main;
  if (upper == "DD") return TraceMode::downstream_diversions;
  return std::nullopt;
}

namespace {

template <typename View>
TraceResult trace_in(const View& view, std::size_t start, const TraceOptions& options) {
  TraceResult result;
  // A trace started from an `expand` callback of another trace on this
  // thread gets scratch of its own.
  thread_local TraceScratch shared_scratch;
  thread_local bool shared_in_use = false;
  TraceScratch own_scratch;
  TraceScratch& scratch = shared_in_use ? own_scratch : shared_scratch;
  const bool took_shared = !shared_in_use;
  shared_in_use = true;
  struct Release {
    bool release;
    ~Release() {
      if (release) shared_in_use = false;
    }
  } release{took_shared};
  scratch.start(view.reach_count());
  const bool by_slot = keyed_by_slot(options.mode);
  const std::size_t start_key = by_slot ? view.slot_of(start) : start;
  // Growing the steps by doubling was a tenth of a long trace.
  if (by_slot) result.steps.reserve(view.steps_hint(start_key));
  // Upstream measures start from the start's outlet position (the copy the
  // upstream rows hold), downstream ones from its ends.
  ReachEnds start_at;
  if (is_upstream(options.mode)) {
    const OutletPosition p = view.outlet(start);
    start_at = {p.flow_distance_m, 0, p.flow_time_s, 0};
  } else {
    start_at = view.ends(start);
  }

  std::vector<char> loop_seen(view.loop_count(), 0);
  const bool any_loop = view.any_loop();
  auto take = [&](const TraceStep& step, std::size_t key) {
    scratch.mark(key);
    scratch.queue.push_back(key);
    result.steps.push_back(step);
    if (!any_loop) return;
    if (auto loop = view.loop_of(step.reach); loop && !loop_seen[*loop]) {
      loop_seen[*loop] = 1;
      result.loops.push_back(*loop);
    }
  };
  take(measure(view, start_at, start, options.mode), start_key);
  // Breadth first: steps[next] (known by queue[next]) is the next to expand.
  for (std::size_t next = 0; next < result.steps.size(); ++next) {
    const std::size_t cur = result.steps[next].reach;
    if (options.expand && !options.expand(cur)) continue;
    neighbours(view, cur, scratch.queue[next], options.mode,
               [&](std::size_t x, std::size_t x_key, const OutletPosition* x_at) {
                 if (scratch.marked(x_key)) return;
                 const TraceStep step = measure(view, start_at, x, options.mode, x_at);
                 if (within(step.distance_km, options.max_distance_km) &&
                     within(step.travel_hours, options.max_travel_hours)) {
                   take(step, x_key);
                 }
               });
  }
  return result;
}

}  // namespace

TraceResult trace(const Network& net, std::size_t start, const TraceOptions& options) {
  return trace_in(BuiltView{net}, start, options);
}

TraceResult trace(const StoredNetwork& net, std::size_t start, const TraceOptions& options) {
  return trace_in(StoredView{net}, start, options);
}

}  // namespace envgrid::hydro
