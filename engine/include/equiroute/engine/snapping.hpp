#pragma once
// Snapping points (origins, destinations) onto the nearest road segment — the exact
// position on the road's polyline, shape points included — with an off-network access leg
// and partial costs along the chain to its end nodes.

#include <cstdint>
#include <limits>
#include <memory>
#include <span>
#include <vector>

#include "equiroute/engine/flat_array.hpp"
#include "equiroute/engine/road_graph.hpp"

namespace equiroute::engine {

struct SnapOptions {
  /// Points farther than this from every road segment are unreachable (metres).
  double max_snap_m = 5000.0;
  /// Speed of the off-network access leg, km/h (default: on foot).
  double access_speed_kmh = 5.0;
  /// A point within this distance of a vertex snaps to the vertex exactly (zero access leg
  /// when the point is the vertex), absorbing round-off of exported coordinates (metres).
  double node_tolerance_m = 1e-3;
};

/// Where a point joins the network: on segment `segment` of chain `chain` (the road from
/// graph node `a` to graph node `b`, RoadGraph chains), at fraction `t` ∈ [0, 1] of that
/// segment (t = 0 at its first vertex; a vertex between two segments is given as t = 0 of
/// the later one). Costs along the chain, summed over its segments' travel times:
/// reaching b from the snapped point `t_to_b_s`, reaching a `t_to_a_s` (+inf when the
/// chain is one-way a→b, unless the point is at a), arriving at the point from a
/// `t_from_a_s` and from b `t_from_b_s`.
struct Snap {
  bool reachable = false;  ///< false: farther than max_snap_m (or empty graph)
  std::uint32_t a = 0;
  std::uint32_t b = 0;
  std::uint32_t chain = 0;
  std::uint32_t segment = 0;  ///< segment index within the chain
  double t = 0.0;
  double distance_m = std::numeric_limits<double>::infinity();  ///< point → snapped point, metres
  double access_s = 0.0;  ///< distance_m / access speed, seconds
  double t_to_a_s = std::numeric_limits<double>::infinity();
  double t_to_b_s = std::numeric_limits<double>::infinity();
  double t_from_a_s = std::numeric_limits<double>::infinity();
  double t_from_b_s = std::numeric_limits<double>::infinity();
  double ab_s = std::numeric_limits<double>::infinity();  ///< whole chain a→b, +inf if absent
  double ba_s = std::numeric_limits<double>::infinity();  ///< whole chain b→a, +inf if absent
  XY point;                                               ///< the input point, working CRS
  XY snapped;                                             ///< the point on the road, working CRS
};

/// Axis-aligned box in the working CRS (metres).
struct Box {
  double min_x, min_y, max_x, max_y;
};

/// Spatial index over the graph's road segments (every segment of every chain): a static
/// packed R-tree (items in Hilbert-curve order of their centres, 16 per node, levels
/// stored bottom-up in flat arrays; Kamel & Faloutsos 1993, the layout of Agafonkin's
/// flatbush). Boost.Geometry's R-tree, used before, cannot be stored in a file and mapped
/// back without rebuilding it; this one is a pair of arrays, so a prepared network uses it
/// in place. Thread-safe for concurrent snap() calls. Keeps a reference to the graph,
/// which must outlive it.
class Snapper {
 public:
  explicit Snapper(const RoadGraph& graph);

  /// The index arrays (prepared networks).
  struct Parts {
    std::span<const std::uint32_t> items;        ///< segment ids in tree order
    std::span<const std::uint32_t> item_chains;  ///< the chain of each item
    std::span<const Box> boxes;                  ///< node boxes, level by level from the leaves
    std::span<const std::uint64_t> level_end;    ///< end of each level in `boxes`
  };
  Parts parts() const noexcept;
  /// An index viewing `parts` (memory owned by `keep_alive`); checks sizes and ids.
  /// Throws std::invalid_argument when they do not fit the graph.
  static Snapper from_parts(const RoadGraph& graph, const Parts& parts,
                            std::shared_ptr<const void> keep_alive);

  /// Snaps one point (working CRS, metres) to the nearest segment (Euclidean in the
  /// working CRS). Ties between equally near segments go to the lowest (chain, segment).
  /// Throws std::invalid_argument when a speed or distance option is not positive.
  Snap snap(XY point, const SnapOptions& options = {}) const;
  /// Snaps many points, in parallel over `threads` workers (0: all); the same result for
  /// any count.
  std::vector<Snap> snap(const std::vector<XY>& points, const SnapOptions& options = {},
                         unsigned threads = 1) const;

  const RoadGraph& graph() const noexcept { return *graph_; }
  std::size_t memory_bytes() const noexcept {
    return items_.bytes() + item_chains_.bytes() + boxes_.bytes() + level_end_.bytes();
  }

 private:
  Snapper(const RoadGraph& graph, int);
  /// Nearest segment of `point`: (squared distance, global segment id, fraction).
  struct Nearest {
    double d2;
    std::uint32_t segment;
    double t;
  };
  Nearest nearest(XY point) const;
  Snap make_snap(XY point, const Nearest& near, const SnapOptions& options) const;

  const RoadGraph* graph_;
  FlatArray<std::uint32_t> items_;
  FlatArray<std::uint32_t> item_chains_;  ///< saves a binary search per candidate
  FlatArray<Box> boxes_;
  FlatArray<std::uint64_t> level_end_;
  std::shared_ptr<const void> keep_alive_;
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
