// Objectives of the local search over nearest times: sums (pmedian, mclp,
// min-share-beyond) and the largest time (pcenter). The Gini and 2SFCA ones are in
// plan_search_equity.cpp.

#include <algorithm>
#include <cmath>
#include <numeric>

#include "plan_search.hpp"
#include "plan_search_objectives.hpp"

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

/// max_p min(P, t_p) over the points some site can reach: they are kept sorted by time (descending); a move's maximum is
/// the largest of its changed times and the first unchanged point in that order.
class MaxTimeObjective final : public SearchObjective {
 public:
  explicit MaxTimeObjective(const NearestProblem& problem)
      : problem_(problem), stamp_(problem.weight.size(), 0) {}

  void reset(const SearchState& state) override {
    auto nearest = state.nearest();
    times_.resize(nearest.size());
    score_ = {};
    for (std::size_t p = 0; p < nearest.size(); ++p) {
      times_[p] = std::min(problem_.penalty_s, nearest[p]);
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
  }
  Score current() const override { return score_; }
  Score evaluate(std::span<const TimeChange> changes, std::uint32_t, std::uint32_t) override {
    ++generation_;
    double largest = 0.0;
    double secondary = score_.secondary;
    for (const TimeChange& c : changes) {
      stamp_[c.point] = generation_;
      const double to = std::min(problem_.penalty_s, c.to);
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

 private:
  const NearestProblem& problem_;
  std::vector<double> times_;
  std::vector<std::uint32_t> order_;
  std::vector<std::uint32_t> stamp_;
  std::uint32_t generation_ = 0;
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
