#include <tbb/blocked_range.h>
#include <tbb/enumerable_thread_specific.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <stdexcept>
#include <utility>

#include "equiroute/engine/contraction_hierarchy.hpp"

namespace equiroute::engine {
namespace {

// ---------------------------------------------------------------------------------------
// Preprocessing

/// An arc of the graph being contracted: to (or from) `node`, representing `hops` original
/// edges.
struct Arc {
  std::uint32_t node;
  std::uint32_t hops;
  double w;
};

struct Shortcut {
  std::uint32_t from;
  std::uint32_t to;
  std::uint32_t hops;
  double w;
};

/// Arc lists of all nodes in one array: each node owns a slot [begin, begin + cap) of
/// which the first `size` arcs are used. A full slot moves to the end of the array with
/// twice the capacity; once more than half the array is abandoned slots, it is rebuilt in
/// node order. (A vector per node scattered the lists over the heap, and the witness
/// searches spent most of their time on cache misses.) Arc order within a list is the
/// same as with push_back and swap-with-last removal.
class ArcLists {
 public:
  explicit ArcLists(std::size_t n) : slots_(n) {}

  /// Hints the CPU to load x's slot (for a node a search will probably settle soon).
  void prefetch(std::uint32_t x) const noexcept { __builtin_prefetch(&slots_[x]); }

  std::span<const Arc> operator[](std::uint32_t x) const noexcept {
    const Slot& s = slots_[x];
    return {arcs_.data() + s.begin, s.size};
  }

  /// Adds the arc or lowers the weight of the existing one; true when added.
  bool add_or_improve(std::uint32_t x, std::uint32_t node, double w, std::uint32_t hops) {
    Slot& s = slots_[x];
    for (std::size_t i = s.begin; i < s.begin + s.size; ++i)
      if (arcs_[i].node == node) {
        if (w < arcs_[i].w) arcs_[i] = {node, hops, w};
        return false;
      }
    if (s.size == s.cap) {
      const std::uint32_t cap = std::max<std::uint32_t>(4, 2 * s.cap);
      const std::size_t begin = arcs_.size();
      arcs_.resize(begin + cap);
      std::copy_n(arcs_.begin() + static_cast<std::ptrdiff_t>(s.begin), s.size,
                  arcs_.begin() + static_cast<std::ptrdiff_t>(begin));
      used_ += cap - s.cap;
      s.begin = begin;
      s.cap = cap;
    }
    arcs_[s.begin + s.size++] = {node, hops, w};
    if (arcs_.size() > 2 * used_ + 1024) compact();
    return true;
  }

  /// Removes the arc to `node` (the last arc takes its place).
  void erase(std::uint32_t x, std::uint32_t node) {
    Slot& s = slots_[x];
    for (std::size_t i = s.begin; i < s.begin + s.size; ++i)
      if (arcs_[i].node == node) {
        arcs_[i] = arcs_[s.begin + s.size - 1];
        --s.size;
        return;
      }
  }

  /// Drops all arcs of x.
  void clear(std::uint32_t x) {
    Slot& s = slots_[x];
    used_ -= s.cap;
    s = {};
  }

  /// Rebuilds the array in node order, each slot with a little room to grow.
  void compact() {
    std::size_t total = 0;
    for (const Slot& s : slots_) total += s.size == 0 ? 0 : s.size + 2;
    std::vector<Arc> arcs(total);
    std::size_t next = 0;
    for (Slot& s : slots_) {
      if (s.size == 0) {
        s = {};
        continue;
      }
      std::copy_n(arcs_.begin() + static_cast<std::ptrdiff_t>(s.begin), s.size,
                  arcs.begin() + static_cast<std::ptrdiff_t>(next));
      s.begin = next;
      s.cap = s.size + 2;
      next += s.cap;
    }
    arcs_ = std::move(arcs);
    used_ = total;
  }

 private:
  struct Slot {
    std::size_t begin = 0;
    std::uint32_t size = 0;
    std::uint32_t cap = 0;
  };
  std::vector<Slot> slots_;
  std::vector<Arc> arcs_;
  std::size_t used_ = 0;  // sum of the slot capacities
};

/// The remaining (not yet contracted) graph: out- and in-arcs per node, parallel arcs
/// merged (the fastest kept).
struct DynamicGraph {
  explicit DynamicGraph(std::size_t n) : out(n), in(n) {}
  ArcLists out, in;
};

using MinHeapEntry = std::pair<double, std::uint32_t>;

/// Local Dijkstra for witness searches, buffers reused (one per thread).
class WitnessSearch {
 public:
  explicit WitnessSearch(std::size_t n) : state_(n) {}

