// Theil T and L and their between/within decomposition (docs/equity.md).

#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <random>
#include <span>
#include <string>
#include <vector>

#include "equiroute/core/error.hpp"
#include "equiroute/engine/equity.hpp"
#include "equiroute/engine/theil.hpp"

using namespace equiroute;
using namespace equiroute::engine;

namespace {
// The 3-unit case of test_gini: A (r=1, w=1), B (r=2, w=1), C (r=3, w=2).
// P = (1/4, 1/4, 1/2), Y = (1/6, 1/3, 1/2).
// T = 1/6 ln((1/6)/(1/4)) + 1/3 ln((1/3)/(1/4)) + 1/2 ln 1 = 1/6 ln(2/3) + 1/3 ln(4/3)
//   = −0.0675775 + 0.0958940 = 0.0283165
// L = 1/4 ln((1/4)/(1/6)) + 1/4 ln((1/4)/(1/3)) + 0 = 1/4 ln(3/2 · 3/4) = 1/4 ln(9/8)
//   = 0.0294458
const std::vector<double> kR{1, 2, 3};
const std::vector<double> kW{1, 1, 2};
const double kT = std::log(2.0 / 3.0) / 6.0 + std::log(4.0 / 3.0) / 3.0;
const double kL = 0.25 * std::log(9.0 / 8.0);
}  // namespace

TEST_CASE("theil T and L of a 3-unit case worked on paper", "[theil]") {
  CHECK(kT == Approx(0.0283165).epsilon(1e-5));
  CHECK(kL == Approx(0.0294458).epsilon(1e-5));
  CHECK(*theil_t(kR, kW).value == Approx(kT).epsilon(1e-13));
  CHECK(*theil_l(kR, kW).value == Approx(kL).epsilon(1e-13));
}

TEST_CASE("theil of perfect equality is 0 and of total concentration is ln n", "[theil]") {
  const std::vector<double> r{3, 6, 9};
  const std::vector<double> w{1, 2, 3};
  CHECK(*theil_t(r, w).value == Approx(0.0).margin(1e-15));
  CHECK(*theil_l(r, w).value == Approx(0.0).margin(1e-15));
  // All resource in unit 0 of 4 equal-weight units: T = 1 · ln(1 / (1/4)) = ln 4.
  const std::vector<double> r1{5, 0, 0, 0};
  const std::vector<double> w1{2, 2, 2, 2};
  CHECK(*theil_t(r1, w1).value == Approx(std::log(4.0)).epsilon(1e-14));
}

TEST_CASE("theil L is undefined with a zero-resource unit and names it", "[theil]") {
  const std::vector<double> r{5, 0, 3};
  const std::vector<double> w{2, 2, 2};
  const std::vector<std::string> ids{"430100", "430200", "430300"};
  const auto l = theil_l(r, w, ids);
  CHECK_FALSE(l.defined());
  CHECK(l.undefined_units == std::vector<std::string>{"430200"});
  CHECK_THAT(l.undefined_reason, Catch::Contains("430200"));
  // T uses 0 · ln 0 = 0: Y = (5/8, 0, 3/8), P = 1/3 each.
  const auto t = theil_t(r, w, ids);
  REQUIRE(t.defined());
  CHECK(*t.value == Approx(5.0 / 8 * std::log(15.0 / 8) + 3.0 / 8 * std::log(9.0 / 8)));
  // T is undefined when resource sits on a zero-weight unit.
  const auto t0 = theil_t(std::vector<double>{1, 1}, std::vector<double>{1, 0},
                          std::span<const std::string>(ids).first(2));
  CHECK_FALSE(t0.defined());
  CHECK(t0.undefined_units == std::vector<std::string>{"430200"});
  // The decomposition is undefined as a whole, with the same reason.
  const std::vector<std::string> groups{"a", "a", "b"};
  const auto d = theil_decomposition(TheilKind::L, r, w, groups, ids);
  CHECK_FALSE(d.total);
  CHECK_FALSE(d.between);
  CHECK_FALSE(d.within);
  CHECK(d.undefined_units == std::vector<std::string>{"430200"});
}

