// Derived values, computed in one depth-first order of the node graph. A
// loop is cut at its loop-closing reach (a back edge of the depth-first
// search): that reach counts as ending at an outlet for distances,
// accumulation and main stems, so every value is defined and finite.
// Navigation still uses the full graph.

#include <boost/graph/depth_first_search.hpp>
#include <boost/property_map/property_map.hpp>

#include <algorithm>
#include <tuple>

#include "build_steps.hpp"
#include "network_index.hpp"

namespace envgrid::hydro::detail {

namespace {

struct Order {
  std::vector<NodeIndex> downstream_first;  // DFS finish order
  std::vector<char> cut;                    // per reach: loop-closing
};

struct OrderVisitor : boost::default_dfs_visitor {
  Order* order;
  explicit OrderVisitor(Order* o) : order(o) {}
  void back_edge(Graph::edge_descriptor e, const Graph& g) const { order->cut[g[e].reach] = 1; }
  void finish_vertex(NodeIndex v, const Graph&) const { order->downstream_first.push_back(v); }
};

Order depth_first_order(const Network& net) {
  Order order;
  order.cut.assign(net.reaches.size(), 0);
  const auto nodes = net.node_count();
  order.downstream_first.reserve(nodes);
  // An explicit colour map: Boost's default one is a shared_array, whose
  // reference counting clang-analyzer misreads as a use after free.
  std::vector<boost::default_color_type> colors(nodes, boost::white_color);
  boost::depth_first_search(
      net.index->graph,
      boost::visitor(OrderVisitor(&order))
          .color_map(boost::make_iterator_property_map(
              colors.begin(), boost::get(boost::vertex_index, net.index->graph))));
  return order;
}

// Every reach once, breadth-first upstream from the outlets (reaches whose
// downstream end has no outflow) in reach order, then from the reaches no
// outlet drains (closed loops): the order of a UT trace from an outlet.
std::vector<std::size_t> breadth_first_upstream(const Network& net) {
  const std::size_t count = net.reaches.size();
  std::vector<std::size_t> order;
  order.reserve(count);
  std::vector<char> taken(count, 0);
  auto sweep_from = [&](std::size_t root) {
    if (taken[root]) return;
    taken[root] = 1;
    order.push_back(root);
    for (std::size_t next = order.size() - 1; next < order.size(); ++next) {
      for (std::size_t x : net.inflows.at(net.from_vertex[order[next]])) {
        if (!taken[x]) {
          taken[x] = 1;
          order.push_back(x);
        }
      }
    }
  };
  for (std::size_t r = 0; r < count; ++r) {
    if (net.outflows.at(net.to_vertex[r]).empty()) sweep_from(r);
  }
  for (std::size_t r = 0; r < count; ++r) sweep_from(r);
  return order;
}

class Deriver {
 public:
  Deriver(Network& net, const DerivedInputs& inputs)
      : net_(net),
        inputs_(inputs),
        order_(depth_first_order(net)),
        minor_lineage_(net.reaches.size(), 0) {}

  void run() {
    net_.main_out.assign(net_.node_count(), no_reach);
    for (NodeIndex v : order_.downstream_first) choose_main_path(v);
    for (auto it = order_.downstream_first.rbegin(); it != order_.downstream_first.rend(); ++it) {
      accumulate(*it);
    }
    for (NodeIndex v : order_.downstream_first) follow_main_stem(v);
    net_.index->outlet_position.resize(net_.reaches.size());
    for (std::size_t r = 0; r < net_.reaches.size(); ++r) {
      net_.index->outlet_position[r] = {net_.reaches[r].flow_distance_m,
                                        net_.reaches[r].flow_time_s};
    }
    fill_upstream_rows();
  }

