// PHAST and RPHAST: distances from (or to) many sources by one upward search per source and
// one linear top-down sweep over (a selected part of) the hierarchy, several sources per
// sweep so that each arc is read once for all of them.

#include "ch_sweeps.hpp"

#include <tbb/enumerable_thread_specific.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "ch_search.hpp"
#include "isochrone_walk.hpp"

namespace equiroute::engine::detail {
namespace {

/// Sweep arcs of each rank: forward sweeps pull along down arcs (from higher tails),
/// backward sweeps along up arcs (from higher heads).
struct SweepArcs {
  std::span<const std::uint32_t> first, other;
  std::span<const double> weight;
};
SweepArcs sweep_arcs(const ContractionHierarchy& ch, bool backward) {
  if (backward) return {ch.up_first(), ch.up_head(), ch.up_weight()};
  return {ch.down_first(), ch.down_tail(), ch.down_weight()};
}

/// Local ids and local arcs for `ranks` (sorted descending, closed under the sweep arcs).
Selection build_selection(const ContractionHierarchy& ch, std::vector<std::uint32_t> ranks,
                          bool backward) {
  const SweepArcs arcs = sweep_arcs(ch, backward);
  Selection s;
  s.backward = backward;
  s.local_of.assign(ch.node_count(), kNotSelected);
  for (std::uint32_t i = 0; i < ranks.size(); ++i) s.local_of[ranks[i]] = i;
  s.first.reserve(ranks.size() + 1);
  s.first.push_back(0);
  for (const std::uint32_t r : ranks) {
    for (auto e = arcs.first[r]; e < arcs.first[r + 1]; ++e) {
      s.other.push_back(s.local_of[arcs.other[e]]);
      s.weight.push_back(arcs.weight[e]);
    }
    s.first.push_back(static_cast<std::uint32_t>(s.other.size()));
  }
  s.rank_of = std::move(ranks);
  return s;
}

/// The top-down sweep over a selection for K interleaved sources: each node takes the
/// minimum over its sweep arcs of (higher end's distance + weight), lane by lane. The K
/// lanes of a node are kept in locals (registers) across its arcs.
template <unsigned K>
[[gnu::always_inline]] inline void sweep_pass(const Selection& selection, double* dist) {
  const std::uint32_t* const first = selection.first.data();
  const std::uint32_t* const other = selection.other.data();
  const double* const weight = selection.weight.data();
  const std::size_t n = selection.size();
  for (std::size_t i = 0; i < n; ++i) {
    double acc[K];
    double* const di = dist + i * K;
    for (unsigned lane = 0; lane < K; ++lane) acc[lane] = di[lane];
    for (std::uint32_t e = first[i], end = first[i + 1]; e < end; ++e) {
      const double* const dj = dist + std::size_t{other[e]} * K;
      const double w = weight[e];
      for (unsigned lane = 0; lane < K; ++lane) acc[lane] = std::min(acc[lane], dj[lane] + w);
    }
    for (unsigned lane = 0; lane < K; ++lane) di[lane] = acc[lane];
  }
}

/// The 8-lane sweep (the common case) also in an AVX2 build, picked at run time on CPUs
/// that have it (GCC function multi-versioning); same results, four lanes per instruction
/// instead of two.
__attribute__((target_clones("avx2", "default"))) void sweep_pass_8(const Selection& selection,
                                                                    double* dist) {
  sweep_pass<8>(selection, dist);
}

/// Interleaved distances of up to K sources over a selection, with the buffers reused.
template <unsigned K>
class Sweeper {
 public:
  Sweeper(const ContractionHierarchy& ch, const Selection& selection)
      : selection_(selection), search_(ch), dist_(selection.size() * K) {}

  /// Upward searches of `count` ≤ K sources, then the top-down sweep.
  void run(const std::vector<Seed>* const* sources, unsigned count, double cutoff_s) {
    std::fill(dist_.begin(), dist_.end(), kUnreachable);
    const auto& local_of = selection_.local_of;
    for (unsigned lane = 0; lane < count; ++lane) {
      if (sources[lane]->empty()) continue;
      const auto visit = [&](std::uint32_t r, double d) {
        const std::uint32_t l = local_of[r];
        if (l == kNotSelected) return;
        double& x = dist_[std::size_t{l} * K + lane];
        x = std::min(x, d);
      };
      if (selection_.backward)
        search_.run<true>(*sources[lane], cutoff_s, visit);
      else
        search_.run<false>(*sources[lane], cutoff_s, visit);
    }
    if constexpr (K == 8)
      sweep_pass_8(selection_, dist_.data());
    else
      sweep_pass<K>(selection_, dist_.data());
  }
  const double* data() const { return dist_.data(); }

