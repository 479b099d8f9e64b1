// Greedy construction, Teitz–Bart vertex substitution and deterministic multi-start.

#include <tbb/parallel_for.h>

#include <algorithm>
#include <numeric>
#include <optional>

#include "plan_search.hpp"

namespace equiroute::engine::detail {

namespace {

/// SplitMix64 (Steele, Lea & Flood 2014): a fixed, portable stream for the random starts.
class SplitMix64 {
 public:
  explicit SplitMix64(std::uint64_t seed) : state_(seed) {}
  std::uint64_t next() {
    std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }

 private:
  std::uint64_t state_;
};

/// k distinct sites by a partial Fisher–Yates shuffle of 0..n-1.
std::vector<std::uint32_t> random_subset(std::size_t n, std::size_t k, std::uint64_t seed) {
  k = std::min(k, n);
  std::vector<std::uint32_t> sites(n);
  std::iota(sites.begin(), sites.end(), 0u);
  SplitMix64 rng(seed);
  for (std::size_t i = 0; i < k; ++i) {
    const std::size_t j = i + static_cast<std::size_t>(rng.next() % (n - i));
    std::swap(sites[i], sites[j]);
  }
  sites.resize(k);
  return sites;
}

}  // namespace

void greedy(SearchState& state, SearchObjective& objective, std::size_t k) {
  const std::size_t sites = state.problem().site_count;
  std::vector<TimeChange> changes;
  objective.reset(state);
  while (state.open_sites().size() < k) {
    std::uint32_t best = kNoSite;
    Score best_score;
    for (std::uint32_t s = 0; s < sites; ++s) {
      if (state.is_open(s)) continue;
      // An irrelevant site scores as the current state: only chosen when nothing helps.
      Score score = objective.current();
      if (objective.relevant(s)) {
        state.move_changes(s, kNoSite, changes);
        score = objective.evaluate(changes, s, kNoSite);
      }
      if (best == kNoSite || better(score, best_score)) {
        best = s;
        best_score = score;
      }
    }
    state.open(best);
    objective.reset(state);
  }
}

namespace {

Score plus(const Score& a, const Score& b) { return {a.primary + b.primary, a.secondary + b.secondary}; }
Score minus(const Score& a, const Score& b) { return {a.primary - b.primary, a.secondary - b.secondary}; }

/// The best open site to swap `add` with, scoring each swap from its nearest-time changes.
std::pair<std::uint32_t, Score> best_swap_generic(SearchState& state, SearchObjective& objective,
                                                  std::uint32_t add,
                                                  std::vector<TimeChange>& changes) {
  std::uint32_t best_remove = kNoSite;
  Score best_score;
  const std::vector<std::uint32_t> open(state.open_sites().begin(), state.open_sites().end());
  // Largest index first: among equal scores the set keeping the smaller sites wins.
  for (auto it = open.rbegin(); it != open.rend(); ++it) {
    state.move_changes(add, *it, changes);
    const Score score = objective.evaluate(changes, add, *it);
    if (best_remove == kNoSite || better(score, best_score)) {
      best_remove = *it;
      best_score = score;
    }
  }
  return {best_remove, best_score};
}

/// Whitaker's fast interchange for additive objectives. With f the term of a point,
/// loss[r] = Σ_{p: nearest p is r} f(d2_p) − f(d1_p) (closing r alone) and
/// gain = Σ_{p: d_pa < d1_p} f(d_pa) − f(d1_p) (opening `add` alone), a swap scores
/// current + gain + loss[r] + extra[r], where extra corrects the points of r that `add`
/// serves better than their second-nearest site.
class FastSwaps {
 public:
  FastSwaps(const NearestProblem& problem, SearchObjective& objective)
      : problem_(problem), objective_(objective), loss_(problem.site_count), extra_(problem.site_count) {}

  /// After every accepted move.
  void reset(const SearchState& state) {
    for (std::uint32_t r : state.open_sites()) loss_[r] = {};
    auto d1 = state.nearest();
    auto d2 = state.second();
    auto s1 = state.nearest_site();
    for (std::uint32_t p = 0; p < d1.size(); ++p) {
      if (s1[p] == kNoSite) continue;
      loss_[s1[p]] = plus(loss_[s1[p]], minus(objective_.term(p, d2[p]), objective_.term(p, d1[p])));
    }
  }