TEST_CASE("theil in log base 10 is the natural one divided by ln 10", "[theil]") {
  CHECK(*theil_t(kR, kW, {}, LogBase::Ten).value == Approx(kT / std::log(10.0)).epsilon(1e-13));
  CHECK(*theil_l(kR, kW, {}, LogBase::Ten).value == Approx(kL / std::log(10.0)).epsilon(1e-13));
  const std::vector<std::string> groups{"g1", "g1", "g2"};
  const auto e = theil_decomposition(TheilKind::T, kR, kW, groups);
  const auto ten = theil_decomposition(TheilKind::T, kR, kW, groups, {}, LogBase::Ten);
  CHECK(*ten.within == Approx(*e.within / std::log(10.0)).epsilon(1e-13));
  CHECK(ten.base == LogBase::Ten);
  CHECK(to_string(LogBase::Ten) == "10");
  CHECK(to_string(LogBase::E) == "e");
}

TEST_CASE("theil decomposition of the 3-unit case by hand", "[theil]") {
  // Groups {A, B} and {C}: P_g = (1/2, 1/2), Y_g = (1/2, 1/2) -> between = 0 for T and L.
  // Inside {A, B}: P = (1/2, 1/2), Y = (1/3, 2/3):
  //   T_1 = 1/3 ln(2/3) + 2/3 ln(4/3);  within T = 1/2 T_1 = T (all inequality is within).
  //   L_1 = 1/2 ln(3/2) + 1/2 ln(3/4);  within L = 1/2 L_1 = L.
  const std::vector<std::string> groups{"g1", "g1", "g2"};
  const auto t = theil_decomposition(TheilKind::T, kR, kW, groups);
  REQUIRE(t.groups.size() == 2);
  CHECK(t.groups[0].key == "g1");
  CHECK(t.groups[0].units == 2);
  CHECK(*t.between == Approx(0.0).margin(1e-15));
  CHECK(*t.within == Approx(kT).epsilon(1e-13));
  CHECK(*t.groups[0].within_index ==
        Approx(std::log(2.0 / 3) / 3 + 2 * std::log(4.0 / 3) / 3).epsilon(1e-13));
  CHECK(*t.groups[1].within_index == Approx(0.0).margin(1e-15));
  CHECK(*t.between_share == Approx(0.0).margin(1e-12));
  const auto l = theil_decomposition(TheilKind::L, kR, kW, groups);
  CHECK(*l.between == Approx(0.0).margin(1e-15));
  CHECK(*l.within == Approx(kL).epsilon(1e-13));
  CHECK(*l.groups[0].within_index ==
        Approx(0.5 * std::log(1.5) + 0.5 * std::log(0.75)).epsilon(1e-13));

  // Groups {A} and {B, C}: between T = 1/6 ln((1/6)/(1/4)) + 5/6 ln((5/6)/(3/4)).
  const std::vector<std::string> other{"x", "y", "y"};
  const auto t2 = theil_decomposition(TheilKind::T, kR, kW, other);
  CHECK(*t2.between == Approx(std::log(2.0 / 3) / 6 + 5.0 / 6 * std::log(10.0 / 9)).epsilon(1e-13));
  CHECK(*t2.between + *t2.within == Approx(*t2.total).margin(1e-12));
}