 private:
  const Selection& selection_;
  UpwardSearch search_;
  std::vector<double> dist_;
};

template <unsigned K>
void sweep_groups(const ContractionHierarchy& ch, const Selection& selection,
                  const std::vector<std::vector<Seed>>& sources, double cutoff_s, unsigned threads,
                  const std::function<void(const SweepGroup&)>& group) {
  tbb::enumerable_thread_specific<Sweeper<K>> sweepers([&] { return Sweeper<K>(ch, selection); });
  const std::size_t groups = (sources.size() + K - 1) / K;
  parallel_over(groups, threads, [&](std::size_t g) {
    const std::vector<Seed>* lanes[K];
    const auto count = static_cast<unsigned>(std::min<std::size_t>(K, sources.size() - g * K));
    for (unsigned l = 0; l < count; ++l) lanes[l] = &sources[g * K + l];
    auto& sweeper = sweepers.local();
    sweeper.run(lanes, count, cutoff_s);
    group({g * K, count, sweeper.data(), K});
  });
}

}  // namespace

Selection select_targets(const ContractionHierarchy& ch, std::span<const std::uint32_t> targets,
                         bool backward) {
  const SweepArcs arcs = sweep_arcs(ch, backward);
  std::vector<char> mark(ch.node_count(), 0);
  std::vector<std::uint32_t> stack, ranks;
  for (const auto t : targets) {
    if (t >= ch.node_count()) throw std::invalid_argument("target selection: rank out of range");
    if (mark[t] == 0) {
      mark[t] = 1;
      stack.push_back(t);
    }
  }
  while (!stack.empty()) {
    const std::uint32_t r = stack.back();
    stack.pop_back();
    ranks.push_back(r);
    for (auto e = arcs.first[r]; e < arcs.first[r + 1]; ++e)
      if (mark[arcs.other[e]] == 0) {
        mark[arcs.other[e]] = 1;
        stack.push_back(arcs.other[e]);
      }
  }
  std::sort(ranks.begin(), ranks.end(), std::greater<>{});
  return build_selection(ch, std::move(ranks), backward);
}

Selection select_all(const ContractionHierarchy& ch, bool backward) {
  std::vector<std::uint32_t> ranks(ch.node_count());
  for (std::size_t i = 0; i < ranks.size(); ++i)
    ranks[i] = static_cast<std::uint32_t>(ranks.size() - 1 - i);
  return build_selection(ch, std::move(ranks), backward);
}

void sweep_sources(const ContractionHierarchy& ch, const Selection& selection,
                   const std::vector<std::vector<Seed>>& sources, double cutoff_s, unsigned threads,
                   const std::function<void(const SweepGroup&)>& group) {
  // Up to 8 sources share a sweep; the interleaved buffer (selection × lanes doubles, per
  // thread) is kept under ~64 MB on large selections.
  constexpr std::size_t kBufferDoubles = std::size_t{8} << 20U;
  const std::size_t n = std::max<std::size_t>(selection.size(), 1);
  if (n * 8 <= kBufferDoubles)
    sweep_groups<8>(ch, selection, sources, cutoff_s, threads, group);
  else if (n * 4 <= kBufferDoubles)
    sweep_groups<4>(ch, selection, sources, cutoff_s, threads, group);
  else if (n * 2 <= kBufferDoubles)
    sweep_groups<2>(ch, selection, sources, cutoff_s, threads, group);
  else
    sweep_groups<1>(ch, selection, sources, cutoff_s, threads, group);
}

}  // namespace equiroute::engine::detail

