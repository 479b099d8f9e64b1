// Wang & Tang (2013) allocation of new units to fixed sites: a hand-computed case, caps,
// the continuous bound, and the search against enumeration on random instances.

#include <catch2/catch.hpp>
#include <cmath>
#include <random>

#include "equiroute/core/error.hpp"
#include "equiroute/engine/resource_allocation.hpp"
#include "plan_support.hpp"

using namespace equiroute;
using namespace equiroute::engine;
using equiroute::test::matrix_from_minutes;

namespace {

// D0 (100 people) reaches F0, D1 (100) both, D2 (200) F1; 5 min each, catchment 30 min.
// D_F0 = 200, D_F1 = 300; S = (1, 1). With n0 + n1 = 2 new units the mean is
// ā = (2 + 2)/400 = 0.01 and
//   (2,0): A = (.015, .018333, .003333)  V = 4.5833e-5
//   (1,1): A = (.010, .016667, .006667)  V = 1.6667e-5
//   (0,2): A = (.005, .015,    .010)     V = 1.25e-5   ← optimal
// Continuous optimum (n1 = 5/3): A = (.0066667, .0155556, .0088889), V = 1/90000.
struct HandCase {
  CostMatrix costs = matrix_from_minutes({{5, -1}, {5, 5}, {-1, 5}});
  std::vector<double> population{100, 100, 200};
  std::vector<double> supply{1, 1};
  AllocationInput input(std::size_t units) const {
    return {.costs = costs,
            .population = population,
            .supply = supply,
            .new_units = units,
            .threshold_min = 30};
  }
};

}  // namespace

TEST_CASE("allocation: hand case, proven by enumeration", "[engine][allocation]") {
  HandCase hand;
  const AllocationResult r = allocate_units(hand.input(2));
  CHECK(r.added == std::vector<double>{0, 2});
  CHECK(r.variance_after == Approx(1.25e-5).epsilon(1e-9));
  CHECK(r.mean_access_after == Approx(0.01));
  CHECK(r.proven_optimal);
  CHECK(r.proof == "enumeration");
  CHECK(r.gap == 0.0);
  // Before: A = (.005, .008333, .003333), ā = .005, V = 1/240000.
  CHECK(r.variance_before == Approx(1.0 / 240000.0).epsilon(1e-9));
  // Gini = Σ_ij w_i w_j |A_i − A_j| / (2 W Σ w A): after 600 / 3200, before 333.33 / 1600.
  CHECK(r.gini_after == Approx(0.1875).epsilon(1e-9));
  CHECK(r.gini_before == Approx(1.0 / 4.8).epsilon(1e-9));
  CHECK(r.access_after[1] == Approx(0.015));
}

TEST_CASE("allocation: the continuous bound is the QP optimum", "[engine][allocation]") {
  HandCase hand;
  AllocationOptions no_enumeration;
  no_enumeration.enumeration_limit = 0;
  const AllocationResult r = allocate_units(hand.input(2), no_enumeration);
  CHECK(r.added == std::vector<double>{0, 2});
  CHECK(r.variance_bound == Approx(1.0 / 90000.0).epsilon(1e-6));
  CHECK_FALSE(r.proven_optimal);
  CHECK(r.gap == Approx((1.25e-5 - 1.0 / 90000.0) / 1.25e-5).epsilon(1e-5));
}

TEST_CASE("allocation: caps are respected and checked", "[engine][allocation]") {
  HandCase hand;
  const std::vector<double> caps{2, 1};
  AllocationInput in = hand.input(2);
  in.max_new = caps;
  const AllocationResult r = allocate_units(in);
  CHECK(r.added == std::vector<double>{1, 1});
  CHECK(r.variance_after == Approx(1.0 / 60000.0).epsilon(1e-9));
  const std::vector<double> tight{0, 1};
  in.max_new = tight;
  CHECK_THROWS_WITH(allocate_units(in), Catch::Contains("the caps allow 1 new units in all, 2"));
  const std::vector<double> half{0.5, 1};
  in.max_new = half;
  CHECK_THROWS_AS(allocate_units(in), Error);
}

TEST_CASE("allocation: a facility without demand gets nothing", "[engine][allocation]") {
  // F2 is reachable by nobody: D_F2 = 0, it cannot raise anyone's accessibility.
  const CostMatrix costs = matrix_from_minutes({{5, -1, -1}, {5, 5, -1}, {-1, 5, -1}});
  const std::vector<double> population{100, 100, 200};
  const std::vector<double> supply{1, 1, 1};
  const AllocationResult r = allocate_units({.costs = costs,
                                             .population = population,
                                             .supply = supply,
                                             .new_units = 3,
                                             .threshold_min = 30});
  CHECK(r.added[2] == 0.0);
  CHECK(r.added[0] + r.added[1] == 3.0);
}

TEST_CASE("allocation: search, bound and enumeration agree on random instances",
          "[engine][allocation]") {
  std::mt19937_64 rng(11);
  int proven_by_bound_or_match = 0;
  for (int instance = 0; instance < 60; ++instance) {
    const std::size_t demand = 6 + rng() % 10, sites = 2 + rng() % 4;
    std::vector<std::vector<double>> minutes(demand, std::vector<double>(sites));
    for (auto& row : minutes) {
      for (auto& m : row) m = rng() % 4 == 0 ? -1.0 : static_cast<double>(rng() % 50);
    }
    const CostMatrix costs = matrix_from_minutes(minutes);
    std::vector<double> population(demand), supply(sites);
    for (auto& p : population) p = static_cast<double>(1 + rng() % 1000);
    for (auto& s : supply) s = static_cast<double>(rng() % 5);
    const AllocationInput in{.costs = costs,
                             .population = population,
                             .supply = supply,
                             .new_units = 1 + rng() % 8,
                             .threshold_min = 30};
    AllocationResult exact, search;
    try {
      exact = allocate_units(in);
    } catch (const Error&) {
      continue;  // no facility with demand in its catchment
    }
    AllocationOptions no_enumeration;
    no_enumeration.enumeration_limit = 0;
    search = allocate_units(in, no_enumeration);
    INFO("instance " << instance);
    REQUIRE(exact.proof == "enumeration");
    CHECK(search.variance_after >= exact.variance_after * (1 - 1e-9));
    CHECK(search.variance_bound <= exact.variance_after * (1 + 1e-9));
    if (search.variance_after <= exact.variance_after * (1 + 1e-9)) ++proven_by_bound_or_match;
  }
  CHECK(proven_by_bound_or_match >= 50);  // the exchange search is (nearly) always optimal here
}