TEST_CASE("theil decomposition identity holds on random inputs", "[theil]") {
  std::mt19937_64 rng(7);
  std::uniform_real_distribution<double> u(0.0, 1000.0);
  for (int trial = 0; trial < 200; ++trial) {
    const std::size_t n = 1 + rng() % 60;
    const std::size_t k = 1 + rng() % 8;
    std::vector<double> r(n), w(n);
    std::vector<std::string> groups(n);
    for (std::size_t i = 0; i < n; ++i) {
      r[i] = u(rng) + 1e-3;
      w[i] = u(rng) + 1e-3;
      groups[i] = "g" + std::to_string(rng() % k);
    }
    if (trial % 5 == 0) r[0] = 0.0;  // T stays defined (0 · ln 0), L becomes undefined
    for (auto kind : {TheilKind::T, TheilKind::L}) {
      for (auto base : {LogBase::E, LogBase::Ten}) {
        const auto d = theil_decomposition(kind, r, w, groups, {}, base);
        const auto plain = theil(kind, r, w, {}, base);
        REQUIRE(d.total.has_value() == plain.defined());
        if (!d.total) {
          CHECK(kind == TheilKind::L);
          continue;
        }
        CHECK(*d.total == Approx(*plain.value).margin(1e-15));
        CHECK(*d.between + *d.within == Approx(*d.total).margin(1e-12));
        CHECK(*d.between >= -1e-12);
        CHECK(*d.within >= -1e-12);
        double shares_p = 0.0, shares_y = 0.0;
        for (const auto& g : d.groups) {
          shares_p += g.weight_share;
          shares_y += g.resource_share;
        }
        CHECK(shares_p == Approx(1.0).epsilon(1e-12));
        CHECK(shares_y == Approx(1.0).epsilon(1e-12));
      }
    }
  }
}

TEST_CASE("theil is invariant to unit order and resource scale", "[theil]") {
  std::mt19937_64 rng(11);
  std::uniform_real_distribution<double> u(0.5, 50.0);
  const std::size_t n = 25;
  std::vector<double> r(n), w(n);
  for (std::size_t i = 0; i < n; ++i) {
    r[i] = u(rng);
    w[i] = u(rng);
  }
  std::vector<std::size_t> perm(n);
  for (std::size_t i = 0; i < n; ++i) perm[i] = i;
  std::shuffle(perm.begin(), perm.end(), rng);
  std::vector<double> rp(n), wp(n), rs(n);
  for (std::size_t i = 0; i < n; ++i) {
    rp[i] = r[perm[i]];
    wp[i] = w[perm[i]];
    rs[i] = r[i] * 1e4;
  }
  for (auto kind : {TheilKind::T, TheilKind::L}) {
    const double v = *theil(kind, r, w).value;
    CHECK(v > 0);
    CHECK(*theil(kind, rp, wp).value == Approx(v).margin(1e-13));
    CHECK(*theil(kind, rs, w).value == Approx(v).margin(1e-13));
  }
}

TEST_CASE("theil refuses bad inputs", "[theil]") {
  using equiroute::Error;
  const std::vector<std::string> ids{"a", "b"};
  CHECK_THROWS_AS(theil_t(std::vector<double>{1, 2}, std::vector<double>{1, 2, 3}), Error);
  CHECK_THROWS_WITH(theil_l(std::vector<double>{1, 2}, std::vector<double>{-1, 2}, ids),
                    Catch::Contains("'a'") || Catch::Contains("a:"));
  CHECK_THROWS_AS(theil_t(std::vector<double>{0, 0}, std::vector<double>{1, 2}), Error);
  CHECK_THROWS_AS(theil_t(std::vector<double>{1, 2}, std::vector<double>{0, 0}), Error);
  CHECK_THROWS_AS(theil_t(std::vector<double>{std::nan(""), 2}, std::vector<double>{1, 2}), Error);
  CHECK_THROWS_AS(theil_decomposition(TheilKind::T, std::vector<double>{1, 2},
                                      std::vector<double>{1, 2}, std::vector<std::string>{"g"}),
                  Error);
}

TEST_CASE("equity_indices bundles gini, band and theil", "[theil][equity]") {
  const auto e = equity_indices(kR, kW);
  CHECK(e.gini.gini == Approx(0.125));
  CHECK(e.band == "absolutely fair");
  CHECK(*e.theil_t.value == Approx(kT));
  CHECK(*e.theil_l.value == Approx(kL));
  CHECK_FALSE(e.theil_t_groups);
  const std::vector<std::string> groups{"g1", "g1", "g2"};
  const auto eg = equity_indices(kR, kW, {}, groups);
  REQUIRE(eg.theil_l_groups);
  CHECK(*eg.theil_l.value == Approx(kL));
  CHECK(*eg.theil_l_groups->within == Approx(kL));
}
