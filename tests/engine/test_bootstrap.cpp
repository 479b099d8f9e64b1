// Bootstrap machinery (engine/bootstrap.hpp): options, resampling plans and streams,
// quantiles, jackknife acceleration and percentile/BCa intervals, against values worked
// by hand (docs/uncertainty.md).

#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <limits>
#include <numeric>
#include <set>
#include <string>
#include <vector>

#include "equiroute/core/error.hpp"
#include "equiroute/engine/bootstrap.hpp"

using namespace equiroute::engine;
using equiroute::Error;
using equiroute::ErrorKind;

TEST_CASE("bootstrap options: 0 replicates or a level outside (0, 1) is bad input", "[bootstrap]") {
  BootstrapOptions zero;
  zero.replicates = 0;
  try {
    validate(zero);
    FAIL("no error for 0 replicates");
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::BadInput);
    CHECK(e.exit_code() == 2);
    const std::string what = e.what();
    CHECK(what.find('\n') == std::string::npos);
    CHECK(what.find("field 'bootstrap'") != std::string::npos);
    CHECK(what.find("at least 1 (got 0)") != std::string::npos);
  }
  for (double level : {0.0, 1.0, -0.5, 95.0, std::nan("")}) {
    BootstrapOptions o;
    o.level = level;
    CHECK_THROWS_AS(validate(o), Error);
  }
  CHECK_NOTHROW(validate(BootstrapOptions{}));
}

TEST_CASE("replicate quantiles follow the (B + 1) p rule with interpolation", "[bootstrap]") {
  std::vector<double> sorted(19);
  std::iota(sorted.begin(), sorted.end(), 1.0);     // 1, 2, ..., 19: value = position
  CHECK(replicate_quantile(sorted, 0.05) == 1.0);   // position 20 · 0.05 = 1
  CHECK(replicate_quantile(sorted, 0.95) == 19.0);  // position 19
  CHECK(replicate_quantile(sorted, 0.5) == 10.0);   // position 10
  CHECK(replicate_quantile(sorted, 0.125) == Approx(2.5).margin(1e-12));  // 2.5
  CHECK(replicate_quantile(sorted, 0.01) == 1.0);                         // below 1: clamped
  CHECK(replicate_quantile(sorted, 0.999) == 19.0);                       // beyond B: clamped
  const std::vector<double> one{4.0};
  CHECK(replicate_quantile(one, 0.3) == 4.0);
}

TEST_CASE("resampling plans draw n units per replicate, stratum by stratum", "[bootstrap]") {
  const std::vector<std::string> keys{"a", "b", "a", "c", "b", "a"};
  const auto plan = ResamplingPlan::stratified(keys);
  REQUIRE(plan.strata().size() == 3);
  CHECK(plan.strata()[0] == std::vector<std::size_t>{0, 2, 5});
  CHECK(plan.strata()[1] == std::vector<std::size_t>{1, 4});
  CHECK(plan.strata()[2] == std::vector<std::size_t>{3});
  CHECK(plan.stratum_of() == std::vector<std::size_t>{0, 1, 0, 2, 1, 0});
  std::vector<double> counts;
  for (std::size_t b = 0; b < 200; ++b) {
    plan.draw_counts(7, b, counts);
    REQUIRE(counts.size() == 6);
    CHECK(counts[0] + counts[2] + counts[5] == 3.0);
    CHECK(counts[1] + counts[4] == 2.0);
    CHECK(counts[3] == 1.0);  // a one-unit stratum is always drawn once
  }
  const auto simple = ResamplingPlan::simple(5);
  CHECK_FALSE(simple.is_stratified());
  simple.draw_counts(7, 0, counts);
  CHECK(std::accumulate(counts.begin(), counts.end(), 0.0) == 5.0);
}