namespace equiroute::engine {

void ch_many_to_all(const ContractionHierarchy& ch, const std::vector<std::vector<Seed>>& sources,
                    double cutoff_s, bool backward, unsigned threads,
                    const std::function<void(std::size_t, std::span<const double>)>& visit) {
  if (std::isnan(cutoff_s) || cutoff_s < 0.0)
    throw std::invalid_argument("ch_many_to_all: cutoff must be ≥ 0");
  const detail::Selection selection = detail::select_all(ch, backward);
  const std::size_t n = ch.node_count();
  std::vector<std::uint32_t> local_of_node(n);
  for (std::uint32_t v = 0; v < n; ++v) local_of_node[v] = selection.local_of[ch.rank(v)];
  tbb::enumerable_thread_specific<std::vector<double>> rows([n] { return std::vector<double>(n); });
  detail::sweep_sources(ch, selection, sources, cutoff_s, threads,
                        [&](const detail::SweepGroup& g) {
                          auto& row = rows.local();
                          for (unsigned lane = 0; lane < g.count; ++lane) {
                            for (std::uint32_t v = 0; v < n; ++v) {
                              const double d = g.at(local_of_node[v])[lane];
                              row[v] = d <= cutoff_s ? d : kUnreachable;
                            }
                            visit(g.first + lane, row);
                          }
                        });
}

std::vector<std::vector<IsochronePieces>> ch_isochrone_pieces(const ContractionHierarchy& ch,
                                                              const RoadGraph& graph,
                                                              const std::vector<Snap>& origins,
                                                              const std::vector<double>& limits_s,
                                                              unsigned threads) {
  if (ch.node_count() != graph.node_count())
    throw std::invalid_argument("ch_isochrone_pieces: the hierarchy was built for another graph");
  check_snaps(graph, origins);
  detail::check_limits(limits_s);
  std::vector<std::vector<Seed>> sources(origins.size());
  for (std::size_t i = 0; i < origins.size(); ++i) sources[i] = origin_seeds(origins[i]);
  std::vector<std::vector<IsochronePieces>> result(origins.size());
  const auto first = graph.first_out();
  ch_many_to_all(ch, sources, limits_s.back(), false, threads,
                 [&](std::size_t i, std::span<const double> dist) {
                   auto& out = result[i];
                   out.resize(limits_s.size());
                   const Snap& o = origins[i];
                   for (std::size_t l = 0; l < limits_s.size(); ++l) {
                     auto& iso = out[l];
                     iso.limit_s = limits_s[l];
                     if (!o.reachable) continue;
                     detail::origin_pieces(graph, o, iso.limit_s, iso.pieces);
                     for (std::uint32_t u = 0; u < dist.size(); ++u) {
                       if (!(dist[u] <= iso.limit_s)) continue;
                       iso.nodes.push_back(u);
                       for (auto e = first[u]; e < first[u + 1]; ++e)
                         detail::edge_pieces(graph, e, iso.limit_s - dist[u], iso.pieces);
                     }
                   }
                 });
  return result;
}

namespace {

// Isochrone method rule: a PHAST sweep per origin reads every node and arc of the
// hierarchy once (per 8 origins, for 8 lanes); a Dijkstra search costs about
// kSettleCostInLanes sweep lane-arcs per settled node (heap operations and scattered reads).
constexpr std::size_t kMinPhastOrigins = 8;
constexpr double kSettleCostInLanes = 12.0;

}  // namespace

std::vector<std::vector<IsochronePieces>> isochrone_pieces(const ContractionHierarchy& ch,
                                                           const RoadGraph& graph,
                                                           const std::vector<Snap>& origins,
                                                           const std::vector<double>& limits_s,
                                                           unsigned threads) {
  check_snaps(graph, origins);
  detail::check_limits(limits_s);
  const auto first =
      std::find_if(origins.begin(), origins.end(), [](const Snap& s) { return s.reachable; });
  if (origins.size() >= kMinPhastOrigins && first != origins.end()) {
    DijkstraQuery q(graph);
    const auto seeds = origin_seeds(*first);
    q.run(seeds, limits_s.back());
    const double dijkstra = kSettleCostInLanes * static_cast<double>(q.settled_nodes().size());
    const double sweep = static_cast<double>(ch.node_count() + ch.arc_count() / 2);
    if (dijkstra > sweep) return ch_isochrone_pieces(ch, graph, origins, limits_s, threads);
  }
  return isochrone_pieces(graph, origins, limits_s, threads);
}

}  // namespace equiroute::engine
