// Equity objectives of the local search: the Gini of travel time (min-gini-time), the
// smallest 2SFCA accessibility (maximin-access) and the weighted two-objective composite.

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include "plan_search_objectives.hpp"

namespace equiroute::engine::detail {

namespace {

double capped(const NearestProblem& problem, double t) { return std::min(problem.penalty_s, t); }

/// Fenwick trees (Σ weight, Σ weight × time) over the sorted time levels. Every write
/// during an evaluation is journalled and undone exactly afterwards, so evaluations leave
/// no rounding behind.
class LevelTree {
 public:
  void assign(std::size_t levels) {
    w_.assign(levels + 1, 0.0);
    wt_.assign(levels + 1, 0.0);
  }
  void add(std::size_t level, double w, double wt, bool journal) {
    for (std::size_t k = level + 1; k < w_.size(); k += k & (~k + 1)) {
      if (journal) journal_.push_back({k, w_[k], wt_[k]});
      w_[k] += w;
      wt_[k] += wt;
    }
  }
  /// (Σ w, Σ w·t) over levels 0..level.
  std::pair<double, double> prefix(std::size_t level) const {
    double w = 0.0, wt = 0.0;
    for (std::size_t k = level + 1; k > 0; k -= k & (~k + 1)) {
      w += w_[k];
      wt += wt_[k];
    }
    return {w, wt};
  }
  void undo() {
    for (auto it = journal_.rbegin(); it != journal_.rend(); ++it) {
      w_[it->node] = it->w;
      wt_[it->node] = it->wt;
    }
    journal_.clear();
  }

 private:
  struct Entry {
    std::size_t node;
    double w, wt;
  };
  std::vector<double> w_, wt_;
  std::vector<Entry> journal_;
};

/// Gini of the times with the pair sum M kept over Fenwick trees of time levels. Inside
/// the search the times are rounded to levels of `resolution` seconds (1 s unless P is above
/// about 46 days), which keeps the trees small (P / resolution + 1 levels); the secondary
/// (person-seconds) stays exact, and every reported value is exact (engine::gini).
class GiniTimeObjective final : public SearchObjective {
 public:
  explicit GiniTimeObjective(const NearestProblem& problem)
      : problem_(problem), resolution_(std::max(1.0, problem.penalty_s / 4e6)) {
    for (double w : problem.weight) total_w_ += w;
    levels_ = static_cast<std::size_t>(problem.penalty_s / resolution_ + 0.5) + 1;
  }

  void reset(const SearchState& state) override {
    auto nearest = state.nearest();
    times_.resize(nearest.size());
    tree_.assign(levels_);
    rounded_wt_ = 0.0;
    travel_ = 0.0;
    for (std::size_t p = 0; p < nearest.size(); ++p) {
      const double w = problem_.weight[p];
      times_[p] = rounded(nearest[p]);
      tree_.add(level(times_[p]), w, w * times_[p], false);
      rounded_wt_ += w * times_[p];
      travel_ += w * capped(problem_, nearest[p]);
    }
    // M exactly from the sorted times: M = 2 Σ_k w_k (t_k·W_<k − WT_<k).
    std::vector<std::uint32_t> order(times_.size());
    std::iota(order.begin(), order.end(), 0u);
    std::stable_sort(order.begin(), order.end(),
                     [&](std::uint32_t a, std::uint32_t b) { return times_[a] < times_[b]; });
    double before_w = 0.0, before_wt = 0.0;
    pair_sum_ = 0.0;
    for (std::uint32_t p : order) {
      const double w = problem_.weight[p];
      pair_sum_ += 2.0 * w * (times_[p] * before_w - before_wt);
      before_w += w;
      before_wt += w * times_[p];
    }
    score_ = {gini(pair_sum_, rounded_wt_), travel_};
  }
  Score current() const override { return score_; }
  Score evaluate(std::span<const TimeChange> changes, std::uint32_t, std::uint32_t) override {
    double pairs = pair_sum_;
    double tree_w = total_w_;
    double tree_wt = rounded_wt_;
    double travel = travel_;
    for (const TimeChange& c : changes) {
      const double w = problem_.weight[c.point];
      travel += w * (capped(problem_, c.to) - capped(problem_, c.from));
      const double from = times_[c.point];
      const double to = rounded(c.to);
      if (from == to) continue;
      pairs -= 2.0 * w * distance_sum(from, tree_w, tree_wt);
      tree_.add(level(from), -w, -w * from, true);
      tree_w -= w;
      tree_wt -= w * from;
      pairs += 2.0 * w * distance_sum(to, tree_w, tree_wt);
      tree_.add(level(to), w, w * to, true);
      tree_w += w;
      tree_wt += w * to;
    }
    tree_.undo();
    return {gini(pairs, tree_wt), travel};
  }
  bool relevant(std::uint32_t site) const override { return problem_.columns.size(site) > 0; }

