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
  const RoadGraph g(e, xy_of(e), {.compress_chains = false});
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
    for (auto i = g.first_in()[v]; i < g.first_in()[v + 1]; ++i)
      CHECK(g.edge_travel_s(g.back_tail()[i], v) == g.back_travel_s()[i]);
  for (std::uint32_t i = 0; i < g.edge_count(); ++i)
    CHECK(g.find_edge(g.edge_tail(i), g.head()[i]) == i);
}

TEST_CASE("road graph keeps everything on request and merges parallel edges", "[road_graph]") {
  RoadEdges e = line_nodes(4);
  e.add_edge(0, 1, 100, 10);
  e.add_edge(0, 1, 90, 7);  // a faster parallel way wins
  e.add_edge(1, 1, 5, 1);   // self-loop dropped
  e.add_edge(1, 2, 100, 10);
  const RoadGraph g(e, xy_of(e), {.keep_largest_component = false, .compress_chains = false});
  CHECK(g.node_count() == 3);  // node 3 has no edge
  CHECK(g.edge_count() == 2);
  CHECK(g.merged_edges() == 2);
  CHECK(g.edge_travel_s(0, 1) == 7.0);
  CHECK(g.length_m()[static_cast<std::size_t>(g.find_edge(0, 1))] == 90.0);
  CHECK(g.memory_bytes() > 0);
}

TEST_CASE("chains of degree-2 nodes become single edges with their geometry", "[road_graph]") {
  // 0 — 1 — 2 — 3 two-way (segment times differ by direction), 3 — 4 and 3 — 5 spurs make
  // 3 a junction; 5 → 6 → 7 → 5 is a one-way loop through shape points 6 and 7.
  RoadEdges e = line_nodes(8);
  const double fwd[] = {10, 20, 30}, bwd[] = {11, 21, 31};
  for (std::uint32_t i = 0; i < 3; ++i) {
    e.add_edge(i, i + 1, 100, fwd[i]);
    e.add_edge(i + 1, i, 100, bwd[i]);
  }
  e.add_edge(3, 4, 50, 5);
  e.add_edge(4, 3, 50, 5);
  e.add_edge(3, 5, 50, 6);
  e.add_edge(5, 3, 50, 6);
  e.add_edge(5, 6, 10, 1);
  e.add_edge(6, 7, 10, 2);
  e.add_edge(7, 5, 10, 3);
  const RoadGraph g(e, xy_of(e));
  CHECK(g.counts().raw_nodes == 8);
  CHECK(g.counts().raw_edges == 13);
  // Graph nodes: 0 (dead end), 3 (junction), 4 (dead end), 5 (junction); shape points 1, 2,
  // 6, 7 are gone.
  REQUIRE(g.node_count() == 4);
  CHECK(g.input_node(0) == 0);
  CHECK(g.input_node(1) == 3);
  CHECK(g.input_node(3) == 5);
  // Edges: 0↔3 (two), 3↔4, 3↔5, and the loop 5→5.
  CHECK(g.edge_count() == 7);
  CHECK(g.edge_travel_s(0, 1) == 60.0);  // 10 + 20 + 30
  CHECK(g.edge_travel_s(1, 0) == 63.0);  // 31 + 21 + 11
  CHECK(g.edge_travel_s(3, 3) == 6.0);   // the loop through 6 and 7
  CHECK(g.length_m()[g.find_edge(0, 1)] == 300.0);
  REQUIRE(g.chain_count() == 4);
  const auto e01 = static_cast<std::uint32_t>(g.find_edge(0, 1));
  const std::uint32_t c = g.edge_chain(e01);
  CHECK_FALSE(g.edge_reversed(e01));
  REQUIRE(g.segment_count(c) == 3);
  CHECK(g.chain_point(c, 1).x == Approx(100.0));  // shape point 1
  CHECK(g.chain_point(c, 2).x == Approx(200.0));  // shape point 2
  CHECK(g.segment_forward_s(c, 1) == 20.0);
  CHECK(g.segment_backward_s(c, 1) == 21.0);
  std::vector<XY> back;
  g.append_edge_polyline(static_cast<std::uint32_t>(g.find_edge(1, 0)), back);
  REQUIRE(back.size() == 4);
  CHECK(back.front().x == Approx(300.0));
  CHECK(back.back().x == Approx(0.0));
  // The one-way loop: forward only, three segments.
  const std::uint32_t loop = g.edge_chain(static_cast<std::uint32_t>(g.find_edge(3, 3)));
  CHECK(g.segment_count(loop) == 3);
  CHECK(std::isinf(g.segment_backward_s(loop, 0)));
  CHECK(g.segment_count() == 3 + 1 + 1 + 3);
  // Without compression every vertex stays a node.
  const RoadGraph raw(e, xy_of(e), {.compress_chains = false});
  CHECK(raw.node_count() == 8);
  CHECK(raw.edge_count() == 13);
  CHECK(raw.chain_count() == 8);
  CHECK(raw.segment_count() == 8);
}

