#pragma once
// Contraction hierarchy (Geisberger et al. 2008) over a RoadGraph, and many-to-many travel
// times with the bucket algorithm (Knopp et al. 2007). Exact: every distance equals the
// plain Dijkstra distance up to floating-point summation order (≈ 1e-15 relative).
//
// Preprocessing contracts the nodes in the order of a priority (depth + added/removed arcs
// + added/removed hops, RoutingKit style), re-evaluated lazily when a node is popped.
// Witness searches are local Dijkstras limited by the number of settled nodes: a witness
// that is missed only adds a superfluous shortcut, never a wrong distance. Nodes are popped
// in batches of pairwise non-adjacent nodes whose re-evaluations run in parallel; the batch
// size is fixed and ties go to the lower node id, so the hierarchy is the same for any
// thread count.

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "equiroute/engine/road_graph.hpp"
#include "equiroute/engine/travel_queries.hpp"

namespace equiroute::engine {

struct ContractionOptions {
  /// Witness searches stop after settling this many nodes (more: fewer superfluous
  /// shortcuts, slower preprocessing).
  std::uint32_t witness_settled_limit = 100;
  /// Threads for the priority evaluations (0: all hardware threads); the result does not
  /// depend on it.
  unsigned threads = 1;
  /// Graphs with at least this many nodes fill each batch past nodes adjacent to it and
  /// evaluate it in parallel (more parallelism, some wasted re-evaluations); smaller graphs
  /// end a batch at the first adjacent node and evaluate it on one thread.
  std::size_t wide_batch_min_nodes = 100000;
};

/// The hierarchy: node ranks and the upward arcs in CSR form, indexed by rank (rank 0 was
/// contracted first). `up` holds arcs x→y with rank x < rank y (searched forward from
/// origins); `down` holds, for each x, the arcs y→x with rank y > rank x, stored at x
/// (searched backward from destinations). Immutable once built; share it between threads.
class ContractionHierarchy {
 public:
  explicit ContractionHierarchy(const RoadGraph& graph, const ContractionOptions& options = {});

  std::size_t node_count() const noexcept { return rank_.size(); }
  /// Rank (contraction order) of a graph node.
  std::uint32_t rank(std::uint32_t node) const { return rank_[node]; }
  /// Arcs of the hierarchy (original upward/downward arcs plus shortcuts).
  std::size_t arc_count() const noexcept { return up_head_.size() + down_tail_.size(); }
  /// Shortcuts added during contraction.
  std::size_t shortcut_count() const noexcept { return shortcuts_; }
  /// Bytes held by the hierarchy's arrays (approximate, for reporting).
  std::size_t memory_bytes() const noexcept;

  // CSR by rank. Upward out-arcs of rank r: [up_first()[r], up_first()[r+1]).
  std::span<const std::uint32_t> up_first() const noexcept { return up_first_; }
  std::span<const std::uint32_t> up_head() const noexcept { return up_head_; }
  std::span<const double> up_weight() const noexcept { return up_weight_; }
  // Downward arcs into rank r, stored at r with their higher-ranked tail.
  std::span<const std::uint32_t> down_first() const noexcept { return down_first_; }
  std::span<const std::uint32_t> down_tail() const noexcept { return down_tail_; }
  std::span<const double> down_weight() const noexcept { return down_weight_; }

 private:
  std::vector<std::uint32_t> rank_;
  std::vector<std::uint32_t> up_first_, up_head_;
  std::vector<double> up_weight_;
  std::vector<std::uint32_t> down_first_, down_tail_;
  std::vector<double> down_weight_;
  std::size_t shortcuts_ = 0;
};

/// Many-to-many travel times by the bucket algorithm: backward upward searches from every
/// target's seeds fill per-node buckets (built in target order, so deterministically);
/// forward upward searches from every source's seeds scan them, in parallel over sources.
/// `result[s][t]` is the best cost (seed costs included), +inf when unreachable or above
/// `cutoff_s`. Empty seed lists are unreachable.
std::vector<std::vector<double>> ch_many_to_many(const ContractionHierarchy& ch,
                                                 const std::vector<std::vector<Seed>>& sources,
                                                 const std::vector<std::vector<Seed>>& targets,
                                                 double cutoff_s = kUnreachable,
                                                 unsigned threads = 1);

/// OD matrix between snapped points through an existing hierarchy (same semantics and
/// output as od_matrix; the same-segment case included).
CostMatrix ch_od_matrix(const ContractionHierarchy& ch, const RoadGraph& graph,
                        const std::vector<Snap>& origins, const std::vector<Snap>& destinations,
                        const QueryOptions& options = {});

}  // namespace equiroute::engine
