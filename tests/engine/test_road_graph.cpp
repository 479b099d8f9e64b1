// RoadGraph construction: CSR layout, one-ways, merging parallel edges, dropping what is
// not in the largest strongly connected component, and input validation.

#include <catch2/catch.hpp>
#include <cmath>
#include <stdexcept>

#include "equiroute/engine/road_graph.hpp"

using namespace equiroute;
using namespace equiroute::engine;

namespace {

RoadEdges line_nodes(std::size_t n) {
  RoadEdges e;
  for (std::size_t i = 0; i < n; ++i) e.nodes.push_back({static_cast<double>(i) * 0.001, 0.0});
  return e;
}

std::vector<XY> xy_of(const RoadEdges& e) {
  std::vector<XY> xy;
  for (const auto& p : e.nodes) xy.push_back({p.lon * 100000.0, p.lat * 100000.0});
  return xy;
}

}  // namespace

TEST_CASE("road graph keeps the largest strongly connected component", "[road_graph]") {
  // 0 <-> 1 <-> 2 (two-way), 2 -> 3 (one-way dead end), 4 <-> 5 (separate island).
  RoadEdges e = line_nodes(6);
  e.add_edge(0, 1, 100, 10);
  e.add_edge(1, 0, 100, 10);
  e.add_edge(1, 2, 100, 12);
  e.add_edge(2, 1, 100, 12);
  e.add_edge(2, 3, 100, 5);
  e.add_edge(4, 5, 100, 5);
  e.add_edge(5, 4, 100, 5);
  const RoadGraph g(e, xy_of(e));
  CHECK(g.node_count() == 3);
  CHECK(g.edge_count() == 4);
  CHECK(g.component_count() == 3);  // {0,1,2}, {3}, {4,5}
  CHECK(g.dropped_nodes() == 3);
  CHECK(g.dropped_edges() == 3);
  CHECK(g.input_node(2) == 2);
  CHECK(g.edge_travel_s(1, 2) == 12.0);
  CHECK(std::isinf(g.edge_travel_s(0, 2)));
  // CSR arrays are consistent forward and backward.
  REQUIRE(g.first_out().size() == 4);
  CHECK(g.first_out()[3] == 4);
  CHECK(g.first_in()[3] == 4);
  for (std::uint32_t v = 0; v < 3; ++v)
    for (auto i = g.first_in()[v]; i < g.first_in()[v + 1]; ++i) {
      const auto fe = g.back_edge()[i];
      CHECK(g.head()[fe] == v);
      CHECK(g.edge_tail(fe) == g.back_tail()[i]);
    }
}

TEST_CASE("road graph keeps everything on request and merges parallel edges", "[road_graph]") {
  RoadEdges e = line_nodes(4);
  e.add_edge(0, 1, 100, 10);
  e.add_edge(0, 1, 90, 7);  // a faster parallel way wins
  e.add_edge(1, 1, 5, 1);   // self-loop dropped
  e.add_edge(1, 2, 100, 10);
  const RoadGraph g(e, xy_of(e), {.keep_largest_component = false});
  CHECK(g.node_count() == 3);  // node 3 has no edge
  CHECK(g.edge_count() == 2);
  CHECK(g.merged_edges() == 2);
  CHECK(g.edge_travel_s(0, 1) == 7.0);
  CHECK(g.length_m()[static_cast<std::size_t>(g.find_edge(0, 1))] == 90.0);
  CHECK(g.memory_bytes() > 0);
}

TEST_CASE("road graph rejects inconsistent input", "[road_graph]") {
  RoadEdges e = line_nodes(2);
  e.add_edge(0, 1, 100, 10);
  e.add_edge(1, 0, 100, 10);
  CHECK_THROWS_AS(RoadGraph(e, {}), std::invalid_argument);
  RoadEdges bad = e;
  bad.add_edge(0, 7, 1, 1);
  CHECK_THROWS_AS(RoadGraph(bad, xy_of(bad)), std::invalid_argument);
  bad = e;
  bad.travel_s[0] = -1;
  CHECK_THROWS_AS(RoadGraph(bad, xy_of(bad)), std::invalid_argument);
  bad = e;
  bad.travel_s[0] = std::nan("");
  CHECK_THROWS_AS(RoadGraph(bad, xy_of(bad)), std::invalid_argument);
  RoadEdges empty = line_nodes(2);
  CHECK_THROWS_AS(RoadGraph(empty, xy_of(empty)), std::invalid_argument);
}
