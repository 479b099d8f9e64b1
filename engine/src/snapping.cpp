#include "equiroute/engine/snapping.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <queue>
#include <stdexcept>
#include <tuple>
#include <utility>

#include "equiroute/engine/travel_queries.hpp"

namespace equiroute::engine {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr std::uint32_t kNodeSize = 16;  ///< children per R-tree node

/// frac × travel, where being at the end vertex (frac = 0) costs nothing even when the
/// direction does not exist (0 × inf would be NaN).
double partial_s(double fraction, double travel) {
  if (fraction <= 0.0) return 0.0;
  return std::isinf(travel) ? kInf : fraction * travel;
}

/// Position of (x, y) ∈ [0, 2^16)² along the Hilbert curve of order 16 (the classic
/// rotate-and-accumulate conversion).
std::uint64_t hilbert_index(std::uint32_t x, std::uint32_t y) {
  std::uint64_t d = 0;
  for (std::uint32_t s = 1U << 15U; s > 0; s >>= 1U) {
    const std::uint32_t rx = (x & s) > 0 ? 1 : 0;
    const std::uint32_t ry = (y & s) > 0 ? 1 : 0;
    d += static_cast<std::uint64_t>(s) * s * ((3 * rx) ^ ry);
    if (ry == 0) {
      if (rx == 1) {
        x = s - 1 - (x & (s - 1));
        y = s - 1 - (y & (s - 1));
      }
      std::swap(x, y);
    }
  }
  return d;
}

Box segment_box(XY p, XY q) {
  return {std::min(p.x, q.x), std::min(p.y, q.y), std::max(p.x, q.x), std::max(p.y, q.y)};
}

void extend(Box& box, const Box& other) {
  box.min_x = std::min(box.min_x, other.min_x);
  box.min_y = std::min(box.min_y, other.min_y);
  box.max_x = std::max(box.max_x, other.max_x);
  box.max_y = std::max(box.max_y, other.max_y);
}

double box_distance2(const Box& b, XY p) {
  const double dx = std::max({b.min_x - p.x, 0.0, p.x - b.max_x});
  const double dy = std::max({b.min_y - p.y, 0.0, p.y - b.max_y});
  return dx * dx + dy * dy;
}

/// Closest point of segment pq to `point`: (squared distance, fraction along pq).
std::pair<double, double> closest_on_segment(XY p, XY q, XY point) {
  const double dx = q.x - p.x, dy = q.y - p.y;
  const double len2 = dx * dx + dy * dy;
  double t = len2 > 0.0 ? ((point.x - p.x) * dx + (point.y - p.y) * dy) / len2 : 0.0;
  t = std::clamp(t, 0.0, 1.0);
  const double qx = p.x + t * dx, qy = p.y + t * dy;
  return {(point.x - qx) * (point.x - qx) + (point.y - qy) * (point.y - qy), t};
}

}  // namespace

Snapper::Snapper(const RoadGraph& graph, int) : graph_(&graph) {}

Snapper::Snapper(const RoadGraph& graph) : graph_(&graph) {
  const auto n = static_cast<std::uint32_t>(graph.segment_count());
  // Segment boxes (by global id) and the extent of their centres.
  std::vector<Box> seg_box(n);
  Box extent{kInf, kInf, -kInf, -kInf};
  for (std::uint32_t c = 0; c < graph.chain_count(); ++c) {
    const std::uint32_t s0 = graph.first_segment(c), segments = graph.segment_count(c);
    XY p = graph.chain_point(c, 0);
    for (std::uint32_t k = 0; k < segments; ++k) {
      const XY q = graph.chain_point(c, k + 1);
      seg_box[s0 + k] = segment_box(p, q);
      const XY mid{0.5 * (p.x + q.x), 0.5 * (p.y + q.y)};
      extend(extent, {mid.x, mid.y, mid.x, mid.y});
      p = q;
    }
  }
  // Items in Hilbert order of their centres (ties by id: deterministic).
  std::vector<std::pair<std::uint64_t, std::uint32_t>> order(n);
  const double w = std::max(extent.max_x - extent.min_x, 1e-9);
  const double h = std::max(extent.max_y - extent.min_y, 1e-9);
  constexpr double kCells = 65535.0;
  for (std::uint32_t s = 0; s < n; ++s) {
    const Box& b = seg_box[s];
    const auto hx =
        static_cast<std::uint32_t>(kCells * (0.5 * (b.min_x + b.max_x) - extent.min_x) / w);
    const auto hy =
        static_cast<std::uint32_t>(kCells * (0.5 * (b.min_y + b.max_y) - extent.min_y) / h);
    order[s] = {hilbert_index(hx, hy), s};
  }
  std::sort(order.begin(), order.end());
  std::vector<std::uint32_t> items(n), item_chains(n);
  for (std::uint32_t i = 0; i < n; ++i) {
    items[i] = order[i].second;
    item_chains[i] = graph.segment_chain(items[i]);
  }
  std::vector<std::pair<std::uint64_t, std::uint32_t>>().swap(order);

  // Levels bottom-up: each node's box covers up to kNodeSize consecutive children.
  std::vector<Box> boxes;
  std::vector<std::uint64_t> level_end;
  std::size_t level_begin = 0, level_size = n;
  bool leaves = true;
  do {
    const std::size_t nodes = (level_size + kNodeSize - 1) / kNodeSize;
    for (std::size_t i = 0; i < nodes; ++i) {
      Box box{kInf, kInf, -kInf, -kInf};
      for (std::size_t j = i * kNodeSize; j < std::min(level_size, (i + 1) * kNodeSize); ++j)
        extend(box, leaves ? seg_box[items[j]] : boxes[level_begin + j]);
      boxes.push_back(box);
    }
    level_begin = leaves ? 0 : level_begin + level_size;
    level_size = nodes;
    level_end.push_back(boxes.size());
    leaves = false;
  } while (level_size > 1);
  items_ = std::move(items);
  item_chains_ = std::move(item_chains);
  boxes_ = std::move(boxes);
  level_end_ = std::move(level_end);
}

