// Teitz & Bart (1968) vertex substitution, with the swap scoring of Whitaker (1983) for the
// sums over points and objective-specific fast primaries (pcenter, maximin-access).

#include <algorithm>
#include <optional>

#include "plan_search.hpp"

namespace equiroute::engine::detail {

namespace {

Score plus(const Score& a, const Score& b) {
  return {a.primary + b.primary, a.secondary + b.secondary};
}
Score minus(const Score& a, const Score& b) {
  return {a.primary - b.primary, a.secondary - b.secondary};
}

/// Whitaker's fast interchange for sums Σ_p f(t_p). With loss[r] = Σ_{p: nearest p is r}
/// f(d2_p) − f(d1_p) (closing r alone) and gain = Σ_{p: d_pa < d1_p} f(d_pa) − f(d1_p)
/// (opening `add` alone), swapping `add` for r changes the sum by gain + loss[r] + extra[r],
/// where extra corrects the points of r that `add` serves better than their second site.
/// `travel_only`: f = {0, w·min(P, t)} (the secondary of the fast-primary objectives).
class FastSwaps {
 public:
  FastSwaps(const NearestProblem& problem, const SearchObjective& objective, bool travel_only)
      : problem_(problem),
        objective_(objective),
        travel_only_(travel_only),
        loss_(problem.site_count),
        extra_(problem.site_count) {}

  /// After every accepted move.
  void reset(const SearchState& state) {
    for (std::uint32_t r : state.open_sites()) loss_[r] = {};
    auto d1 = state.nearest();
    auto d2 = state.second();
    auto s1 = state.nearest_site();
    for (std::uint32_t p = 0; p < d1.size(); ++p) {
      if (s1[p] == kNoSite) continue;
      loss_[s1[p]] = plus(loss_[s1[p]], minus(term(p, d2[p]), term(p, d1[p])));
    }
  }

  /// gain and extra[·] for `add`.
  void prepare(const SearchState& state, std::uint32_t add) {
    auto d1 = state.nearest();
    auto d2 = state.second();
    auto s1 = state.nearest_site();
    for (std::uint32_t r : state.open_sites()) extra_[r] = {};
    gain_ = {};
    const SparseLists& columns = problem_.columns;
    for (std::size_t e = columns.offsets[add]; e < columns.offsets[add + 1]; ++e) {
      const std::uint32_t p = columns.index[e];
      const double d = columns.value[e];
      if (d >= d2[p]) continue;  // d2 ≥ d1: no change whichever site closes
      const Score at_d = term(p, d);
      const Score at_d1 = term(p, d1[p]);
      const Score at_d2 = term(p, d2[p]);
      if (d < d1[p]) {
        gain_ = plus(gain_, minus(at_d, at_d1));
        if (s1[p] != kNoSite) extra_[s1[p]] = minus(extra_[s1[p]], minus(at_d2, at_d1));
      } else if (s1[p] != kNoSite) {
        extra_[s1[p]] = plus(extra_[s1[p]], minus(at_d, at_d2));
      }
    }
  }

  /// The change of the sum when `add` (prepared) replaces `remove`.
  Score delta(std::uint32_t remove) const {
    return plus(gain_, plus(loss_[remove], extra_[remove]));
  }

 private:
  Score term(std::uint32_t p, double t) const {
    if (!travel_only_) return objective_.term(p, t);
    return {0.0, problem_.weight[p] * std::min(problem_.penalty_s, t)};
  }
  const NearestProblem& problem_;
  const SearchObjective& objective_;
  bool travel_only_;
  std::vector<Score> loss_, extra_;
  Score gain_;
};

/// Scores every swap of one closed site with the open ones, by the fastest way the
/// objective allows; returns the best open site to close (ties: the larger index, so that
/// the set keeping the smaller sites wins) and the score after the swap.
class SwapScorer {
 public:
  SwapScorer(const SearchState& state, SearchObjective& objective) : objective_(objective) {
    if (objective.additive() || objective.fast_primary()) {
      fast_.emplace(state.problem(), objective, !objective.additive());
    }
  }
  void reset(const SearchState& state) {
    if (fast_) fast_->reset(state);
  }
  std::pair<std::uint32_t, Score> best(SearchState& state, std::uint32_t add) {
    std::uint32_t best_remove = kNoSite;
    Score best_score;
    const Score now = objective_.current();
    if (fast_) fast_->prepare(state, add);
    if (objective_.fast_primary()) objective_.prepare_add(state, add);
    const std::vector<std::uint32_t> open(state.open_sites().begin(), state.open_sites().end());
    for (auto it = open.rbegin(); it != open.rend(); ++it) {
      Score score;
      if (objective_.additive()) {
        score = plus(now, fast_->delta(*it));
      } else if (objective_.fast_primary()) {
        score = {objective_.swap_primary(state, add, *it),
                 now.secondary + fast_->delta(*it).secondary};
      } else {
        state.move_changes(add, *it, changes_);
        score = objective_.evaluate(changes_, add, *it);
      }
      if (best_remove == kNoSite || better(score, best_score)) {
        best_remove = *it;
        best_score = score;
      }
    }
    if (objective_.fast_primary()) objective_.finish_add(add);
    return {best_remove, best_score};
  }

 private:
  SearchObjective& objective_;
  std::optional<FastSwaps> fast_;
  std::vector<TimeChange> changes_;
};

}  // namespace

bool interchange(SearchState& state, SearchObjective& objective, Clock::time_point deadline) {
  const std::size_t sites = state.problem().site_count;
  objective.reset(state);
  SwapScorer scorer(state, objective);
  scorer.reset(state);
  std::size_t since_swap = 0;  // closed sites tried since the last swap
  std::uint32_t add = 0;
  while (since_swap < sites) {
    if (Clock::now() > deadline) return true;
    const std::uint32_t candidate = add;
    add = static_cast<std::uint32_t>((add + 1) % sites);
    ++since_swap;
    if (state.is_open(candidate) || !objective.relevant(candidate)) continue;
    const auto [remove, score] = scorer.best(state, candidate);
    if (remove != kNoSite && better(score, objective.current())) {
      state.close(remove);
      state.open(candidate);
      objective.reset(state);
      scorer.reset(state);
      since_swap = 0;
    }
  }
  return false;
}

}  // namespace equiroute::engine::detail
