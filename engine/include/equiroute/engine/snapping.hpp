#pragma once
// Snapping points (origins, destinations) onto the nearest road segment, not just the
// nearest node, with an off-network access leg and partial edge costs.

#include <cstdint>
#include <limits>
#include <memory>
#include <vector>

#include "equiroute/engine/road_graph.hpp"

namespace equiroute::engine {

struct SnapOptions {
  /// Points farther than this from every road segment are unreachable (metres).
  double max_snap_m = 5000.0;
  /// Speed of the off-network access leg, km/h (default: on foot).
  double access_speed_kmh = 5.0;
  /// A point within this distance of a node snaps to the node exactly (zero access leg
  /// when the point is the node), absorbing round-off of exported coordinates (metres).
  double node_tolerance_m = 1e-3;
};

/// Where a point joins the network: on the segment between nodes `a` and `b`, at fraction
/// `t` ∈ [0, 1] of the way from a to b (t = 0 is a). Reaching b from the snapped point
/// costs `t_to_b_s` = (1 − t) × travel(a→b) when a→b exists (else +inf); reaching a costs
/// `t_to_a_s` = t × travel(b→a) when b→a exists. Arriving at the point from a costs
/// `t_from_a_s` = t × travel(a→b), from b `t_from_b_s` = (1 − t) × travel(b→a).
struct Snap {
  bool reachable = false;  ///< false: farther than max_snap_m (or empty graph)
  std::uint32_t a = 0;
  std::uint32_t b = 0;
  double t = 0.0;
  double distance_m = std::numeric_limits<double>::infinity();  ///< point → snapped point, metres
  double access_s = 0.0;  ///< distance_m / access speed, seconds
  double t_to_a_s = std::numeric_limits<double>::infinity();
  double t_to_b_s = std::numeric_limits<double>::infinity();
  double t_from_a_s = std::numeric_limits<double>::infinity();
  double t_from_b_s = std::numeric_limits<double>::infinity();
  double ab_s = std::numeric_limits<double>::infinity();  ///< travel(a→b), +inf if absent
  double ba_s = std::numeric_limits<double>::infinity();  ///< travel(b→a), +inf if absent
  XY point;                                               ///< the input point, working CRS
  XY snapped;                                             ///< the point on the segment, working CRS
};

/// Spatial index over the graph's segments (Boost.Geometry R-tree, one entry per
/// undirected node pair). Thread-safe for concurrent snap() calls. Keeps a reference to
/// the graph, which must outlive it.
class Snapper {
 public:
  explicit Snapper(const RoadGraph& graph);
  ~Snapper();
  Snapper(Snapper&&) noexcept;

  /// Snaps one point (working CRS, metres) to the nearest segment (Euclidean in the
  /// working CRS). Ties between equally near segments go to the lowest (a, b) pair.
  /// Throws std::invalid_argument when a speed or distance option is not positive.
  Snap snap(XY point, const SnapOptions& options = {}) const;
  std::vector<Snap> snap(const std::vector<XY>& points, const SnapOptions& options = {}) const;

  const RoadGraph& graph() const noexcept { return graph_; }

 private:
  struct Index;
  const RoadGraph& graph_;
  std::unique_ptr<Index> index_;
};

/// Summary of snap distances over the reachable snaps (for reporting).
struct SnapSummary {
  std::size_t points = 0;
  std::size_t unreachable = 0;
  double max_distance_m = 0.0;
  double mean_distance_m = 0.0;
};
SnapSummary summarize(const std::vector<Snap>& snaps);

}  // namespace equiroute::engine
