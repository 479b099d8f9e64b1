#pragma once
// The routing graph: directed CSR arrays with travel seconds and lengths per edge, built
// once from RoadEdges and immutable afterwards (RoutingKit style: plain arrays, queries
// through separate per-thread objects).
//
// Chains of degree-2 nodes (shape points of curved roads: 88–92 % of the nodes of real OSM
// extracts) are compressed into single edges between junctions, as production engines
// (OSRM, RoutingKit's users) do, but the road geometry is kept: every edge belongs to a
// *chain*, a polyline from one graph node to another through its shape points, with the
// travel time of each of its segments in both directions. Snapping lands on the exact
// polyline position, isochrones follow it, and travel times equal those of the
// uncompressed graph (the same segment times, summed in the same order).

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "equiroute/core/road_edges.hpp"
#include "equiroute/engine/flat_array.hpp"

namespace equiroute::engine {

struct RoadGraphOptions {
  /// Keep only the largest strongly connected component (default), so that every kept
  /// node can reach every other; the dropped counts are reported by the graph.
  bool keep_largest_component = true;
  /// Replace chains of degree-2 nodes by single edges that keep their geometry (default).
  /// Off: every road segment is an edge (the reference for the exactness tests).
  bool compress_chains = true;
};

/// Sizes of the graph before and after its construction steps (for reporting).
struct RoadGraphCounts {
  std::uint64_t raw_nodes = 0;      ///< kept nodes before chain compression
  std::uint64_t raw_edges = 0;      ///< kept directed segments before chain compression
  std::uint64_t components = 0;     ///< strongly connected components of the input
  std::uint64_t dropped_nodes = 0;  ///< outside the kept component(s)
  std::uint64_t dropped_edges = 0;
  std::uint64_t merged_edges = 0;  ///< parallel segments merged and self-loops removed
};

/// Directed road graph. Node ids are 0-based and contiguous in the kept graph (junctions,
/// dead ends and — without compression — every vertex). Parallel road segments between the
/// same ordered node pair are merged into the fastest one and self-loop segments dropped;
/// after compression two chains may join the same nodes (parallel edges) or a chain may
/// return to its start (a loop edge), each edge keeping its own geometry. Coordinates are
/// kept in lon/lat (graph nodes) and in the caller's projected working CRS (metres), which
/// snapping uses.
class RoadGraph {
 public:
  /// Builds the graph. `node_xy[i]` is node i of `edges` projected to the working CRS
  /// (metres); it must have edges.node_count() entries. Throws std::invalid_argument on
  /// inconsistent arrays (sizes, node index out of range, negative or non-finite costs)
  /// and when no edge is left.
  RoadGraph(const RoadEdges& edges, const std::vector<XY>& node_xy, RoadGraphOptions options = {});

  /// The graph's arrays, to store it (prepared networks) and restore it without rebuilding.
  struct Parts {
    std::span<const XY> node_xy;
    std::span<const LonLat> node_lonlat;
    std::span<const std::uint32_t> input_node;
    std::span<const std::uint32_t> first_out, head, edge_chain;
    std::span<const double> travel_s, length_m;
    std::span<const std::uint32_t> first_in, back_tail;
    std::span<const double> back_travel_s;
    std::span<const std::uint32_t> chain_a, chain_b, chain_first_segment;
    std::span<const XY> shape_xy;
    std::span<const double> segment_forward_s, segment_backward_s;
    RoadGraphCounts counts;
  };
  Parts parts() const noexcept;
  /// A graph viewing `parts`, whose memory `keep_alive` owns. Checks that the arrays are
  /// consistent (sizes, CSR offsets, node and chain ids in range, finite non-negative
  /// costs) and throws std::invalid_argument naming the first inconsistency.
  static RoadGraph from_parts(const Parts& parts, std::shared_ptr<const void> keep_alive);

  std::size_t node_count() const noexcept { return xy_.size(); }
  std::size_t edge_count() const noexcept { return travel_s_.size(); }
  const RoadGraphCounts& counts() const noexcept { return counts_; }
  /// Strongly connected components of the input graph (before dropping).
  std::size_t component_count() const noexcept { return counts_.components; }
  std::size_t dropped_nodes() const noexcept { return counts_.dropped_nodes; }
  std::size_t dropped_edges() const noexcept { return counts_.dropped_edges; }
  /// Parallel segments merged and self-loops removed while building.
  std::size_t merged_edges() const noexcept { return counts_.merged_edges; }

  XY node_xy(std::uint32_t node) const { return xy_[node]; }
  LonLat node_lonlat(std::uint32_t node) const { return lonlat_[node]; }
  std::span<const XY> nodes_xy() const noexcept { return xy_; }
  std::span<const LonLat> nodes_lonlat() const noexcept { return lonlat_; }
  /// Index of this node in the RoadEdges the graph was built from.
  std::uint32_t input_node(std::uint32_t node) const { return input_node_[node]; }

