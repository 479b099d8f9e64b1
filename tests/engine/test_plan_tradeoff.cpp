// The efficiency–equity trade-off on the hand-computed line case (test_plan_objectives.cpp).

#include <catch2/catch.hpp>
#include <cmath>

#include "equiroute/core/error.hpp"
#include "equiroute/engine/plan_tradeoff.hpp"
#include "plan_support.hpp"

using namespace equiroute;
using namespace equiroute::engine;
using equiroute::test::matrix_from_minutes;

namespace {

constexpr std::uint32_t C0 = 1, C1 = 2, C2 = 3, C3 = 4;
using Sites = std::vector<std::uint32_t>;

CostMatrix line_matrix() {
  std::vector<std::vector<double>> minutes;
  for (int i = 0; i < 5; ++i) {
    std::vector<double> row;
    for (int j = 0; j < 5; ++j) row.push_back(std::abs(i - j) * 10.0);
    minutes.push_back(row);
  }
  return matrix_from_minutes(minutes);
}

const TradeoffPoint* find(const std::vector<TradeoffPoint>& points, std::size_t k,
                          const Sites& sites) {
  for (const auto& p : points) {
    if (p.k == k && p.sites == sites) return &p;
  }
  return nullptr;
}

}  // namespace

TEST_CASE("pmedian vs min-gini-time on the line", "[engine][plan][tradeoff]") {
  // k = 1: C1 and C2 both give 6000 person-min; Gini 0.5185 and 1/3: only C2 is
  // non-dominated. k = 2: {C1,C2} 3000 person-min, Gini 2/3 (the p-median); {C0,C3} and
  // {C2,C3} reach the smallest Gini 4/9 at 5000 person-min, {C0,C3} first by the
  // lexicographic rule. The front is a line (every weighted sum ties), so no other point.
  const CostMatrix costs = line_matrix();
  const std::vector<double> population{100, 200, 300, 200, 100};
  const PlanInstance in{.costs = costs, .population = population, .existing_count = 1};
  TradeoffOptions options;
  options.ks = {1, 2};
  options.weights = 3;
  const auto points = plan_tradeoff(in, options);
  std::size_t front_k1 = 0;
  for (const auto& p : points) {
    INFO("k " << p.k << " weight " << p.weight);
    CHECK(p.efficiency == Approx(evaluate_plan(in, PlanObjective::PMedian, p.sites)));
    CHECK(p.equity == Approx(evaluate_plan(in, PlanObjective::MinGiniTime, p.sites)));
    if (p.k == 1 && p.non_dominated) ++front_k1;
  }
  CHECK(front_k1 == 1);
  const TradeoffPoint* c2 = find(points, 1, Sites{C2});
  REQUIRE(c2 != nullptr);
  CHECK(c2->non_dominated);
  CHECK(c2->equity == Approx(1.0 / 3.0));
  const TradeoffPoint* median = find(points, 2, Sites{C1, C2});
  REQUIRE(median != nullptr);
  CHECK(median->non_dominated);
  CHECK(median->efficiency == Approx(3000 * 60.0));
  CHECK(median->equity == Approx(2.0 / 3.0));
  const TradeoffPoint* fair = find(points, 2, Sites{C0, C3});
  REQUIRE(fair != nullptr);
  CHECK(fair->non_dominated);
  CHECK(fair->equity == Approx(4.0 / 9.0));
  CHECK(fair->efficiency == Approx(5000 * 60.0));
  // Ordered by k, then efficiency.
  for (std::size_t i = 1; i < points.size(); ++i) {
    CHECK((points[i - 1].k < points[i].k ||
           (points[i - 1].k == points[i].k && points[i - 1].efficiency <= points[i].efficiency)));
  }
}

TEST_CASE("mclp vs maximin-access: maximisation senses", "[engine][plan][tradeoff]") {
  const CostMatrix costs = line_matrix();
  const std::vector<double> population{100, 200, 300, 200, 100};
  const PlanInstance in{
      .costs = costs, .population = population, .existing_count = 1, .threshold_min = 15};
  TradeoffOptions options;
  options.efficiency = PlanObjective::Mclp;
  options.equity = PlanObjective::MaximinAccess;
  options.ks = {1};
  const auto points = plan_tradeoff(in, options);
  // C2 is best in both (900 persons, A_min = 1/600): one point, non-dominated.
  REQUIRE(points.size() == 1);
  CHECK(points[0].sites == Sites{C2});
  CHECK(points[0].non_dominated);
}

TEST_CASE("trade-off requests that make no sense are refused", "[engine][plan][tradeoff]") {
  const CostMatrix costs = line_matrix();
  const std::vector<double> population{100, 200, 300, 200, 100};
  const PlanInstance in{.costs = costs, .population = population, .existing_count = 1};
  TradeoffOptions same;
  same.equity = PlanObjective::PMedian;
  CHECK_THROWS_AS(plan_tradeoff(in, same), Error);
  TradeoffOptions lscp;
  lscp.efficiency = PlanObjective::Lscp;
  CHECK_THROWS_AS(plan_tradeoff(in, lscp), Error);
  TradeoffOptions one_weight;
  one_weight.weights = 1;
  CHECK_THROWS_AS(plan_tradeoff(in, one_weight), Error);
}
