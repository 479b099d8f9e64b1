// Objectives of the local search over nearest times: sums (pmedian, mclp,
// min-share-beyond) and the largest time (pcenter). The Gini and 2SFCA ones are in
// plan_search_equity.cpp.

#include "plan_search_objectives.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include "plan_search.hpp"

namespace equiroute::engine::detail {

namespace {

/// Σ_p f(t_p) with f the objective's term, plus Σ_p w_p·min(P, t_p) as the secondary.
class SumObjective final : public SearchObjective {
 public:
  enum class Kind { PMedian, Covered, ShareBeyond };
  SumObjective(const NearestProblem& problem, Kind kind) : problem_(problem), kind_(kind) {}

  void reset(const SearchState& state) override {
    score_ = {};
    auto nearest = state.nearest();
    for (std::size_t p = 0; p < nearest.size(); ++p) {
      score_.primary += value_term(p, nearest[p]);
      score_.secondary += travel(p, nearest[p]);
    }
  }
  Score current() const override { return score_; }
  Score evaluate(std::span<const TimeChange> changes, std::uint32_t, std::uint32_t) override {
    Score delta;
    for (const TimeChange& c : changes) {
      delta.primary += value_term(c.point, c.to) - value_term(c.point, c.from);
      delta.secondary += travel(c.point, c.to) - travel(c.point, c.from);
    }
    return {score_.primary + delta.primary, score_.secondary + delta.secondary};
  }
  bool relevant(std::uint32_t site) const override { return problem_.columns.size(site) > 0; }
  bool additive() const override { return true; }
  Score term(std::uint32_t point, double time) const override {
    return {value_term(point, time), travel(point, time)};
  }

 private:
  double value_term(std::size_t p, double t) const {
    const double w = problem_.weight[p];
    switch (kind_) {
      case Kind::PMedian:
        return w * std::min(problem_.penalty_s, t);
      case Kind::Covered:
        return t <= problem_.threshold_s ? -w : 0.0;
      case Kind::ShareBeyond:
        return t <= problem_.threshold_s ? 0.0 : w / problem_.total_population;
    }
    return 0.0;
  }
  double travel(std::size_t p, double t) const {
    return problem_.weight[p] * std::min(problem_.penalty_s, t);
  }
  const NearestProblem& problem_;
  Kind kind_;
  Score score_;
};

/// max_p min(P, t_p) over the points some site can reach: they are kept sorted by time
/// (descending); a move's maximum is the largest of its changed times and the first
/// unchanged point in that order. Swaps have a fast primary: with the points of each open
/// site r sorted by their second time, closing r and opening `add` gives the largest of
/// (the first point neither served by r nor improved by `add`), (r's points at
/// min(d2, d_add), walked until d2 falls below the running maximum) and (the largest new
/// time among `add`'s improved points not served by r: the top two by distinct site).
class MaxTimeObjective final : public SearchObjective {
 public:
  explicit MaxTimeObjective(const NearestProblem& problem)
      : problem_(problem),
        stamp_(problem.weight.size(), 0),
        improved_(problem.weight.size(), 0),
        add_time_(problem.weight.size(), std::numeric_limits<double>::quiet_NaN()) {}

  void reset(const SearchState& state) override {
    auto nearest = state.nearest();
    times_.resize(nearest.size());
    score_ = {};
    for (std::size_t p = 0; p < nearest.size(); ++p) {
      times_[p] = capped(nearest[p]);
      score_.secondary += problem_.weight[p] * times_[p];
    }
    // Points that no site can reach never change and do not count (as in measure_plan).
    order_.clear();
    for (std::uint32_t p = 0; p < times_.size(); ++p) {
      if (std::isfinite(problem_.base_s[p]) || problem_.rows.size(p) > 0) order_.push_back(p);
    }
    std::stable_sort(order_.begin(), order_.end(),
                     [&](std::uint32_t a, std::uint32_t b) { return times_[a] > times_[b]; });
    score_.primary = order_.empty() ? 0.0 : times_[order_.front()];
    index_removals(state);
  }
  Score current() const override { return score_; }
  Score evaluate(std::span<const TimeChange> changes, std::uint32_t, std::uint32_t) override {
    ++generation_;
    double largest = 0.0;
    double secondary = score_.secondary;
    for (const TimeChange& c : changes) {
      stamp_[c.point] = generation_;
      const double to = capped(c.to);
      largest = std::max(largest, to);
      secondary += problem_.weight[c.point] * (to - times_[c.point]);
    }
    for (std::uint32_t p : order_) {
      if (stamp_[p] == generation_) continue;
      largest = std::max(largest, times_[p]);
      break;
    }
    return {largest, secondary};
  }
  bool relevant(std::uint32_t site) const override { return problem_.columns.size(site) > 0; }

