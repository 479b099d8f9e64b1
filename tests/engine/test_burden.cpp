#include <catch2/catch.hpp>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "equiroute/engine/burden.hpp"
#include "equiroute/engine/region_scores.hpp"

using namespace equiroute;
using namespace equiroute::engine;

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();
}  // namespace

TEST_CASE("travel burden against hand-computed values", "[engine][burden]") {
  // Times 10, 40, unreachable, 70 min; population 1, 2, 3, 4 (total 10, 3 unreachable).
  std::vector<double> times{600, 2400, kNaN, 4200};
  std::vector<double> pop{1, 2, 3, 4};
  std::vector<std::string> groups{"A", "A", "B", "B"};
  auto b = travel_burden(times, pop, groups);
  const auto& all = b.overall;
  CHECK(all.units == 4);
  CHECK(all.unreachable_units == 1);
  CHECK(all.population == 10.0);
  CHECK(all.unreachable_population == 3.0);
  // Mean over the reachable 7 people: (10·1 + 40·2 + 70·4) / 7 = 370/7 min.
  CHECK(all.mean_reachable_s == Approx(370.0 / 7 * 60));
  // Order 10 (1), 40 (2), 70 (4), unreachable = +inf (3); cumulative 1, 3, 7, 10:
  // half (5) is reached at 70 min, 90 % (9) only among the unreachable.
  CHECK(all.median_s == 4200.0);
  CHECK(all.p90_s == kInf);
  // Beyond 30: 2 + 4 + 3; beyond 60: 4 + 3; beyond 90 and 120: the 3 unreachable.
  REQUIRE(all.share_beyond.size() == 4);
  CHECK(all.share_beyond[0] == Approx(0.9));
  CHECK(all.share_beyond[1] == Approx(0.7));
  CHECK(all.share_beyond[2] == Approx(0.3));
  CHECK(all.share_beyond[3] == Approx(0.3));

  REQUIRE(b.groups.size() == 2);
  const auto& a = b.groups[0];
  CHECK(a.key == "A");
  CHECK(a.mean_reachable_s == Approx(30.0 * 60));  // (10 + 80) / 3 min
  CHECK(a.median_s == 2400.0);                     // 1.5 of 3 reached at 40 min
  CHECK(a.p90_s == 2400.0);
  CHECK(a.share_beyond[0] == Approx(2.0 / 3));
  CHECK(a.share_beyond[1] == 0.0);
  const auto& g = b.groups[1];
  CHECK(g.key == "B");
  CHECK(g.unreachable_population == 3.0);
  CHECK(g.mean_reachable_s == 4200.0);
  CHECK(g.median_s == 4200.0);  // 3.5 of 7 reached at 70 min
  CHECK(g.p90_s == kInf);
  CHECK(g.share_beyond[2] == Approx(3.0 / 7));
}

TEST_CASE("travel burden edge cases", "[engine][burden]") {
  SECTION("zero population gives undefined statistics, not zeros") {
    std::vector<double> times{600, 1200};
    std::vector<double> pop{0, 0};
    auto b = travel_burden(times, pop);
    CHECK(std::isnan(b.overall.mean_reachable_s));
    CHECK(std::isnan(b.overall.median_s));
    CHECK(std::isnan(b.overall.share_beyond[0]));
  }
  SECTION("custom thresholds, inclusive of exactly-at times as not beyond") {
    std::vector<double> times{1800, 1801};
    std::vector<double> pop{1, 1};
    auto b = travel_burden(times, pop, {}, {.thresholds_min = {30}});
    CHECK(b.overall.share_beyond == std::vector<double>{0.5});
  }
  SECTION("bad input") {
    std::vector<double> times{600};
    std::vector<double> pop{-1};
    CHECK_THROWS_AS(travel_burden(times, pop), std::invalid_argument);
    std::vector<double> two{1, 2};
    CHECK_THROWS_AS(travel_burden(times, two), std::invalid_argument);
  }
}

TEST_CASE("equity of travel time and of scores across demand units", "[engine][burden]") {
  std::vector<double> minutes{10, 40, kNaN, 70};
  std::vector<double> pop{1, 2, 3, 4};
  std::vector<std::string> ids{"a", "b", "c", "d"};
  std::vector<std::string> groups{"A", "A", "B", "B"};
  auto e = value_equity("nearest_travel_min", minutes, pop, ids, groups);
  CHECK(e.units_used == 3);
  CHECK(e.units_excluded == 1);
  REQUIRE(e.indices.has_value());
  // Resource t·P = 10, 80, 280 (total 370) against P = 1, 2, 4 (total 7), ordered by t:
  // X = 1/7, 3/7, 1; Y = 10/370, 90/370, 1;
  // G = (1/7)(90/370) − (3/7)(10/370) + (3/7)(1) − 1·(90/370) = 60/2590 + 480/2590
  CHECK(e.indices->gini.gini == Approx(540.0 / 2590));
  REQUIRE(e.indices->theil_t_groups.has_value());
  const auto& t = *e.indices->theil_t_groups;
  REQUIRE(t.total.has_value());
  CHECK(*t.between + *t.within == Approx(*t.total));
  // Theil T by hand: Y_i ln(Y_i / P_i) summed.
  double theil = 0;
  const double r[] = {10, 80, 280}, w[] = {1, 2, 4};
  for (int i = 0; i < 3; ++i) theil += r[i] / 370 * std::log((r[i] / 370) / (w[i] / 7));
  CHECK(*e.indices->theil_t.value == Approx(theil));

  SECTION("all scores zero: undefined, reported, no throw") {
    std::vector<double> zeros{0, 0, 0, 0};
    auto z = value_equity("2sfca_beds", zeros, pop, ids);
    CHECK_FALSE(z.indices.has_value());
    CHECK_FALSE(z.undefined_reason.empty());
  }
}

TEST_CASE("region scores are population-weighted means of their points", "[engine][burden]") {
  std::vector<std::string> keys{"x", "y", "x", "y", "z"};
  auto index = group_index(keys);
  CHECK(index.keys == std::vector<std::string>{"x", "y", "z"});
  CHECK(index.group_of == std::vector<std::size_t>{0, 1, 0, 1, 2});
  std::vector<double> score{1.0, 2.0, 4.0, kNaN, 5.0};
  std::vector<double> pop{3, 5, 1, 7, 0};
  auto means = group_weighted_means(index, score, pop);
  CHECK(means[0] == Approx((3 * 1.0 + 1 * 4.0) / 4));
  CHECK(means[1] == 2.0);       // the NaN point is left out
  CHECK(std::isnan(means[2]));  // zero population: undefined
  CHECK(group_totals(index, pop) == std::vector<double>{4, 12, 0});
}
