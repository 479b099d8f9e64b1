#pragma once
// Private to RoadGraph's construction: the kept road segments as CSR arrays (before chain
// compression) and the chains found in them.

#include <cstdint>
#include <vector>

#include "equiroute/engine/road_graph.hpp"

namespace equiroute::engine::detail {

/// The kept road segments: parallel segments merged (fastest kept), self-loops dropped,
/// only the kept component(s), nodes renumbered in input order.
struct SegmentGraph {
  std::vector<std::uint32_t> kept_input;  ///< kept node → input node index
  std::vector<std::uint32_t> first_out;   ///< CSR by tail, heads ascending
  std::vector<std::uint32_t> head;
  std::vector<double> travel_s, length_m;
  RoadGraphCounts counts;

  std::size_t node_count() const noexcept { return first_out.size() - 1; }
  /// Segment u→v, or -1 when there is none.
  std::int64_t find(std::uint32_t u, std::uint32_t v) const noexcept;
};

/// Validates the input and builds the kept segments. Throws std::invalid_argument.
SegmentGraph build_segment_graph(const RoadEdges& edges, const RoadGraphOptions& options);

/// Chains of the segment graph: maximal paths whose interior nodes are "through" nodes
/// (exactly two neighbours u ≠ w, with either only u→v→w or exactly both directions to
/// both), between junctions (every other node, plus one node per ring of through nodes).
/// A one-way chain runs from a to b; a two-way chain is walked from its first-found end.
struct ChainSet {
  std::vector<char> junction;                 ///< per segment-graph node
  std::vector<std::uint32_t> a, b;            ///< chain ends, segment-graph node ids
  std::vector<std::uint32_t> first_segment;   ///< chain c: [first_segment[c], [c + 1])
  std::vector<std::uint32_t> interior;        ///< shape points (segment-graph node ids)
  std::vector<double> forward_s, backward_s;  ///< per segment; backward +inf when one-way
  std::vector<double> forward_m, backward_m;  ///< per chain: length of each direction
  std::vector<char> two_way;                  ///< per chain
};

/// Walks all chains; without `compress` every node is a junction (one chain per segment
/// pair). Chains are numbered in discovery order: junctions ascending, their out-segments
/// by ascending head.
ChainSet find_chains(const SegmentGraph& graph, bool compress);

}  // namespace equiroute::engine::detail