  bool fast_primary() const override { return true; }
  void prepare_add(const SearchState& state, std::uint32_t add) override {
    ++add_generation_;
    top_ = {};
    auto d1 = state.nearest();
    auto s1 = state.nearest_site();
    const SparseLists& columns = problem_.columns;
    for (std::size_t e = columns.offsets[add]; e < columns.offsets[add + 1]; ++e) {
      const std::uint32_t p = columns.index[e];
      add_time_[p] = columns.value[e];
      if (!(columns.value[e] < d1[p])) continue;
      improved_[p] = add_generation_;
      top_.offer(capped(columns.value[e]), s1[p]);
    }
  }
  double swap_primary(const SearchState& state, std::uint32_t, std::uint32_t remove) override {
    auto s1 = state.nearest_site();
    auto d2 = state.second();
    double largest = top_.best_without(remove);
    for (std::uint32_t p : order_) {  // the largest unchanged time
      if (improved_[p] == add_generation_ || s1[p] == remove) continue;
      largest = std::max(largest, times_[p]);
      break;
    }
    for (std::size_t e = removal_offsets_[remove]; e < removal_offsets_[remove + 1]; ++e) {
      const std::uint32_t p = removal_points_[e];
      const double second = capped(d2[p]);
      if (second <= largest) break;  // sorted by second time: nothing larger follows
      const double with_add = add_time_[p] < d2[p] ? capped(add_time_[p]) : second;
      largest = std::max(largest, with_add);
    }
    return largest;
  }
  void finish_add(std::uint32_t add) override {
    const SparseLists& columns = problem_.columns;
    for (std::size_t e = columns.offsets[add]; e < columns.offsets[add + 1]; ++e) {
      add_time_[columns.index[e]] = std::numeric_limits<double>::quiet_NaN();
    }
  }

 private:
  /// The two largest values offered with distinct keys (sites).
  struct TopTwo {
    double v1 = 0.0, v2 = 0.0;
    std::uint32_t k1 = kNoSite - 1;
    void offer(double v, std::uint32_t key) {
      if (key == k1) {
        v1 = std::max(v1, v);
      } else if (v > v1) {
        v2 = v1;
        v1 = v;
        k1 = key;
      } else {
        v2 = std::max(v2, v);
      }
    }
    double best_without(std::uint32_t key) const { return key == k1 ? v2 : v1; }
  };

  double capped(double t) const { return std::min(problem_.penalty_s, t); }
  /// The points of each open site, by second time descending.
  void index_removals(const SearchState& state) {
    auto s1 = state.nearest_site();
    auto d2 = state.second();
    removal_offsets_.assign(problem_.site_count + 1, 0);
    for (std::uint32_t p : order_) {
      if (s1[p] != kNoSite) ++removal_offsets_[s1[p] + 1];
    }
    for (std::size_t s = 0; s < problem_.site_count; ++s)
      removal_offsets_[s + 1] += removal_offsets_[s];
    removal_points_.resize(removal_offsets_.back());
    std::vector<std::size_t> next(removal_offsets_.begin(), removal_offsets_.end() - 1);
    for (std::uint32_t p : order_) {
      if (s1[p] != kNoSite) removal_points_[next[s1[p]]++] = p;
    }
    for (std::size_t s = 0; s < problem_.site_count; ++s) {
      std::stable_sort(
          removal_points_.begin() + static_cast<std::ptrdiff_t>(removal_offsets_[s]),
          removal_points_.begin() + static_cast<std::ptrdiff_t>(removal_offsets_[s + 1]),
          [&](std::uint32_t a, std::uint32_t b) { return d2[a] > d2[b]; });
    }
  }
  const NearestProblem& problem_;
  std::vector<double> times_;
  std::vector<std::uint32_t> order_;
  std::vector<std::uint32_t> stamp_, improved_;
  std::vector<double> add_time_;
  std::vector<std::size_t> removal_offsets_;
  std::vector<std::uint32_t> removal_points_;
  std::uint32_t generation_ = 0, add_generation_ = 0;
  TopTwo top_;
  Score score_;
};

}  // namespace

std::unique_ptr<SearchObjective> make_search_objective(PlanObjective objective,
                                                       const NearestProblem& problem,
                                                       const AccessProblem* access) {
  switch (objective) {
    case PlanObjective::PMedian:
      return std::make_unique<SumObjective>(problem, SumObjective::Kind::PMedian);
    case PlanObjective::Mclp:
    case PlanObjective::Lscp:
      return std::make_unique<SumObjective>(problem, SumObjective::Kind::Covered);
    case PlanObjective::MinShareBeyond:
      return std::make_unique<SumObjective>(problem, SumObjective::Kind::ShareBeyond);
    case PlanObjective::PCenter:
      return std::make_unique<MaxTimeObjective>(problem);
    case PlanObjective::MinGiniTime:
      return make_gini_time_objective(problem);
    case PlanObjective::MaximinAccess:
      return make_maximin_access_objective(problem, *access);
  }
  return nullptr;
}

}  // namespace equiroute::engine::detail