TEST_CASE("replicate streams depend on (seed, replicate) only", "[bootstrap]") {
  const auto plan = ResamplingPlan::simple(50);
  std::vector<double> a;
  std::vector<double> b;
  plan.draw_counts(2022, 17, a);
  plan.draw_counts(2022, 17, b);
  CHECK(a == b);  // same stream, computed twice
  plan.draw_counts(2022, 18, b);
  CHECK(a != b);
  plan.draw_counts(2023, 17, b);
  CHECK(a != b);
  std::set<std::uint64_t> seeds;
  for (std::size_t r = 0; r < 1000; ++r) seeds.insert(replicate_stream_seed(2022, r));
  CHECK(seeds.size() == 1000);
}

TEST_CASE("two units: the pattern (1, 1) comes up in half of the replicates", "[bootstrap]") {
  // Draws of 2 units from 2: (2,0), (0,2) with probability 1/4 each, (1,1) with 1/2.
  // Over 4000 replicates the share has standard deviation √(0.25/4000) = 0.0079; ±0.04 is
  // five of them.
  const auto plan = ResamplingPlan::simple(2);
  std::vector<double> counts;
  int both = 0;
  for (std::size_t b = 0; b < 4000; ++b) {
    plan.draw_counts(kDefaultBootstrapSeed, b, counts);
    both += counts[0] == 1.0 ? 1 : 0;
  }
  CHECK(both / 4000.0 == Approx(0.5).margin(0.04));
}

TEST_CASE("jackknife acceleration of one sample matches Efron's formula by hand", "[bootstrap]") {
  // θ_(i) = 1, 2, 3, 10: mean 4, d = 3, 2, 1, −6; a = Σd³ / (6 (Σd²)^{3/2})
  //   = (27 + 8 + 1 − 216) / (6 · 50^{3/2}) = −180 / 2121.32 = −0.0848528.
  const std::vector<double> loo{1, 2, 3, 10};
  const auto a = bca_acceleration(loo, ResamplingPlan::simple(4));
  REQUIRE(a.value);
  CHECK(*a.value == Approx(-180.0 / (6.0 * std::pow(50.0, 1.5))).epsilon(1e-12));
  CHECK(*a.value == Approx(-0.0848528).margin(1e-7));
}

TEST_CASE("stratified acceleration weighs each stratum by its size", "[bootstrap]") {
  // Stratum {0, 1}: θ_(i) = 1, 3, mean 2, l = (2 − 1)(2 − θ) = 1, −1:
  //   n⁻² Σ l² = 2/4, n⁻³ Σ l³ = 0.
  // Stratum {2, 3, 4}: θ_(i) = 0, 0, 3, mean 1, l = 2 (1 − θ) = 2, 2, −4:
  //   n⁻² Σ l² = 24/9, n⁻³ Σ l³ = −48/27.
  // Stratum {5}: one unit, not resampled: nothing.
  // a = (−48/27) / (6 (1/2 + 24/9)^{3/2}) = (−16/9) / (6 (19/6)^{3/2}) = −0.0525803.
  const std::vector<std::string> keys{"x", "x", "y", "y", "y", "z"};
  const std::vector<double> loo{1, 3, 0, 0, 3, 100};
  const auto a = bca_acceleration(loo, ResamplingPlan::stratified(keys));
  REQUIRE(a.value);
  CHECK(*a.value == Approx((-16.0 / 9.0) / (6.0 * std::pow(19.0 / 6.0, 1.5))).epsilon(1e-12));
  CHECK(*a.value == Approx(-0.0525803).margin(1e-7));
}

TEST_CASE("acceleration is undefined, with a reason, when the jackknife cannot give it",
          "[bootstrap]") {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const std::vector<double> with_nan{1, nan, 3};
  CHECK_FALSE(bca_acceleration(with_nan, ResamplingPlan::simple(3)).value);
  const std::vector<double> equal{2, 2, 2};
  const auto flat = bca_acceleration(equal, ResamplingPlan::simple(3));
  CHECK_FALSE(flat.value);
  CHECK(flat.undefined_reason.find("same") != std::string::npos);
  const std::vector<std::string> singletons{"a", "b"};
  const std::vector<double> two{1, 2};
  CHECK_FALSE(bca_acceleration(two, ResamplingPlan::stratified(singletons)).value);
}

