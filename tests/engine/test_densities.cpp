// Resource densities per 10,000 people and per km² (docs/equity.md).

#include <catch2/catch.hpp>
#include <cmath>
#include <string>
#include <vector>

#include "equiroute/core/error.hpp"
#include "equiroute/engine/densities.hpp"

using namespace equiroute;
using namespace equiroute::engine;

TEST_CASE("per_10k follows resource / (population / 10000)", "[densities]") {
  // Changsha, Luo et al. 2022 Table 3: 728.86 ten-thousand people, 340 doctors, 837 nurses,
  // 8808 actual beds -> Table 4: 0.47, 1.15, 12.08 per 10,000.
  const std::vector<double> population{7288600, 7288600, 7288600};
  const std::vector<double> resource{340, 837, 8808};
  const auto d = per_10k(resource, population);
  REQUIRE(d.size() == 3);
  CHECK(d[0] == Approx(340.0 / 728.86).epsilon(1e-14));
  CHECK(std::round(d[0] * 100) / 100 == Approx(0.47));
  CHECK(std::round(d[1] * 100) / 100 == Approx(1.15));
  CHECK(std::round(d[2] * 100) / 100 == Approx(12.08));
}

TEST_CASE("per_km2 follows resource / area", "[densities]") {
  const auto d = per_km2(std::vector<double>{8808, 0}, std::vector<double>{11819, 10});
  CHECK(d[0] == Approx(0.745).epsilon(1e-3));
  CHECK(d[1] == 0.0);
}

TEST_CASE("densities with a zero denominator are undefined, not numbers", "[densities]") {
  const auto d = per_10k(std::vector<double>{1, 2}, std::vector<double>{0, 10000});
  CHECK(std::isnan(d[0]));
  CHECK(d[1] == Approx(2.0));
}

TEST_CASE("densities refuse bad inputs naming the unit", "[densities]") {
  const std::vector<std::string> ids{"430100", "430200"};
  CHECK_THROWS_AS(per_10k(std::vector<double>{1}, std::vector<double>{1, 2}), equiroute::Error);
  CHECK_THROWS_WITH(per_km2(std::vector<double>{1, 2}, std::vector<double>{1, -2}, ids),
                    Catch::Contains("430200"));
  CHECK_THROWS_WITH(per_10k(std::vector<double>{std::nan(""), 2}, std::vector<double>{1, 2}, ids),
                    Catch::Contains("430100"));
}