 private:
  double rounded(double t) const {
    return std::round(capped(problem_, t) / resolution_) * resolution_;
  }
  std::size_t level(double rounded_time) const {
    return static_cast<std::size_t>(rounded_time / resolution_ + 0.5);
  }
  /// Σ_q w_q |x − t_q| over the points in the tree (weights `tree_w`, `tree_wt` in all).
  double distance_sum(double x, double tree_w, double tree_wt) const {
    const auto [below_w, below_wt] = tree_.prefix(level(x));
    return (x * below_w - below_wt) + ((tree_wt - below_wt) - x * (tree_w - below_w));
  }
  double gini(double pairs, double wt) const {
    return wt > 0.0 ? std::max(0.0, pairs / (2.0 * total_w_ * wt)) : 0.0;
  }
  const NearestProblem& problem_;
  double resolution_;
  std::size_t levels_ = 0;
  std::vector<double> times_;  ///< rounded
  LevelTree tree_;
  double total_w_ = 0.0;
  double rounded_wt_ = 0.0;
  double travel_ = 0.0;
  double pair_sum_ = 0.0;
  Score score_;
};

class MaximinAccessObjective final : public SearchObjective {
 public:
  MaximinAccessObjective(const NearestProblem& problem, const AccessProblem& access)
      : problem_(problem),
        access_(access),
        stamp_(access.point_index.size(), 0),
        delta_(access.point_index.size(), 0.0),
        add_stamp_(access.point_index.size(), 0),
        add_delta_(access.point_index.size(), 0.0) {}

  void reset(const SearchState& state) override {
    values_ = access_.base_access;
    const SparseLists& columns = access_.columns;
    for (std::uint32_t s : state.open_sites()) {
      for (std::size_t e = columns.offsets[s]; e < columns.offsets[s + 1]; ++e) {
        values_[columns.index[e]] += columns.value[e];
      }
    }
    order_.resize(values_.size());
    std::iota(order_.begin(), order_.end(), 0u);
    std::stable_sort(order_.begin(), order_.end(),
                     [&](std::uint32_t a, std::uint32_t b) { return values_[a] < values_[b]; });
    travel_ = 0.0;
    auto nearest = state.nearest();
    for (std::size_t p = 0; p < nearest.size(); ++p) {
      travel_ += problem_.weight[p] * capped(problem_, nearest[p]);
    }
    score_ = {order_.empty() ? 0.0 : -values_[order_.front()], travel_};
  }
  Score current() const override { return score_; }
  Score evaluate(std::span<const TimeChange> changes, std::uint32_t add,
                 std::uint32_t remove) override {
    ++generation_;
    touched_.clear();
    accumulate(add, 1.0);
    accumulate(remove, -1.0);
    double lowest = std::numeric_limits<double>::infinity();
    for (std::uint32_t q : touched_) lowest = std::min(lowest, values_[q] + delta_[q]);
    for (std::uint32_t q : order_) {
      if (stamp_[q] == generation_) continue;
      lowest = std::min(lowest, values_[q]);
      break;
    }
    double travel = travel_;
    for (const TimeChange& c : changes) {
      travel += problem_.weight[c.point] * (capped(problem_, c.to) - capped(problem_, c.from));
    }
    return {order_.empty() ? 0.0 : -lowest, travel};
  }
  bool relevant(std::uint32_t site) const override {
    return access_.columns.size(site) > 0 || problem_.columns.size(site) > 0;
  }

