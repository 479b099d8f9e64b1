// Hand-computed planning cases, one or more per objective, including ties.
//
// The line case: five demand points and five sites on a road, times = distance in minutes.
//   position (km = min):   0     10    20    30    40
//   demand D0..D4 pop:    100   200   300   200   100      (total 900)
//   sites:                 E     C0    C1    C2    C3      (E existing; destinations 0..4)

#include <catch2/catch.hpp>
#include <cmath>

#include "equiroute/core/error.hpp"
#include "plan_support.hpp"

using namespace equiroute;
using namespace equiroute::engine;
using equiroute::test::matrix_from_minutes;

namespace {

struct LineCase {
  CostMatrix costs;
  std::vector<double> population{100, 200, 300, 200, 100};
  explicit LineCase(bool drop_c2 = false) {
    std::vector<std::vector<double>> minutes;
    for (int i = 0; i < 5; ++i) {
      std::vector<double> row;
      for (int j = 0; j < 5; ++j) row.push_back(std::abs(i - j) * 10.0);
      if (drop_c2) row[3] = -1;  // C2 unreachable from everyone
      minutes.push_back(row);
    }
    costs = matrix_from_minutes(minutes);
  }
  PlanInstance instance(double threshold_min = 15.0) const {
    return {.costs = costs,
            .population = population,
            .existing_count = 1,
            .threshold_min = threshold_min};
  }
};

constexpr std::uint32_t E = 0, C0 = 1, C1 = 2, C2 = 3, C3 = 4;
using Sites = std::vector<std::uint32_t>;

PlanOptions with(PlanSolver solver) {
  PlanOptions o;
  o.solver = solver;
  o.time_limit_s = 30;
  return o;
}

}  // namespace

TEST_CASE("objective names are exactly the issue's", "[engine][plan]") {
  std::vector<std::string> names;
  for (const auto& info : plan_objectives()) names.emplace_back(info.name);
  CHECK(names == std::vector<std::string>{"pmedian", "mclp", "pcenter", "lscp", "min-share-beyond",
                                          "min-gini-time", "maximin-access"});
  CHECK(parse_plan_objective("mclp") == PlanObjective::Mclp);
  CHECK_THROWS_AS(parse_plan_objective("p-median"), Error);
  for (const auto& info : plan_objectives()) CHECK_FALSE(info.source.empty());
}

TEST_CASE("pmedian on the line: C1 and C2 tie at 6000 person-min, C1 wins", "[engine][plan]") {
  // k = 1 with E kept: C0 10000, C1 6000, C2 6000, C3 10000 person-minutes.
  LineCase line;
  const PlanInstance in = line.instance();
  CHECK(evaluate_plan(in, PlanObjective::PMedian, Sites{C0}) == Approx(10000 * 60.0));
  CHECK(evaluate_plan(in, PlanObjective::PMedian, Sites{C1}) == Approx(6000 * 60.0));
  CHECK(evaluate_plan(in, PlanObjective::PMedian, Sites{C2}) == Approx(6000 * 60.0));
  const PlanSolution h = solve_plan(in, PlanObjective::PMedian, 1, with(PlanSolver::Heuristic));
  CHECK(h.sites == Sites{C1});  // the tie goes to the lexicographically smaller set
  CHECK(h.value == Approx(360000.0));
  CHECK(h.unit == "person-s");
  const PlanSolution x = solve_plan(in, PlanObjective::PMedian, 1, with(PlanSolver::Exact));
  CHECK(x.status == PlanStatus::Optimal);
  CHECK(x.value == Approx(360000.0));
  CHECK((x.sites == Sites{C1} || x.sites == Sites{C2}));  // CBC's choice among full ties
  CHECK(x.gap <= 1e-7);
  CHECK(x.solver.rfind("CBC ", 0) == 0);
}

TEST_CASE("pmedian with closable existing sites re-sites from scratch", "[engine][plan]") {
  // One site among E, C0..C3: E 18000, C0 12000, C1 8000, C2 11000, C3 20000 person-min.
  LineCase line;
  PlanInstance in = line.instance();
  in.existing_closable = true;
  for (PlanSolver solver : {PlanSolver::Heuristic, PlanSolver::Exact}) {
    const PlanSolution s = solve_plan(in, PlanObjective::PMedian, 1, with(solver));
    CHECK(s.sites == Sites{C1});
    CHECK(s.value == Approx(8000 * 60.0));
  }
}

