// Many-to-many queries on a contraction hierarchy: the bucket algorithm (Knopp et al. 2007)
// and RPHAST sweeps (ch_sweeps.cpp), and the rule that picks one per matrix.

#include <tbb/enumerable_thread_specific.h>

#include <algorithm>
#include <cmath>
#include <iterator>
#include <optional>
#include <stdexcept>
#include <utility>

#include "ch_matrix.hpp"
#include "ch_search.hpp"
#include "ch_sweeps.hpp"
#include "equiroute/engine/contraction_hierarchy.hpp"

namespace equiroute::engine {
namespace {

using detail::MatrixInput;
using detail::SparseLines;

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
/// `best` (+inf: not met).
void scan_buckets(detail::UpwardSearch& search, const Buckets& b, const std::vector<Seed>& seeds,
                  double cutoff_s, std::vector<double>& best) {
  std::fill(best.begin(), best.end(), kUnreachable);
  if (seeds.empty()) return;
  search.run<false>(seeds, cutoff_s, [&](std::uint32_t r, double d) {
    for (std::size_t e = b.first[r], end = b.first[r + 1]; e < end; ++e) {
      const double c = d + b.entries[e].cost_s;
      if (c < best[b.entries[e].target]) best[b.entries[e].target] = c;
    }
  });
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
  return detail::from_rows(rows, in.destinations.size());
}

// Method rule (see ch_od_matrix). Below kMinSweepSources sources a sweep (which reads the
// whole selection per group of 8) cannot pay. The bucket work is estimated from
// kSampleSearches searches at fixed positions on each side (their sizes and where they
// meet), the sweep work from the selection's size; kSweepLaneCost is the cost of one node or
// arc of a sweep, per source, relative to one settled node or bucket entry of the bucket
// algorithm: 0.023 on the dense grid and 0.052 on the realistic network of 3·10^6 nodes for
// 1,000 × 200 tables (bench_prepared, methods timed in rotating order after a warm-up call,
// 2026-11-30; a sweep reads its arcs in order, eight sources at a time, a bucket scan jumps
// between buckets and rows). At 0.025 the sweeps are chosen on both, and on the 10^5 × 2·10^3
// planning matrix with a 90-minute cutoff (4.7 s against the buckets' 7.2 s); the buckets keep
// the tables whose cutoff keeps searches small.
constexpr std::size_t kMinSweepSources = 16;
constexpr std::size_t kSampleSearches = 8;
constexpr double kSweepLaneCost = 0.025;

/// Upward search spaces (non-stalled ranks, sorted) of `count` seed lists spread evenly over
/// `seeds` (fixed positions, so the estimate depends on the input only).
std::vector<std::vector<std::uint32_t>> sample_spaces(detail::UpwardSearch& search,
                                                      const std::vector<std::vector<Seed>>& seeds,
                                                      bool backward, double cutoff_s) {
  const std::size_t n = seeds.size(), count = std::min(n, kSampleSearches);
  std::vector<std::vector<std::uint32_t>> spaces;
  for (std::size_t k = 0; k < count; ++k) {
    const auto& s = seeds[(2 * k + 1) * n / (2 * count)];
    auto& space = spaces.emplace_back();
    if (s.empty()) continue;
    const auto visit = [&space](std::uint32_t r, double) { space.push_back(r); };
    if (backward)
      search.run<true>(s, cutoff_s, visit);
    else
      search.run<false>(s, cutoff_s, visit);
    std::sort(space.begin(), space.end());
  }
  return spaces;
}

/// The bucket algorithm's work — nodes settled by all searches plus bucket entries scanned
/// (one per node where a source's and a target's search spaces meet) — estimated from
/// kSampleSearches sampled searches on each side, without building the buckets.
double bucket_work_estimate(const MatrixInput& in) {
  // One search for both sides: its state is as large as the hierarchy (tens of MB at 3·10^6
  // nodes), and setting it up would cost more than the sampled searches.
  detail::UpwardSearch search(in.ch);
  const auto fwd = sample_spaces(search, in.sources, false, in.cutoff_s);
  const auto bwd = sample_spaces(search, in.targets, true, in.cutoff_s);
  if (fwd.empty() || bwd.empty()) return 0.0;
  const auto mean_size = [](const std::vector<std::vector<std::uint32_t>>& spaces) {
    double total = 0.0;
    for (const auto& s : spaces) total += static_cast<double>(s.size());
    return total / static_cast<double>(spaces.size());
  };
  double meets = 0.0;
  std::vector<std::uint32_t> common;
  for (const auto& f : fwd)
    for (const auto& b : bwd) {
      common.clear();
      std::set_intersection(f.begin(), f.end(), b.begin(), b.end(), std::back_inserter(common));
      meets += static_cast<double>(common.size());
    }
  meets /= static_cast<double>(fwd.size() * bwd.size());
  const auto so = static_cast<double>(in.sources.size()),
             st = static_cast<double>(in.targets.size());
  return so * mean_size(fwd) + st * mean_size(bwd) + so * st * meets;
}

double sweep_work_estimate(const detail::Selection& sel, std::size_t sources) {
  return kSweepLaneCost * static_cast<double>(sources) *
         static_cast<double>(sel.size() + sel.arc_count());
}

/// Whether the sweeps' estimated work is below the buckets'. Without a cutoff every pair of
/// a connected network meets at one node at least, so the bucket work is at least
/// sources × targets: a sweep estimate below that wins without sampling (on the small real
/// extracts the sampling costs ~0.1 ms of a 2 ms table).
bool sweeps_cheaper(const MatrixInput& in, const detail::Selection& sel,
                    std::size_t sweep_sources) {
  const double sweeps = sweep_work_estimate(sel, sweep_sources);
  const double pairs =
      static_cast<double>(in.sources.size()) * static_cast<double>(in.targets.size());
  if (std::isinf(in.cutoff_s) && sweeps < pairs) return true;
  return sweeps < bucket_work_estimate(in);
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
  // (the bucket work by sampling searches on both sides and where they meet, the sweep
  // work from the selection's size) and the cheaper runs; the choice depends on the input only,
  // never on timing or threads, so the output is the same for any thread count.
  const bool backward_sweeps = destinations.size() < origins.size();
  const std::size_t sweep_sources = std::min(origins.size(), destinations.size());
  auto method = options.hierarchy_method;
  if (method == HierarchyMethod::automatic && sweep_sources < kMinSweepSources)
    method = HierarchyMethod::buckets;
  std::optional<detail::Selection> sel;
  if (method != HierarchyMethod::buckets)
    sel = detail::select_targets(
        ch, detail::end_ranks(ch, backward_sweeps ? origins : destinations), backward_sweeps);
  if (method == HierarchyMethod::automatic)
    method = sweeps_cheaper(in, *sel, sweep_sources) ? HierarchyMethod::sweeps
                                                     : HierarchyMethod::buckets;
  if (method == HierarchyMethod::buckets) {
    sel.reset();
    return bucket_matrix(in, fill_buckets(ch, in.targets, in.cutoff_s, in.threads));
  }
  return backward_sweeps ? detail::sweep_matrix_backward(in, *sel)
                         : detail::sweep_matrix_forward(in, *sel);
}

}  // namespace equiroute::engine
