// Isochrone pieces: the road reached from each origin within each time limit, following the
// chains' polylines segment by segment.

#include <tbb/enumerable_thread_specific.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "equiroute/engine/travel_queries.hpp"
#include "isochrone_walk.hpp"

namespace equiroute::engine {
namespace detail {

namespace {

XY lerp(XY p, XY q, double f) { return {p.x + f * (q.x - p.x), p.y + f * (q.y - p.y)}; }

}  // namespace

void walk_chain(const RoadGraph& graph, std::uint32_t chain, std::uint32_t segment, double t,
                bool forward, double budget_s, std::vector<ReachedPiece>& out) {
  const std::uint32_t segments = graph.segment_count(chain);
  // Forward: from (segment, t) towards b; backward: towards a. Each step covers the rest
  // of one segment; the last one reached partly ends at the fraction the budget allows.
  std::uint32_t k = segment;
  double from_t = t;
  for (;;) {
    const double travel =
        forward ? graph.segment_forward_s(chain, k) : graph.segment_backward_s(chain, k);
    const double rest = forward ? 1.0 - from_t : from_t;  // fraction of the segment left
    const XY p = graph.chain_point(chain, k), q = graph.chain_point(chain, k + 1);
    const double end_t = forward ? 1.0 : 0.0;
    if (rest > 0.0) {
      const double cost = rest * travel;
      if (!(cost <= budget_s)) {  // reached partly (or not at all)
        const double f = budget_s / cost;
        if (f > 0.0) out.push_back({lerp(p, q, from_t), lerp(p, q, from_t + (end_t - from_t) * f)});
        return;
      }
      out.push_back({lerp(p, q, from_t), forward ? q : p});
      budget_s -= cost;
    }
    if (forward ? k + 1 >= segments : k == 0) return;
    k = forward ? k + 1 : k - 1;
    from_t = forward ? 0.0 : 1.0;
  }
}

void edge_pieces(const RoadGraph& graph, std::uint32_t edge, double budget_s,
                 std::vector<ReachedPiece>& out) {
  const std::uint32_t c = graph.edge_chain(edge);
  if (graph.edge_reversed(edge))
    walk_chain(graph, c, graph.segment_count(c) - 1, 1.0, false, budget_s, out);
  else
    walk_chain(graph, c, 0, 0.0, true, budget_s, out);
}

void origin_pieces(const RoadGraph& graph, const Snap& o, double limit_s,
                   std::vector<ReachedPiece>& out) {
  // Access leg (off network), then the origin's own chain in the allowed directions.
  if (o.distance_m > 0.0) {
    out.push_back({o.point, lerp(o.point, o.snapped, std::min(1.0, limit_s / o.access_s))});
  }
  const double left = limit_s - o.access_s;
  if (!(left > 0.0)) return;
  walk_chain(graph, o.chain, o.segment, o.t, true, left, out);
  if (std::isfinite(o.ba_s)) walk_chain(graph, o.chain, o.segment, o.t, false, left, out);
}

void check_limits(const std::vector<double>& limits_s) {
  if (limits_s.empty()) throw std::invalid_argument("isochrone_pieces: no time limit");
  for (std::size_t i = 0; i < limits_s.size(); ++i)
    if (!(limits_s[i] > 0.0) || std::isinf(limits_s[i]) ||
        (i > 0 && limits_s[i] <= limits_s[i - 1]))
      throw std::invalid_argument(
          "isochrone_pieces: limits must be positive, finite and ascending");
}

}  // namespace detail

std::vector<std::vector<IsochronePieces>> isochrone_pieces(const RoadGraph& graph,
                                                           const std::vector<Snap>& origins,
                                                           const std::vector<double>& limits_s,
                                                           unsigned threads) {
  check_snaps(graph, origins);
  detail::check_limits(limits_s);
  std::vector<std::vector<IsochronePieces>> result(origins.size());
  tbb::enumerable_thread_specific<DijkstraQuery> queries([&graph] { return DijkstraQuery(graph); });
  const auto first = graph.first_out();
  parallel_over(origins.size(), threads, [&](std::size_t i) {
    auto& out = result[i];
    out.resize(limits_s.size());
    for (std::size_t l = 0; l < limits_s.size(); ++l) out[l].limit_s = limits_s[l];
    const Snap& o = origins[i];
    if (!o.reachable) return;
    auto& q = queries.local();
    const auto seeds = origin_seeds(o);
    q.run(seeds, limits_s.back());
    for (std::size_t l = 0; l < limits_s.size(); ++l) {
      const double limit = limits_s[l];
      auto& iso = out[l];
      detail::origin_pieces(graph, o, limit, iso.pieces);
      for (const auto u : q.settled_nodes()) {
        const double du = q.distance_s(u);
        if (du > limit) break;  // settled in ascending order
        iso.nodes.push_back(u);
        for (auto e = first[u]; e < first[u + 1]; ++e)
          detail::edge_pieces(graph, e, limit - du, iso.pieces);
      }
    }
  });
  return result;
}

}  // namespace equiroute::engine
