#include "rivers.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

#include "envgrid/gis/log.hpp"
#include "names.hpp"

namespace envgrid::synth::detail {

namespace {

constexpr double min_length_m = 500, max_length_m = 2000;
constexpr double degree = std::numbers::pi / 180;

struct Tip {
  std::int32_t node;
  double heading;  // radians, direction of upstream growth
};

// Cells of `clearance` metres, each remembering the reach that passes
// through it (by the reach's upstream node), so that a new reach may touch
// its own family at a confluence but no other river.
class Occupancy {
 public:
  Occupancy() = default;
  Occupancy(const gis::Envelope& e, double clearance)
      : origin_{e.min_x - clearance, e.min_y - clearance},
        cell_(clearance),
        columns_(static_cast<long>((e.max_x - e.min_x) / clearance) + 3),
        rows_(static_cast<long>((e.max_y - e.min_y) / clearance) + 3),
        owner_(static_cast<std::size_t>(columns_ * rows_), 0) {}

  // True when every cell around the line is empty or owned by a reach that
  // `family` accepts (the parent and sibling reaches at the confluence).
  template <class Family>
  [[nodiscard]] bool free(const std::vector<Point>& line, Family family) const {
    bool ok = true;
    walk(line, [&](long c, long r) {
      for (long dr = -1; dr <= 1 && ok; ++dr) {
        for (long dc = -1; dc <= 1 && ok; ++dc) {
          if (!inside(c + dc, r + dr)) {
            ok = false;
          } else {
            const std::int32_t owner = owner_[index(c + dc, r + dr)];
            ok = owner == 0 || family(owner - 1);
          }
        }
      }
    });
    return ok;
  }
  void take(const std::vector<Point>& line, std::int32_t owner) {
    walk(line, [&](long c, long r) {
      if (inside(c, r)) owner_[index(c, r)] = owner + 1;
    });
  }

 private:
  // Visits the cell of every point at half-cell steps along the line.
  template <class Visit>
  void walk(const std::vector<Point>& line, Visit visit) const {
    for (std::size_t k = 0; k + 1 < line.size(); ++k) {
      const Point from = line[k], to = line[k + 1];
      const double length = std::hypot(to.x - from.x, to.y - from.y);
      const int steps = std::max(1, static_cast<int>(std::ceil(length / (cell_ * 0.5))));
      for (int i = 0; i <= steps; ++i) {
        const double t = static_cast<double>(i) / steps;
        visit(static_cast<long>(std::floor((from.x + t * (to.x - from.x) - origin_.x) / cell_)),
              static_cast<long>(std::floor((from.y + t * (to.y - from.y) - origin_.y) / cell_)));
      }
    }
  }
  [[nodiscard]] bool inside(long c, long r) const {
    return c >= 0 && r >= 0 && c < columns_ && r < rows_;
  }
  [[nodiscard]] std::size_t index(long c, long r) const {
    return static_cast<std::size_t>(r * columns_ + c);
  }

  Point origin_;
  double cell_ = 1;
  long columns_ = 0, rows_ = 0;
  std::vector<std::int32_t> owner_;
};

// A gently meandering line from `from` to `to`: interior vertices are pushed
// sideways; `bulge_m` bows the whole line to one side (a braid's minor path).
std::vector<Point> meander(Random& random, Point from, Point to, double bulge_m) {
  constexpr int segments = 4;  // vertex 2 of 5 is the middle kept in RiverNode
  const double dx = to.x - from.x, dy = to.y - from.y;
  const double length = std::hypot(dx, dy);
  const double nx = -dy / length, ny = dx / length;
  std::vector<Point> line(segments + 1);
  for (int i = 0; i <= segments; ++i) {
    const double t = static_cast<double>(i) / segments;
    const double side = (i == 0 || i == segments) ? 0
                                                  : random.normal(0, 0.05 * length) +
                                                        bulge_m * std::sin(std::numbers::pi * t);
    line[i] = {std::round((from.x + t * dx + side * nx) * 1000) / 1000,
               std::round((from.y + t * dy + side * ny) * 1000) / 1000};
  }
  return line;
}

class Grower {
 public:
  Grower(const County& county, const RiverOptions& options,
         const std::function<void(const Reach&)>& on_reach)
      : county_(county),
        options_(options),
        on_reach_(on_reach),
        random_(options.seed, "rivers"),
        occupancy_(county.envelope(), clearance_m()) {}