Snapper::Parts Snapper::parts() const noexcept {
  return {items_, item_chains_, boxes_, level_end_};
}

Snapper Snapper::from_parts(const RoadGraph& graph, const Parts& parts,
                            std::shared_ptr<const void> keep_alive) {
  const std::size_t n = graph.segment_count();
  const auto fail = [](const char* what) {
    throw std::invalid_argument(std::string("snap index: ") + what);
  };
  if (parts.items.size() != n || parts.item_chains.size() != n)
    fail("item count differs from the graph's segments");
  // Ranges only (one sequential pass); that each segment lies in its chain is checked when
  // a query reads it.
  for (std::size_t i = 0; i < n; ++i)
    if (parts.items[i] >= n || parts.item_chains[i] >= graph.chain_count())
      fail("a segment or chain id is out of range");
  // Level sizes follow from n; the stored ends must match them.
  std::size_t expected = 0, level_size = n;
  std::size_t level = 0;
  do {
    level_size = (level_size + kNodeSize - 1) / kNodeSize;
    expected += level_size;
    if (level >= parts.level_end.size() || parts.level_end[level] != expected)
      fail("level sizes do not fit the item count");
    ++level;
  } while (level_size > 1);
  if (level != parts.level_end.size() || parts.boxes.size() != expected)
    fail("box count does not fit the item count");
  Snapper s(graph, 0);
  s.items_ = FlatArray<std::uint32_t>::view(parts.items);
  s.item_chains_ = FlatArray<std::uint32_t>::view(parts.item_chains);
  s.boxes_ = FlatArray<Box>::view(parts.boxes);
  s.level_end_ = FlatArray<std::uint64_t>::view(parts.level_end);
  s.keep_alive_ = std::move(keep_alive);
  return s;
}

Snapper::Nearest Snapper::nearest(XY point) const {
  // Best-first search (Hjaltason & Samet 1999): nodes by their box distance; every node
  // no farther than the best segment so far is opened, so ties are all seen.
  struct Entry {
    double d2;
    std::uint32_t level;
    std::uint32_t index;
    bool operator>(const Entry& o) const { return d2 > o.d2; }
  };
  std::priority_queue<Entry, std::vector<Entry>, std::greater<>> queue;
  const auto levels = static_cast<std::uint32_t>(level_end_.size());
  const auto level_begin = [this](std::uint32_t level) {
    return level == 0 ? std::uint64_t{0} : level_end_[level - 1];
  };
  const auto level_size = [&](std::uint32_t level) {
    return level_end_[level] - level_begin(level);
  };
  Nearest best{kInf, 0, 0.0};
  const std::uint64_t root = level_end_[levels - 1] - 1;
  queue.push({box_distance2(boxes_[root], point), levels - 1, 0});
  while (!queue.empty()) {
    const Entry e = queue.top();
    queue.pop();
    if (e.d2 > best.d2) break;
    const std::uint64_t first = std::uint64_t{e.index} * kNodeSize;
    if (e.level == 0) {
      const std::uint64_t last = std::min<std::uint64_t>(items_.size(), first + kNodeSize);
      for (std::uint64_t i = first; i < last; ++i) {
        const std::uint32_t s = items_[i];
        const std::uint32_t c = item_chains_[i];
        const std::uint32_t k = s - graph_->first_segment(c);
        if (s < graph_->first_segment(c) || k >= graph_->segment_count(c))
          throw std::invalid_argument("snap index: a segment does not lie in its chain");
        const auto [d2, t] =
            closest_on_segment(graph_->chain_point(c, k), graph_->chain_point(c, k + 1), point);
        if (std::tie(d2, s) < std::tie(best.d2, best.segment)) best = {d2, s, t};
      }
      continue;
    }
    const std::uint32_t child = e.level - 1;
    const std::uint64_t last = std::min<std::uint64_t>(level_size(child), first + kNodeSize);
    for (std::uint64_t j = first; j < last; ++j) {
      const double d2 = box_distance2(boxes_[level_begin(child) + j], point);
      if (d2 <= best.d2) queue.push({d2, child, static_cast<std::uint32_t>(j)});
    }
  }
  return best;
}

