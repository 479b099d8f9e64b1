#include <tbb/global_control.h>
#include <tbb/task_arena.h>

#include <catch2/catch.hpp>
#include <cmath>
#include <cstring>
#include <random>
#include <vector>

#include "equiroute/core/error.hpp"
#include "equiroute/engine/catchment_weight.hpp"
#include "equiroute/engine/gravity.hpp"
#include "equiroute/engine/model_registry.hpp"
#include "minute_matrix.hpp"

using namespace equiroute;
using namespace equiroute::engine;
using equiroute::test::matrix_from_minutes;

namespace {

// The small case used for every hand computation below (minutes; "-" = unreachable):
//          F0   F1   F2        population   supply  beds  doctors
//   D0      5   25    -          100            F0    10      1
//   D1     15    -   40          200            F1    20      2
//   D2      -    -    -          300            F2    30      3
//   D3      0   35   12            0
// D2 reaches nothing; D3 has no people and is co-located with F0 (time 0).
struct SmallCase {
  CostMatrix costs = matrix_from_minutes({{5, 25, -1}, {15, -1, 40}, {-1, -1, -1}, {0, 35, 12}});
  std::vector<double> population{100, 200, 300, 0};
  SupplyMatrix supply{3, {"beds", "doctors"}, {10, 1, 20, 2, 30, 3}};
  AccessInput input() const { return {costs, population, supply}; }
};

}  // namespace

TEST_CASE("registry lists the models by their exact names", "[engine][access]") {
  CHECK(access_model_names() == std::vector<std::string>{"nearest", "cumulative", "gravity",
                                                         "2sfca", "e2sfca", "g2sfca", "3sfca"});
  CHECK_THROWS_AS(access_model("4sfca"), equiroute::Error);
  for (const auto& name : access_model_names()) {
    const auto& model = access_model(name);
    CHECK(model.name() == name);
    CHECK_FALSE(model.source().empty());
    for (const auto& spec : model.params()) CHECK_FALSE(spec.meaning.empty());
  }
  SECTION("parameters are checked") {
    CHECK_THROWS_AS(access_model("2sfca").resolve({{"treshold_min", 30.0}}), equiroute::Error);
    CHECK_THROWS_AS(access_model("2sfca").resolve({{"threshold_min", -5.0}}), equiroute::Error);
    CHECK_THROWS_AS(access_model("gravity").resolve({{"decay", std::string("linear")}}),
                    equiroute::Error);
    CHECK_THROWS_AS(access_model("e2sfca").resolve({{"zones_min", std::vector<double>{10, 20}}}),
                    equiroute::Error);
    CHECK_THROWS_AS(
        access_model("e2sfca").resolve({{"zones_min", std::vector<double>{20, 10, 30}}}),
        equiroute::Error);
  }
}

TEST_CASE("catchment weights: inclusive catchments, right-closed zones", "[engine][access]") {
  auto zones = CatchmentWeight::zones({10, 20, 30}, {1.0, 0.68, 0.22});
  CHECK(zones.at_s(0) == 1.0);
  CHECK(zones.at_s(600) == 1.0);  // exactly 10 min belongs to (0, 10]
  CHECK(zones.at_s(600.001) == 0.68);
  CHECK(zones.at_s(1200) == 0.68);
  CHECK(zones.at_s(1800) == 0.22);  // the catchment is inclusive
  CHECK(zones.at_s(1800.001) == 0.0);
  auto gauss = CatchmentWeight::gaussian(30);
  CHECK(gauss.at_s(0) == Approx(1.0));
  CHECK(gauss.at_s(1800) == Approx(0.0).margin(1e-15));
  // (e^{-1/8} - e^{-1/2}) / (1 - e^{-1/2}) at d = d0 / 2
  CHECK(gauss.at_s(900) == Approx((std::exp(-0.125) - std::exp(-0.5)) / (1 - std::exp(-0.5))));
}

