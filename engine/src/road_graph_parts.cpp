// RoadGraph::from_parts: a graph over arrays stored elsewhere (a prepared network mapped
// from a file), checked for consistency so that a damaged file can never make a query
// read out of bounds.

#include <cmath>
#include <stdexcept>
#include <string>

#include "equiroute/engine/road_graph.hpp"

namespace equiroute::engine {
namespace {

void require(bool ok, const char* what) {
  if (!ok) throw std::invalid_argument(std::string("road graph: ") + what);
}

/// CSR offsets: n + 1 of them, from 0 to m, non-decreasing.
void check_offsets(std::span<const std::uint32_t> first, std::size_t n, std::size_t m,
                   const char* what) {
  require(first.size() == n + 1 && first[0] == 0 && first[n] == m, what);
  for (std::size_t i = 0; i < n; ++i) require(first[i] <= first[i + 1], what);
}

void check_ids(std::span<const std::uint32_t> ids, std::size_t bound, const char* what) {
  for (const auto id : ids) require(id < bound, what);
}

/// Travel times and lengths: finite and ≥ 0 (`allow_inf`: +inf marks a missing direction).
void check_costs(std::span<const double> values, bool allow_inf, const char* what) {
  for (const double v : values)
    require(v >= 0.0 && (std::isfinite(v) || (allow_inf && std::isinf(v))), what);
}

}  // namespace

RoadGraph RoadGraph::from_parts(const Parts& p, std::shared_ptr<const void> keep_alive) {
  const std::size_t n = p.node_xy.size(), m = p.head.size(), chains = p.chain_a.size();
  require(n > 0 && m > 0, "no node or no edge");
  require(p.node_lonlat.size() == n && p.input_node.size() == n, "node arrays differ in size");
  check_offsets(p.first_out, n, m, "forward offsets are inconsistent");
  check_offsets(p.first_in, n, m, "backward offsets are inconsistent");
  require(p.travel_s.size() == m && p.length_m.size() == m && p.edge_chain.size() == m &&
              p.back_tail.size() == m && p.back_travel_s.size() == m,
          "edge arrays differ in size");
  check_ids(p.head, n, "an edge head is out of range");
  check_ids(p.back_tail, n, "a backward edge tail is out of range");
  for (const auto code : p.edge_chain)
    require((code >> 1U) < chains, "an edge chain is out of range");
  check_costs(p.travel_s, false, "an edge travel time is negative or not finite");
  check_costs(p.back_travel_s, false, "an edge travel time is negative or not finite");
  check_costs(p.length_m, false, "an edge length is negative or not finite");
  require(p.chain_b.size() == chains, "chain arrays differ in size");
  check_ids(p.chain_a, n, "a chain end is out of range");
  check_ids(p.chain_b, n, "a chain end is out of range");
  const std::size_t segments = p.segment_forward_s.size();
  check_offsets(p.chain_first_segment, chains, segments, "chain offsets are inconsistent");
  for (std::size_t c = 0; c < chains; ++c)
    require(p.chain_first_segment[c] < p.chain_first_segment[c + 1], "a chain has no segment");
  require(p.segment_backward_s.size() == segments && p.shape_xy.size() + chains == segments,
          "segment arrays differ in size");
  check_costs(p.segment_forward_s, false, "a segment travel time is negative or not finite");
  check_costs(p.segment_backward_s, true, "a segment travel time is negative or NaN");

  RoadGraph g;
  g.xy_ = FlatArray<XY>::view(p.node_xy);
  g.lonlat_ = FlatArray<LonLat>::view(p.node_lonlat);
  g.input_node_ = FlatArray<std::uint32_t>::view(p.input_node);
  g.first_out_ = FlatArray<std::uint32_t>::view(p.first_out);
  g.head_ = FlatArray<std::uint32_t>::view(p.head);
  g.edge_chain_ = FlatArray<std::uint32_t>::view(p.edge_chain);
  g.travel_s_ = FlatArray<double>::view(p.travel_s);
  g.length_m_ = FlatArray<double>::view(p.length_m);
  g.first_in_ = FlatArray<std::uint32_t>::view(p.first_in);
  g.back_tail_ = FlatArray<std::uint32_t>::view(p.back_tail);
  g.back_travel_s_ = FlatArray<double>::view(p.back_travel_s);
  g.chain_a_ = FlatArray<std::uint32_t>::view(p.chain_a);
  g.chain_b_ = FlatArray<std::uint32_t>::view(p.chain_b);
  g.chain_first_segment_ = FlatArray<std::uint32_t>::view(p.chain_first_segment);
  g.shape_xy_ = FlatArray<XY>::view(p.shape_xy);
  g.segment_forward_s_ = FlatArray<double>::view(p.segment_forward_s);
  g.segment_backward_s_ = FlatArray<double>::view(p.segment_backward_s);
  g.counts_ = p.counts;
  g.keep_alive_ = std::move(keep_alive);
  return g;
}

}  // namespace equiroute::engine