TEST_CASE("BCa with z0 = 0 and a = 0 is the percentile interval", "[bootstrap]") {
  std::vector<double> replicates(19);
  std::iota(replicates.begin(), replicates.end(), 1.0);
  std::reverse(replicates.begin(), replicates.end());  // order must not matter
  // 9 below 10, 1 equal: share (9 + 0.5) / 19 = 0.5 → z0 = 0.
  const auto out = bootstrap_interval(10.0, replicates, Acceleration{0.0, {}}, 0.90);
  CHECK(out.percentile.lower == 1.0);  // (19 + 1) · 0.05 = position 1
  CHECK(out.percentile.upper == 19.0);
  REQUIRE(out.bca);
  CHECK(*out.z0 == Approx(0.0).margin(1e-15));
  CHECK(out.bca->lower == Approx(1.0).margin(1e-9));
  CHECK(out.bca->upper == Approx(19.0).margin(1e-9));
  CHECK(out.method() == IntervalMethod::BCa);
  CHECK(out.replicate_mean == 10.0);
  CHECK(out.standard_error == Approx(std::sqrt(19.0 * 20.0 / 12.0)).epsilon(1e-12));
}

TEST_CASE("BCa adjusted levels worked by hand", "[bootstrap]") {
  // Replicates 1..999 (value = position), estimate 500: 499 below, 1 equal → z0 = 0.
  // a = 0.1, level 0.95: α₁ = Φ(z/(1 − a z)) with z = ∓1.959964:
  //   lower Φ(−1.959964 / 1.1959964) = Φ(−1.638771) = 0.0506305 → position 50.6305;
  //   upper Φ(1.959964 / 0.8040036) = Φ(2.437757) = 0.9926106 → position 992.6106.
  std::vector<double> replicates(999);
  std::iota(replicates.begin(), replicates.end(), 1.0);
  const auto out = bootstrap_interval(500.0, replicates, Acceleration{0.1, {}}, 0.95);
  REQUIRE(out.bca);
  CHECK(out.bca->lower == Approx(50.6305).margin(1e-4));
  CHECK(out.bca->upper == Approx(992.6106).margin(1e-4));
  CHECK(out.percentile.lower == Approx(25.0).margin(1e-9));  // 1000 · 0.025
  CHECK(out.percentile.upper == Approx(975.0).margin(1e-9));
}

TEST_CASE("BCa falls back openly when it is not defined", "[bootstrap]") {
  std::vector<double> replicates(19);
  std::iota(replicates.begin(), replicates.end(), 1.0);
  SECTION("every replicate above the estimate") {
    const auto out = bootstrap_interval(0.5, replicates, Acceleration{0.0, {}}, 0.95);
    CHECK_FALSE(out.bca);
    CHECK_FALSE(out.z0);
    CHECK(out.bca_undefined_reason.find("one side") != std::string::npos);
    CHECK(out.method() == IntervalMethod::Percentile);
    CHECK(out.preferred().lower == out.percentile.lower);
  }
  SECTION("acceleration undefined") {
    const auto out =
        bootstrap_interval(10.0, replicates, Acceleration{std::nullopt, "no jackknife"}, 0.95);
    CHECK_FALSE(out.bca);
    CHECK(out.bca_undefined_reason == "no jackknife");
    CHECK(out.z0);
  }
  SECTION("too few replicates for the adjusted level") {
    // B = 19, level 0.95: even unadjusted, 20 · 0.025 = 0.5 < 1.
    const auto out = bootstrap_interval(10.0, replicates, Acceleration{0.0, {}}, 0.95);
    CHECK_FALSE(out.bca);
    CHECK(out.bca_undefined_reason.find("too few replicates") != std::string::npos);
  }
  SECTION("1 − a (z0 + z) ≤ 0") {
    const auto out = bootstrap_interval(10.0, replicates, Acceleration{0.9, {}}, 0.90);
    CHECK_FALSE(out.bca);
    CHECK(out.bca_undefined_reason.find("acceleration is too large") != std::string::npos);
  }
}