TEST_CASE("2sfca hand-computed values", "[engine][access]") {
  SmallCase c;
  auto r = run_access_model("2sfca", c.input(), {{"threshold_min", 30.0}});
  REQUIRE(r.columns == std::vector<std::string>{"beds", "doctors"});
  // Catchments (d <= 30): F0 ← D0, D1, D3: ΣP = 100 + 200 + 0 = 300, R0 = 10/300.
  //                       F1 ← D0 (D3 at 35 is outside): ΣP = 100, R1 = 20/100 = 0.2.
  //                       F2 ← D3 only (D1 at 40 outside): ΣP = 0 → R2 undefined.
  CHECK(r.facility_ratio[0] == Approx(10.0 / 300));
  CHECK(r.facility_ratio[2] == Approx(0.2));
  CHECK(std::isnan(r.facility_ratio[4]));
  CHECK(std::isnan(r.facility_ratio[5]));
  CHECK(r.ratio_undefined == std::vector<std::uint8_t>{0, 0, 1});
  CHECK(r.ratio_undefined_count == 1);
  // A0 = R0 + R1; A1 = R0; A2 = 0 (nothing in reach, flagged); A3 = R0 (+ nothing from F2).
  CHECK(r.score(0, 0) == Approx(10.0 / 300 + 0.2));
  CHECK(r.score(1, 0) == Approx(10.0 / 300));
  CHECK(r.score(2, 0) == 0.0);
  CHECK(r.score(3, 0) == Approx(10.0 / 300));
  // doctors are beds / 10 at every facility
  CHECK(r.score(0, 1) == Approx(1.0 / 300 + 0.02));
  CHECK(r.unreached == std::vector<std::uint8_t>{0, 0, 1, 0});
  CHECK(r.unreached_count == 1);
  for (double v : r.scores) CHECK(std::isfinite(v));
}

TEST_CASE("e2sfca hand-computed values", "[engine][access]") {
  SmallCase c;
  auto r = run_access_model("e2sfca", c.input());
  // Default zones (0,10], (10,20], (20,30] → 1, 0.68, 0.22:
  // D_F0 = 100·1 (5 min) + 200·0.68 (15 min) + 0·1 (0 min) = 236 → R0 = 10/236
  // D_F1 = 100·0.22 (25 min) = 22 (D3 at 35 min is outside) → R1 = 20/22
  // D_F2 = 0·0.68 (D3, 12 min) = 0 (D1 at 40 min outside) → undefined
  CHECK(r.facility_ratio[0] == Approx(10.0 / 236));
  CHECK(r.facility_ratio[2] == Approx(20.0 / 22));
  CHECK(r.ratio_undefined[2] == 1);
  // A0 = 1·10/236 + 0.22·20/22 = 0.0423729 + 0.2; A1 = 0.68·10/236; A3 = 1·10/236
  CHECK(r.score(0, 0) == Approx(10.0 / 236 + 0.2));
  CHECK(r.score(1, 0) == Approx(0.68 * 10.0 / 236));
  CHECK(r.score(2, 0) == 0.0);
  CHECK(r.score(3, 0) == Approx(10.0 / 236));
}

TEST_CASE("g2sfca hand-computed values", "[engine][access]") {
  SmallCase c;
  auto r = run_access_model("g2sfca", c.input(), {{"threshold_min", 30.0}});
  // W(d) = (e^{-(d/30)²/2} − e^{-1/2}) / (1 − e^{-1/2}): W(5) = 0.9649455, W(15) = 0.7013666,
  // W(25) = 0.2544483, W(0) = 1, W(12) = 0.8046006.
  // D_F0 = 100·0.9649455 + 200·0.7013666 = 236.76786 → R0 = 0.04223546
  // D_F1 = 100·0.2544483 = 25.444833 → R1 = 0.78601419; D_F2 = 0 → undefined
  CHECK(r.facility_ratio[0] == Approx(0.04223546192));
  CHECK(r.facility_ratio[2] == Approx(0.78601418527));
  CHECK(r.ratio_undefined[2] == 1);
  // A0 = 0.9649455·R0 + 0.2544483·R1 = 0.2407549; A1 = 0.7013666·R0 = 0.0296225; A3 = R0
  CHECK(r.score(0, 0) == Approx(0.24075491761));
  CHECK(r.score(1, 0) == Approx(0.02962254120));
  CHECK(r.score(3, 0) == Approx(0.04223546192));
  CHECK(r.unreached[2] == 1);
}