  RiverNetwork run() {
    place_outlet();
    for (int round = 0; network_.reaches < options_.target_reaches && round < 6; ++round) {
      if (round > 0) reopen_tips();
      while (!tips_.empty() && network_.reaches < options_.target_reaches) grow_one();
    }
    if (network_.reaches < options_.target_reaches) {
      gis::log_warning("the river network stopped at " + std::to_string(network_.reaches) +
                       " reaches of " + std::to_string(options_.target_reaches) + " (county full)");
    }
    count_upstream();
    return std::move(network_);
  }

 private:
  [[nodiscard]] double mean_length_m() const {
    return 0.5 * (min_length_m + max_length_m) * options_.length_factor;
  }
  // Rivers keep this far apart (one occupancy cell; the 3 x 3 check makes
  // the effective gap 1-2 cells, about a third of a reach).
  [[nodiscard]] double clearance_m() const { return 0.22 * mean_length_m() * clearance_scale_; }

  void place_outlet() {
    const auto& ring = county_.ring();
    const Point outlet = ring[random_.index(ring.size())];
    const Point centre{0.5 * (county_.envelope().min_x + county_.envelope().max_x),
                       0.5 * (county_.envelope().min_y + county_.envelope().max_y)};
    add_node(outlet, -1, new_stream());
    tips_.push_back({0, std::atan2(centre.y - outlet.y, centre.x - outlet.x)});
  }

  std::int32_t new_stream() {
    network_.stream_names.push_back(stream_name(random_));
    return static_cast<std::int32_t>(network_.stream_names.size() - 1);
  }

  std::int32_t add_node(Point p, std::int32_t downstream, std::int32_t stream) {
    RiverNode node;
    node.position = p;
    node.downstream = downstream;
    node.stream = stream;
    network_.nodes.push_back(node);
    if (downstream >= 0) ++network_.nodes[static_cast<std::size_t>(downstream)].children;
    return static_cast<std::int32_t>(network_.nodes.size() - 1);
  }

  void grow_one() {
    const std::size_t pick = pick_tip();
    const Tip tip = tips_[pick];
    tips_[pick] = tips_.back();
    tips_.pop_back();
    const bool is_outlet = tip.node == 0;
    // 12 % of tips are sources; the rest split into two tributaries (the
    // outlet gets one reach: the river entering the county's edge).
    // A young network keeps all its tips: early extinction would leave a
    // stub of a few reaches.
    if (!is_outlet && tips_.size() >= 8 && random_.chance(0.12)) return;
    const double side = random_.chance(0.5) ? 1 : -1;
    const std::int32_t stream = network_.nodes[static_cast<std::size_t>(tip.node)].stream;
    try_reach(tip, tip.heading + random_.normal(0, 15 * degree), stream);
    if (!is_outlet && network_.reaches < options_.target_reaches) {
      try_reach(tip, tip.heading + side * random_.uniform(35, 75) * degree, new_stream());
    }
  }

  // Of four random tips, the farthest from the outlet grows: the network
  // reaches across the county instead of thickening around its mouth.
  std::size_t pick_tip() {
    const Point outlet = network_.nodes[0].position;
    std::size_t best = random_.index(tips_.size());
    double best_distance = -1;
    for (int round = 0; round < 4; ++round) {
      const std::size_t candidate = round == 0 ? best : random_.index(tips_.size());
      const Point p = network_.nodes[static_cast<std::size_t>(tips_[candidate].node)].position;
      const double distance = std::hypot(p.x - outlet.x, p.y - outlet.y);
      if (distance > best_distance) {
        best_distance = distance;
        best = candidate;
      }
    }
    return best;
  }

  // Reaches owned by these nodes may touch a new reach leaving `node`: its
  // parent (owned by node), the one below it, and its siblings.
  [[nodiscard]] auto family_of(std::int32_t node) const {
    const std::int32_t below = network_.nodes[static_cast<std::size_t>(node)].downstream;
    return [this, node, below](std::int32_t owner) {
      return owner == node || owner == below ||
             network_.nodes[static_cast<std::size_t>(owner)].downstream == node;
    };
  }

