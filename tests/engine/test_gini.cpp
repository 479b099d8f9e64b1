// Gini coefficient and Lorenz curve (docs/equity.md) against values worked by hand.

#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "equiroute/core/error.hpp"
#include "equiroute/engine/gini.hpp"

using equiroute::engine::gini;
using equiroute::engine::gini_band;

TEST_CASE("gini of perfect equality is 0", "[gini]") {
  const std::vector<double> r{10, 20, 30, 40};
  const std::vector<double> w{1, 2, 3, 4};  // same ratio everywhere
  const auto g = gini(r, w);
  CHECK(g.gini == Approx(0.0).margin(1e-15));
  REQUIRE(g.lorenz.points.size() == 5);
  for (const auto& [x, y] : g.lorenz.points) CHECK(y == Approx(x).margin(1e-15));
}

TEST_CASE("gini with all resource in one unit is (n-1)/n for equal weights", "[gini]") {
  for (std::size_t n : {2u, 3u, 7u, 50u}) {
    std::vector<double> r(n, 0.0);
    std::vector<double> w(n, 5.0);
    r[n / 2] = 123.0;
    const auto g = gini(r, w);
    CHECK(g.gini == Approx(double(n - 1) / double(n)).epsilon(1e-12));
    CHECK(g.lorenz.order.back() == n / 2);
  }
}

TEST_CASE("gini of a 3-unit case worked on paper", "[gini]") {
  // Units A (r=1, w=1), B (r=2, w=1), C (r=3, w=2). Ratios r/w: 1, 2, 1.5 -> order A, C, B.
  // Σw = 4, Σr = 6. X = 0, 1/4, 3/4, 1; Y = 0, 1/6, 4/6, 1.
  // G = (0·1/6 − 1/4·0) + (1/4·4/6 − 3/4·1/6) + (3/4·1 − 1·4/6)
  //   = 0 + (1/6 − 1/8) + (3/4 − 2/3) = 1/24 + 2/24 = 1/8 = 0.125.
  // Check by the trapezoid form: 1 − [1/4·1/6 + 1/2·5/6 + 1/4·5/3] = 1 − 21/24 = 1/8.
  const std::vector<double> r{1, 2, 3};
  const std::vector<double> w{1, 1, 2};
  const auto g = gini(r, w);
  CHECK(g.gini == Approx(0.125).epsilon(1e-14));
  REQUIRE(g.lorenz.order == std::vector<std::size_t>{0, 2, 1});
  const std::vector<std::pair<double, double>> expected{
      {0.0, 0.0}, {0.25, 1.0 / 6}, {0.75, 4.0 / 6}, {1.0, 1.0}};
  REQUIRE(g.lorenz.points.size() == expected.size());
  for (std::size_t k = 0; k < expected.size(); ++k) {
    CHECK(g.lorenz.points[k].first == Approx(expected[k].first).epsilon(1e-14));
    CHECK(g.lorenz.points[k].second == Approx(expected[k].second).epsilon(1e-14));
  }
  // The last point is exactly (1, 1), not merely close.
  CHECK(g.lorenz.points.back().first == 1.0);
  CHECK(g.lorenz.points.back().second == 1.0);
}

TEST_CASE("gini handles zero-weight units", "[gini]") {
  SECTION("resource on zero weight sorts last: A (1, 1), B (1, 0)") {
    // X = 0, 1, 1; Y = 0, 1/2, 1 -> G = (0 − 0) + (1·1 − 1·1/2) = 1/2.
    const auto g = gini(std::vector<double>{1, 1}, std::vector<double>{0 + 1, 0});
    CHECK(g.gini == Approx(0.5));
    CHECK(g.lorenz.order == std::vector<std::size_t>{0, 1});
  }
  SECTION("a unit with neither weight nor resource changes nothing") {
    const std::vector<double> r{1, 2, 3};
    const std::vector<double> w{1, 1, 2};
    const std::vector<double> r0{1, 0, 2, 3};
    const std::vector<double> w0{1, 0, 1, 2};
    CHECK(gini(r0, w0).gini == Approx(gini(r, w).gini).epsilon(1e-14));
  }
}

