// Parameter sweeps (engine/sweep_grid.hpp, engine/rank_stability.hpp): grid order and
// bad input; average ranks, Spearman's ρ and rank moves against values worked by hand.

#include <catch2/catch.hpp>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "equiroute/core/error.hpp"
#include "equiroute/engine/rank_stability.hpp"
#include "equiroute/engine/sweep_grid.hpp"

using namespace equiroute::engine;
using equiroute::Error;

namespace {

const std::vector<SweepParameterSpec> kKnown{
    {"speed_kmh", SweepStage::Network, true},
    {"threshold_min", SweepStage::Model, true},
    {"gravity.beta", SweepStage::Model, true},
    {"gravity.decay", SweepStage::Model, false},
};

/// The message of the Error `f` throws (fails the test when it throws nothing).
template <typename F>
Error error_of(F&& f) {
  try {
    f();
  } catch (const Error& e) {
    return e;
  }
  FAIL("no error");
  return Error("unreachable");
}

}  // namespace

TEST_CASE("sweep grid: network axes first, last axis fastest", "[sweep]") {
  const SweepGrid grid(
      {{"threshold_min", {30.0, 60.0}}, {"speed_kmh", {40.0, 60.0, 80.0}}, {"gravity.beta", {1.5}}},
      kKnown);
  REQUIRE(grid.axes().size() == 3);
  CHECK(grid.axes()[0].name == "speed_kmh");
  CHECK(grid.axes()[1].name == "threshold_min");
  CHECK(grid.axes()[2].name == "gravity.beta");
  CHECK(grid.size() == 6);
  CHECK(grid.network_settings() == 3);
  // (speed, threshold, beta): 40/30, 40/60, 60/30, 60/60, 80/30, 80/60.
  const double speed[] = {40, 40, 60, 60, 80, 80};
  const double threshold[] = {30, 60, 30, 60, 30, 60};
  for (std::size_t i = 0; i < 6; ++i) {
    const auto values = grid.combination(i);
    CHECK(std::get<double>(values[0]) == speed[i]);
    CHECK(std::get<double>(values[1]) == threshold[i]);
    CHECK(std::get<double>(values[2]) == 1.5);
    CHECK(grid.network_setting(i) == i / 2);
    CHECK(grid.index_of(values) == i);
  }
  CHECK(grid.label(3) == "speed_kmh=60, threshold_min=60, gravity.beta=1.5");
  CHECK(std::get<double>(grid.value(5, "threshold_min")) == 60.0);
  CHECK_THROWS_AS(grid.combination(6), std::out_of_range);
  const std::vector<SweepValue> absent{40.0, 45.0, 1.5};
  CHECK_FALSE(grid.index_of(absent));
}

TEST_CASE("sweep grid without network parameters is one network setting", "[sweep]") {
  const SweepGrid grid({{"gravity.decay", {std::string("power"), std::string("exponential")}},
                        {"threshold_min", {30.0, 60.0, 90.0, 120.0}}},
                       kKnown);
  CHECK(grid.size() == 8);
  CHECK(grid.network_settings() == 1);
  CHECK(grid.network_setting(7) == 0);
  CHECK(grid.label(5) == "gravity.decay=exponential, threshold_min=60");
}

TEST_CASE("sweep grid: bad input is one line naming the parameter", "[sweep]") {
  SECTION("empty list") {
    const auto e = error_of([] { SweepGrid({{"threshold_min", {}}}, kKnown); });
    CHECK(e.kind() == equiroute::ErrorKind::BadInput);
    CHECK(std::string(e.what()) ==
          "field 'sweep.threshold_min': the sweep list of "
          "'threshold_min' is empty");
  }
  SECTION("unknown name") {
    const auto e = error_of([] { SweepGrid({{"catchment", {30.0}}}, kKnown); });
    CHECK(e.kind() == equiroute::ErrorKind::BadInput);
    CHECK(std::string(e.what()).find("unknown sweep parameter 'catchment'") != std::string::npos);
    CHECK(e.hint().find("threshold_min") != std::string::npos);
  }
  SECTION("no parameters") { CHECK_THROWS_AS(SweepGrid({}, kKnown), Error); }
  SECTION("repeated name") {
    CHECK_THROWS_AS(SweepGrid({{"speed_kmh", {40.0}}, {"speed_kmh", {60.0}}}, kKnown), Error);
  }
  SECTION("wrong kind of value") {
    const auto e = error_of([] {
      SweepGrid({{"speed_kmh", {40.0, std::string("fast")}}}, kKnown);
    });
    CHECK(std::string(e.what()).find("value 2 (fast) is a text") != std::string::npos);
  }
  SECTION("repeated value") {
    const auto e = error_of([] { SweepGrid({{"threshold_min", {30.0, 60.0, 30.0}}}, kKnown); });
    CHECK(std::string(e.what()).find("repeats the value 30") != std::string::npos);
  }
}