TEST_CASE("mclp and min-share-beyond on the line (T = 15 min, inclusive)", "[engine][plan]") {
  // E covers D0, D1 (300). Adding C0 → 600, C1 → 800, C2 → 900 (all), C3 → 600.
  LineCase line;
  const PlanInstance in = line.instance(15.0);
  for (PlanSolver solver : {PlanSolver::Heuristic, PlanSolver::Exact}) {
    const PlanSolution m = solve_plan(in, PlanObjective::Mclp, 1, with(solver));
    CHECK(m.sites == Sites{C2});
    CHECK(m.value == Approx(900.0));
    CHECK(m.status == PlanStatus::Optimal);  // the heuristic's bound meets it too
    const PlanSolution s = solve_plan(in, PlanObjective::MinShareBeyond, 1, with(solver));
    CHECK(s.sites == Sites{C2});
    CHECK(s.value == Approx(0.0).margin(1e-12));
  }
  // T = 10 min exactly: a time of 10 min counts as covered.
  CHECK(evaluate_plan(line.instance(10.0), PlanObjective::Mclp, Sites{C0}) == Approx(600.0));
  CHECK(evaluate_plan(line.instance(9.99), PlanObjective::Mclp, Sites{C0}) == Approx(300.0));
  CHECK(evaluate_plan(line.instance(10.0), PlanObjective::MinShareBeyond, Sites{C0}) ==
        Approx(300.0 / 900.0));
}

TEST_CASE("pcenter on the line: k = 1 gives C2; k = 2 ties at 10 min, person-min decide",
          "[engine][plan]") {
  // k = 1: C0 30, C1 20, C2 10, C3 20 min. k = 2: {C0,C2}, {C0,C3}, {C1,C2}, {C1,C3},
  // {C2,C3} all reach 10 min; person-min 4000, 5000, 3000, 4000, 5000 → {C1, C2}.
  LineCase line;
  const PlanInstance in = line.instance();
  for (PlanSolver solver : {PlanSolver::Heuristic, PlanSolver::Exact}) {
    const PlanSolution one = solve_plan(in, PlanObjective::PCenter, 1, with(solver));
    CHECK(one.sites == Sites{C2});
    CHECK(one.value == Approx(600.0));
    const PlanSolution two = solve_plan(in, PlanObjective::PCenter, 2, with(solver));
    CHECK(two.sites == Sites{C1, C2});
    CHECK(two.value == Approx(600.0));
    CHECK(two.person_s == Approx(3000 * 60.0));
  }
  CHECK(solve_plan(in, PlanObjective::PCenter, 2, with(PlanSolver::Exact)).status ==
        PlanStatus::Optimal);
}

TEST_CASE("lscp on the line: one site at T = 10, two at T = 10 without C2", "[engine][plan]") {
  for (PlanSolver solver : {PlanSolver::Heuristic, PlanSolver::Exact}) {
    LineCase line;
    const PlanSolution one = solve_plan(line.instance(10.0), PlanObjective::Lscp, 0, with(solver));
    CHECK(one.sites == Sites{C2});
    CHECK(one.value == 1.0);
    CHECK(one.unit == "sites");
    // Without C2, C3 is needed for D4 and C0 or C1 for D2: {C0,C3} 5000 person-min,
    // {C1,C3} 4000 → {C1, C3}.
    LineCase without(true);
    const PlanSolution two =
        solve_plan(without.instance(10.0), PlanObjective::Lscp, 0, with(solver));
    CHECK(two.sites == Sites{C1, C3});
    CHECK(two.value == 2.0);
    // T = 5 min: only D0 is within reach of E; D1 … D4 each need their own site.
    const PlanSolution four = solve_plan(line.instance(5.0), PlanObjective::Lscp, 0, with(solver));
    CHECK(four.sites == Sites{C0, C1, C2, C3});
  }
}