TEST_CASE("gini is invariant to unit order and to resource scale", "[gini]") {
  std::mt19937_64 rng(42);
  std::uniform_real_distribution<double> u(0.0, 100.0);
  for (int trial = 0; trial < 50; ++trial) {
    const std::size_t n = 2 + rng() % 40;
    std::vector<double> r(n), w(n);
    for (std::size_t i = 0; i < n; ++i) {
      r[i] = u(rng);
      w[i] = u(rng) + 0.1;
    }
    const double g = gini(r, w).gini;
    CHECK(g >= 0.0);
    CHECK(g < 1.0);
    // Independent check: G = 1 − Σ (X_{i+1} − X_i)(Y_{i+1} + Y_i) (docs/equity.md).
    const auto curve = gini(r, w).lorenz.points;
    double trapezoids = 0.0;
    for (std::size_t k = 0; k + 1 < curve.size(); ++k) {
      trapezoids += (curve[k + 1].first - curve[k].first) * (curve[k + 1].second + curve[k].second);
    }
    CHECK(g == Approx(1.0 - trapezoids).margin(1e-12));
    // Independent check: half the relative mean difference of the densities x_i = r_i / w_i
    // weighted by the shares p_i = w_i / Σw, G = Σ_i Σ_j p_i p_j |x_i − x_j| / (2 μ).
    double total_w = 0.0, total_r = 0.0;
    for (std::size_t i = 0; i < n; ++i) {
      total_w += w[i];
      total_r += r[i];
    }
    double mean_difference = 0.0;
    for (std::size_t i = 0; i < n; ++i) {
      for (std::size_t j = 0; j < n; ++j) {
        mean_difference += w[i] / total_w * w[j] / total_w * std::abs(r[i] / w[i] - r[j] / w[j]);
      }
    }
    CHECK(g == Approx(mean_difference / (2 * total_r / total_w)).margin(1e-12));

    std::vector<std::size_t> perm(n);
    for (std::size_t i = 0; i < n; ++i) perm[i] = i;
    std::shuffle(perm.begin(), perm.end(), rng);
    std::vector<double> rp(n), wp(n), rs(n);
    for (std::size_t i = 0; i < n; ++i) {
      rp[i] = r[perm[i]];
      wp[i] = w[perm[i]];
      rs[i] = r[i] * 37.5;
    }
    CHECK(gini(rp, wp).gini == Approx(g).margin(1e-12));
    CHECK(gini(rs, w).gini == Approx(g).margin(1e-12));
  }
}

TEST_CASE("gini refuses bad inputs naming the unit", "[gini]") {
  const std::vector<std::string> ids{"430100", "430200"};
  using equiroute::Error;
  CHECK_THROWS_AS(gini(std::vector<double>{1, 2}, std::vector<double>{1}), Error);
  CHECK_THROWS_AS(gini(std::vector<double>{}, std::vector<double>{}), Error);
  CHECK_THROWS_WITH(gini(std::vector<double>{1, -2}, std::vector<double>{1, 1}, ids),
                    Catch::Contains("430200") && Catch::Contains("negative"));
  CHECK_THROWS_WITH(gini(std::vector<double>{1, 2}, std::vector<double>{std::nan(""), 1}, ids),
                    Catch::Contains("430100") && Catch::Contains("finite"));
  CHECK_THROWS_WITH(gini(std::vector<double>{0, 0}, std::vector<double>{1, 1}),
                    Catch::Contains("total resource is zero"));
  CHECK_THROWS_WITH(gini(std::vector<double>{1, 1}, std::vector<double>{0, 0}),
                    Catch::Contains("total weight is zero"));
  CHECK_THROWS_AS(gini(std::vector<double>{1, std::numeric_limits<double>::infinity()},
                       std::vector<double>{1, 1}),
                  Error);
}

TEST_CASE("gini bands follow the paper", "[gini]") {
  CHECK(gini_band(0.0) == "absolutely fair");
  CHECK(gini_band(0.1999) == "absolutely fair");
  CHECK(gini_band(0.2) == "relatively fair");
  CHECK(gini_band(0.3) == "relatively reasonable");
  CHECK(gini_band(0.4) == "large gap");
  CHECK(gini_band(0.4999) == "large gap");
  CHECK(gini_band(0.5) == "highly unequal");
  CHECK(gini_band(0.9) == "highly unequal");
  CHECK(gini_band(std::nan("")) == "undefined");
}
