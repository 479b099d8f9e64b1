#include <catch2/catch.hpp>
#include <cmath>
#include <limits>
#include <random>
#include <vector>

#include "equiroute/core/error.hpp"
#include "equiroute/render/class_breaks.hpp"
#include "equiroute/render/color_ramp.hpp"

using namespace equiroute::io;

namespace {

const double kNaN = std::numeric_limits<double>::quiet_NaN();

/// Reference: total within-class sum of squared deviations of the best split of sorted x
/// into k non-empty contiguous groups, by enumerating all splits (independent of the DP).
double brute_force_best_ssd(const std::vector<double>& x, std::size_t k, std::size_t first = 0) {
  auto ssd = [&](std::size_t a, std::size_t b) {
    double m = 0.0;
    for (std::size_t i = a; i <= b; ++i) m += x[i];
    m /= static_cast<double>(b - a + 1);
    double s = 0.0;
    for (std::size_t i = a; i <= b; ++i) s += (x[i] - m) * (x[i] - m);
    return s;
  };
  if (k == 1) return ssd(first, x.size() - 1);
  double best = std::numeric_limits<double>::infinity();
  for (std::size_t last = first; last + k <= x.size(); ++last) {  // keep k-1 values for the rest
    best = std::min(best, ssd(first, last) + brute_force_best_ssd(x, k - 1, last + 1));
  }
  return best;
}

double ssd_of(const std::vector<double>& x, const ClassBreaks& b) {
  // Two passes over the classes (mean, then squared deviations), no per-class arrays.
  double total = 0.0;
  for (std::size_t c = 0; c < b.classes(); ++c) {
    double sum = 0.0, n = 0.0;
    for (double v : x) {
      if (b.class_of(v) == static_cast<int>(c)) {
        sum += v;
        n += 1.0;
      }
    }
    for (double v : x) {
      if (b.class_of(v) == static_cast<int>(c)) total += (v - sum / n) * (v - sum / n);
    }
  }
  return total;
}

}  // namespace

TEST_CASE("Jenks natural breaks find the obvious clusters", "[io][class_breaks]") {
  std::vector<double> x{22, 1, 11, 2, 3, 10, 12, 20, 21};
  auto b = compute_class_breaks(x, ClassMethod::Jenks, 3);
  CHECK(b.min == 1.0);
  REQUIRE(b.upper == std::vector<double>{3, 12, 22});
  CHECK(b.finite_count == 9);
  // Class means 2, 11, 21 → SDCM = 3·2 = 6; SDAM = 1704 − 102²/9 = 548.
  CHECK(goodness_of_variance_fit(x, b) == Approx(1.0 - 6.0 / 548.0).epsilon(1e-12));
  CHECK(b.class_of(3.0) == 0);
  CHECK(b.class_of(3.5) == 1);
  CHECK(b.class_of(12.0) == 1);
  CHECK(b.class_of(22.0) == 2);
  CHECK(b.class_of(-5.0) == 0);
  CHECK(b.class_of(100.0) == 2);
  CHECK(b.class_of(kNaN) == -1);
}

TEST_CASE("Jenks is optimal against brute-force enumeration", "[io][class_breaks]") {
  std::mt19937 rng(42);
  std::lognormal_distribution<double> dist(0.0, 1.0);
  for (int trial = 0; trial < 40; ++trial) {
    std::vector<double> x(7 + static_cast<std::size_t>(trial % 8));
    for (auto& v : x) v = std::round(dist(rng) * 100.0) / 10.0;
    std::sort(x.begin(), x.end());
    for (int k = 2; k <= 4; ++k) {
      auto b = compute_class_breaks(x, ClassMethod::Jenks, k);
      std::vector<double> distinct = x;
      distinct.erase(std::unique(distinct.begin(), distinct.end()), distinct.end());
      if (distinct.size() <= static_cast<std::size_t>(k)) continue;
      CHECK(ssd_of(x, b) ==
            Approx(brute_force_best_ssd(x, static_cast<std::size_t>(k))).margin(1e-9));
    }
  }
}

