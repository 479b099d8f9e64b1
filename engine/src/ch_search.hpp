#pragma once
// Private to the engine: the upward search over a contraction hierarchy, shared by the
// bucket many-to-many query and the PHAST sweeps.

#include <algorithm>
#include <functional>
#include <span>
#include <stdexcept>
#include <utility>
#include <vector>

#include "equiroute/engine/contraction_hierarchy.hpp"

namespace equiroute::engine::detail {

using MinHeapEntry = std::pair<double, std::uint32_t>;

/// Upward search over the hierarchy (by rank) with stall-on-demand, buffers reused.
class UpwardSearch {
 public:
  explicit UpwardSearch(const ContractionHierarchy& ch) : ch_(ch), state_(ch.node_count()) {}

  /// Searches from `seeds` (graph node ids with initial costs) along up arcs (forward) or
  /// down arcs (backward), pruned above `cutoff_s`; calls visit(rank, distance) for every
  /// settled node that is not stalled.
  template <bool Backward, class Visit>
  void run(std::span<const Seed> seeds, double cutoff_s, Visit&& visit) {
    if (++gen_ == 0) {
      for (auto& s : state_) s = {};
      gen_ = 1;
    }
    heap_.clear();
    for (const Seed& s : seeds) {
      if (s.node >= state_.size())
        throw std::invalid_argument("contraction hierarchy: seed node out of range");
      if (!(s.cost_s >= 0.0))
        throw std::invalid_argument("contraction hierarchy: negative or NaN seed cost");
      if (s.cost_s > cutoff_s) continue;
      relax(ch_.rank(s.node), s.cost_s);
    }
    // Arcs to relax (away from the seeds) and arcs for the stall test (towards them).
    const auto relax_first = Backward ? ch_.down_first() : ch_.up_first();
    const auto relax_node = Backward ? ch_.down_tail() : ch_.up_head();
    const auto relax_w = Backward ? ch_.down_weight() : ch_.up_weight();
    const auto stall_first = Backward ? ch_.up_first() : ch_.down_first();
    const auto stall_node = Backward ? ch_.up_head() : ch_.down_tail();
    const auto stall_w = Backward ? ch_.up_weight() : ch_.down_weight();
    while (!heap_.empty()) {
      std::pop_heap(heap_.begin(), heap_.end(), std::greater<>{});
      const auto [d, x] = heap_.back();
      heap_.pop_back();
      State& sx = state_[x];
      if (sx.settled == gen_ || d > sx.dist) continue;  // stale entry
      sx.settled = gen_;
      bool stalled = false;
      for (auto e = stall_first[x]; e < stall_first[x + 1]; ++e) {
        const State& sy = state_[stall_node[e]];
        if (sy.stamp == gen_ && sy.dist + stall_w[e] < d) {
          stalled = true;
          break;
        }
      }
      if (stalled) continue;
      visit(x, d);
      for (auto e = relax_first[x]; e < relax_first[x + 1]; ++e) {
        const double nd = d + relax_w[e];
        if (nd <= cutoff_s) relax(relax_node[e], nd);
      }
    }
  }

 private:
  void relax(std::uint32_t r, double d) {
    State& s = state_[r];
    if (s.stamp != gen_) {
      s.stamp = gen_;
      s.dist = d;
    } else if (d < s.dist && s.settled != gen_) {
      s.dist = d;
    } else {
      return;
    }
    heap_.push_back({d, r});
    std::push_heap(heap_.begin(), heap_.end(), std::greater<>{});
  }

  struct State {
    double dist = 0.0;
    std::uint32_t stamp = 0;
    std::uint32_t settled = 0;
  };
  const ContractionHierarchy& ch_;
  std::vector<State> state_;
  std::vector<MinHeapEntry> heap_;
  std::uint32_t gen_ = 0;
};

}  // namespace equiroute::engine::detail