TEST_CASE("3sfca hand-computed values", "[engine][access]") {
  SmallCase c;
  auto r = run_access_model("3sfca", c.input());
  // Zones (0,10], (10,20], (20,30], (30,60] → W = 0.962, 0.704, 0.377, 0.042.
  // W: D0: F0 0.962 (5), F1 0.377 (25)            Σ = 1.339
  //    D1: F0 0.704 (15), F2 0.042 (40)           Σ = 0.746
  //    D3: F0 0.962 (0), F1 0.042 (35), F2 0.704 (12)  Σ = 1.708
  // G_ij = W_ij / Σ_i, and G·W = W² / Σ:
  // D_F0 = 0.962²/1.339·100 + 0.704²/0.746·200 = 69.1140 + 132.8735 = 201.98749
  // D_F1 = 0.377²/1.339·100 = 10.614563 ; D_F2 = 0.042²/0.746·200 = 0.4729223 (D3 has P = 0)
  // R = 10/201.98749, 20/10.614563, 30/0.4729223 = 0.0495080, 1.8842038, 63.4353741
  CHECK(r.facility_ratio[0] == Approx(0.049508017698));
  CHECK(r.facility_ratio[2] == Approx(1.884203786701));
  CHECK(r.facility_ratio[4] == Approx(63.43537414966));
  CHECK(r.ratio_undefined_count == 0);
  // A0 = 0.962²/1.339·R0 + 0.377²/1.339·R1 = 0.2342173
  // A1 = 0.704²/0.746·R0 + 0.042²/0.746·R2 = 0.1828914
  // A3 = (0.962²·R0 + 0.042²·R1 + 0.704²·R2) / 1.708 = 18.4360229
  CHECK(r.score(0, 0) == Approx(0.234217250135));
  CHECK(r.score(1, 0) == Approx(0.182891374932));
  CHECK(r.score(2, 0) == 0.0);
  CHECK(r.score(3, 0) == Approx(18.436022850099));
  // Supply is conserved: Σ P_i A_i = Σ S_j = 60 (every R_j defined).
  CHECK(100 * r.score(0, 0) + 200 * r.score(1, 0) == Approx(60.0));
}

TEST_CASE("cumulative, gravity and nearest hand-computed values", "[engine][access]") {
  SmallCase c;
  SECTION("cumulative, T = 30 min") {
    auto r = run_access_model("cumulative", c.input(), {{"threshold_min", 30.0}});
    // D0: F0 + F1 = 30; D1: F0 = 10; D2: nothing (0, flagged); D3: F0 + F2 = 40 (F1 at 35 out)
    CHECK(r.column(0) == std::vector<double>{30, 10, 0, 40});
    CHECK(r.column(1) == std::vector<double>{3, 1, 0, 4});
    CHECK(r.unreached == std::vector<std::uint8_t>{0, 0, 1, 0});
  }
  SECTION("cumulative counts a pair at exactly T") {
    auto r = run_access_model("cumulative", c.input(), {{"threshold_min", 25.0}});
    CHECK(r.score(0, 0) == 30.0);
  }
  SECTION("gravity, power decay β = 1, minimum distance 1 min") {
    auto r = run_access_model("gravity", c.input());
    // D0: 10/5 + 20/25 = 2.8; D1: 10/15 + 30/40 = 1.4166667;
    // D3: 10/max(0, 1) + 20/35 + 30/12 = 10 + 0.5714286 + 2.5 (co-located: finite)
    CHECK(r.score(0, 0) == Approx(2.8));
    CHECK(r.score(1, 0) == Approx(10.0 / 15 + 0.75));
    CHECK(r.score(2, 0) == 0.0);
    CHECK(r.unreached[2] == 1);
    CHECK(r.score(3, 0) == Approx(12.5 + 20.0 / 35));
  }
  SECTION("gravity, exponential and gaussian decay with a cut-off") {
    auto r = run_access_model(
        "gravity", c.input(),
        {{"decay", std::string("exponential")}, {"beta", 0.1}, {"threshold_min", 30.0}});
    // D0: 10 e^{-0.5} + 20 e^{-2.5}; D1: 10 e^{-1.5} (F2 at 40 cut off)
    CHECK(r.score(0, 0) == Approx(10 * std::exp(-0.5) + 20 * std::exp(-2.5)));
    CHECK(r.score(1, 0) == Approx(10 * std::exp(-1.5)));
    CHECK(gravity_decay(GravityDecay::Gaussian, 0.01, 1.0, 10.0) == Approx(std::exp(-1.0)));
    CHECK(gravity_decay(GravityDecay::Power, 2.0, 1.0, 0.0) == 1.0);
    CHECK(gravity_decay(GravityDecay::Power, 2.0, 0.5, 0.0) == 4.0);
  }
  SECTION("nearest and k nearest") {
    auto r = run_access_model("nearest", c.input());
    REQUIRE(r.columns == std::vector<std::string>{"travel_s"});
    CHECK(r.score(0, 0) == 300.0);
    CHECK(r.score(1, 0) == 900.0);
    CHECK(std::isnan(r.score(2, 0)));
    CHECK(r.score(3, 0) == 0.0);
    CHECK(r.unreached_count == 1);
    auto k2 = run_access_model("nearest", c.input(), {{"k", 2.0}});
    REQUIRE(k2.columns == std::vector<std::string>{"travel_s", "mean_travel_s"});
    // D0: 2nd nearest 25 min, mean (5 + 25)/2 = 15 min; D1: 40, 27.5; D3: 12, 6 min
    CHECK(k2.score(0, 0) == 1500.0);
    CHECK(k2.score(0, 1) == 900.0);
    CHECK(k2.score(1, 1) == 1650.0);
    CHECK(k2.score(3, 0) == 720.0);
    CHECK(k2.score(3, 1) == 360.0);
    auto limited = run_access_model("nearest", c.input(), {{"k", 2.0}, {"threshold_min", 30.0}});
    CHECK(limited.unreached == std::vector<std::uint8_t>{0, 1, 1, 0});  // D1 has one within 30
  }
}

