#include "equiroute/engine/travel_queries.hpp"

#include <tbb/blocked_range.h>
#include <tbb/enumerable_thread_specific.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include <algorithm>
#include <cmath>
#include <queue>
#include <stdexcept>
#include <tuple>
#include <utility>

#include "equiroute/engine/contraction_hierarchy.hpp"

namespace equiroute::engine {
namespace {

constexpr std::uint32_t kArity = 4;

// od_matrix method choice (see od_matrix).
constexpr std::size_t kMinSearchesForHierarchy = 32;
constexpr std::size_t kSampleSearches = 2;
constexpr double kHierarchyCostInSearches = 120.0;

}  // namespace

// ---------------------------------------------------------------------------------------
// DijkstraQuery

DijkstraQuery::DijkstraQuery(const RoadGraph& graph)
    : graph_(graph), state_(graph.node_count()), target_mark_(graph.node_count(), 0) {
  heap_.reserve(1024);
}

void DijkstraQuery::begin_run() {
  ++generation_;
  if (generation_ == 0) {  // wrapped around: clear the stamps once every 2^32 runs
    for (auto& n : state_) n.generation = 0;
    std::fill(target_mark_.begin(), target_mark_.end(), 0U);
    generation_ = 1;
  }
  heap_.clear();
  order_.clear();
}

template <bool Backward, class Stop>
void DijkstraQuery::search(std::span<const Seed> seeds, double cutoff_s, Stop&& stop) {
  const std::uint32_t gen = generation_;
  NodeState* const state = state_.data();
  auto& heap = heap_;
  // Indexed 4-ary min-heap on (key, node): ties by node id, so the settling order is fixed.
  const auto less = [](const HeapEntry& a, const HeapEntry& b) {
    return a.key < b.key || (a.key == b.key && a.node < b.node);
  };
  const auto sift_up = [&](std::uint32_t i, HeapEntry entry) {
    while (i > 0) {
      const std::uint32_t parent = (i - 1) / kArity;
      if (!less(entry, heap[parent])) break;
      heap[i] = heap[parent];
      state[heap[i].node].heap_pos = i;
      i = parent;
    }
    heap[i] = entry;
    state[entry.node].heap_pos = i;
  };
  const auto sift_down = [&](std::uint32_t i, HeapEntry entry) {
    const std::uint32_t size = static_cast<std::uint32_t>(heap.size());
    for (;;) {
      const std::uint32_t first = i * kArity + 1;
      if (first >= size) break;
      std::uint32_t best = first;
      const std::uint32_t last = std::min(first + kArity, size);
      for (std::uint32_t c = first + 1; c < last; ++c)
        if (less(heap[c], heap[best])) best = c;
      if (!less(heap[best], entry)) break;
      heap[i] = heap[best];
      state[heap[i].node].heap_pos = i;
      i = best;
    }
    heap[i] = entry;
    state[entry.node].heap_pos = i;
  };
  const auto relax = [&](std::uint32_t v, double d) {
    NodeState& n = state[v];
    if (n.generation != gen) {
      n.generation = gen;
      n.dist = d;
      heap.push_back({d, v});
      sift_up(static_cast<std::uint32_t>(heap.size() - 1), {d, v});
    } else if (n.heap_pos != kSettled && d < n.dist) {
      n.dist = d;
      sift_up(n.heap_pos, {d, v});
    }
  };

  for (const auto& s : seeds) {
    if (s.node >= graph_.node_count())
      throw std::invalid_argument("Dijkstra: seed node out of range");
    if (!(s.cost_s >= 0.0)) throw std::invalid_argument("Dijkstra: negative or NaN seed cost");
    if (std::isinf(s.cost_s)) continue;
    relax(s.node, s.cost_s);
  }

  const std::uint32_t* const first =
      Backward ? graph_.first_in().data() : graph_.first_out().data();
  const std::uint32_t* const other = Backward ? graph_.back_tail().data() : graph_.head().data();
  const double* const weight = Backward ? graph_.back_travel_s().data() : graph_.travel_s().data();

  while (!heap.empty()) {
    const HeapEntry top = heap.front();
    if (top.key > cutoff_s) break;
    const HeapEntry last = heap.back();
    heap.pop_back();
    if (!heap.empty()) sift_down(0, last);
    const std::uint32_t u = top.node;
    state[u].heap_pos = kSettled;
    order_.push_back(u);
    if (!stop(u, top.key)) return;
    for (std::uint32_t e = first[u], end = first[u + 1]; e < end; ++e)
      relax(other[e], top.key + weight[e]);
  }
}

void DijkstraQuery::run(std::span<const Seed> seeds, double cutoff_s, bool backward) {
  begin_run();
  const auto always = [](std::uint32_t, double) { return true; };
  if (backward)
    search<true>(seeds, cutoff_s, always);
  else
    search<false>(seeds, cutoff_s, always);
}

void DijkstraQuery::run_until(std::span<const Seed> seeds, std::span<const std::uint32_t> targets,
                              double cutoff_s, bool backward) {
  begin_run();
  std::size_t remaining = 0;
  for (const auto t : targets) {
    if (t >= graph_.node_count()) throw std::invalid_argument("Dijkstra: target node out of range");
    if (target_mark_[t] != generation_) {
      target_mark_[t] = generation_;
      ++remaining;
    }
  }
  if (remaining == 0) return;
  const std::uint32_t gen = generation_;
  const auto until = [&](std::uint32_t u, double) {
    if (target_mark_[u] == gen) --remaining;
    return remaining > 0;
  };
  if (backward)
    search<true>(seeds, cutoff_s, until);
  else
    search<false>(seeds, cutoff_s, until);
}

void DijkstraQuery::run_visit(std::span<const Seed> seeds, double cutoff_s, bool backward,
                              const std::function<bool(std::uint32_t, double)>& on_settle) {
  begin_run();
  if (backward)
    search<true>(seeds, cutoff_s, on_settle);
  else
    search<false>(seeds, cutoff_s, on_settle);
}

// ---------------------------------------------------------------------------------------
// Snapped costs

std::vector<Seed> origin_seeds(const Snap& s) {
  std::vector<Seed> seeds;
  if (!s.reachable) return seeds;
  if (std::isfinite(s.t_to_a_s)) seeds.push_back({s.a, s.access_s + s.t_to_a_s});
  if (std::isfinite(s.t_to_b_s)) seeds.push_back({s.b, s.access_s + s.t_to_b_s});
  return seeds;
}

std::vector<Seed> destination_seeds(const Snap& s) {
  std::vector<Seed> seeds;
  if (!s.reachable) return seeds;
  if (std::isfinite(s.t_from_a_s)) seeds.push_back({s.a, s.access_s + s.t_from_a_s});
  if (std::isfinite(s.t_from_b_s)) seeds.push_back({s.b, s.access_s + s.t_from_b_s});
  return seeds;
}

double same_segment_s(const RoadGraph& graph, const Snap& o, const Snap& d) {
  if (!o.reachable || !d.reachable || o.chain != d.chain) return kUnreachable;
  if (d.segment == o.segment && d.t == o.t) return 0.0;
  const std::uint32_t c = o.chain;
  // Summed from o towards d, as a search over the uncompressed segments adds them.
  if (std::tie(d.segment, d.t) > std::tie(o.segment, o.t)) {
    if (d.segment == o.segment) return (d.t - o.t) * graph.segment_forward_s(c, o.segment);
    double along = (1.0 - o.t) * graph.segment_forward_s(c, o.segment);
    for (std::uint32_t k = o.segment + 1; k < d.segment; ++k)
      along += graph.segment_forward_s(c, k);
    return along + d.t * graph.segment_forward_s(c, d.segment);
  }
  if (std::isinf(graph.segment_backward_s(c, 0))) return kUnreachable;  // one-way chain
  if (d.segment == o.segment) return (o.t - d.t) * graph.segment_backward_s(c, o.segment);
  double along = o.t * graph.segment_backward_s(c, o.segment);
  for (std::uint32_t k = o.segment - 1; k > d.segment; --k) along += graph.segment_backward_s(c, k);
  return along + (1.0 - d.t) * graph.segment_backward_s(c, d.segment);
}

namespace {

/// Cost through the destination's segment ends given forward distances `dist(node)`.
template <class Dist>
double arrive_s(const Dist& dist, const Snap& d) {
  double best = kUnreachable;
  if (std::isfinite(d.t_from_a_s)) best = std::min(best, dist(d.a) + d.t_from_a_s);
  if (std::isfinite(d.t_from_b_s)) best = std::min(best, dist(d.b) + d.t_from_b_s);
  return best + d.access_s;
}

/// Cost leaving the origin through its segment ends given backward distances.
template <class Dist>
double depart_s(const Dist& dist, const Snap& o) {
  double best = kUnreachable;
  if (std::isfinite(o.t_to_a_s)) best = std::min(best, o.access_s + o.t_to_a_s + dist(o.a));
  if (std::isfinite(o.t_to_b_s)) best = std::min(best, o.access_s + o.t_to_b_s + dist(o.b));
  return best;
}

double direct_s(const RoadGraph& graph, const Snap& o, const Snap& d) {
  const double along = same_segment_s(graph, o, d);
  return std::isinf(along) ? kUnreachable : o.access_s + along + d.access_s;
}

std::vector<std::uint32_t> end_nodes(const std::vector<Snap>& snaps) {
  std::vector<std::uint32_t> nodes;
  for (const auto& s : snaps) {
    if (!s.reachable) continue;
    nodes.push_back(s.a);
    nodes.push_back(s.b);
  }
  std::sort(nodes.begin(), nodes.end());
  nodes.erase(std::unique(nodes.begin(), nodes.end()), nodes.end());
  return nodes;
}

}  // namespace

void check_snaps(const RoadGraph& graph, const std::vector<Snap>& snaps) {
  for (const auto& s : snaps)
    if (s.reachable &&
        (s.chain >= graph.chain_count() || s.segment >= graph.segment_count(s.chain) ||
         s.a != graph.chain_a(s.chain) || s.b != graph.chain_b(s.chain)))
      throw std::invalid_argument("travel query: a snap does not belong to this graph");
}

double snapped_cost_s(const DijkstraQuery& query, const Snap& o, const Snap& d) {
  if (!o.reachable || !d.reachable) return kUnreachable;
  const double via = arrive_s([&query](std::uint32_t n) { return query.distance_s(n); }, d);
  return std::min(via, direct_s(query.graph(), o, d));
}

void parallel_over(std::size_t n, unsigned threads, const std::function<void(std::size_t)>& body) {
  if (n == 0) return;
  tbb::task_arena arena(threads == 0 ? tbb::task_arena::automatic : static_cast<int>(threads));
  arena.execute([&] {
    tbb::parallel_for(tbb::blocked_range<std::size_t>(0, n, 1),
                      [&](const tbb::blocked_range<std::size_t>& r) {
                        for (std::size_t i = r.begin(); i != r.end(); ++i) body(i);
                      });
  });
}

// ---------------------------------------------------------------------------------------
// OD matrix

namespace {

CostMatrix od_matrix_dijkstra(const RoadGraph& graph, const std::vector<Snap>& origins,
                              const std::vector<Snap>& destinations, const QueryOptions& options) {
  const double cutoff = options.cutoff_s;
  CostMatrix matrix;
  matrix.origin_count = origins.size();
  matrix.destination_count = destinations.size();
  std::vector<std::vector<NearestEntry>> rows(origins.size());
  tbb::enumerable_thread_specific<DijkstraQuery> queries([&graph] { return DijkstraQuery(graph); });

  const bool backward = destinations.size() < origins.size();
  if (!backward) {
    const auto targets = end_nodes(destinations);
    parallel_over(origins.size(), options.threads, [&](std::size_t i) {
      const Snap& o = origins[i];
      if (!o.reachable) return;
      auto& q = queries.local();
      const auto seeds = origin_seeds(o);
      q.run_until(seeds, targets, cutoff);
      for (std::uint32_t j = 0; j < destinations.size(); ++j) {
        const double c = snapped_cost_s(q, o, destinations[j]);
        if (c <= cutoff && std::isfinite(c)) rows[i].push_back({j, c});
      }
    });
  } else {
    const auto targets = end_nodes(origins);
    std::vector<std::vector<NearestEntry>> columns(destinations.size());  // (origin, cost)
    parallel_over(destinations.size(), options.threads, [&](std::size_t j) {
      const Snap& d = destinations[j];
      if (!d.reachable) return;
      auto& q = queries.local();
      const auto seeds = destination_seeds(d);
      q.run_until(seeds, targets, cutoff, true);
      const auto dist = [&q](std::uint32_t n) { return q.distance_s(n); };
      for (std::uint32_t i = 0; i < origins.size(); ++i) {
        const Snap& o = origins[i];
        if (!o.reachable) continue;
        const double c = std::min(depart_s(dist, o), direct_s(graph, o, d));
        if (c <= cutoff && std::isfinite(c)) columns[j].push_back({i, c});
      }
    });
    for (std::uint32_t j = 0; j < columns.size(); ++j)
      for (const auto& e : columns[j]) rows[e.destination].push_back({j, e.travel_s});
  }

  for (std::size_t i = 0; i < rows.size(); ++i) {
    for (const auto& e : rows[i]) {
      matrix.destinations.push_back(e.destination);
      matrix.travel_s.push_back(e.travel_s);
    }
    matrix.row_offsets.push_back(matrix.destinations.size());
  }
  return matrix;
}

/// Whether a contraction hierarchy pays for this matrix (see od_matrix).
bool use_hierarchy(const RoadGraph& graph, const std::vector<Snap>& origins,
                   const std::vector<Snap>& destinations, double cutoff) {
  const auto reachable = [](const std::vector<Snap>& snaps) {
    std::vector<std::size_t> idx;
    for (std::size_t i = 0; i < snaps.size(); ++i)
      if (snaps[i].reachable) idx.push_back(i);
    return idx;
  };
  const auto o = reachable(origins), d = reachable(destinations);
  const bool backward = destinations.size() < origins.size();
  const auto& sources = backward ? d : o;
  if (sources.size() < kMinSearchesForHierarchy || (backward ? o : d).empty()) return false;
  // Sample: a few Dijkstra searches spread over the sources, exactly as the Dijkstra path
  // would run them, to learn how much of the graph one search settles.
  const auto targets = end_nodes(backward ? origins : destinations);
  DijkstraQuery q(graph);
  std::size_t settled = 0;
  for (std::size_t k = 0; k < kSampleSearches; ++k) {
    const std::size_t i = sources[(2 * k + 1) * sources.size() / (2 * kSampleSearches)];
    const auto seeds = backward ? destination_seeds(destinations[i]) : origin_seeds(origins[i]);
    q.run_until(seeds, targets, cutoff, backward);
    settled += q.settled_nodes().size();
  }
  const double dijkstra_work = static_cast<double>(sources.size()) * static_cast<double>(settled) /
                               static_cast<double>(kSampleSearches);
  return dijkstra_work > kHierarchyCostInSearches * static_cast<double>(graph.node_count());
}

}  // namespace

CostMatrix od_matrix(const RoadGraph& graph, const std::vector<Snap>& origins,
                     const std::vector<Snap>& destinations, const QueryOptions& options) {
  check_snaps(graph, origins);
  check_snaps(graph, destinations);
  if (std::isnan(options.cutoff_s) || options.cutoff_s < 0.0)
    throw std::invalid_argument("od_matrix: cutoff must be ≥ 0");
  // Method. Dijkstra costs one search per source of the smaller side, each settling the
  // nodes up to the farthest target (or the cutoff): about sources × settled-per-search
  // node visits, spread over the worker threads. Building a contraction hierarchy costs
  // as much as ~20 (monaco extract) to ~110 (grid-like synthetic 10^5/10^6 networks, the
  // hardest case for contraction; ~210 in CPU time) full searches over the graph, in wall
  // time on 2 threads; the bucket many-to-many query after it is cheap (upward search
  // spaces of a few hundred nodes: 0.005–0.04 s for 1,000 × 200). So with fewer than
  // kMinSearchesForHierarchy sources the hierarchy cannot pay and Dijkstra runs directly;
  // otherwise kSampleSearches Dijkstra searches (fixed sources) measure the nodes settled
  // per search, and the hierarchy is built when the extrapolated Dijkstra work exceeds
  // kHierarchyCostInSearches = 120 full searches (the grid-like worst case). Measured on
  // the synthetic 10^6-node network, 1,000 × 200 with 2 threads: Dijkstra 38 s, CH 21 s;
  // 200 × 100 on 10^5 nodes: Dijkstra 0.7 s, CH 1.5 s (this rule picks the faster one in
  // both). Small cutoffs and clustered points keep Dijkstra searches local and so keep
  // Dijkstra. The choice depends on the input only (not on the thread count nor on
  // timing), so the output is the same for any thread count; both methods are exact (they
  // differ by floating-point summation order, ~1e-15 relative).
  bool hierarchy = options.method == OdMethod::contraction_hierarchy;
  if (options.method == OdMethod::automatic)
    hierarchy = use_hierarchy(graph, origins, destinations, options.cutoff_s);
  if (!hierarchy) return od_matrix_dijkstra(graph, origins, destinations, options);
  const ContractionHierarchy ch(graph, {.threads = options.threads});
  return ch_od_matrix(ch, graph, origins, destinations, options);
}

// ---------------------------------------------------------------------------------------
// Nearest facilities

std::vector<std::vector<NearestEntry>> nearest_destinations(const RoadGraph& graph,
                                                            const std::vector<Snap>& origins,
                                                            const std::vector<Snap>& destinations,
                                                            std::size_t k,
                                                            const QueryOptions& options) {
  check_snaps(graph, origins);
  check_snaps(graph, destinations);
  if (k == 0) throw std::invalid_argument("nearest_destinations: k must be ≥ 1");
  if (std::isnan(options.cutoff_s) || options.cutoff_s < 0.0)
    throw std::invalid_argument("nearest_destinations: cutoff must be ≥ 0");
  const double cutoff = options.cutoff_s;

  // Destinations attached to their segment end nodes: node → (destination, cost from node).
  std::vector<std::uint32_t> attach_first(graph.node_count() + 1, 0);
  std::vector<NearestEntry> attach;
  {
    std::vector<std::pair<std::uint32_t, NearestEntry>> items;
    for (std::uint32_t j = 0; j < destinations.size(); ++j) {
      const Snap& d = destinations[j];
      if (!d.reachable) continue;
      if (std::isfinite(d.t_from_a_s)) items.push_back({d.a, {j, d.t_from_a_s + d.access_s}});
      if (std::isfinite(d.t_from_b_s)) items.push_back({d.b, {j, d.t_from_b_s + d.access_s}});
    }
    std::sort(items.begin(), items.end(), [](const auto& x, const auto& y) {
      return std::tie(x.first, x.second.destination) < std::tie(y.first, y.second.destination);
    });
    for (const auto& it : items) ++attach_first[it.first + 1];
    for (std::size_t n = 0; n < graph.node_count(); ++n) attach_first[n + 1] += attach_first[n];
    attach.reserve(items.size());
    for (const auto& it : items) attach.push_back(it.second);
  }

  std::vector<std::vector<NearestEntry>> result(origins.size());
  tbb::enumerable_thread_specific<DijkstraQuery> queries([&graph] { return DijkstraQuery(graph); });
  parallel_over(origins.size(), options.threads, [&](std::size_t i) {
    const Snap& o = origins[i];
    if (!o.reachable) return;
    auto& q = queries.local();
    // Candidates in a min-heap by (cost, destination). A candidate is final once the
    // search frontier is strictly beyond its cost: any later candidate costs at least
    // the frontier distance, so the popped order is the (cost, index) order.
    using Cand = std::pair<double, std::uint32_t>;
    std::priority_queue<Cand, std::vector<Cand>, std::greater<>> cands;
    std::vector<std::uint32_t> done;  // finalised destinations (few: ≤ k)
    auto& out = result[i];
    const auto finalize_below = [&](double frontier) {
      while (!cands.empty() && out.size() < k && cands.top().first < frontier) {
        const auto [c, j] = cands.top();
        cands.pop();
        if (std::find(done.begin(), done.end(), j) != done.end()) continue;
        done.push_back(j);
        out.push_back({j, c});
      }
    };
    for (std::uint32_t j = 0; j < destinations.size(); ++j) {
      const double c = direct_s(graph, o, destinations[j]);
      if (c <= cutoff && std::isfinite(c)) cands.push({c, j});
    }
    const auto seeds = origin_seeds(o);
    q.run_visit(seeds, cutoff, false, [&](std::uint32_t u, double du) {
      finalize_below(du);
      if (out.size() >= k) return false;
      for (auto a = attach_first[u]; a < attach_first[u + 1]; ++a) {
        const double c = du + attach[a].travel_s;
        if (c <= cutoff) cands.push({c, attach[a].destination});
      }
      return true;
    });
    finalize_below(kUnreachable);
  });
  return result;
}

}  // namespace equiroute::engine