TEST_CASE("compression keeps mixed one-way nodes, rings and parallel chains apart",
          "[road_graph]") {
  // 2 → 0 → 1 one-way, 1 ↔ 2 two-way: 1 is not a through node (reached from 0 and 2, leads
  // only to 2), 0 is one (a one-way chain 2 → 0 → 1).
  RoadEdges mixed = line_nodes(3);
  mixed.add_edge(0, 1, 10, 1);
  mixed.add_edge(1, 2, 10, 1);
  mixed.add_edge(2, 1, 10, 1);
  mixed.add_edge(2, 0, 10, 1);
  const RoadGraph m(mixed, xy_of(mixed));
  REQUIRE(m.node_count() == 2);
  CHECK(m.input_node(0) == 1);
  CHECK(m.input_node(1) == 2);
  CHECK(m.edge_count() == 3);  // 1 → 2, 2 → 1 and 2 → (0) → 1
  // A ring of through nodes only: one node becomes the junction, the ring a loop edge.
  RoadEdges ring = line_nodes(4);
  for (std::uint32_t i = 0; i < 4; ++i) ring.add_edge(i, (i + 1) % 4, 10, 1.0 + i);
  const RoadGraph r(ring, xy_of(ring));
  REQUIRE(r.node_count() == 1);
  CHECK(r.input_node(0) == 0);
  CHECK(r.edge_count() == 1);
  CHECK(r.edge_travel_s(0, 0) == 10.0);
  // Two different roads between the same junctions: two parallel edges, the fastest found.
  RoadEdges par = line_nodes(6);
  const auto two_way = [&par](std::uint32_t u, std::uint32_t v, double t) {
    par.add_edge(u, v, 10, t);
    par.add_edge(v, u, 10, t);
  };
  two_way(0, 1, 5);  // road A: 0 — 1 — 2
  two_way(1, 2, 5);
  two_way(0, 3, 1);  // road B: 0 — 3 — 2 (faster)
  two_way(3, 2, 1);
  two_way(0, 4, 1);  // spurs make 0 and 2 junctions
  two_way(2, 5, 1);
  const RoadGraph p(par, xy_of(par));
  CHECK(p.node_count() == 4);
  const std::uint32_t n0 = 0, n2 = 1;  // input nodes 0 and 2
  REQUIRE(p.input_node(n2) == 2);
  CHECK(p.edge_travel_s(n0, n2) == 2.0);
  std::size_t parallel = 0;
  for (auto e = p.first_out()[n0]; e < p.first_out()[n0 + 1]; ++e)
    if (p.head()[e] == n2) ++parallel;
  CHECK(parallel == 2);
}

TEST_CASE("a graph restored from its parts is the same graph", "[road_graph]") {
  RoadEdges e = line_nodes(5);
  for (std::uint32_t i = 0; i + 1 < 5; ++i) {
    e.add_edge(i, i + 1, 100, 10.0 + i);
    if (i != 2) e.add_edge(i + 1, i, 100, 12.0 + i);
  }
  const RoadGraph g(e, xy_of(e), {.keep_largest_component = false});
  const RoadGraph copy = RoadGraph::from_parts(g.parts(), nullptr);
  REQUIRE(copy.node_count() == g.node_count());
  REQUIRE(copy.edge_count() == g.edge_count());
  for (std::uint32_t i = 0; i < g.edge_count(); ++i) {
    CHECK(copy.head()[i] == g.head()[i]);
    CHECK(copy.travel_s()[i] == g.travel_s()[i]);
  }
  CHECK(copy.counts().raw_nodes == g.counts().raw_nodes);
  CHECK(copy.chain_point(0, 1).x == g.chain_point(0, 1).x);
  // Inconsistent parts are refused.
  auto parts = g.parts();
  std::vector<std::uint32_t> bad_head(parts.head.begin(), parts.head.end());
  bad_head[0] = 99;
  parts.head = bad_head;
  CHECK_THROWS_AS(RoadGraph::from_parts(parts, nullptr), std::invalid_argument);
  parts = g.parts();
  parts.first_out = parts.first_out.subspan(1);
  CHECK_THROWS_AS(RoadGraph::from_parts(parts, nullptr), std::invalid_argument);
  parts = g.parts();
  std::vector<double> bad_cost(parts.segment_forward_s.begin(), parts.segment_forward_s.end());
  bad_cost[0] = -1.0;
  parts.segment_forward_s = bad_cost;
  CHECK_THROWS_AS(RoadGraph::from_parts(parts, nullptr), std::invalid_argument);
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