TEST_CASE("Jenks samples large inputs deterministically", "[io][class_breaks]") {
  std::vector<double> x;
  for (int i = 0; i < 4000; ++i)
    x.push_back(i % 3 == 0 ? 1.0 + i * 1e-4 : i % 3 == 1 ? 100.0 + i * 1e-4 : 1000.0 + i * 1e-4);
  auto a = compute_class_breaks(x, ClassMethod::Jenks, 3, 500);
  auto b = compute_class_breaks(x, ClassMethod::Jenks, 3, 500);
  CHECK(a.upper == b.upper);
  REQUIRE(a.classes() == 3);
  CHECK(a.upper[0] < 2.0);
  CHECK(a.upper[1] > 100.0);
  CHECK(a.upper[1] < 101.0);
  CHECK(a.upper[2] == *std::max_element(x.begin(), x.end()));
}

TEST_CASE("Quantile and equal-interval breaks", "[io][class_breaks]") {
  std::vector<double> ten{10, 9, 8, 7, 6, 5, 4, 3, 2, 1};
  // ranks ceil(2.5)=3, ceil(5)=5, ceil(7.5)=8, 10
  CHECK(compute_class_breaks(ten, ClassMethod::Quantiles, 4).upper ==
        std::vector<double>{3, 5, 8, 10});
  auto eq =
      compute_class_breaks(std::vector<double>{0, 1, 2, 3, 4, 10}, ClassMethod::EqualInterval, 5);
  CHECK(eq.min == 0.0);
  REQUIRE(eq.upper.size() == 5);
  CHECK(eq.upper[0] == Approx(2.0));
  CHECK(eq.upper[1] == Approx(4.0));
  CHECK(eq.upper[3] == Approx(8.0));
  CHECK(eq.upper[4] == 10.0);
  // Ties: ranks 3, 6, 9 of {1,1,1,1,1,1,2,3,4} are 1, 1, 4 → merged into 2 classes.
  CHECK(compute_class_breaks(std::vector<double>{1, 1, 1, 1, 1, 1, 2, 3, 4}, ClassMethod::Quantiles,
                             3)
            .upper == std::vector<double>{1, 4});
}

TEST_CASE("Class breaks handle NaN, constants and few distinct values", "[io][class_breaks]") {
  const double inf = std::numeric_limits<double>::infinity();
  auto b =
      compute_class_breaks(std::vector<double>{kNaN, 1, 2, 3, inf, 4, 5, 6}, ClassMethod::Jenks, 2);
  CHECK(b.finite_count == 6);
  CHECK(b.upper == std::vector<double>{3, 6});
  for (auto method : {ClassMethod::Quantiles, ClassMethod::EqualInterval, ClassMethod::Jenks}) {
    auto c = compute_class_breaks(std::vector<double>{5, 5, 5}, method, 4);
    CHECK(c.min == 5.0);
    CHECK(c.upper == std::vector<double>{5});
    auto d = compute_class_breaks(std::vector<double>{1, 1, 2, 2, 3}, method, 5);
    CHECK(d.upper == std::vector<double>{1, 2, 3});
    auto e = compute_class_breaks(std::vector<double>{kNaN, kNaN}, method, 3);
    CHECK(e.classes() == 0);
    CHECK(e.class_of(1.0) == -1);
  }
  CHECK_THROWS_AS(compute_class_breaks(std::vector<double>{1, 2}, ClassMethod::Jenks, 0),
                  std::invalid_argument);
}

TEST_CASE("Method and ramp names parse; ramps are ColorBrewer's", "[io][class_breaks]") {
  CHECK(parse_class_method("jenks") == ClassMethod::Jenks);
  CHECK(parse_class_method("equal-interval") == ClassMethod::EqualInterval);
  CHECK(parse_class_method("quantiles") == ClassMethod::Quantiles);
  CHECK(to_string(ClassMethod::EqualInterval) == "equal-interval");
  CHECK_THROWS_AS(parse_class_method("kmeans"), equiroute::Error);
  CHECK(parse_color_ramp("ylorrd") == ColorRamp::YlOrRd);
  CHECK_THROWS_AS(parse_color_ramp("rainbow"), equiroute::Error);
  auto five = color_ramp(ColorRamp::YlOrRd, 5);
  REQUIRE(five.size() == 5);
  // YlOrRd 5-class: #ffffb2 ... #bd0026
  CHECK(five.front().b == Approx(0xb2 / 255.0));
  CHECK(five.back().r == Approx(0xbd / 255.0));
  auto rev = color_ramp(ColorRamp::YlOrRd, 5, true);
  CHECK(rev.front().r == Approx(0xbd / 255.0));
  CHECK(color_ramp(ColorRamp::Blues, 1).size() == 1);
  CHECK_THROWS_AS(color_ramp(ColorRamp::Blues, 10), std::invalid_argument);
}