  std::pair<std::uint32_t, Score> best_swap(const SearchState& state, std::uint32_t add) {
    auto d1 = state.nearest();
    auto d2 = state.second();
    auto s1 = state.nearest_site();
    for (std::uint32_t r : state.open_sites()) extra_[r] = {};
    Score gain;
    const SparseLists& columns = problem_.columns;
    for (std::size_t e = columns.offsets[add]; e < columns.offsets[add + 1]; ++e) {
      const std::uint32_t p = columns.index[e];
      const double d = columns.value[e];
      if (d >= d2[p]) continue;  // d2 ≥ d1: no change whichever site closes
      const Score at_d = objective_.term(p, d);
      const Score at_d1 = objective_.term(p, d1[p]);
      const Score at_d2 = objective_.term(p, d2[p]);
      if (d < d1[p]) {
        gain = plus(gain, minus(at_d, at_d1));
        if (s1[p] != kNoSite) extra_[s1[p]] = minus(extra_[s1[p]], minus(at_d2, at_d1));
      } else if (s1[p] != kNoSite) {
        extra_[s1[p]] = plus(extra_[s1[p]], minus(at_d, at_d2));
      }
    }
    const Score base = plus(objective_.current(), gain);
    std::uint32_t best_remove = kNoSite;
    Score best_score;
    auto open = state.open_sites();
    for (auto it = open.rbegin(); it != open.rend(); ++it) {
      const Score score = plus(base, plus(loss_[*it], extra_[*it]));
      if (best_remove == kNoSite || better(score, best_score)) {
        best_remove = *it;
        best_score = score;
      }
    }
    return {best_remove, best_score};
  }

 private:
  const NearestProblem& problem_;
  SearchObjective& objective_;
  std::vector<Score> loss_, extra_;
};

}  // namespace

bool interchange(SearchState& state, SearchObjective& objective, Clock::time_point deadline) {
  const std::size_t sites = state.problem().site_count;
  std::vector<TimeChange> changes;
  objective.reset(state);
  std::optional<FastSwaps> fast;
  if (objective.additive()) {
    fast.emplace(state.problem(), objective);
    fast->reset(state);
  }
  std::size_t since_swap = 0;  // closed sites tried since the last swap
  std::uint32_t add = 0;
  while (since_swap < sites) {
    if (Clock::now() > deadline) return true;
    const std::uint32_t candidate = add;
    add = static_cast<std::uint32_t>((add + 1) % sites);
    ++since_swap;
    if (state.is_open(candidate) || !objective.relevant(candidate)) continue;
    const auto [remove, score] = fast ? fast->best_swap(state, candidate)
                                      : best_swap_generic(state, objective, candidate, changes);
    if (remove != kNoSite && better(score, objective.current())) {
      state.close(remove);
      state.open(candidate);
      objective.reset(state);
      if (fast) fast->reset(state);
      since_swap = 0;
    }
  }
  return false;
}

std::vector<SearchResult> search_starts(const NearestProblem& problem,
                                        const ObjectiveFactory& make_objective, std::size_t k,
                                        const SearchSettings& settings) {
  const std::size_t starts = std::max<std::size_t>(1, settings.starts);
  std::vector<SearchResult> results(starts);
  // One task per start, each sequential: the results cannot depend on the thread count.
  tbb::parallel_for(std::size_t{0}, starts, [&](std::size_t start) {
    SearchState state(problem);
    auto objective = make_objective();
    if (start == 0) {
      greedy(state, *objective, k);
    } else {
      for (std::uint32_t s : random_subset(problem.site_count, k, start)) state.open(s);
    }
    if (settings.interchange) {
      results[start].deadline_hit = interchange(state, *objective, settings.deadline);
    }
    results[start].sites.assign(state.open_sites().begin(), state.open_sites().end());
  });
  return results;
}

}  // namespace equiroute::engine::detail
