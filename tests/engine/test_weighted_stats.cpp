#include <catch2/catch.hpp>
#include <cmath>
#include <vector>

#include "equiroute/engine/weighted_stats.hpp"

using namespace equiroute;
using namespace equiroute::engine;

TEST_CASE("weighted statistics against hand-computed values", "[engine][stats]") {
  std::vector<double> minutes{10, 40, 70, 100};
  std::vector<double> people{1, 2, 3, 4};
  // (10 + 80 + 210 + 400) / 10 = 70
  CHECK(weighted_mean(minutes, people) == Approx(70.0).epsilon(1e-15));
  // cumulative weights 1, 3, 6, 10: half (5) is reached at 70; 90 % (9) at 100
  CHECK(weighted_quantile(minutes, people, 0.5) == 70.0);
  CHECK(weighted_quantile(minutes, people, 0.9) == 100.0);
  CHECK(weighted_quantile(minutes, people, 0.1) == 10.0);
  // people beyond 60 min: 3 + 4 of 10
  CHECK(weighted_share_above(minutes, people, 60.0) == Approx(0.7));
  CHECK(weighted_share_above(minutes, people, 100.0) == 0.0);

  SECTION("equal weights: the median is an observed middle value") {
    std::vector<double> v{3, 1, 2, 4};
    std::vector<double> w{1, 1, 1, 1};
    CHECK(weighted_quantile(v, w, 0.5) == 2.0);
  }
  SECTION("zero total weight is undefined, not zero") {
    std::vector<double> w{0, 0, 0, 0};
    CHECK(std::isnan(weighted_mean(minutes, w)));
    CHECK(std::isnan(weighted_quantile(minutes, w, 0.5)));
  }
  SECTION("length mismatch is rejected") {
    std::vector<double> w{1};
    CHECK_THROWS(weighted_mean(minutes, w));
  }
}
