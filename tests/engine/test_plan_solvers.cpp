// The planning solvers against brute force on random instances, bad input, and
// determinism over thread counts.

#include <tbb/global_control.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>

#include "equiroute/core/error.hpp"
#include "plan_support.hpp"

using namespace equiroute;
using namespace equiroute::engine;
using equiroute::test::brute_force;
using equiroute::test::matrix_from_minutes;
using equiroute::test::random_plan;
using equiroute::test::same_value;

namespace {

constexpr int kInstances = 200;

PlanOptions options_for(PlanSolver solver) {
  PlanOptions o;
  o.solver = solver;
  o.time_limit_s = 30;
  return o;
}

PlanOptions greedy_only() {
  PlanOptions o = options_for(PlanSolver::Heuristic);
  o.starts = 1;
  o.interchange = false;
  return o;
}

/// True when a is at least as good as b for the objective (1e-9 relative).
bool no_worse(PlanObjective objective, double a, double b) {
  const bool maximise = plan_objective_info(objective).maximise;
  return same_value(a, b) || (maximise ? a > b : a < b);
}

}  // namespace

TEST_CASE("every exact objective equals the brute-force optimum on 200 random instances",
          "[engine][plan][brute]") {
  for (PlanObjective objective :
       {PlanObjective::PMedian, PlanObjective::Mclp, PlanObjective::PCenter, PlanObjective::Lscp,
        PlanObjective::MinShareBeyond, PlanObjective::MaximinAccess}) {
    int solved = 0;
    for (int seed = 1; seed <= kInstances; ++seed) {
      const auto r = random_plan(static_cast<std::uint64_t>(seed));
      const PlanInstance in = r.instance();
      const auto best = brute_force(in, objective, r.k);
      if (!best.feasible) continue;  // lscp without a cover (tested below as an error)
      INFO(plan_objective_info(objective).name << " seed " << seed);
      PlanSolution s;
      try {
        s = solve_plan(in, objective, r.k, options_for(PlanSolver::Exact));
      } catch (const Error& e) {
        // maximin-access without any demand in a catchment: nothing to optimise.
        REQUIRE(objective == PlanObjective::MaximinAccess);
        continue;
      }
      CHECK(s.status == PlanStatus::Optimal);
      CHECK(same_value(s.value, best.value));
      CHECK(same_value(s.value, evaluate_plan(in, objective, s.sites)));
      ++solved;
    }
    CHECK(solved >= kInstances / 2);
  }
}

TEST_CASE("the heuristics reach the optimum on >= 95 % and never lose to greedy",
          "[engine][plan][brute]") {
  for (const auto& info : plan_objectives()) {
    int compared = 0, optimal = 0;
    for (int seed = 1; seed <= kInstances; ++seed) {
      const auto r = random_plan(static_cast<std::uint64_t>(seed));
      const PlanInstance in = r.instance();
      const auto best = brute_force(in, info.objective, r.k);
      if (!best.feasible) continue;
      INFO(info.name << " seed " << seed);
      PlanSolution h, g;
      try {
        h = solve_plan(in, info.objective, r.k, options_for(PlanSolver::Heuristic));
        g = solve_plan(in, info.objective, r.k, greedy_only());
      } catch (const Error&) {
        REQUIRE(info.objective == PlanObjective::MaximinAccess);
        continue;
      }
      CHECK(no_worse(info.objective, h.value, g.value));
      CHECK(no_worse(info.objective, best.value, h.value));  // brute force is optimal
      ++compared;
      if (same_value(h.value, best.value)) ++optimal;
    }
    WARN(info.name << ": heuristic optimal on " << optimal << " of " << compared);
    CHECK(compared >= kInstances / 2);
    CHECK(optimal >= 0.95 * compared);
  }
}

TEST_CASE("the heuristic's bounds hold on random instances", "[engine][plan][brute]") {
  for (PlanObjective objective : {PlanObjective::PMedian, PlanObjective::Mclp,
                                  PlanObjective::MinShareBeyond, PlanObjective::PCenter}) {
    for (int seed = 1; seed <= 50; ++seed) {
      const auto r = random_plan(static_cast<std::uint64_t>(seed));
      const auto best = brute_force(r.instance(), objective, r.k);
      const PlanSolution h =
          solve_plan(r.instance(), objective, r.k, options_for(PlanSolver::Heuristic));
      INFO(plan_objective_info(objective).name << " seed " << seed);
      REQUIRE_FALSE(std::isnan(h.bound));
      CHECK(no_worse(objective, h.bound * (1 + 1e-12), best.value));
    }
  }
}

TEST_CASE("bad planning input is one clear BadInput line", "[engine][plan][errors]") {
  const CostMatrix costs = matrix_from_minutes({{0, 10, 20}, {10, 0, 50}});
  const std::vector<double> population{10, 20};
  const PlanInstance in{.costs = costs, .population = population, .existing_count = 1};
  auto expect_bad = [](auto&& call, const std::string& words) {
    try {
      call();
      FAIL("no error");
    } catch (const Error& e) {
      CHECK(e.kind() == ErrorKind::BadInput);
      CHECK(std::string(e.what()).find('\n') == std::string::npos);
      CHECK_THAT(e.what(), Catch::Contains(words));
    }
  };
  expect_bad([&] { solve_plan(in, PlanObjective::PMedian, 3); }, "k = 3 is larger than the 2");
  expect_bad([&] { solve_plan(in, PlanObjective::PMedian, 0); }, "at least 1");
  // No candidate within reach of anyone.
  const CostMatrix far = matrix_from_minutes({{0, -1, -1}, {10, -1, -1}});
  const PlanInstance none{.costs = far, .population = population, .existing_count = 1};
  expect_bad([&] { solve_plan(none, PlanObjective::PMedian, 1); },
             "no candidate site is within reach");
  // Set cover infeasible within T = 15 min: demand 1 is 10 min from E but 40 from the rest.
  const CostMatrix cover = matrix_from_minutes({{20, 10, 40}, {25, 40, 40}});
  const std::vector<std::string> ids{"north", "south"};
  PlanInstance lscp{.costs = cover,
                    .population = population,
                    .existing_count = 1,
                    .threshold_min = 15,
                    .demand_ids = ids};
  expect_bad([&] { solve_plan(lscp, PlanObjective::Lscp, 0); },
             "demand point 'south' (population 20) has no site within 15 min");
  expect_bad([&] { solve_plan(in, PlanObjective::MinGiniTime, 1, options_for(PlanSolver::Exact)); },
             "not linear");
  const std::vector<double> short_population{10};
  const PlanInstance mismatch{.costs = costs, .population = short_population};
  expect_bad([&] { solve_plan(mismatch, PlanObjective::PMedian, 1); }, "population values");
}

