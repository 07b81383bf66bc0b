#include "envgrid/hydro/navigate.hpp"
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

// NLDI's measures: upstream, from the downstream end of the start to the
// downstream end of x (Pathlength difference); downstream, from the upstream
// end of the start to the upstream end of x (Pathlength + LENGTHKM).
// x_position: x's outlet position when the caller has it at hand.
TraceStep measure(const Network& net, std::size_t start, std::size_t x, TraceMode mode,
                  const OutletPosition* x_position = nullptr) {
  if (is_upstream(mode)) {
    const OutletPosition& s = net.index->outlet_position[start];
    const OutletPosition& r = x_position ? *x_position : net.index->outlet_position[x];
    return {x, (r.flow_distance_m - s.flow_distance_m) / 1000.0,
            (r.flow_time_s - s.flow_time_s) / 3600.0};
  }
  const Reach& s = net.reaches[start];
  const Reach& r = net.reaches[x];
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
template <typename Visit>
void neighbours(const Network& net, std::size_t cur, std::size_t cur_key, TraceMode mode,
                Visit&& visit) {
  switch (mode) {
    case TraceMode::upstream_tributaries:
      for (const UpstreamRows::Entry& x : net.index->upstream.at_slot(cur_key)) {
        visit(x.reach, x.slot, &x.position);
      }
      break;
    case TraceMode::upstream_main:
      // The inflow on the same level path (NLDI: UpHydroseq and LevelPathI).
      for (std::size_t x : net.inflows.at(net.from_vertex[cur])) {
        if (net.reaches[x].levelpath_id == net.reaches[cur].levelpath_id) {
          visit(x, x, nullptr);
          break;
        }
      }
      break;
    case TraceMode::downstream_main:
      // Never onto a minor path (NLDI follows DnHydroseq only), even where the
      // main path below is missing from the data.
      if (std::size_t m = net.main_downstream(cur);
          m != no_reach && net.reaches[m].divergence != 2) {
        visit(m, m, nullptr);
      }
      break;
    case TraceMode::downstream_diversions:
      for (std::size_t x : net.outflows.at(net.to_vertex[cur])) visit(x, x, nullptr);
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

TraceResult trace(const Network& net, std::size_t start, const TraceOptions& options) {
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
  scratch.start(net.reaches.size());
  if (keyed_by_slot(options.mode)) {
    // Growing the steps by doubling was a tenth of a long trace.
    result.steps.reserve(net.index->upstream.reaches_above[net.index->upstream.slot_of[start]]);
  }

  std::vector<char> loop_seen(net.report.loops.size(), 0);
  const bool any_loop = !net.report.loops.empty();
  auto take = [&](const TraceStep& step, std::size_t key) {
    scratch.mark(key);
    scratch.queue.push_back(key);
    result.steps.push_back(step);
    if (!any_loop) return;
    if (auto loop = net.reaches[step.reach].loop; loop && !loop_seen[*loop]) {
      loop_seen[*loop] = 1;
      result.loops.push_back(*loop);
    }
  };
  take(measure(net, start, start, options.mode),
       keyed_by_slot(options.mode) ? net.index->upstream.slot_of[start] : start);
  // Breadth first: steps[next] (known by queue[next]) is the next to expand.
  for (std::size_t next = 0; next < result.steps.size(); ++next) {
    const std::size_t cur = result.steps[next].reach;
    if (options.expand && !options.expand(cur)) continue;
    neighbours(net, cur, scratch.queue[next], options.mode,
               [&](std::size_t x, std::size_t x_key, const OutletPosition* x_position) {
                 if (scratch.marked(x_key)) return;
                 const TraceStep step = measure(net, start, x, options.mode, x_position);
                 if (within(step.distance_km, options.max_distance_km) &&
                     within(step.travel_hours, options.max_travel_hours)) {
                   take(step, x_key);
                 }
               });
  }
  return result;
}

}  // namespace envgrid::hydro