TEST_CASE("a facility with no demand at all in its catchment", "[engine][access]") {
  // F1 is reached by nobody within 30 min: R undefined (NaN, never infinity), flagged.
  CostMatrix costs = matrix_from_minutes({{10, 45}, {20, -1}});
  std::vector<double> pop{10, 30};
  SupplyMatrix supply{2, {"beds"}, {8, 100}};
  for (const std::string model : {"2sfca", "e2sfca", "g2sfca", "3sfca"}) {
    auto r =
        run_access_model(model, {costs, pop, supply},
                         model == "3sfca" ? ModelParams{{"zones_min", std::vector<double>{30}},
                                                        {"zone_weights", std::vector<double>{1}}}
                                          : ModelParams{});
    INFO(model);
    CHECK(std::isnan(r.facility_ratio[1]));
    CHECK(r.ratio_undefined == std::vector<std::uint8_t>{0, 1});
    for (double v : r.scores) CHECK(std::isfinite(v));
  }
}

namespace {
struct RandomCase {
  CostMatrix costs;
  std::vector<double> population;
  SupplyMatrix supply;
};

RandomCase random_case(std::size_t n, std::size_t m, double max_min, double density,
                       unsigned seed) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> minutes(0.0, max_min);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  RandomCase c;
  c.costs.origin_count = n;
  c.costs.destination_count = m;
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t j = 0; j < m; ++j) {
      if (unit(rng) >= density) continue;
      c.costs.destinations.push_back(static_cast<std::uint32_t>(j));
      c.costs.travel_s.push_back(minutes(rng) * 60.0);
    }
    c.costs.row_offsets.push_back(c.costs.destinations.size());
    c.population.push_back(i % 17 == 0 ? 0.0 : std::floor(unit(rng) * 5000));
  }
  c.supply = {m, {"beds", "doctors"}, {}};
  for (std::size_t j = 0; j < m; ++j) {
    c.supply.values.push_back(std::floor(unit(rng) * 500));
    c.supply.values.push_back(std::floor(unit(rng) * 50));
  }
  return c;
}
}  // namespace

TEST_CASE("floating catchment properties on random inputs", "[engine][access]") {
  SECTION(
      "2SFCA: population-weighted mean = total supply / total population when all pairs "
      "are within the catchment") {
    auto c = random_case(300, 40, 29.0, 1.0, 7);
    auto r =
        run_access_model("2sfca", {c.costs, c.population, c.supply}, {{"threshold_min", 30.0}});
    for (std::size_t a = 0; a < 2; ++a) {
      double supply = 0, people = 0, weighted = 0;
      for (std::size_t j = 0; j < 40; ++j) supply += c.supply.at(j, a);
      for (std::size_t i = 0; i < 300; ++i) {
        people += c.population[i];
        weighted += c.population[i] * r.score(i, a);
      }
      CHECK(weighted / people == Approx(supply / people).epsilon(1e-12));
    }
  }
  SECTION("E2SFCA with one zone of weight 1 equals 2SFCA") {
    auto c = random_case(500, 60, 90.0, 0.5, 11);
    AccessInput in{c.costs, c.population, c.supply};
    auto two = run_access_model("2sfca", in, {{"threshold_min", 45.0}});
    auto e2 = run_access_model(
        "e2sfca", in,
        {{"zones_min", std::vector<double>{45}}, {"zone_weights", std::vector<double>{1.0}}});
    REQUIRE(two.scores.size() == e2.scores.size());
    for (std::size_t k = 0; k < two.scores.size(); ++k) CHECK(two.scores[k] == e2.scores[k]);
    CHECK(two.ratio_undefined == e2.ratio_undefined);
  }
  SECTION("scores scale linearly with supply") {
    auto c = random_case(400, 50, 60.0, 0.4, 13);
    auto scaled = c.supply;
    for (double& v : scaled.values) v *= 3.0;
    for (const auto& name : access_model_names()) {
      if (name == "nearest") continue;
      INFO(name);
      auto base = run_access_model(name, {c.costs, c.population, c.supply});
      auto triple = run_access_model(name, {c.costs, c.population, scaled});
      for (std::size_t k = 0; k < base.scores.size(); ++k) {
        CHECK(triple.scores[k] == Approx(3.0 * base.scores[k]).epsilon(1e-12).margin(1e-300));
      }
    }
  }
  SECTION("supply is conserved: Σ P_i A_i = Σ of S_j over facilities with a defined ratio") {
    auto c = random_case(400, 50, 70.0, 0.3, 17);
    for (const std::string name : {"2sfca", "e2sfca", "g2sfca", "3sfca"}) {
      INFO(name);
      auto r = run_access_model(name, {c.costs, c.population, c.supply});
      double supply = 0, weighted = 0;
      for (std::size_t j = 0; j < 50; ++j) {
        if (!r.ratio_undefined[j]) supply += c.supply.at(j, 0);
      }
      for (std::size_t i = 0; i < 400; ++i) weighted += c.population[i] * r.score(i, 0);
      CHECK(weighted == Approx(supply).epsilon(1e-10));
    }
  }
}