  void fill_upstream_rows() {
    UpstreamRows& rows = net_.index->upstream;
    const std::vector<std::size_t> reach_at = breadth_first_upstream(net_);
    const std::size_t count = reach_at.size();
    auto inflows_of = [&](std::size_t r) { return net_.inflows.at(net_.from_vertex[r]); };
    rows.slot_of.assign(count, 0);
    for (std::size_t slot = 0; slot < count; ++slot) rows.slot_of[reach_at[slot]] = slot;
    rows.first.assign(count + 1, 0);
    for (std::size_t slot = 0; slot < count; ++slot) {
      rows.first[slot + 1] = rows.first[slot] + inflows_of(reach_at[slot]).size();
    }
    rows.entries.resize(rows.first[count]);
    for (std::size_t slot = 0, k = 0; slot < count; ++slot) {
      for (std::size_t x : inflows_of(reach_at[slot])) {
        rows.entries[k++] = {x, rows.slot_of[x], net_.index->outlet_position[x]};
      }
    }
    // Slots above come later in breadth-first order, except in loops.
    rows.reaches_above.assign(count, 1);
    for (std::size_t slot = count; slot-- > 0;) {
      for (const UpstreamRows::Entry& x : rows.at_slot(slot)) {
        if (x.slot > slot) {
          rows.reaches_above[slot] =
              std::min(count, rows.reaches_above[slot] + rows.reaches_above[x.slot]);
        }
      }
    }
  }

 private:
  Reach& reach(Graph::edge_descriptor e) { return net_.reaches[net_.index->graph[e].reach]; }
  bool cut(std::size_t r) const { return order_.cut[r] != 0; }

  // Distance/time below the downstream end of r along main paths.
  double flow_distance_below(std::size_t r) const {
    const std::size_t m = net_.main_out[net_.to_vertex[r]];
    if (cut(r) || m == no_reach) return 0;
    return net_.reaches[m].flow_distance_m + net_.reaches[m].length_m;
  }

  // Downstream-first: every outflow of v knows its flow distance, then v
  // chooses its main outflow.
  void choose_main_path(NodeIndex v) {
    std::vector<std::size_t> outflows;
    for (std::size_t o : net_.outflows.at(v)) {
      net_.reaches[o].flow_distance_m = flow_distance_below(o);
      outflows.push_back(o);
    }
    if (outflows.empty()) return;
    std::vector<std::size_t> candidates = outflows;
    bool from_field = false;
    if (inputs_.divergence_given && outflows.size() > 1) {
      std::vector<std::size_t> marked_main, not_minor;
      for (std::size_t o : outflows) {
        const int code = inputs_.divergence[o].value_or(0);
        if (code == 1) marked_main.push_back(o);
        if (code != 2) not_minor.push_back(o);
      }
      if (!marked_main.empty())
        candidates = marked_main;
      else if (!not_minor.empty())
        candidates = not_minor;
      from_field = candidates.size() == 1;
    }
    const std::size_t main = detect_main(v, candidates);
    net_.main_out[v] = main;
    // A given code is kept even where a node has one outflow: a minor path
    // whose main sibling is missing from the data stays minor.
    for (std::size_t o : outflows) {
      if (inputs_.divergence_given) net_.reaches[o].divergence = inputs_.divergence[o].value_or(0);
    }
    if (outflows.size() == 1) return;
    DivergenceInfo info{net_.reaches[main].from_node, net_.reaches[main].id, {}, from_field};
    if (!inputs_.divergence_given) net_.reaches[main].divergence = 1;
    for (std::size_t o : outflows) {
      if (o == main) continue;
      if (!inputs_.divergence_given) net_.reaches[o].divergence = 2;
      info.minor_reaches.push_back(net_.reaches[o].id);
    }
    net_.report.divergences.push_back(std::move(info));
  }

  // The detection rule: an outflow named like an inflow, then the shortest
  // route to an outlet (around an island the straighter channel is usually
  // the main one), then the smallest id.
  std::size_t detect_main(NodeIndex v, const std::vector<std::size_t>& candidates) const {
    auto named_like_inflow = [&](std::size_t o) {
      const std::string& name = net_.reaches[o].name;
      if (name.empty()) return false;
      for (std::size_t i : net_.inflows.at(v)) {
        if (net_.reaches[i].name == name) return true;
      }
      return false;
    };
    auto rank = [&](std::size_t o) {
      const Reach& r = net_.reaches[o];
      return std::tuple(named_like_inflow(o), -(r.flow_distance_m + r.length_m));
    };
    std::size_t best = candidates.front();
    for (std::size_t o : candidates) {
      if (rank(o) > rank(best) ||
          (rank(o) == rank(best) && net_.reaches[o].id < net_.reaches[best].id)) {
        best = o;
      }
    }
    return best;
  }

