#pragma once
// Private to the engine: the local-search machinery of the planning heuristics — the state
// of an open set (nearest and second-nearest open site per demand point), objectives that
// score a move (open one site, close another) from its nearest-time changes, and the
// greedy / Teitz–Bart interchange drivers.

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <vector>

#include "plan_problem.hpp"

namespace equiroute::engine::detail {

using Clock = std::chrono::steady_clock;

/// Primary objective (minimisation form: sense × value) and the tie-breaking secondary
/// (person-seconds Σ w·min(P, t), for every objective: for pmedian it equals the primary).
struct Score {
  double primary = 0.0;
  double secondary = 0.0;
};

/// True when `a` beats `b`: primary smaller by more than 1e-9 relative (1e-9 absolute
/// near 0), or primaries within that tolerance and the secondary smaller by more than it.
bool better(const Score& a, const Score& b);

/// One demand point's nearest time before and after a move (+inf = no open site).
struct TimeChange {
  std::uint32_t point;
  double from;
  double to;
};

/// An open set of selectable sites over a NearestProblem, with per point the nearest and
/// second-nearest open times (falling back to the base time).
class SearchState {
 public:
  explicit SearchState(const NearestProblem& problem);
  const NearestProblem& problem() const noexcept { return problem_; }
  bool is_open(std::uint32_t site) const noexcept { return open_[site] != 0; }
  std::span<const std::uint32_t> open_sites() const noexcept { return open_list_; }
  std::span<const double> nearest() const noexcept { return d1_; }
  /// Second-nearest open time (or the base) and the nearest open site (kNoSite: base).
  std::span<const double> second() const noexcept { return d2_; }
  std::span<const std::uint32_t> nearest_site() const noexcept { return s1_; }
  void open(std::uint32_t site);
  void close(std::uint32_t site);
  /// The nearest-time changes of opening `add` and closing `remove` (either kNoSite):
  /// first the points losing `remove` (ascending), then the points gaining `add`.
  void move_changes(std::uint32_t add, std::uint32_t remove, std::vector<TimeChange>& out);

 private:
  void refresh(std::uint32_t point);
  const NearestProblem& problem_;
  std::vector<std::uint8_t> open_;
  std::vector<std::uint32_t> open_list_;
  std::vector<double> d1_, d2_;
  std::vector<std::uint32_t> s1_;
  std::vector<double> add_time_;  ///< scratch: time from the added site (NaN: none)
};

/// Scores moves for one objective. Instances are per search (they keep scratch space).
class SearchObjective {
 public:
  virtual ~SearchObjective() = default;
  /// Recomputes the current score from `state` (after every accepted move).
  virtual void reset(const SearchState& state) = 0;
  virtual Score current() const = 0;
  /// Score after opening `add` and closing `remove` (either kNoSite), given the move's
  /// nearest-time changes. Leaves the objective as it was.
  virtual Score evaluate(std::span<const TimeChange> changes, std::uint32_t add,
                         std::uint32_t remove) = 0;
  /// False when opening `site` can change nothing this objective sees.
  virtual bool relevant(std::uint32_t site) const = 0;
  /// True for sums over points of a term of the point's time (pmedian, mclp,
  /// min-share-beyond): the interchange then scores all swaps of a site at once.
  virtual bool additive() const { return false; }
  /// The point's term at a time (additive objectives).
  virtual Score term(std::uint32_t /*point*/, double /*time*/) const { return {}; }
  /// True when the primary of a swap has a fast evaluation (pcenter, maximin-access):
  /// prepare_add once per closed site, swap_primary per open site, finish_add after; the
  /// secondary then comes from the additive person-seconds of the interchange.
  virtual bool fast_primary() const { return false; }
  virtual void prepare_add(const SearchState& /*state*/, std::uint32_t /*add*/) {}
  virtual double swap_primary(const SearchState& /*state*/, std::uint32_t /*add*/,
                              std::uint32_t /*remove*/) {
    return 0.0;
  }
  virtual void finish_add(std::uint32_t /*add*/) {}
};

using ObjectiveFactory = std::function<std::unique_ptr<SearchObjective>()>;

/// Objectives over nearest times (all but lscp, which searches with mclp, and
/// maximin-access, which needs `access`).
std::unique_ptr<SearchObjective> make_search_objective(PlanObjective objective,
                                                       const NearestProblem& problem,
                                                       const AccessProblem* access);

/// (1 − λ)·(e − e0)/(e1 − e0) + λ·(q − q0)/(q1 − q0) on the primaries (minimisation form)
/// of two objectives; secondary: person-seconds. Scales must differ (e1 ≠ e0, q1 ≠ q0).
struct CompositeScales {
  double weight = 0.5;  ///< λ
  double efficiency_best = 0.0, efficiency_worst = 1.0;
  double equity_best = 0.0, equity_worst = 1.0;
};
std::unique_ptr<SearchObjective> make_composite_objective(std::unique_ptr<SearchObjective> e,
                                                          std::unique_ptr<SearchObjective> q,
                                                          const CompositeScales& scales);

struct SearchSettings {
  std::size_t starts = 4;
  Clock::time_point deadline = Clock::time_point::max();
  bool interchange = true;
};

/// Local site indices (ascending) and whether the deadline stopped the search.
struct SearchResult {
  std::vector<std::uint32_t> sites;
  bool deadline_hit = false;
};

/// Greedy: k times, open the site whose opening scores best (ties: lowest index). Past
/// the deadline the remaining places go to the lowest closed sites (returns true then).
bool greedy(SearchState& state, SearchObjective& objective, std::size_t k,
            Clock::time_point deadline = Clock::time_point::max());

/// Teitz & Bart (1968) vertex substitution: cycle over the closed sites; for each, find
/// the best open site to swap it with (ties: the larger index, giving the lexicographically
/// smaller set) and swap when that beats the current score; stop after a full cycle
/// without a swap (or at the deadline: returns true then). Additive objectives score all
/// swaps of one closed site in one pass over its pairs (Whitaker 1983, INFOR 21:95–108).
/// Both ways the order of the search and the tie rules are the same.
bool interchange(SearchState& state, SearchObjective& objective, Clock::time_point deadline);

/// One result per start, in start order: start 0 greedy + interchange, start s > 0 a random
/// k-subset (SplitMix64 seeded with s) + interchange. Starts run in parallel (oneTBB);
/// each is sequential, so the results do not depend on the thread count.
std::vector<SearchResult> search_starts(const NearestProblem& problem,
                                        const ObjectiveFactory& make_objective, std::size_t k,
                                        const SearchSettings& settings);

}  // namespace equiroute::engine::detail