  /// Forward CSR: out-edges of u are [first_out()[u], first_out()[u+1]), sorted by head.
  std::span<const std::uint32_t> first_out() const noexcept { return first_out_; }
  std::span<const std::uint32_t> head() const noexcept { return head_; }
  std::span<const double> travel_s() const noexcept { return travel_s_; }
  std::span<const double> length_m() const noexcept { return length_m_; }
  /// Tail of an edge (binary search over the CSR offsets).
  std::uint32_t edge_tail(std::uint32_t edge) const noexcept;

  /// Backward CSR (reversed edges): in-edges of v are [first_in()[v], first_in()[v+1]),
  /// with tail node `back_tail()[i]` and travel seconds `back_travel_s()[i]` (contiguous,
  /// so that backward searches read weights sequentially).
  std::span<const std::uint32_t> first_in() const noexcept { return first_in_; }
  std::span<const std::uint32_t> back_tail() const noexcept { return back_tail_; }
  std::span<const double> back_travel_s() const noexcept { return back_travel_s_; }

  /// Travel seconds of the fastest edge u→v, or +infinity when there is none.
  double edge_travel_s(std::uint32_t u, std::uint32_t v) const noexcept;
  /// Id of the fastest edge u→v, or -1 when there is none.
  std::int64_t find_edge(std::uint32_t u, std::uint32_t v) const noexcept;

  // Chains: chain c runs from node chain_a(c) to node chain_b(c) through
  // segment_count(c) - 1 shape points; segment k joins point k and point k + 1 (point 0 is
  // a, the last point b). A one-way chain runs from a to b; a two-way chain has an edge in
  // each direction.
  std::size_t chain_count() const noexcept { return chain_a_.size(); }
  /// Road segments of all chains (= directed segments of both directions counted once).
  std::size_t segment_count() const noexcept { return segment_forward_s_.size(); }
  std::uint32_t chain_a(std::uint32_t chain) const { return chain_a_[chain]; }
  std::uint32_t chain_b(std::uint32_t chain) const { return chain_b_[chain]; }
  /// Global ids of the chain's segments: [first_segment(c), first_segment(c + 1)).
  std::uint32_t first_segment(std::uint32_t chain) const { return chain_first_segment_[chain]; }
  std::uint32_t segment_count(std::uint32_t chain) const {
    return chain_first_segment_[chain + 1] - chain_first_segment_[chain];
  }
  /// Chain holding a global segment id (binary search).
  std::uint32_t segment_chain(std::uint32_t segment) const noexcept;
  /// Point k (0 … segment_count) of a chain, working CRS.
  XY chain_point(std::uint32_t chain, std::uint32_t k) const;
  /// Travel seconds of segment k of a chain from point k to k + 1 (forward) and back
  /// (+infinity on one-way chains).
  double segment_forward_s(std::uint32_t chain, std::uint32_t k) const {
    return segment_forward_s_[chain_first_segment_[chain] + k];
  }
  double segment_backward_s(std::uint32_t chain, std::uint32_t k) const {
    return segment_backward_s_[chain_first_segment_[chain] + k];
  }
  /// Chain of edge e and whether e runs it backwards (from b to a).
  std::uint32_t edge_chain(std::uint32_t edge) const { return edge_chain_[edge] >> 1U; }
  bool edge_reversed(std::uint32_t edge) const { return (edge_chain_[edge] & 1U) != 0; }
  /// The polyline of edge e from its tail to its head (working CRS), appended to `out`.
  void append_edge_polyline(std::uint32_t edge, std::vector<XY>& out) const;

  /// Bytes held by the graph's arrays (approximate, for reporting).
  std::size_t memory_bytes() const noexcept;

 private:
  RoadGraph() = default;
  struct Builder;

  FlatArray<XY> xy_;
  FlatArray<LonLat> lonlat_;
  FlatArray<std::uint32_t> input_node_;
  FlatArray<std::uint32_t> first_out_, head_, edge_chain_;
  FlatArray<double> travel_s_, length_m_;
  FlatArray<std::uint32_t> first_in_, back_tail_;
  FlatArray<double> back_travel_s_;
  FlatArray<std::uint32_t> chain_a_, chain_b_, chain_first_segment_;
  FlatArray<XY> shape_xy_;
  FlatArray<double> segment_forward_s_, segment_backward_s_;
  RoadGraphCounts counts_;
  std::shared_ptr<const void> keep_alive_;  ///< the mapped file the arrays view, if any
};

}  // namespace equiroute::engine