Snap Snapper::snap(XY point, const SnapOptions& options) const {
  if (!(options.max_snap_m > 0.0) || !(options.access_speed_kmh > 0.0) ||
      !(options.node_tolerance_m >= 0.0))
    throw std::invalid_argument("snap: max_snap_m and access_speed_kmh must be positive");
  Snap none;
  none.point = point;
  if (!std::isfinite(point.x) || !std::isfinite(point.y) || items_.empty()) return none;
  return make_snap(point, nearest(point), options);
}

Snap Snapper::make_snap(XY point, const Nearest& near, const SnapOptions& options) const {
  const RoadGraph& g = *graph_;
  Snap s;
  s.point = point;
  s.chain = g.segment_chain(near.segment);
  s.segment = near.segment - g.first_segment(s.chain);
  s.a = g.chain_a(s.chain);
  s.b = g.chain_b(s.chain);
  const std::uint32_t segments = g.segment_count(s.chain);
  const XY pa = g.chain_point(s.chain, s.segment), pb = g.chain_point(s.chain, s.segment + 1);
  double t = near.t;
  double distance = std::sqrt(near.d2);
  // On a vertex (within the tolerance): exactly the vertex, no access leg.
  const double da = std::hypot(point.x - pa.x, point.y - pa.y);
  const double db = std::hypot(point.x - pb.x, point.y - pb.y);
  if (da <= options.node_tolerance_m && da <= db) {
    t = 0.0;
    distance = 0.0;
  } else if (db <= options.node_tolerance_m) {
    t = 1.0;
    distance = 0.0;
  }
  s.distance_m = distance;
  s.snapped = {pa.x + t * (pb.x - pa.x), pa.y + t * (pb.y - pa.y)};
  if (t == 1.0 && s.segment + 1 < segments) {  // a shape point: the start of the next segment
    ++s.segment;
    t = 0.0;
  }
  s.t = t;
  if (distance > options.max_snap_m) return s;  // reported unreachable, never snapped far
  s.reachable = true;
  s.access_s = distance / (options.access_speed_kmh / 3.6);

  // Costs along the chain, each summed in the order a search over the uncompressed
  // segments adds them (from the snapped point outwards).
  const std::uint32_t k = s.segment;
  const bool two_way = std::isfinite(g.segment_backward_s(s.chain, 0));
  double to_b = partial_s(1.0 - t, g.segment_forward_s(s.chain, k));
  for (std::uint32_t i = k + 1; i < segments; ++i) to_b += g.segment_forward_s(s.chain, i);
  double from_a = 0.0;
  for (std::uint32_t i = 0; i < k; ++i) from_a += g.segment_forward_s(s.chain, i);
  from_a += partial_s(t, g.segment_forward_s(s.chain, k));
  const bool at_a = k == 0 && t == 0.0, at_b = k + 1 == segments && t == 1.0;
  s.t_to_b_s = to_b;
  s.t_from_a_s = from_a;
  s.ab_s = 0.0;
  for (std::uint32_t i = 0; i < segments; ++i) s.ab_s += g.segment_forward_s(s.chain, i);
  if (two_way) {
    double to_a = partial_s(t, g.segment_backward_s(s.chain, k));
    for (std::uint32_t i = k; i > 0; --i) to_a += g.segment_backward_s(s.chain, i - 1);
    double from_b = 0.0;
    for (std::uint32_t i = segments; i > k + 1; --i) from_b += g.segment_backward_s(s.chain, i - 1);
    from_b += partial_s(1.0 - t, g.segment_backward_s(s.chain, k));
    s.t_to_a_s = to_a;
    s.t_from_b_s = from_b;
    s.ba_s = 0.0;
    for (std::uint32_t i = segments; i > 0; --i) s.ba_s += g.segment_backward_s(s.chain, i - 1);
  } else {
    s.t_to_a_s = at_a ? 0.0 : kInf;
    s.t_from_b_s = at_b ? 0.0 : kInf;
  }
  return s;
}

std::vector<Snap> Snapper::snap(const std::vector<XY>& points, const SnapOptions& options,
                                unsigned threads) const {
  std::vector<Snap> out(points.size());
  if (points.empty()) return out;
  out[0] = snap(points[0], options);  // checks the options before going parallel
  parallel_over(points.size() - 1, threads,
                [&](std::size_t i) { out[i + 1] = snap(points[i + 1], options); });
  return out;
}

SnapSummary summarize(const std::vector<Snap>& snaps) {
  SnapSummary s;
  s.points = snaps.size();
  double sum = 0.0;
  std::size_t reached = 0;
  for (const auto& snap : snaps) {
    if (!snap.reachable) {
      ++s.unreachable;
      continue;
    }
    ++reached;
    sum += snap.distance_m;
    s.max_distance_m = std::max(s.max_distance_m, snap.distance_m);
  }
  s.mean_distance_m = reached > 0 ? sum / static_cast<double>(reached) : 0.0;
  return s;
}

}  // namespace equiroute::engine
