// Many-to-many queries on a contraction hierarchy: the bucket algorithm (Knopp et al. 2007)
// and RPHAST sweeps (ch_sweeps.cpp), and the rule that picks one per matrix.

#include <tbb/enumerable_thread_specific.h>

#include <algorithm>
#include <cmath>
#include <optional>
#include <stdexcept>
#include <utility>

#include "ch_search.hpp"
#include "ch_sweeps.hpp"
#include "equiroute/engine/contraction_hierarchy.hpp"

namespace equiroute::engine {
namespace {

/// Buckets of the backward upward search spaces of the targets: for each rank, the
/// (target, cost to it) pairs, in target order (so the same for any thread count).
struct Buckets {
  struct Entry {
    std::uint32_t target;
    double cost_s;
  };
  std::vector<std::size_t> first;  ///< by rank, size n + 1
  std::vector<Entry> entries;
};

Buckets fill_buckets(const ContractionHierarchy& ch, const std::vector<std::vector<Seed>>& targets,
                     double cutoff_s, unsigned threads) {
  const std::size_t n = ch.node_count();
  tbb::enumerable_thread_specific<detail::UpwardSearch> searches(
      [&ch] { return detail::UpwardSearch(ch); });
  std::vector<std::vector<std::pair<std::uint32_t, double>>> spaces(targets.size());
  parallel_over(targets.size(), threads, [&](std::size_t t) {
    if (targets[t].empty()) return;
    auto& space = spaces[t];
    searches.local().run<true>(targets[t], cutoff_s, [&space](std::uint32_t r, double d) {
      space.push_back({r, d});
    });
  });
  Buckets b;
  b.first.assign(n + 1, 0);
  for (const auto& space : spaces)
    for (const auto& [r, d] : space) ++b.first[r + 1];
  for (std::size_t r = 0; r < n; ++r) b.first[r + 1] += b.first[r];
  b.entries.resize(b.first[n]);
  std::vector<std::size_t> fill(b.first.begin(), b.first.end() - 1);
  for (std::size_t t = 0; t < spaces.size(); ++t) {
    for (const auto& [r, d] : spaces[t]) b.entries[fill[r]++] = {static_cast<std::uint32_t>(t), d};
    std::vector<std::pair<std::uint32_t, double>>().swap(spaces[t]);
  }
  return b;
}

/// Forward upward search from `seeds` scanning the buckets: best cost to every target in
/// `best` (+inf: not met). Returns the work done (settled nodes + bucket entries read).
std::size_t scan_buckets(detail::UpwardSearch& search, const Buckets& b,
                         const std::vector<Seed>& seeds, double cutoff_s,
                         std::vector<double>& best) {
  std::fill(best.begin(), best.end(), kUnreachable);
  std::size_t work = 0;
  if (seeds.empty()) return work;
  search.run<false>(seeds, cutoff_s, [&](std::uint32_t r, double d) {
    work += 1 + (b.first[r + 1] - b.first[r]);
    for (std::size_t e = b.first[r], end = b.first[r + 1]; e < end; ++e) {
      const double c = d + b.entries[e].cost_s;
      if (c < best[b.entries[e].target]) best[b.entries[e].target] = c;
    }
  });
  return work;
}

/// The bucket algorithm: row(source, costs to every target) in parallel over sources.
template <class Row>
void bucket_rows(const ContractionHierarchy& ch, const Buckets& buckets,
                 const std::vector<std::vector<Seed>>& sources, std::size_t target_count,
                 double cutoff_s, unsigned threads, Row&& row) {
  tbb::enumerable_thread_specific<detail::UpwardSearch> searches(
      [&ch] { return detail::UpwardSearch(ch); });
  tbb::enumerable_thread_specific<std::vector<double>> best_rows(
      [target_count] { return std::vector<double>(target_count, kUnreachable); });
  parallel_over(sources.size(), threads, [&](std::size_t s) {
    auto& best = best_rows.local();
    scan_buckets(searches.local(), buckets, sources[s], cutoff_s, best);
    row(s, std::span<const double>(best));
  });
}

/// Sparse lines of a matrix (rows or columns), ids ascending within a line.
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
CostMatrix from_rows(SparseLines& rows, std::size_t destination_count) {
  CostMatrix m;
  m.origin_count = rows.ids.size();
  m.destination_count = destination_count;
  std::size_t total = 0;
  for (const auto& r : rows.ids) total += r.size();
  m.destinations.reserve(total);
  m.travel_s.reserve(total);
  for (std::size_t i = 0; i < m.origin_count; ++i) {
    m.destinations.insert(m.destinations.end(), rows.ids[i].begin(), rows.ids[i].end());
    m.travel_s.insert(m.travel_s.end(), rows.costs[i].begin(), rows.costs[i].end());
    std::vector<std::uint32_t>().swap(rows.ids[i]);
    std::vector<double>().swap(rows.costs[i]);
    m.row_offsets.push_back(m.destinations.size());
  }
  return m;
}

/// Columns (per destination: origins ascending) → CostMatrix (counting sort by origin).
CostMatrix from_columns(SparseLines& columns, std::size_t origin_count) {
  CostMatrix m;
  m.origin_count = origin_count;
  m.destination_count = columns.ids.size();
  m.row_offsets.assign(origin_count + 1, 0);
  for (const auto& column : columns.ids)
    for (const auto i : column) ++m.row_offsets[i + 1];
  for (std::size_t i = 0; i < origin_count; ++i) m.row_offsets[i + 1] += m.row_offsets[i];
  m.destinations.resize(m.row_offsets[origin_count]);
  m.travel_s.resize(m.row_offsets[origin_count]);
  std::vector<std::size_t> fill(m.row_offsets.begin(), m.row_offsets.end() - 1);
  for (std::uint32_t j = 0; j < columns.ids.size(); ++j) {
    for (std::size_t k = 0; k < columns.ids[j].size(); ++k) {
      const std::size_t at = fill[columns.ids[j][k]]++;
      m.destinations[at] = j;
      m.travel_s[at] = columns.costs[j][k];
    }
    std::vector<std::uint32_t>().swap(columns.ids[j]);
    std::vector<double>().swap(columns.costs[j]);
  }
  return m;
}

/// The cost o → d given the distances from o's seeds to d's chain ends (`from_a`,
/// `from_b`; +inf when absent), with the direct move along a common chain.
double pair_cost(const RoadGraph& g, const Snap& o, const Snap& d, double from_a, double from_b) {
  double best = kUnreachable;
  if (std::isfinite(d.t_from_a_s)) best = std::min(best, from_a + d.t_from_a_s);
  if (std::isfinite(d.t_from_b_s)) best = std::min(best, from_b + d.t_from_b_s);
  best += d.access_s;
  if (o.chain == d.chain) {
    const double along = same_segment_s(g, o, d);
    if (std::isfinite(along)) best = std::min(best, o.access_s + along + d.access_s);
  }
  return best;
}

/// The cost o → d given the distances from o's chain ends to d's seeds (backward sweep).
double pair_cost_backward(const RoadGraph& g, const Snap& o, const Snap& d, double to_a,
                          double to_b) {
  double best = kUnreachable;
  if (std::isfinite(o.t_to_a_s)) best = std::min(best, o.access_s + o.t_to_a_s + to_a);
  if (std::isfinite(o.t_to_b_s)) best = std::min(best, o.access_s + o.t_to_b_s + to_b);
  if (o.chain == d.chain) {
    const double along = same_segment_s(g, o, d);
    if (std::isfinite(along)) best = std::min(best, o.access_s + along + d.access_s);
  }
  return best;
}

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

CostMatrix bucket_matrix(const MatrixInput& in, const Buckets& buckets) {
  SparseLines rows(in.origins.size());
  bucket_rows(in.ch, buckets, in.sources, in.destinations.size(), in.cutoff_s, in.threads,
              [&](std::size_t i, std::span<const double> costs) {
                const Snap& o = in.origins[i];
                if (!o.reachable) return;
                for (std::uint32_t j = 0; j < in.destinations.size(); ++j) {
                  const Snap& d = in.destinations[j];
                  if (!d.reachable) continue;
                  double c = costs[j];
                  if (o.chain == d.chain) {
                    const double along = same_segment_s(in.graph, o, d);
                    if (std::isfinite(along)) c = std::min(c, o.access_s + along + d.access_s);
                  }
                  if (c <= in.cutoff_s && std::isfinite(c)) rows.add(i, j, c);
                }
              });
  return from_rows(rows, in.destinations.size());
}

/// Ranks of the chain ends of the reachable snaps (the targets of a selection).
std::vector<std::uint32_t> end_ranks(const ContractionHierarchy& ch,
                                     const std::vector<Snap>& snaps) {
  std::vector<std::uint32_t> ranks;
  for (const auto& s : snaps)
    if (s.reachable) {
      ranks.push_back(ch.rank(s.a));
      ranks.push_back(ch.rank(s.b));
    }
  return ranks;
}

/// Local ids of each snap's chain ends in a selection.
struct LocalEnds {
  std::uint32_t a, b;
};
std::vector<LocalEnds> local_ends(const ContractionHierarchy& ch, const detail::Selection& sel,
                                  const std::vector<Snap>& snaps) {
  std::vector<LocalEnds> out(snaps.size(), {0, 0});
  for (std::size_t i = 0; i < snaps.size(); ++i)
    if (snaps[i].reachable)
      out[i] = {sel.local_of[ch.rank(snaps[i].a)], sel.local_of[ch.rank(snaps[i].b)]};
  return out;
}

/// Forward sweeps from the origins over the destinations' selection.
CostMatrix sweep_matrix_forward(const MatrixInput& in, const detail::Selection& sel) {
  const auto ends = local_ends(in.ch, sel, in.destinations);
  SparseLines rows(in.origins.size());
  detail::sweep_sources(
      in.ch, sel, in.sources, in.cutoff_s, in.threads, [&](std::size_t i, detail::LaneView dist) {
        const Snap& o = in.origins[i];
        if (!o.reachable) return;
        for (std::uint32_t j = 0; j < in.destinations.size(); ++j) {
          const Snap& d = in.destinations[j];
          if (!d.reachable) continue;
          const double c = pair_cost(in.graph, o, d, dist(ends[j].a), dist(ends[j].b));
          if (c <= in.cutoff_s && std::isfinite(c)) rows.add(i, j, c);
        }
      });
  return from_rows(rows, in.destinations.size());
}

/// Backward sweeps from the destinations over the origins' selection.
CostMatrix sweep_matrix_backward(const MatrixInput& in, const detail::Selection& sel) {
  const auto ends = local_ends(in.ch, sel, in.origins);
  SparseLines columns(in.destinations.size());
  detail::sweep_sources(
      in.ch, sel, in.targets, in.cutoff_s, in.threads, [&](std::size_t j, detail::LaneView dist) {
        const Snap& d = in.destinations[j];
        if (!d.reachable) return;
        for (std::uint32_t i = 0; i < in.origins.size(); ++i) {
          const Snap& o = in.origins[i];
          if (!o.reachable) continue;
          const double c = pair_cost_backward(in.graph, o, d, dist(ends[i].a), dist(ends[i].b));
          if (c <= in.cutoff_s && std::isfinite(c)) columns.add(j, i, c);
        }
      });
  return from_columns(columns, in.origins.size());
}

// Method rule (see ch_od_matrix). Below kMinSweepSources sources a sweep (which reads the
// whole selection per group of 8) cannot pay. The bucket work is estimated from
// kSampleSearches forward searches at fixed positions, the sweep work from the selection's
// size; kSweepLaneCost is the cost of one arc × lane of a sweep relative to one settled
// node or bucket entry of the bucket algorithm (measured on the real extracts and the
// synthetic networks, bench_routing --hierarchy-method).
constexpr std::size_t kMinSweepSources = 16;
constexpr std::size_t kSampleSearches = 16;
constexpr double kSweepLaneCost = 0.35;

double bucket_work_estimate(const MatrixInput& in, const Buckets& buckets) {
  detail::UpwardSearch search(in.ch);
  std::vector<double> best(in.destinations.size());
  std::size_t work = 0, sampled = 0;
  const std::size_t n = in.sources.size();
  for (std::size_t k = 0; k < std::min(n, kSampleSearches); ++k) {
    const std::size_t s = (2 * k + 1) * n / (2 * std::min(n, kSampleSearches));
    work += scan_buckets(search, buckets, in.sources[s], in.cutoff_s, best);
    ++sampled;
  }
  return sampled == 0
             ? 0.0
             : static_cast<double>(work) / static_cast<double>(sampled) * static_cast<double>(n);
}

double sweep_work_estimate(const detail::Selection& sel, std::size_t sources) {
  return kSweepLaneCost * static_cast<double>(sources) *
         static_cast<double>(sel.size() + sel.arc_count());
}

}  // namespace

std::vector<std::vector<double>> ch_many_to_many(const ContractionHierarchy& ch,
                                                 const std::vector<std::vector<Seed>>& sources,
                                                 const std::vector<std::vector<Seed>>& targets,
                                                 double cutoff_s, unsigned threads) {
  if (std::isnan(cutoff_s) || cutoff_s < 0.0)
    throw std::invalid_argument("ch_many_to_many: cutoff must be ≥ 0");
  std::vector<std::vector<double>> result(sources.size());
  const Buckets buckets = fill_buckets(ch, targets, cutoff_s, threads);
  bucket_rows(ch, buckets, sources, targets.size(), cutoff_s, threads,
              [&](std::size_t s, std::span<const double> costs) {
                result[s].assign(costs.begin(), costs.end());
                for (double& c : result[s])
                  if (c > cutoff_s) c = kUnreachable;
              });
  return result;
}

CostMatrix ch_od_matrix(const ContractionHierarchy& ch, const RoadGraph& graph,
                        const std::vector<Snap>& origins, const std::vector<Snap>& destinations,
                        const QueryOptions& options) {
  if (ch.node_count() != graph.node_count())
    throw std::invalid_argument("ch_od_matrix: the hierarchy was built for another graph");
  check_snaps(graph, origins);
  check_snaps(graph, destinations);
  if (std::isnan(options.cutoff_s) || options.cutoff_s < 0.0)
    throw std::invalid_argument("od_matrix: cutoff must be ≥ 0");
  MatrixInput in{ch, graph, origins, destinations, {}, {}, options.cutoff_s, options.threads};
  in.sources.resize(origins.size());
  in.targets.resize(destinations.size());
  for (std::size_t i = 0; i < origins.size(); ++i) in.sources[i] = origin_seeds(origins[i]);
  for (std::size_t j = 0; j < destinations.size(); ++j)
    in.targets[j] = destination_seeds(destinations[j]);

  // Method. Buckets cost one backward search per destination plus, per origin, a forward
  // search and the bucket entries it meets — about origins × destinations × (meeting nodes
  // per pair), which grows fast on big matrices. Sweeps (RPHAST) cost one upward search per
  // source of the smaller side plus one pass over the other side's selection per 8
  // sources, independent of how many targets it holds. Both are estimated from the input
  // (the bucket work by sampling forward searches, the sweep work from the selection's
  // size) and the cheaper runs; the choice depends on the input only, never on timing or
  // threads, so the output is the same for any thread count.
  const bool backward_sweeps = destinations.size() < origins.size();
  const std::size_t sweep_sources = std::min(origins.size(), destinations.size());
  auto method = options.hierarchy_method;
  if (method == HierarchyMethod::automatic && sweep_sources < kMinSweepSources)
    method = HierarchyMethod::buckets;
  std::optional<Buckets> buckets;
  if (method != HierarchyMethod::sweeps)
    buckets = fill_buckets(ch, in.targets, in.cutoff_s, in.threads);
  if (method == HierarchyMethod::buckets) return bucket_matrix(in, *buckets);

  const detail::Selection sel = detail::select_targets(
      ch, end_ranks(ch, backward_sweeps ? origins : destinations), backward_sweeps);
  if (method == HierarchyMethod::automatic &&
      bucket_work_estimate(in, *buckets) <= sweep_work_estimate(sel, sweep_sources))
    return bucket_matrix(in, *buckets);
  buckets.reset();
  return backward_sweeps ? sweep_matrix_backward(in, sel) : sweep_matrix_forward(in, sel);
}

}  // namespace equiroute::engine