  // Upstream-first: upstream length, Strahler order and travel time of the
  // outflows of v from its (uncut) inflows.
  void accumulate(NodeIndex v) {
    double upstream_length_m = 0;
    int top_order = 0, top_count = 0;
    bool any_inflow = false, all_minor = true;
    // Inflows on a minor path count for the order only where nothing else flows in.
    for (int pass = 0; pass < 2 && top_count == 0; ++pass) {
      for (std::size_t i : net_.inflows.at(v)) {
        if (cut(i)) continue;
        if (pass == 0) {
          any_inflow = true;
          upstream_length_m += net_.reaches[i].upstream_length_m;
          all_minor = all_minor && minor_lineage_[i];
          if (minor_lineage_[i]) continue;
        }
        const int order = net_.reaches[i].strahler;
        if (order > top_order)
          std::tie(top_order, top_count) = std::pair(order, 1);
        else if (order == top_order)
          ++top_count;
      }
    }
    const std::size_t main = net_.main_out[v];
    const bool divergent = net_.outflows.at(v).size() > 1;
    for (std::size_t o : net_.outflows.at(v)) {
      Reach& r = net_.reaches[o];
      r.upstream_length_m = r.length_m + (o == main ? upstream_length_m : 0);
      r.strahler = !any_inflow ? 1 : (top_count >= 2 ? top_order + 1 : top_order);
      minor_lineage_[o] = (divergent && o != main) || (any_inflow && all_minor);
      const double velocity_m_s = r.velocity_m_s.value_or(estimated_velocity_m_s(r.strahler));
      r.travel_time_s = velocity_m_s > 0 ? r.length_m / velocity_m_s : 0;
    }
  }

  // Downstream-first again: the main stem continues into the inflow with the
  // longest upstream network (see longer_upstream); flow times follow main paths.
  void follow_main_stem(NodeIndex v) {
    const std::size_t main = net_.main_out[v];
    for (std::size_t o : net_.outflows.at(v)) {
      if (cut(o) && !inputs_.levelpath_given) net_.reaches[o].levelpath_id = net_.reaches[o].id;
    }
    const bool continues = main != no_reach;
    std::size_t main_inflow = no_reach;
    for (std::size_t i : net_.inflows.at(v)) {
      if (cut(i)) continue;
      if (main_inflow == no_reach || longer_upstream(i, main_inflow)) main_inflow = i;
    }
    for (std::size_t i : net_.inflows.at(v)) {
      Reach& r = net_.reaches[i];
      const bool follows = continues && !cut(i);
      r.flow_time_s =
          follows ? net_.reaches[main].flow_time_s + net_.reaches[main].travel_time_s : 0;
      if (inputs_.levelpath_given) continue;
      r.levelpath_id = follows && i == main_inflow ? net_.reaches[main].levelpath_id : r.id;
    }
  }

  // Main-stem preference among inflows: not on a minor path (a braid that
  // rejoins never takes over the main stem), then the longest upstream
  // network, then the smallest id.
  bool longer_upstream(std::size_t a, std::size_t b) const {
    if (minor_lineage_[a] != minor_lineage_[b]) return !minor_lineage_[a];
    const Reach& ra = net_.reaches[a];
    const Reach& rb = net_.reaches[b];
    if (ra.upstream_length_m != rb.upstream_length_m)
      return ra.upstream_length_m > rb.upstream_length_m;
    return ra.id < rb.id;
  }

  Network& net_;
  const DerivedInputs& inputs_;
  Order order_;
  std::vector<char> minor_lineage_;
};

}  // namespace

void compute_derived(Network& net, const DerivedInputs& inputs) { Deriver(net, inputs).run(); }

}  // namespace envgrid::hydro::detail