  // Fast primary: the new values of `add`'s points sorted once; per open site r, its own
  // points are updated, then the smallest of `add`'s points not shared with r and the first
  // point touched by neither.
  bool fast_primary() const override { return true; }
  void prepare_add(const SearchState&, std::uint32_t add) override {
    ++add_generation_;
    added_.clear();
    const SparseLists& columns = access_.columns;
    for (std::size_t e = columns.offsets[add]; e < columns.offsets[add + 1]; ++e) {
      const std::uint32_t q = columns.index[e];
      add_stamp_[q] = add_generation_;
      add_delta_[q] = columns.value[e];
      added_.emplace_back(values_[q] + columns.value[e], q);
    }
    std::sort(added_.begin(), added_.end());
  }
  double swap_primary(const SearchState&, std::uint32_t, std::uint32_t remove) override {
    if (order_.empty()) return 0.0;
    ++generation_;
    double lowest = std::numeric_limits<double>::infinity();
    const SparseLists& columns = access_.columns;
    for (std::size_t e = columns.offsets[remove]; e < columns.offsets[remove + 1]; ++e) {
      const std::uint32_t q = columns.index[e];
      stamp_[q] = generation_;
      const double plus = add_stamp_[q] == add_generation_ ? add_delta_[q] : 0.0;
      lowest = std::min(lowest, values_[q] - columns.value[e] + plus);
    }
    for (const auto& [value, q] : added_) {
      if (stamp_[q] == generation_) continue;
      lowest = std::min(lowest, value);
      break;
    }
    for (std::uint32_t q : order_) {
      if (stamp_[q] == generation_ || add_stamp_[q] == add_generation_) continue;
      lowest = std::min(lowest, values_[q]);
      break;
    }
    return -lowest;
  }

 private:
  void accumulate(std::uint32_t site, double sign) {
    if (site == kNoSite) return;
    const SparseLists& columns = access_.columns;
    for (std::size_t e = columns.offsets[site]; e < columns.offsets[site + 1]; ++e) {
      const std::uint32_t q = columns.index[e];
      if (stamp_[q] != generation_) {
        stamp_[q] = generation_;
        delta_[q] = 0.0;
        touched_.push_back(q);
      }
      delta_[q] += sign * columns.value[e];
    }
  }
  const NearestProblem& problem_;
  const AccessProblem& access_;
  std::vector<double> values_;
  std::vector<std::uint32_t> order_;
  std::vector<std::uint32_t> stamp_;
  std::vector<double> delta_;
  std::vector<std::uint32_t> touched_;
  std::uint32_t generation_ = 0;
  std::vector<std::uint32_t> add_stamp_;
  std::vector<double> add_delta_;
  std::vector<std::pair<double, std::uint32_t>> added_;
  std::uint32_t add_generation_ = 0;
  double travel_ = 0.0;
  Score score_;
};

class CompositeObjective final : public SearchObjective {
 public:
  CompositeObjective(std::unique_ptr<SearchObjective> e, std::unique_ptr<SearchObjective> q,
                     const CompositeScales& scales)
      : e_(std::move(e)), q_(std::move(q)), scales_(scales) {}
  void reset(const SearchState& state) override {
    e_->reset(state);
    q_->reset(state);
  }
  Score current() const override { return combine(e_->current(), q_->current()); }
  Score evaluate(std::span<const TimeChange> changes, std::uint32_t add,
                 std::uint32_t remove) override {
    return combine(e_->evaluate(changes, add, remove), q_->evaluate(changes, add, remove));
  }
  bool relevant(std::uint32_t site) const override {
    return e_->relevant(site) || q_->relevant(site);
  }

 private:
  Score combine(const Score& e, const Score& q) const {
    const double ne = (e.primary - scales_.efficiency_best) /
                      (scales_.efficiency_worst - scales_.efficiency_best);
    const double nq =
        (q.primary - scales_.equity_best) / (scales_.equity_worst - scales_.equity_best);
    return {(1.0 - scales_.weight) * ne + scales_.weight * nq, e.secondary};
  }
  std::unique_ptr<SearchObjective> e_, q_;
  CompositeScales scales_;
};

}  // namespace

std::unique_ptr<SearchObjective> make_gini_time_objective(const NearestProblem& problem) {
  return std::make_unique<GiniTimeObjective>(problem);
}

std::unique_ptr<SearchObjective> make_maximin_access_objective(const NearestProblem& problem,
                                                               const AccessProblem& access) {
  return std::make_unique<MaximinAccessObjective>(problem, access);
}

std::unique_ptr<SearchObjective> make_composite_objective(std::unique_ptr<SearchObjective> e,
                                                          std::unique_ptr<SearchObjective> q,
                                                          const CompositeScales& scales) {
  return std::make_unique<CompositeObjective>(std::move(e), std::move(q), scales);
}

}  // namespace equiroute::engine::detail
