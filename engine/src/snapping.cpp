#include "equiroute/engine/snapping.hpp"

#include <algorithm>
#include <boost/geometry.hpp>
#include <boost/geometry/index/rtree.hpp>
#include <cmath>
#include <stdexcept>
#include <tuple>
#include <utility>

namespace equiroute::engine {
namespace {

namespace bg = boost::geometry;
namespace bgi = boost::geometry::index;
using BPoint = bg::model::point<double, 2, bg::cs::cartesian>;
using BSegment = bg::model::segment<BPoint>;
using Value = std::pair<BSegment, std::uint32_t>;

constexpr double kInf = std::numeric_limits<double>::infinity();

/// frac × travel, where being at the end node (frac = 0) costs nothing even when the
/// edge is absent (0 × inf would be NaN).
double partial_s(double fraction, double travel) {
  if (fraction <= 0.0) return 0.0;
  return std::isinf(travel) ? kInf : fraction * travel;
}

}  // namespace

struct Snapper::Index {
  std::vector<std::pair<std::uint32_t, std::uint32_t>> segments;  ///< (a, b), a < b
  bgi::rtree<Value, bgi::rstar<16>> tree;
};

Snapper::Snapper(const RoadGraph& graph) : graph_(graph), index_(std::make_unique<Index>()) {
  auto& segs = index_->segments;
  segs.reserve(graph.edge_count());
  const auto first = graph.first_out();
  const auto head = graph.head();
  for (std::uint32_t u = 0; u < graph.node_count(); ++u)
    for (auto e = first[u]; e < first[u + 1]; ++e)
      segs.emplace_back(std::min(u, head[e]), std::max(u, head[e]));
  std::sort(segs.begin(), segs.end());
  segs.erase(std::unique(segs.begin(), segs.end()), segs.end());
  std::vector<Value> values;
  values.reserve(segs.size());
  for (std::uint32_t i = 0; i < segs.size(); ++i) {
    const XY a = graph.node_xy(segs[i].first), b = graph.node_xy(segs[i].second);
    values.emplace_back(BSegment(BPoint(a.x, a.y), BPoint(b.x, b.y)), i);
  }
  // Packing (bulk-loading) constructor: fast and balanced.
  index_->tree = bgi::rtree<Value, bgi::rstar<16>>(values.begin(), values.end());
}

Snapper::~Snapper() = default;
Snapper::Snapper(Snapper&&) noexcept = default;

Snap Snapper::snap(XY point, const SnapOptions& options) const {
  if (!(options.max_snap_m > 0.0) || !(options.access_speed_kmh > 0.0) ||
      !(options.node_tolerance_m >= 0.0))
    throw std::invalid_argument("snap: max_snap_m and access_speed_kmh must be positive");
  Snap best;
  best.point = point;
  if (!std::isfinite(point.x) || !std::isfinite(point.y)) return best;
  // The R-tree's nearest query is exact on segment distance; ask for a few so that
  // equally near segments are all seen and the tie rule (lowest (a, b)) is applied.
  std::vector<Value> found;
  index_->tree.query(bgi::nearest(BPoint(point.x, point.y), 8), std::back_inserter(found));
  double best_d2 = kInf;
  std::pair<std::uint32_t, std::uint32_t> best_seg{0, 0};
  double best_t = 0.0;
  for (const auto& [segment, id] : found) {
    const auto [a, b] = index_->segments[id];
    const XY pa = graph_.node_xy(a), pb = graph_.node_xy(b);
    const double dx = pb.x - pa.x, dy = pb.y - pa.y;
    const double len2 = dx * dx + dy * dy;
    double t = len2 > 0.0 ? ((point.x - pa.x) * dx + (point.y - pa.y) * dy) / len2 : 0.0;
    t = std::clamp(t, 0.0, 1.0);
    const double qx = pa.x + t * dx, qy = pa.y + t * dy;
    const double d2 = (point.x - qx) * (point.x - qx) + (point.y - qy) * (point.y - qy);
    if (std::tie(d2, a, b) < std::tie(best_d2, best_seg.first, best_seg.second)) {
      best_d2 = d2;
      best_seg = {a, b};
      best_t = t;
    }
  }
  if (found.empty()) return best;
  const auto [a, b] = best_seg;
  const XY pa = graph_.node_xy(a), pb = graph_.node_xy(b);
  double t = best_t;
  double distance = std::sqrt(best_d2);
  // On a node (within the tolerance): exactly the node, no access leg.
  const double da = std::hypot(point.x - pa.x, point.y - pa.y);
  const double db = std::hypot(point.x - pb.x, point.y - pb.y);
  if (da <= options.node_tolerance_m && da <= db) {
    t = 0.0;
    distance = 0.0;
  } else if (db <= options.node_tolerance_m) {
    t = 1.0;
    distance = 0.0;
  }
  best.a = a;
  best.b = b;
  best.t = t;
  best.distance_m = distance;
  best.snapped = {pa.x + t * (pb.x - pa.x), pa.y + t * (pb.y - pa.y)};
  if (distance > options.max_snap_m) return best;  // reported unreachable, never snapped far
  best.reachable = true;
  best.access_s = distance / (options.access_speed_kmh / 3.6);
  best.ab_s = graph_.edge_travel_s(a, b);
  best.ba_s = graph_.edge_travel_s(b, a);
  best.t_to_b_s = partial_s(1.0 - t, best.ab_s);
  best.t_to_a_s = partial_s(t, best.ba_s);
  best.t_from_a_s = partial_s(t, best.ab_s);
  best.t_from_b_s = partial_s(1.0 - t, best.ba_s);
  return best;
}

std::vector<Snap> Snapper::snap(const std::vector<XY>& points, const SnapOptions& options) const {
  std::vector<Snap> out;
  out.reserve(points.size());
  for (const auto& p : points) out.push_back(snap(p, options));
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
