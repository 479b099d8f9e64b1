#pragma once
// Private to the engine: the road pieces an isochrone reaches, following chain polylines
// (shared by the Dijkstra and the PHAST isochrones).

#include <cstdint>
#include <vector>

#include "equiroute/engine/travel_queries.hpp"

namespace equiroute::engine::detail {

/// Pieces of `chain` reached from position (segment, t) moving towards b (`forward`) or a,
/// with `budget_s` seconds left; appended to `out`.
void walk_chain(const RoadGraph& graph, std::uint32_t chain, std::uint32_t segment, double t,
                bool forward, double budget_s, std::vector<ReachedPiece>& out);

/// Pieces of edge `edge` reached from its tail with `budget_s` seconds left.
void edge_pieces(const RoadGraph& graph, std::uint32_t edge, double budget_s,
                 std::vector<ReachedPiece>& out);

/// The access leg and the origin's own chain within `limit_s`.
void origin_pieces(const RoadGraph& graph, const Snap& o, double limit_s,
                   std::vector<ReachedPiece>& out);

/// Throws std::invalid_argument unless the limits are positive, finite and ascending.
void check_limits(const std::vector<double>& limits_s);

}  // namespace equiroute::engine::detail
