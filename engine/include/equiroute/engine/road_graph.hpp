#pragma once
// The routing graph: a directed Boost.Graph compressed_sparse_row_graph with travel
// seconds and lengths per edge, built once from RoadEdges and immutable afterwards
// (RoutingKit style: plain CSR arrays, queries through separate per-thread objects).

#include <boost/graph/compressed_sparse_row_graph.hpp>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "equiroute/core/road_edges.hpp"

namespace equiroute::engine {

struct RoadGraphOptions {
  /// Keep only the largest strongly connected component (default), so that every kept
  /// node can reach every other; the dropped counts are reported by the graph.
  bool keep_largest_component = true;
};

/// Directed road graph. Node ids are 0-based and contiguous in the kept graph. Parallel
/// edges between the same ordered node pair are merged into the fastest one; self-loops
/// are dropped. Coordinates are kept both in lon/lat and in the caller's projected
/// working CRS (metres), which snapping uses.
class RoadGraph {
 public:
  /// Builds the graph. `node_xy[i]` is node i of `edges` projected to the working CRS
  /// (metres); it must have edges.node_count() entries. Throws std::invalid_argument on
  /// inconsistent arrays (sizes, node index out of range, negative or non-finite costs)
  /// and when no edge is left.
  RoadGraph(const RoadEdges& edges, const std::vector<XY>& node_xy, RoadGraphOptions options = {});

  std::size_t node_count() const noexcept { return xy_.size(); }
  std::size_t edge_count() const noexcept { return travel_s_.size(); }
  /// Strongly connected components of the input graph (before dropping).
  std::size_t component_count() const noexcept { return components_; }
  std::size_t dropped_nodes() const noexcept { return dropped_nodes_; }
  std::size_t dropped_edges() const noexcept { return dropped_edges_; }
  /// Parallel edges merged and self-loops removed while building.
  std::size_t merged_edges() const noexcept { return merged_edges_; }

  XY node_xy(std::uint32_t node) const { return xy_[node]; }
  LonLat node_lonlat(std::uint32_t node) const { return lonlat_[node]; }
  const std::vector<XY>& nodes_xy() const noexcept { return xy_; }
  const std::vector<LonLat>& nodes_lonlat() const noexcept { return lonlat_; }
  /// Index of this node in the RoadEdges the graph was built from.
  std::uint32_t input_node(std::uint32_t node) const { return input_node_[node]; }

  /// Forward CSR: out-edges of u are [first_out()[u], first_out()[u+1]).
  std::span<const std::uint32_t> first_out() const noexcept {
    return {forward_.m_forward.m_rowstart};
  }
  std::span<const std::uint32_t> head() const noexcept { return {forward_.m_forward.m_column}; }
  std::span<const double> travel_s() const noexcept { return travel_s_; }
  std::span<const double> length_m() const noexcept { return length_m_; }
  std::uint32_t edge_tail(std::uint32_t edge) const noexcept { return tail_[edge]; }

  /// Backward CSR (reversed edges): in-edges of v are [first_in()[v], first_in()[v+1]),
  /// with tail node `back_tail()[i]` and forward edge id `back_edge()[i]`.
  std::span<const std::uint32_t> first_in() const noexcept {
    return {backward_.m_forward.m_rowstart};
  }
  std::span<const std::uint32_t> back_tail() const noexcept {
    return {backward_.m_forward.m_column};
  }
  std::span<const std::uint32_t> back_edge() const noexcept { return back_edge_; }
  /// Travel seconds per backward entry (= travel_s()[back_edge()[i]]), contiguous so that
  /// backward searches read weights sequentially.
  std::span<const double> back_travel_s() const noexcept { return back_travel_s_; }

  /// Travel seconds of the edge u→v, or +infinity when there is none (binary search).
  double edge_travel_s(std::uint32_t u, std::uint32_t v) const noexcept;
  /// Edge id of u→v, or -1 when there is none.
  std::int64_t find_edge(std::uint32_t u, std::uint32_t v) const noexcept;

  /// Bytes held by the graph's arrays (approximate, for reporting).
  std::size_t memory_bytes() const noexcept;

 private:
  // Boost.Graph builds the CSR arrays (sorting and counting edges); the queries read the
  // arrays directly through first_out()/head(), so the Boost type stays an implementation
  // detail.
  using Csr =
      boost::compressed_sparse_row_graph<boost::directedS, boost::no_property, boost::no_property,
                                         boost::no_property, std::uint32_t, std::uint32_t>;
  Csr forward_;
  Csr backward_;
  std::vector<std::uint32_t> tail_;
  std::vector<double> travel_s_;
  std::vector<double> length_m_;
  std::vector<std::uint32_t> back_edge_;
  std::vector<double> back_travel_s_;
  std::vector<XY> xy_;
  std::vector<LonLat> lonlat_;
  std::vector<std::uint32_t> input_node_;
  std::size_t components_ = 0;
  std::size_t dropped_nodes_ = 0;
  std::size_t dropped_edges_ = 0;
  std::size_t merged_edges_ = 0;
};

}  // namespace equiroute::engine