TEST_CASE("min-gini-time on the line: C2 gives Gini 1/3", "[engine][plan]") {
  // Times with C2: D0 0, D1 10, D2 10, D3 0, D4 10 → G = Σ_ij w_i w_j |t_i − t_j| / (2 W S)
  // = 2·300·600·10 / (2·900·6000) = 1/3; C0 0.4889 (8.8e6/1.8e7), C1 0.5185, C3 0.3556.
  LineCase line;
  const PlanInstance in = line.instance();
  CHECK(evaluate_plan(in, PlanObjective::MinGiniTime, Sites{C2}) == Approx(1.0 / 3.0));
  CHECK(evaluate_plan(in, PlanObjective::MinGiniTime, Sites{C0}) == Approx(8.8 / 18.0));
  CHECK(evaluate_plan(in, PlanObjective::MinGiniTime, Sites{C1}) == Approx(5.6 / 10.8));
  CHECK(evaluate_plan(in, PlanObjective::MinGiniTime, Sites{C3}) == Approx(6.4 / 18.0));
  const PlanSolution s = solve_plan(in, PlanObjective::MinGiniTime, 1, with(PlanSolver::Auto));
  CHECK(s.sites == Sites{C2});
  CHECK(s.value == Approx(1.0 / 3.0));
  CHECK(s.status == PlanStatus::Heuristic);
  CHECK(std::isnan(s.bound));
}

TEST_CASE("maximin-access on the line: 2SFCA with a 15-min catchment", "[engine][plan]") {
  // D_j: E 300, C0 600, C1 700, C2 600, C3 300; supply 1 each. With E only D2..D4 have 0.
  // k = 1: only C2 lifts all of them: min A = 1/600. k = 2: {C0,C2}, {C0,C3}, {C1,C2},
  // {C2,C3} tie at 1/600 ({C1,C3}: 1/700) → person-min decide: {C1, C2} (3000).
  LineCase line;
  const PlanInstance in = line.instance(15.0);
  for (PlanSolver solver : {PlanSolver::Heuristic, PlanSolver::Exact}) {
    const PlanSolution one = solve_plan(in, PlanObjective::MaximinAccess, 1, with(solver));
    CHECK(one.sites == Sites{C2});
    CHECK(one.value == Approx(1.0 / 600.0));
    const PlanSolution two = solve_plan(in, PlanObjective::MaximinAccess, 2, with(solver));
    CHECK(two.sites == Sites{C1, C2});
    CHECK(two.value == Approx(1.0 / 600.0));
  }
  CHECK(evaluate_plan(in, PlanObjective::MaximinAccess, Sites{C1, C3}) == Approx(1.0 / 700.0));
}

TEST_CASE("unreached demand counts at the penalty and is left out of pcenter", "[engine][plan]") {
  // D2 reaches nothing. P = the largest time in the matrix = 30 min.
  const CostMatrix costs = matrix_from_minutes({{0, 10, 30}, {10, 0, 20}, {-1, -1, -1}});
  const std::vector<double> population{10, 20, 5};
  const PlanInstance in{.costs = costs, .population = population, .existing_count = 1};
  // Opening site 1: D0 0, D1 0, D2 unreached at 30 min → 5·1800 person-s.
  CHECK(evaluate_plan(in, PlanObjective::PMedian, Sites{1}) == Approx(5 * 1800.0));
  CHECK(evaluate_plan(in, PlanObjective::PCenter, Sites{1}) == Approx(0.0));
  const PlanSolution s = solve_plan(in, PlanObjective::PMedian, 1, with(PlanSolver::Exact));
  CHECK(s.unreached_population == 5.0);
  CHECK(s.sites == Sites{1});
  const auto times = plan_nearest_times(in, Sites{1});
  CHECK(times[0] == 0.0);
  CHECK(std::isnan(times[2]));
}

TEST_CASE("solve_plan_range gives one solution per k", "[engine][plan]") {
  LineCase line;
  const std::vector<std::size_t> ks{1, 2, 3};
  const auto all =
      solve_plan_range(line.instance(), PlanObjective::PMedian, ks, with(PlanSolver::Exact));
  REQUIRE(all.size() == 3);
  CHECK(all[0].value == Approx(6000 * 60.0));
  // k = 2: {C1, C3}: D1 10·200, D3 10·200 = 4000; {C1,C2}: 2000 + 1000 = 3000 person-min.
  CHECK(all[1].value == Approx(3000 * 60.0));
  CHECK(all[1].sites == Sites{C1, C2});
  CHECK(all[2].value <= all[1].value);
}