TEST_CASE("results are identical with 1 and 2 threads", "[engine][plan][determinism]") {
  // 3000 demand × 300 sites, random times with a 60-minute cutoff.
  std::mt19937_64 rng(7);
  std::vector<std::vector<double>> minutes(3000, std::vector<double>(300));
  for (auto& row : minutes) {
    for (auto& m : row) {
      const double v = static_cast<double>(rng() % 12000) / 100.0;
      m = v > 60.0 ? -1.0 : v;
    }
  }
  const CostMatrix costs = matrix_from_minutes(minutes);
  std::vector<double> population(3000);
  for (auto& p : population) p = static_cast<double>(1 + rng() % 5000);
  const PlanInstance in{
      .costs = costs, .population = population, .existing_count = 20, .threshold_min = 20};
  PlanOptions o = options_for(PlanSolver::Heuristic);
  o.time_limit_s = 600;  // never binding here: the result must not depend on timing
  // The exact solver on 400 demand points × 80 sites in a plane (minutes = km at 60 km/h,
  // cutoff 45 min): small and geometric, so that no time limit can interfere.
  std::vector<std::pair<double, double>> where(480);
  for (auto& [x, y] : where) {
    x = static_cast<double>(rng() % 10000) / 100.0;
    y = static_cast<double>(rng() % 10000) / 100.0;
  }
  std::vector<std::vector<double>> small_minutes(400, std::vector<double>(80));
  for (std::size_t i = 0; i < 400; ++i) {
    for (std::size_t j = 0; j < 80; ++j) {
      const double d = std::hypot(where[i].first - where[400 + j].first,
                                  where[i].second - where[400 + j].second);
      small_minutes[i][j] = d > 45.0 ? -1.0 : d;
    }
  }
  const CostMatrix small_costs = matrix_from_minutes(small_minutes);
  const PlanInstance small{.costs = small_costs,
                           .population = std::span(population).first(400),
                           .existing_count = 5,
                           .threshold_min = 20};
  PlanOptions exact = options_for(PlanSolver::Exact);
  exact.time_limit_s = 600;
  struct Run {
    const PlanInstance* instance;
    PlanObjective objective;
    PlanOptions options;
  };
  std::vector<Run> runs;
  for (const auto& info : plan_objectives()) runs.push_back({&in, info.objective, o});
  for (PlanObjective objective :
       {PlanObjective::PMedian, PlanObjective::Mclp, PlanObjective::PCenter, PlanObjective::Lscp}) {
    runs.push_back({&small, objective, exact});
  }
  for (const auto& [instance, objective, options] : runs) {
    const std::size_t k = objective == PlanObjective::Lscp ? 0 : 8;
    PlanSolution one, two;
    {
      tbb::global_control limit(tbb::global_control::max_allowed_parallelism, 1);
      one = solve_plan(*instance, objective, k, options);
    }
    {
      tbb::global_control limit(tbb::global_control::max_allowed_parallelism, 2);
      two = solve_plan(*instance, objective, k, options);
    }
    INFO(plan_objective_info(objective).name << " " << one.solver);
    CHECK(one.sites == two.sites);
    CHECK(std::memcmp(&one.value, &two.value, sizeof(double)) == 0);
    CHECK(std::memcmp(&one.bound, &two.bound, sizeof(double)) == 0);
    CHECK_FALSE(one.time_limit_reached);
  }
}

TEST_CASE("CBC prints nothing", "[engine][plan]") {
  // Everything written to stdout and stderr during exact solves goes to a file.
  const CostMatrix costs = matrix_from_minutes({{0, 10, 20, 30}, {10, 0, 50, 5}, {30, 20, 0, 8}});
  const std::vector<double> population{10, 20, 30};
  const PlanInstance in{.costs = costs, .population = population, .existing_count = 1};
  char path[] = "/tmp/equiroute-cbc-XXXXXX";
  const int file = mkstemp(path);
  REQUIRE(file >= 0);
  std::fflush(stdout);
  std::fflush(stderr);
  const int saved_out = dup(1), saved_err = dup(2);
  dup2(file, 1);
  dup2(file, 2);
  for (PlanObjective objective :
       {PlanObjective::PMedian, PlanObjective::Mclp, PlanObjective::PCenter, PlanObjective::Lscp}) {
    (void)solve_plan(in, objective, 1, options_for(PlanSolver::Exact));
  }
  std::fflush(stdout);
  std::fflush(stderr);
  dup2(saved_out, 1);
  dup2(saved_err, 2);
  close(saved_out);
  close(saved_err);
  close(file);
  std::ifstream written(path);
  std::stringstream text;
  text << written.rdbuf();
  std::remove(path);
  CHECK(text.str().empty());
}