  /// Forward search from `source` avoiding `avoid`, for the distances to `targets` (node,
  /// bound: only paths up to the bound matter). Stops after `limit` settled nodes, once
  /// every target is settled, or above the largest bound of the targets not yet settled.
  /// (Hop limits, tried too, missed so many witnesses on grid-like networks that the
  /// remaining graph densified and contraction slowed down.)
  /// `blocked` (optional): more nodes to avoid, blocked[x] != 0.
  void run(const DynamicGraph& g, std::uint32_t source, std::uint32_t avoid, const char* blocked,
           std::uint32_t limit, std::span<const std::pair<std::uint32_t, double>> targets) {
    if (++gen_ == 0) {
      for (auto& s : state_) s = {};
      gen_ = 1;
    }
    std::size_t remaining = 0;
    double max_s = -1.0;
    for (const auto& [t, bound] : targets) {
      if (t != source && state_[t].target != gen_) {
        state_[t].target = gen_;
        ++remaining;
      }
      max_s = std::max(max_s, bound);
    }
    heap_.clear();
    set(source, 0.0);
    heap_.push_back({0.0, source});
    std::uint32_t settled = 0;
    while (!heap_.empty()) {
      std::pop_heap(heap_.begin(), heap_.end(), std::greater<>{});
      const auto [d, x] = heap_.back();
      heap_.pop_back();
      State& sx = state_[x];
      if (d > sx.dist) continue;  // stale entry
      if (d > max_s || ++settled > limit) break;
      if (sx.target == gen_) {
        if (--remaining == 0) break;
        sx.target = 0;  // settled: its bound no longer limits the search
        max_s = -1.0;
        for (const auto& [t, bound] : targets)
          if (state_[t].target == gen_) max_s = std::max(max_s, bound);
      }
      for (const Arc& a : g.out[x]) {
        if (a.node == avoid || (blocked != nullptr && blocked[a.node] != 0)) continue;
        const double nd = d + a.w;
        if (nd > max_s) continue;
        const State& sy = state_[a.node];
        if (sy.stamp != gen_ || nd < sy.dist) {
          set(a.node, nd);
          g.out.prefetch(a.node);
          heap_.push_back({nd, a.node});
          std::push_heap(heap_.begin(), heap_.end(), std::greater<>{});
        }
      }
    }
  }

  /// Scratch lists for the caller (one search per thread).
  std::vector<std::pair<std::uint32_t, double>>& targets() noexcept { return targets_; }
  std::vector<char>& witnessed() noexcept { return witnessed_; }

  /// Best distance found to `node` by the last run (a real path), +inf if not reached.
  double dist(std::uint32_t node) const noexcept {
    return state_[node].stamp == gen_ ? state_[node].dist : kUnreachable;
  }

