#pragma once
// Contraction hierarchy (Geisberger et al. 2008) over a RoadGraph, and the queries that use
// it: many-to-many travel times with the bucket algorithm (Knopp et al. 2007) or with
// restricted PHAST sweeps (RPHAST, Delling, Goldberg & Werneck 2011/2013), and one-to-all /
// many-to-all distances with PHAST (Delling et al. 2013). Exact: every distance equals the
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
#include <functional>
#include <memory>
#include <span>
#include <vector>

#include "equiroute/engine/flat_array.hpp"
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
/// (searched backward from destinations, and swept top-down by PHAST). Immutable once
/// built; share it between threads.
class ContractionHierarchy {
 public:
  explicit ContractionHierarchy(const RoadGraph& graph, const ContractionOptions& options = {});

  /// The arrays, to store a hierarchy (prepared networks) and restore it without rebuilding.
  struct Parts {
    std::span<const std::uint32_t> rank;
    std::span<const std::uint32_t> up_first, up_head;
    std::span<const double> up_weight;
    std::span<const std::uint32_t> down_first, down_tail;
    std::span<const double> down_weight;
    std::uint64_t shortcuts = 0;
  };
  Parts parts() const noexcept;
  /// A hierarchy viewing `parts` (memory owned by `keep_alive`). Checks the arrays' sizes,
  /// offsets, ranks (a permutation), arc directions and weights; throws
  /// std::invalid_argument naming the first inconsistency.
  static ContractionHierarchy from_parts(const Parts& parts,
                                         std::shared_ptr<const void> keep_alive);

  std::size_t node_count() const noexcept { return rank_.size(); }
  /// Rank (contraction order) of a graph node.
  std::uint32_t rank(std::uint32_t node) const { return rank_[node]; }
  /// Arcs of the hierarchy (original upward/downward arcs plus shortcuts).
  std::size_t arc_count() const noexcept { return up_head_.size() + down_tail_.size(); }
  /// Shortcuts added during contraction.
  std::size_t shortcut_count() const noexcept { return shortcuts_; }
  /// Bytes held by the hierarchy's arrays (approximate, for reporting).
  std::size_t memory_bytes() const noexcept;

  std::span<const std::uint32_t> ranks() const noexcept { return rank_; }
  // CSR by rank. Upward out-arcs of rank r: [up_first()[r], up_first()[r+1]).
  std::span<const std::uint32_t> up_first() const noexcept { return up_first_; }
  std::span<const std::uint32_t> up_head() const noexcept { return up_head_; }
  std::span<const double> up_weight() const noexcept { return up_weight_; }
  // Downward arcs into rank r, stored at r with their higher-ranked tail.
  std::span<const std::uint32_t> down_first() const noexcept { return down_first_; }
  std::span<const std::uint32_t> down_tail() const noexcept { return down_tail_; }
  std::span<const double> down_weight() const noexcept { return down_weight_; }

 private:
  ContractionHierarchy() = default;
  FlatArray<std::uint32_t> rank_;
  FlatArray<std::uint32_t> up_first_, up_head_;
  FlatArray<double> up_weight_;
  FlatArray<std::uint32_t> down_first_, down_tail_;
  FlatArray<double> down_weight_;
  std::size_t shortcuts_ = 0;
  std::shared_ptr<const void> keep_alive_;
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
/// output as od_matrix; the same-chain case included). The algorithm is chosen per call
/// from the input alone (QueryOptions::hierarchy_method; see ch_queries.cpp): the bucket
/// algorithm, or RPHAST sweeps from the cheaper side — one upward search per source, then
/// one sweep, 8 sources at a time, over the part of the hierarchy the other side's points
/// need (the "target selection"). Memory grows with the pairs kept, not with origins ×
/// destinations.
CostMatrix ch_od_matrix(const ContractionHierarchy& ch, const RoadGraph& graph,
                        const std::vector<Snap>& origins, const std::vector<Snap>& destinations,
                        const QueryOptions& options = {});

/// Distances between every source's seeds and every graph node by PHAST: one upward search
/// per source, then one top-down sweep over the whole hierarchy (several sources per sweep).
/// Forward: distances from the sources; `backward`: distances to them. Calls
/// `visit(source index, distance per graph node)` once per source (+inf: unreachable or
/// above `cutoff_s`), in parallel over groups of sources; the distances are the same for any
/// thread count.
void ch_many_to_all(const ContractionHierarchy& ch, const std::vector<std::vector<Seed>>& sources,
                    double cutoff_s, bool backward, unsigned threads,
                    const std::function<void(std::size_t, std::span<const double>)>& visit);

/// Isochrone pieces as isochrone_pieces(), with the distances of each origin from PHAST
/// (ch_many_to_all) instead of one Dijkstra search per origin: faster when each isochrone
/// covers a large part of the network. Nodes are listed in graph-node order.
std::vector<std::vector<IsochronePieces>> ch_isochrone_pieces(const ContractionHierarchy& ch,
                                                              const RoadGraph& graph,
                                                              const std::vector<Snap>& origins,
                                                              const std::vector<double>& limits_s,
                                                              unsigned threads = 1);

/// Isochrone pieces by PHAST (ch_isochrone_pieces) or by one Dijkstra search per origin
/// (isochrone_pieces), whichever is cheaper for this input: PHAST with at least 8 origins
/// when a Dijkstra search to the largest limit from the first reachable origin settles more
/// nodes than a sweep costs (see ch_sweeps.cpp). Same pieces either way, possibly in
/// another order; the choice depends on the input only.
std::vector<std::vector<IsochronePieces>> isochrone_pieces(const ContractionHierarchy& ch,
                                                           const RoadGraph& graph,
                                                           const std::vector<Snap>& origins,
                                                           const std::vector<double>& limits_s,
                                                           unsigned threads = 1);

}  // namespace equiroute::engine
