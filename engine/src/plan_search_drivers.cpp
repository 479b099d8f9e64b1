// Greedy construction and the deterministic multi-start (interchange: plan_interchange.cpp).

#include <tbb/parallel_for.h>

#include <algorithm>
#include <numeric>

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

bool greedy(SearchState& state, SearchObjective& objective, std::size_t k,
            Clock::time_point deadline) {
  const std::size_t sites = state.problem().site_count;
  std::vector<TimeChange> changes;
  objective.reset(state);
  bool late = false;
  while (state.open_sites().size() < k) {
    std::uint32_t best = kNoSite;
    Score best_score;
    late = late || Clock::now() > deadline;
    for (std::uint32_t s = 0; s < sites; ++s) {
      if (state.is_open(s)) continue;
      // An irrelevant site scores as the current state: only chosen when nothing helps.
      // Past the deadline the lowest closed sites fill the remaining places.
      Score score = objective.current();
      if (!late && objective.relevant(s)) {
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
  return late;
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
    bool late = false;
    if (start == 0) {
      late = greedy(state, *objective, k, settings.deadline);
    } else {
      for (std::uint32_t s : random_subset(problem.site_count, k, start)) state.open(s);
    }
    if (settings.interchange) late = interchange(state, *objective, settings.deadline) || late;
    results[start].deadline_hit = late;
    results[start].sites.assign(state.open_sites().begin(), state.open_sites().end());
  });
  return results;
}

}  // namespace equiroute::engine::detail