TEST_CASE("average ranks share tied positions", "[sweep]") {
  const std::vector<double> v{3, 1, 4, 1, 5};
  // Ascending: 1, 1 take positions 1-2 → 1.5; 3 → 3; 4 → 4; 5 → 5.
  CHECK(average_ranks(v, RankOrder::Ascending) == std::vector<double>{3, 1.5, 4, 1.5, 5});
  // Descending: 5 → 1; 4 → 2; 3 → 3; 1, 1 → 4.5.
  CHECK(average_ranks(v) == std::vector<double>{3, 4.5, 2, 4.5, 1});
  const double inf = std::numeric_limits<double>::infinity();
  const std::vector<double> times{600, inf, 300, inf};
  CHECK(average_ranks(times, RankOrder::Ascending) == std::vector<double>{2, 3.5, 1, 3.5});
  const std::vector<double> with_nan{1, std::nan("")};
  CHECK_THROWS_AS(average_ranks(with_nan), Error);
}

TEST_CASE("Spearman's rho worked by hand", "[sweep]") {
  const std::vector<double> up{10, 20, 30, 40, 50};
  const std::vector<double> down{50, 40, 30, 20, 10};
  CHECK(*spearman(up, up) == Approx(1.0));
  CHECK(*spearman(up, down) == Approx(-1.0));
  // Ties: ranks of a (1, 2, 2, 3) are 1, 2.5, 2.5, 4; of b (1, 2, 3, 4) are 1, 2, 3, 4.
  // Deviations from 2.5: (−1.5, 0, 0, 1.5) and (−1.5, −0.5, 0.5, 1.5):
  // ρ = 4.5 / √(4.5 · 5) = 0.9486833.
  const std::vector<double> a{1, 2, 2, 3};
  const std::vector<double> b{1, 2, 3, 4};
  CHECK(*spearman(a, b) == Approx(4.5 / std::sqrt(22.5)).epsilon(1e-12));
  CHECK(*spearman(a, b) == Approx(0.9486833).margin(1e-7));
  const std::vector<double> flat{7, 7, 7, 7};
  CHECK_FALSE(spearman(flat, b));
}

TEST_CASE("rank stability: Spearman against the reference and regions that move", "[sweep]") {
  const std::vector<std::string> regions{"A", "B", "C", "D", "E"};
  // Reference ranks (descending) 1..5. Setting 1 swaps the first and the last:
  // ranks A 5, B 2, C 3, D 4, E 1 → changes +4, 0, 0, 0, −4;
  // ρ = 1 − 6 Σd² / (n(n² − 1)) = 1 − 6 · 32 / 120 = −0.6.
  // Setting 2 swaps B and C: changes 0, +1, −1, 0, 0; ρ = 1 − 6 · 2 / 120 = 0.9.
  const std::vector<std::vector<double>> values{{5, 4, 3, 2, 1}, {1, 4, 3, 2, 5}, {5, 3, 4, 2, 1}};
  const auto st = rank_stability(regions, values, 0, 2);
  REQUIRE(st.settings.size() == 3);
  CHECK(*st.settings[0].spearman == Approx(1.0));
  CHECK(st.settings[0].moved.empty());
  CHECK(*st.settings[1].spearman == Approx(-0.6).epsilon(1e-12));
  REQUIRE(st.settings[1].moved.size() == 2);
  CHECK(st.settings[1].moved[0].region == "A");
  CHECK(st.settings[1].moved[0].reference_rank == 1.0);
  CHECK(st.settings[1].moved[0].rank == 5.0);
  CHECK(st.settings[1].moved[0].change == 4.0);
  CHECK(st.settings[1].moved[1].region == "E");
  CHECK(st.settings[1].moved[1].change == -4.0);
  CHECK(*st.settings[2].spearman == Approx(0.9).epsilon(1e-12));
  CHECK(st.settings[2].moved.empty());  // |±1| is not more than 2 places
  const auto strict = rank_stability(regions, values, 0, 0);
  CHECK(strict.settings[2].moved.size() == 2);  // B and C each moved one place
  // Ascending order (travel time) flips ranks, not the correlation.
  const auto asc = rank_stability(regions, values, 0, 2, RankOrder::Ascending);
  CHECK(*asc.settings[1].spearman == Approx(-0.6).epsilon(1e-12));
  CHECK(asc.settings[1].moved[0].change == -4.0);
}

TEST_CASE("rank stability: bad input", "[sweep]") {
  const std::vector<std::string> regions{"A", "B"};
  CHECK_THROWS_AS(rank_stability(regions, {}, 0, 1), Error);
  CHECK_THROWS_AS(rank_stability(regions, {{1, 2}}, 1, 1), Error);
  CHECK_THROWS_AS(rank_stability(regions, {{1, 2}, {1}}, 0, 1), Error);
  const auto e = error_of([&] { rank_stability(regions, {{1, 2}, {1, std::nan("")}}, 0, 1); });
  CHECK(std::string(e.what()) == "feature B: the value of setting 1 is not a number");
}