 private:
  void set(std::uint32_t node, double d) {
    State& s = state_[node];
    s.stamp = gen_;
    s.dist = d;
  }
  struct State {
    double dist = 0.0;
    std::uint32_t stamp = 0;
    std::uint32_t target = 0;
  };
  std::vector<State> state_;
  std::vector<MinHeapEntry> heap_;
  std::vector<std::pair<std::uint32_t, double>> targets_;
  std::vector<char> witnessed_;
  std::uint32_t gen_ = 0;
};

/// Weight of the added/removed arc ratio in the priority (tuned on the synthetic 10^5-node
/// network: 1 gave 70 % more shortcuts and slower contraction, 8 the fewest shortcuts;
/// 16–32 contract as fast but give slower queries).
constexpr double kArcWeight = 8.0;

/// Shortcuts needed when contracting `v` (appended to `out` when not null) and v's
/// priority: depth + 8 × added/removed arcs + added/removed hops.
double simulate(const DynamicGraph& g, std::uint32_t v, std::uint32_t level, WitnessSearch& ws,
                std::uint32_t limit, const char* blocked, std::vector<Shortcut>* out) {
  const std::span<const Arc> ins = g.in[v];
  const std::span<const Arc> outs = g.out[v];
  std::size_t added = 0, added_hops = 0, removed_hops = 0;
  for (const Arc& a : ins) removed_hops += a.hops;
  for (const Arc& a : outs) removed_hops += a.hops;
  auto& targets = ws.targets();
  auto& witnessed = ws.witnessed();
  for (const Arc& in_arc : ins) {
    const std::uint32_t u = in_arc.node;
    // An arc u→w no longer than u→v→w is a witness already: only the other w are searched.
    witnessed.assign(outs.size(), 0);
    for (const Arc& a : g.out[u])
      for (std::size_t i = 0; i < outs.size(); ++i)
        if (outs[i].node == a.node && a.w <= in_arc.w + outs[i].w) witnessed[i] = 1;
    targets.clear();
    for (std::size_t i = 0; i < outs.size(); ++i)
      if (outs[i].node != u && witnessed[i] == 0)
        targets.push_back({outs[i].node, in_arc.w + outs[i].w});
    if (targets.empty()) continue;
    ws.run(g, u, v, blocked, limit, targets);
    for (std::size_t i = 0; i < outs.size(); ++i) {
      const Arc& o = outs[i];
      if (o.node == u || witnessed[i] != 0) continue;
      const double w = in_arc.w + o.w;
      if (ws.dist(o.node) <= w) continue;  // witness path, no shortcut needed
      ++added;
      added_hops += in_arc.hops + o.hops;
      if (out != nullptr) out->push_back({u, o.node, in_arc.hops + o.hops, w});
    }
  }
  const std::size_t removed = ins.size() + outs.size();
  double priority = static_cast<double>(level);
  if (removed > 0) {
    priority += kArcWeight * static_cast<double>(added) / static_cast<double>(removed) +
                static_cast<double>(added_hops) / static_cast<double>(removed_hops);
  }
  return priority;
}

struct QueueEntry {
  double priority;
  std::uint32_t node;
  bool operator>(const QueueEntry& o) const {
    return priority > o.priority || (priority == o.priority && node > o.node);
  }
};

}  // namespace

ContractionHierarchy::ContractionHierarchy(const RoadGraph& graph,
                                           const ContractionOptions& options) {
  std::vector<std::uint32_t> ranks, up_first, up_head, down_first, down_tail;
  std::vector<double> up_weight, down_weight;
  const std::size_t n = graph.node_count();
  const auto n32 = static_cast<std::uint32_t>(n);
  const std::uint32_t limit = std::max<std::uint32_t>(1, options.witness_settled_limit);
  DynamicGraph g(n);
  {
    const auto first = graph.first_out();
    const auto head = graph.head();
    const auto w = graph.travel_s();
    for (std::uint32_t u = 0; u < n32; ++u) {
      for (auto e = first[u]; e < first[u + 1]; ++e) {
        if (head[e] == u) continue;  // self-loop (RoadGraph drops them; be safe)
        g.out.add_or_improve(u, head[e], w[e], 1);
        g.in.add_or_improve(head[e], u, w[e], 1);
      }
    }
  }

  std::vector<std::uint32_t> level(n, 0);
  std::vector<double> priority(n, 0.0);
  tbb::enumerable_thread_specific<WitnessSearch> searches([n] { return WitnessSearch(n); });
  tbb::task_arena arena(options.threads == 0 ? tbb::task_arena::automatic
                                             : static_cast<int>(options.threads));
  arena.execute([&] {
    tbb::parallel_for(tbb::blocked_range<std::uint32_t>(0, n32, 1024),
                      [&](const tbb::blocked_range<std::uint32_t>& r) {
                        auto& ws = searches.local();
                        for (std::uint32_t v = r.begin(); v != r.end(); ++v)
                          priority[v] = simulate(g, v, 0, ws, limit, nullptr, nullptr);
                      });
  });

  std::vector<QueueEntry> queue;
  queue.reserve(n);
  for (std::uint32_t v = 0; v < n32; ++v) queue.push_back({priority[v], v});
  std::make_heap(queue.begin(), queue.end(), std::greater<>{});
  const auto pop_queue = [&] {
    std::pop_heap(queue.begin(), queue.end(), std::greater<>{});
    const QueueEntry e = queue.back();
    queue.pop_back();
    return e;
  };
  const auto push_queue = [&](QueueEntry e) {
    queue.push_back(e);
    std::push_heap(queue.begin(), queue.end(), std::greater<>{});
  };

  std::vector<char> contracted(n, 0);
  ranks.assign(n, 0);
  // Arcs recorded at contraction, heads/tails still graph node ids.
  up_first.reserve(n + 1);
  down_first.reserve(n + 1);
  std::vector<std::uint32_t> neighbours;
  std::uint32_t next_rank = 0;
  const auto stale = [&](const QueueEntry& e) {
    return contracted[e.node] != 0 || e.priority != priority[e.node];
  };

  // Batches: up to kBatch nodes popped in queue order, pairwise non-adjacent, are
  // re-evaluated in parallel (witness searches avoid every node of the batch, so each
  // witness survives the contraction of the others), then contracted one by one in pop
  // order unless the lazy test puts a node back. The batch size is fixed, so the result
  // does not depend on the thread count.
  constexpr std::size_t kBatch = 16;
  // Big graphs: a node adjacent to the batch is skipped (put back) and the batch filled
  // further, for more parallelism; it costs re-evaluations (a skipped node ranks before
  // the later batch nodes, which then often fail the lazy test), so small graphs end the
  // batch there instead. A parallel_for per batch costs ~10 µs: worth it on big graphs
  // only. Both choices depend on the graph size only, never on the thread count.
  const bool wide_batches = n >= options.wide_batch_min_nodes;
  const bool parallel_batches = wide_batches && options.threads != 1;
  std::vector<char> in_batch(n, 0), near_batch(n, 0);
  std::vector<std::uint32_t> batch, near_list;
  std::vector<QueueEntry> deferred;
  std::vector<std::vector<Shortcut>> batch_shortcuts(kBatch);
  std::vector<double> batch_priority(kBatch);
  while (!queue.empty()) {
    batch.clear();
    deferred.clear();
    while (batch.size() < kBatch && !queue.empty() && deferred.size() < kBatch) {
      const QueueEntry e = pop_queue();
      if (stale(e)) continue;
      if (near_batch[e.node] != 0) {  // adjacent to the batch: skipped (or ends it)
        deferred.push_back(e);
        if (wide_batches) continue;
        break;
      }
      batch.push_back(e.node);
      in_batch[e.node] = 1;
      near_batch[e.node] = 1;
      near_list.push_back(e.node);
      for (const auto arcs : {g.out[e.node], g.in[e.node]})
        for (const Arc& arc : arcs)
          if (near_batch[arc.node] == 0) {
            near_batch[arc.node] = 1;
            near_list.push_back(arc.node);
          }
    }
    for (const QueueEntry& e : deferred) push_queue(e);
    for (const std::uint32_t x : near_list) near_batch[x] = 0;
    near_list.clear();
    const auto evaluate = [&](std::size_t i) {
      batch_shortcuts[i].clear();
      batch_priority[i] = simulate(g, batch[i], level[batch[i]], searches.local(), limit,
                                   in_batch.data(), &batch_shortcuts[i]);
    };
    if (!parallel_batches || batch.size() == 1) {
      for (std::size_t i = 0; i < batch.size(); ++i) evaluate(i);
    } else {
      arena.execute([&] { tbb::parallel_for(std::size_t{0}, batch.size(), evaluate); });
    }
    for (const std::uint32_t x : batch) in_batch[x] = 0;

    for (std::size_t i = 0; i < batch.size(); ++i) {
      const std::uint32_t v = batch[i];
      const double p = batch_priority[i];
      const std::vector<Shortcut>& shortcuts = batch_shortcuts[i];
      // Lazy update: if v is no longer the minimum, put it back.
      while (!queue.empty() && stale(queue.front())) pop_queue();
      if (!queue.empty() && QueueEntry{p, v} > queue.front()) {
        priority[v] = p;
        push_queue({p, v});
        continue;
      }

      // Contract v: its remaining arcs all lead to nodes contracted later (higher rank).
      contracted[v] = 1;
      ranks[v] = next_rank++;
      up_first.push_back(static_cast<std::uint32_t>(up_head.size()));
      down_first.push_back(static_cast<std::uint32_t>(down_tail.size()));
      neighbours.clear();
      for (const Arc& a : g.out[v]) {
        up_head.push_back(a.node);
        up_weight.push_back(a.w);
        g.in.erase(a.node, v);
        neighbours.push_back(a.node);
      }
      for (const Arc& a : g.in[v]) {
        down_tail.push_back(a.node);
        down_weight.push_back(a.w);
        g.out.erase(a.node, v);
        neighbours.push_back(a.node);
      }
      g.out.clear(v);
      g.in.clear(v);
      for (const Shortcut& s : shortcuts) {
        g.out.add_or_improve(s.from, s.to, s.w, s.hops);
        g.in.add_or_improve(s.to, s.from, s.w, s.hops);
      }
      shortcuts_ += shortcuts.size();
      std::sort(neighbours.begin(), neighbours.end());
      neighbours.erase(std::unique(neighbours.begin(), neighbours.end()), neighbours.end());
      for (const std::uint32_t x : neighbours) {
        // Only the depth is updated here; x's queue key goes stale (too low) and x is
        // re-evaluated when popped (lazy update). Re-simulating every neighbour after each
        // contraction (or pushing the new depth at once) was slower on grid-like networks
        // for no better hierarchy.
        level[x] = std::max(level[x], level[v] + 1);
      }
    }
  }
  up_first.push_back(static_cast<std::uint32_t>(up_head.size()));
  down_first.push_back(static_cast<std::uint32_t>(down_tail.size()));
  for (auto& h : up_head) h = ranks[h];
  for (auto& t : down_tail) t = ranks[t];
  rank_ = std::move(ranks);
  up_first_ = std::move(up_first);
  up_head_ = std::move(up_head);
  up_weight_ = std::move(up_weight);
  down_first_ = std::move(down_first);
  down_tail_ = std::move(down_tail);
  down_weight_ = std::move(down_weight);
}

}  // namespace equiroute::engine