  // Up to four headings around `heading`; the first free one becomes a reach.
  void try_reach(const Tip& tip, double heading, std::int32_t stream) {
    const Point downstream = network_.nodes[static_cast<std::size_t>(tip.node)].position;
    for (int attempt = 0; attempt < 4; ++attempt) {
      const double h = heading + (attempt == 0 ? 0 : random_.normal(0, 25 * degree));
      const double length = random_.uniform(min_length_m, max_length_m) * options_.length_factor;
      const Point upstream{downstream.x + length * std::cos(h),
                           downstream.y + length * std::sin(h)};
      if (!county_.contains(upstream)) continue;
      std::vector<Point> line = meander(random_, upstream, downstream, 0);
      if (!occupancy_.free(line, family_of(tip.node))) continue;
      const std::int32_t node = add_node(upstream, tip.node, stream);
      occupancy_.take(line, node);
      emit_reaches(node, length, std::move(line));
      tips_.push_back({node, h});
      return;
    }
  }

  // The reach from `node` down to its parent, and sometimes a braid beside it.
  void emit_reaches(std::int32_t node, double length_m, std::vector<Point> line) {
    RiverNode& n = network_.nodes[static_cast<std::size_t>(node)];
    // About one reach in 80 long enough for a visible island gets a braid,
    // when the minor path finds room.
    std::vector<Point> minor;
    if (n.downstream != 0 && length_m > 0.8 * mean_length_m() &&
        network_.reaches + 2 <= options_.target_reaches && random_.chance(0.0125)) {
      const double side = random_.chance(0.5) ? 1 : -1;
      minor = meander(random_, line.front(), line.back(),
                      side * random_.uniform(0.15, 0.25) * length_m);
      const std::int32_t parent = n.downstream;
      const auto family = family_of(parent);
      if (occupancy_.free(minor,
                          [&](std::int32_t owner) { return owner == node || family(owner); })) {
        occupancy_.take(minor, node);
      } else {
        minor.clear();
      }
    }
    Reach reach{network_.reaches + 1,  node + 1,
                n.downstream + 1,      node,
                minor.empty() ? 0 : 1, &network_.stream_names[static_cast<std::size_t>(n.stream)],
                std::move(line)};
    n.reach_middle = reach.line[2];
    on_reach_(reach);
    ++network_.reaches;
    if (minor.empty()) return;
    reach.number = network_.reaches + 1;
    reach.divergence = 2;
    reach.line = std::move(minor);
    on_reach_(reach);
    ++network_.reaches;
    ++network_.braids;
  }

  // When every tip has died before the target, tighten the clearance and
  // let nodes with room for another tributary grow again.
  void reopen_tips() {
    clearance_scale_ *= 0.7;
    log(gis::LogLevel::debug, "river growth stalled at " + std::to_string(network_.reaches) +
                                  " reaches; clearance now " + std::to_string(clearance_m()) +
                                  " m");
    occupancy_ = Occupancy();  // free the old grid before the finer one is made
    occupancy_ = Occupancy(county_.envelope(), clearance_m());
    for (std::size_t i = 1; i < network_.nodes.size(); ++i) {
      const RiverNode& n = network_.nodes[i];
      occupancy_.take({n.position, network_.nodes[static_cast<std::size_t>(n.downstream)].position},
                      static_cast<std::int32_t>(i));
    }
    for (std::size_t i = 1; i < network_.nodes.size(); ++i) {
      if (network_.nodes[i].children < 2) {
        tips_.push_back({static_cast<std::int32_t>(i), random_.uniform(0, 2 * std::numbers::pi)});
      }
    }
  }

  // Children always come after their parent, so one backward pass suffices.
  void count_upstream() {
    for (std::size_t i = network_.nodes.size(); i-- > 1;) {
      RiverNode& n = network_.nodes[i];
      network_.nodes[static_cast<std::size_t>(n.downstream)].upstream_reaches +=
          n.upstream_reaches + 1;
    }
  }

  const County& county_;
  const RiverOptions& options_;
  const std::function<void(const Reach&)>& on_reach_;
  Random random_;
  double clearance_scale_ = 1;
  Occupancy occupancy_;
  RiverNetwork network_;
  std::vector<Tip> tips_;
};

}  // namespace

RiverNetwork grow_rivers(const County& county, const RiverOptions& options,
                         const std::function<void(const Reach&)>& on_reach) {
  return Grower(county, options, on_reach).run();
}

}  // namespace envgrid::synth::detail