TEST_CASE("3SFCA matches a naive dense reference on random inputs", "[engine][access]") {
  const std::size_t n = 120, m = 25;
  auto c = random_case(n, m, 80.0, 0.5, 23);
  auto w = CatchmentWeight::zones({10, 20, 30, 60}, {0.962, 0.704, 0.377, 0.042});
  std::vector<std::vector<double>> W(n, std::vector<double>(m, 0.0));
  for (std::size_t i = 0; i < n; ++i) {
    auto d = c.costs.row_destinations(i);
    auto t = c.costs.row_travel_s(i);
    for (std::size_t e = 0; e < d.size(); ++e) W[i][d[e]] = w.at_s(t[e]);
  }
  std::vector<double> D(m, 0.0), R(m, 0.0);
  std::vector<std::vector<double>> G(n, std::vector<double>(m, 0.0));
  for (std::size_t i = 0; i < n; ++i) {
    double s = 0;
    for (std::size_t j = 0; j < m; ++j) s += W[i][j];
    for (std::size_t j = 0; j < m; ++j) G[i][j] = s > 0 ? W[i][j] / s : 0;
  }
  for (std::size_t j = 0; j < m; ++j) {
    for (std::size_t i = 0; i < n; ++i) D[j] += G[i][j] * W[i][j] * c.population[i];
    R[j] = D[j] > 0 ? c.supply.at(j, 0) / D[j] : 0;
  }
  auto r = run_access_model("3sfca", {c.costs, c.population, c.supply});
  for (std::size_t i = 0; i < n; ++i) {
    double a = 0;
    for (std::size_t j = 0; j < m; ++j) a += G[i][j] * W[i][j] * R[j];
    CHECK(r.score(i, 0) == Approx(a).epsilon(1e-12).margin(1e-300));
  }
}

TEST_CASE("results are bit-identical for any thread count", "[engine][access]") {
  auto c = random_case(3000, 200, 90.0, 0.3, 29);
  AccessInput in{c.costs, c.population, c.supply};
  // Allow more workers than cores so that 4 threads really interleave on a 2-core machine.
  tbb::global_control allow(tbb::global_control::max_allowed_parallelism, 4);
  for (const auto& name : access_model_names()) {
    INFO(name);
    std::vector<AccessResult> runs;
    for (int threads : {1, 2, 4}) {
      tbb::task_arena arena(threads);
      arena.execute([&] { runs.push_back(run_access_model(name, in)); });
    }
    for (std::size_t t = 1; t < runs.size(); ++t) {
      REQUIRE(runs[t].scores.size() == runs[0].scores.size());
      CHECK(std::memcmp(runs[t].scores.data(), runs[0].scores.data(),
                        runs[0].scores.size() * sizeof(double)) == 0);
      CHECK(runs[t].unreached == runs[0].unreached);
    }
  }
}

TEST_CASE("inputs of the wrong size are refused", "[engine][access]") {
  SmallCase c;
  std::vector<double> short_population{1, 2};
  CHECK_THROWS_AS(run_access_model("2sfca", {c.costs, short_population, c.supply}),
                  std::invalid_argument);
  std::vector<double> negative{1, -2, 3, 4};
  CHECK_THROWS_AS(run_access_model("2sfca", {c.costs, negative, c.supply}), std::invalid_argument);
}
