#pragma once
// Private to the engine: what the matrix algorithms on a contraction hierarchy share (the
// input, sparse result lines, the cost of a pair from its end distances) and the RPHAST
// sweep matrices (ch_sweep_matrix.cpp).

#include <cmath>
#include <cstdint>
#include <vector>

#include "ch_sweeps.hpp"
#include "equiroute/engine/contraction_hierarchy.hpp"

namespace equiroute::engine::detail {

/// Everything a matrix needs: the snaps, their seeds, the cutoff and threads.
struct MatrixInput {
  const ContractionHierarchy& ch;
  const RoadGraph& graph;
  const std::vector<Snap>& origins;
  const std::vector<Snap>& destinations;
  std::vector<std::vector<Seed>> sources, targets;
  double cutoff_s;
  unsigned threads;
};

/// Sparse lines of a matrix (rows), ids ascending within a line.
struct SparseLines {
  std::vector<std::vector<std::uint32_t>> ids;
  std::vector<std::vector<double>> costs;
  explicit SparseLines(std::size_t n) : ids(n), costs(n) {}
  void add(std::size_t line, std::uint32_t id, double cost) {
    ids[line].push_back(id);
    costs[line].push_back(cost);
  }
};

/// Rows → CostMatrix, freeing each row as it is copied.
CostMatrix from_rows(SparseLines& rows, std::size_t destination_count);

/// The cost o → d given the distances from o's seeds to d's chain ends (`from_a`,
/// `from_b`; +inf when absent), with the direct move along a common chain.
double pair_cost(const RoadGraph& g, const Snap& o, const Snap& d, double from_a, double from_b);

/// The cost o → d given the distances from o's chain ends to d's seeds (backward sweep).
double pair_cost_backward(const RoadGraph& g, const Snap& o, const Snap& d, double to_a,
                          double to_b);

/// Ranks of the chain ends of the reachable snaps (the targets of a selection).
std::vector<std::uint32_t> end_ranks(const ContractionHierarchy& ch,
                                     const std::vector<Snap>& snaps);

/// Forward sweeps from the origins over the destinations' selection (rows directly).
CostMatrix sweep_matrix_forward(const MatrixInput& in, const Selection& sel);
/// Backward sweeps from the destinations over the origins' selection (assembled by origin).
CostMatrix sweep_matrix_backward(const MatrixInput& in, const Selection& sel);

}  // namespace equiroute::engine::detail
