// Snapping onto the nearest segment: partial costs in allowed directions, access legs,
// nodes, the maximum snap distance.

#include <catch2/catch.hpp>
#include <cmath>

#include "equiroute/engine/snapping.hpp"

using namespace equiroute;
using namespace equiroute::engine;

namespace {

// A (0,0) — B (100,0) two-way, 10 s each way; B — C (100,100) one-way B→C, 20 s.
RoadGraph small_graph(bool keep_all = true) {
  RoadEdges e;
  e.nodes = {{0, 0}, {0.001, 0}, {0.001, 0.001}};
  e.add_edge(0, 1, 100, 10);
  e.add_edge(1, 0, 100, 10);
  e.add_edge(1, 2, 100, 20);
  return RoadGraph(e, {{0, 0}, {100, 0}, {100, 100}}, {.keep_largest_component = !keep_all});
}

}  // namespace

TEST_CASE("a point snaps onto the interior of the nearest segment", "[snapping]") {
  const RoadGraph g = small_graph();
  const Snapper snapper(g);
  const Snap s = snapper.snap({30, 40});
  REQUIRE(s.reachable);
  CHECK(s.a == 0);
  CHECK(s.b == 1);
  CHECK(s.t == Approx(0.3));
  CHECK(s.distance_m == Approx(40.0));
  CHECK(s.access_s == Approx(40.0 / (5.0 / 3.6)));  // 28.8 s on foot
  CHECK(s.t_to_b_s == Approx(7.0));
  CHECK(s.t_to_a_s == Approx(3.0));
  CHECK(s.t_from_a_s == Approx(3.0));
  CHECK(s.t_from_b_s == Approx(7.0));
  CHECK(s.snapped.x == Approx(30.0));
  CHECK(s.snapped.y == Approx(0.0).margin(1e-12));
}

TEST_CASE("partial costs respect one-way segments", "[snapping]") {
  const RoadGraph g = small_graph();
  const Snapper snapper(g);
  const Snap s = snapper.snap({110, 25}, {.access_speed_kmh = 3.6});  // 1 m/s
  REQUIRE(s.reachable);
  CHECK(s.a == 1);
  CHECK(s.b == 2);
  CHECK(s.t == Approx(0.25));
  CHECK(s.access_s == Approx(10.0));
  CHECK(s.t_to_b_s == Approx(15.0));  // along B→C
  CHECK(std::isinf(s.t_to_a_s));      // C→B does not exist
  CHECK(s.t_from_a_s == Approx(5.0));
  CHECK(std::isinf(s.t_from_b_s));
}

TEST_CASE("a point on a node snaps there with a zero access leg", "[snapping]") {
  const RoadGraph g = small_graph();
  const Snapper snapper(g);
  const Snap s = snapper.snap({100, 0});
  REQUIRE(s.reachable);
  CHECK(s.distance_m == 0.0);
  CHECK(s.access_s == 0.0);
  const std::uint32_t node = s.t == 0.0 ? s.a : s.b;
  CHECK(node == 1);
  // Within the node tolerance (round-off of exported coordinates) it is the node too.
  const Snap near = snapper.snap({100.0 + 1e-5, 1e-5});
  CHECK(near.access_s == 0.0);
}

TEST_CASE("a point beyond the maximum snap distance is unreachable", "[snapping]") {
  const RoadGraph g = small_graph();
  const Snapper snapper(g);
  const Snap far = snapper.snap({50, 6000});  // 5.9 km from C (100, 100)
  CHECK_FALSE(far.reachable);
  CHECK(far.distance_m == Approx(std::hypot(50.0, 5900.0)));
  CHECK(snapper.snap({50, 6000}, {.max_snap_m = 6000}).reachable);
  const Snap nan = snapper.snap({std::nan(""), 0});
  CHECK_FALSE(nan.reachable);
  const auto summary = summarize(snapper.snap(std::vector<XY>{{30, 40}, {50, 6000}, {0, 10}}));
  CHECK(summary.points == 3);
  CHECK(summary.unreachable == 1);
  CHECK(summary.max_distance_m == Approx(40.0));
  CHECK(summary.mean_distance_m == Approx(25.0));
  CHECK_THROWS_AS(snapper.snap({0, 0}, {.access_speed_kmh = 0}), std::invalid_argument);
}

TEST_CASE("ties between equally near segments go to the lowest node pair", "[snapping]") {
  const RoadGraph g = small_graph();
  const Snapper snapper(g);
  // (110, -10) is equally far (≈14.1 m) from B on both segments A–B and B–C.
  const Snap s = snapper.snap({110, -10});
  CHECK(s.a == 0);
  CHECK(s.b == 1);
  CHECK(s.t == 1.0);
}
