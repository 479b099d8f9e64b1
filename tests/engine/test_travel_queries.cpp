// Travel-time queries: Dijkstra against Floyd–Warshall on random graphs, snapped OD costs
// against a brute-force reference, one-ways, unreachable pairs, ties, cutoffs, nearest k,
// isochrone pieces, determinism across thread counts, straight-line mode.

#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <cstring>
#include <random>

#include "equiroute/engine/straight_line.hpp"
#include "equiroute/engine/travel_queries.hpp"

using namespace equiroute;
using namespace equiroute::engine;

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

struct RandomNetwork {
  RoadEdges edges;
  std::vector<XY> xy;
};

/// n nodes scattered on a 1 km square, each with a few random out-edges (some one-way,
/// some two-way), travel time = length / random speed. Not necessarily connected.
RandomNetwork random_network(std::uint32_t seed, std::uint32_t n, std::uint32_t out_degree) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> coord(0.0, 1000.0), speed(5.0, 25.0), unit(0.0, 1.0);
  std::uniform_int_distribution<std::uint32_t> pick(0, n - 1);
  RandomNetwork net;
  for (std::uint32_t i = 0; i < n; ++i) {
    net.xy.push_back({coord(rng), coord(rng)});
    net.edges.nodes.push_back({net.xy.back().x / 1e5, net.xy.back().y / 1e5});
  }
  for (std::uint32_t u = 0; u < n; ++u)
    for (std::uint32_t k = 0; k < out_degree; ++k) {
      const std::uint32_t v = pick(rng);
      if (v == u) continue;
      const double len = std::hypot(net.xy[u].x - net.xy[v].x, net.xy[u].y - net.xy[v].y);
      // Integer-ish times make exact ties frequent.
      const double t = unit(rng) < 0.3 ? std::round(len / speed(rng)) + 1.0 : len / speed(rng);
      net.edges.add_edge(u, v, len, t);
      if (unit(rng) < 0.6) net.edges.add_edge(v, u, len, t);
    }
  return net;
}

std::vector<std::vector<double>> floyd_warshall(const RoadGraph& g) {
  const std::size_t n = g.node_count();
  std::vector<std::vector<double>> d(n, std::vector<double>(n, kInf));
  for (std::size_t i = 0; i < n; ++i) d[i][i] = 0.0;
  for (std::uint32_t u = 0; u < n; ++u)
    for (auto e = g.first_out()[u]; e < g.first_out()[u + 1]; ++e)
      d[u][g.head()[e]] = std::min(d[u][g.head()[e]], g.travel_s()[e]);
  for (std::size_t k = 0; k < n; ++k)
    for (std::size_t i = 0; i < n; ++i)
      for (std::size_t j = 0; j < n; ++j) d[i][j] = std::min(d[i][j], d[i][k] + d[k][j]);
  return d;
}

/// Snapped cost by brute force over the all-pairs table.
double reference_cost(const RoadGraph& g, const std::vector<std::vector<double>>& d, const Snap& o,
                      const Snap& t) {
  if (!o.reachable || !t.reachable) return kInf;
  double best = kInf;
  const std::pair<std::uint32_t, double> leave[2] = {{o.a, o.t_to_a_s}, {o.b, o.t_to_b_s}};
  const std::pair<std::uint32_t, double> arrive[2] = {{t.a, t.t_from_a_s}, {t.b, t.t_from_b_s}};
  for (const auto& [u, cu] : leave)
    for (const auto& [v, cv] : arrive)
      if (std::isfinite(cu) && std::isfinite(cv))
        best = std::min(best, o.access_s + cu + d[u][v] + cv + t.access_s);
  return std::min(best, o.access_s + same_segment_s(g, o, t) + t.access_s);
}

std::vector<XY> random_points(std::mt19937& rng, std::size_t n) {
  std::uniform_real_distribution<double> coord(-50.0, 1050.0);
  std::vector<XY> p;
  for (std::size_t i = 0; i < n; ++i) p.push_back({coord(rng), coord(rng)});
  return p;
}

double lookup(const CostMatrix& m, std::size_t i, std::size_t j) {
  const auto ds = m.row_destinations(i);
  const auto it = std::find(ds.begin(), ds.end(), j);
  return it == ds.end() ? kInf : m.row_travel_s(i)[static_cast<std::size_t>(it - ds.begin())];
}

}  // namespace

TEST_CASE("Dijkstra equals Floyd–Warshall on random graphs", "[travel_queries]") {
  for (std::uint32_t seed = 1; seed <= 60; ++seed) {
    const auto net = random_network(seed, 12 + seed % 30, 1 + seed % 3);
    const RoadGraph g(net.edges, net.xy, {.keep_largest_component = seed % 2 == 0});
    const auto ref = floyd_warshall(g);
    DijkstraQuery q(g);
    for (std::uint32_t s = 0; s < g.node_count(); ++s) {
      const Seed seeds[] = {{s, 0.0}};
      q.run(seeds);
      for (std::uint32_t v = 0; v < g.node_count(); ++v) {
        INFO("seed " << seed << " from " << s << " to " << v);
        if (std::isinf(ref[s][v]))
          CHECK(std::isinf(q.distance_s(v)));
        else
          CHECK(q.distance_s(v) == Approx(ref[s][v]).epsilon(1e-12));
      }
      // Backward search gives distances *to* s.
      q.run(seeds, kInf, true);
      for (std::uint32_t v = 0; v < g.node_count(); ++v) {
        if (std::isinf(ref[v][s]))
          CHECK(std::isinf(q.distance_s(v)));
        else
          CHECK(q.distance_s(v) == Approx(ref[v][s]).epsilon(1e-12));
      }
      // Settling order is non-decreasing.
      double last = 0.0;
      for (const auto u : q.settled_nodes()) {
        CHECK(q.distance_s(u) >= last);
        last = q.distance_s(u);
      }
    }
  }
}

TEST_CASE("OD matrices and nearest facilities equal a brute-force reference", "[travel_queries]") {
  for (std::uint32_t seed = 1; seed <= 30; ++seed) {
    const auto net = random_network(1000 + seed, 25, 2);
    const RoadGraph g(net.edges, net.xy, {.keep_largest_component = seed % 3 == 0});
    const auto ref = floyd_warshall(g);
    const Snapper snapper(g);
    std::mt19937 rng(seed);
    const SnapOptions so{.max_snap_m = 60.0, .access_speed_kmh = 5.0};
    const auto origins = snapper.snap(random_points(rng, 5 + seed % 7), so);
    auto destinations = snapper.snap(random_points(rng, 3 + seed % 9), so);
    destinations.push_back(origins.front());  // same point: cost = twice its access leg
    const double cutoff = seed % 4 == 0 ? 150.0 : kInf;
    const CostMatrix m = od_matrix(g, origins, destinations, {.cutoff_s = cutoff});
    REQUIRE(m.origin_count == origins.size());
    REQUIRE(m.row_offsets.size() == origins.size() + 1);
    CHECK_FALSE(m.approximate);
    for (std::size_t i = 0; i < origins.size(); ++i) {
      const auto ds = m.row_destinations(i);
      CHECK(std::is_sorted(ds.begin(), ds.end()));
      std::vector<NearestEntry> all;
      for (std::size_t j = 0; j < destinations.size(); ++j) {
        double want = reference_cost(g, ref, origins[i], destinations[j]);
        if (want > cutoff) want = kInf;
        INFO("seed " << seed << " origin " << i << " destination " << j);
        const double got = lookup(m, i, j);
        if (std::isinf(want))
          CHECK(std::isinf(got));
        else
          CHECK(got == Approx(want).epsilon(1e-9));
        if (std::isfinite(want)) all.push_back({static_cast<std::uint32_t>(j), want});
      }
      // Nearest k against the sorted reference row (costs; ids where costs differ).
      std::sort(all.begin(), all.end(), [](const NearestEntry& a, const NearestEntry& b) {
        return a.travel_s < b.travel_s ||
               (a.travel_s == b.travel_s && a.destination < b.destination);
      });
      for (std::size_t k : {1u, 3u}) {
        const auto near =
            nearest_destinations(g, {origins[i]}, destinations, k, {.cutoff_s = cutoff})[0];
        REQUIRE(near.size() == std::min(k, all.size()));
        for (std::size_t r = 0; r < near.size(); ++r) {
          CHECK(near[r].travel_s == Approx(all[r].travel_s).epsilon(1e-9));
          if (r + 1 < near.size()) CHECK(near[r].travel_s <= near[r + 1].travel_s);
        }
      }
    }
    // Backward (destinations fewer than origins) gives the same matrix.
    const CostMatrix back =
        od_matrix(g, destinations, {origins[0], origins[1]}, {.cutoff_s = cutoff});
    for (std::size_t i = 0; i < destinations.size(); ++i)
      for (std::size_t j = 0; j < 2; ++j) {
        const double want = reference_cost(g, ref, destinations[i], origins[j]);
        if (std::isinf(want) || want > cutoff)
          CHECK(std::isinf(lookup(back, i, j)));
        else
          CHECK(lookup(back, i, j) == Approx(want).epsilon(1e-9));
      }
  }
}

TEST_CASE("one-ways, unreachable pairs and ties on a hand-made graph", "[travel_queries]") {
  // Square 0(0,0) 1(100,0) 2(100,100) 3(0,100): ring 0→1→2→3→0 one-way (10 s per side),
  // plus two-way diagonal-free spur 1↔4 (200,0), 10 s. Node 5 (300,0) reachable only
  // from 4 (one-way 4→5), so it is unreachable *as an origin* of anything but itself.
  RoadEdges e;
  e.nodes.resize(6);
  const std::vector<XY> xy = {{0, 0}, {100, 0}, {100, 100}, {0, 100}, {200, 0}, {300, 0}};
  e.add_edge(0, 1, 100, 10);
  e.add_edge(1, 2, 100, 10);
  e.add_edge(2, 3, 100, 10);
  e.add_edge(3, 0, 100, 10);
  e.add_edge(1, 4, 100, 10);
  e.add_edge(4, 1, 100, 10);
  e.add_edge(4, 5, 100, 10);
  const RoadGraph g(e, xy, {.keep_largest_component = false});
  const Snapper snapper(g);
  const auto at = [&](double x, double y) { return snapper.snap({x, y}); };
  // Origin on node 1, destination on node 0: must go around the ring (1→2→3→0) = 30 s.
  const std::vector<Snap> origins = {at(100, 0), at(300, 0), at(50, 0)};
  const std::vector<Snap> dests = {at(0, 0), at(300, 0), at(25, 0)};
  const CostMatrix m = od_matrix(g, origins, dests);
  CHECK(lookup(m, 0, 0) == Approx(30.0));
  CHECK(lookup(m, 0, 1) == Approx(20.0));
  CHECK(std::isinf(lookup(m, 1, 0)));  // from the dead end nothing but itself
  CHECK(lookup(m, 1, 1) == 0.0);
  CHECK(lookup(m, 2, 2) == Approx(37.5));  // 50→100 (5 s), ring 30 s to 0, 0→25 (2.5 s)
  CHECK(lookup(m, 2, 0) == Approx(35.0));
  CHECK(lookup(m, 0, 2) == Approx(32.5));
  CHECK(m.entries() == 7);  // 2 missing pairs: (1,0) and (1,2)
  // Ties: destinations 0 and 1 both 10 s from node 1 (spur node 4 and ring node 2).
  const std::vector<Snap> tied = {at(200, 0), at(100, 100)};
  const auto near = nearest_destinations(g, {at(100, 0)}, tied, 1);
  REQUIRE(near[0].size() == 1);
  CHECK(near[0][0].destination == 0);
  CHECK(near[0][0].travel_s == Approx(10.0));
  const auto both = nearest_destinations(g, {at(100, 0)}, {tied[1], tied[0]}, 2);
  CHECK(both[0][0].destination == 0);
  CHECK(both[0][1].destination == 1);
  // Cutoff drops pairs above it.
  const CostMatrix cut = od_matrix(g, origins, dests, {.cutoff_s = 25.0});
  CHECK(std::isinf(lookup(cut, 0, 0)));
  CHECK(lookup(cut, 0, 1) == Approx(20.0));
}

TEST_CASE("results are identical for any thread count", "[travel_queries]") {
  const auto net = random_network(77, 3000, 3);
  const RoadGraph g(net.edges, net.xy);
  const Snapper snapper(g);
  std::mt19937 rng(5);
  const auto origins = snapper.snap(random_points(rng, 300));
  const auto dests = snapper.snap(random_points(rng, 40));
  const auto bytes = [](const CostMatrix& m) {
    std::string s(reinterpret_cast<const char*>(m.travel_s.data()),
                  m.travel_s.size() * sizeof(double));
    s.append(reinterpret_cast<const char*>(m.destinations.data()), m.destinations.size() * 4);
    s.append(reinterpret_cast<const char*>(m.row_offsets.data()),
             m.row_offsets.size() * sizeof(std::size_t));
    return s;
  };
  const std::string one = bytes(od_matrix(g, origins, dests, {.threads = 1}));
  CHECK(one == bytes(od_matrix(g, origins, dests, {.threads = 2})));
  CHECK(one == bytes(od_matrix(g, origins, dests, {.threads = 4})));
  const std::string back = bytes(od_matrix(g, dests, origins, {.threads = 1}));
  CHECK(back == bytes(od_matrix(g, dests, origins, {.threads = 4})));
  const auto n1 = nearest_destinations(g, origins, dests, 3, {.threads = 1});
  const auto n4 = nearest_destinations(g, origins, dests, 3, {.threads = 4});
  for (std::size_t i = 0; i < n1.size(); ++i) {
    REQUIRE(n1[i].size() == n4[i].size());
    for (std::size_t r = 0; r < n1[i].size(); ++r) {
      CHECK(n1[i][r].destination == n4[i][r].destination);
      CHECK(std::memcmp(&n1[i][r].travel_s, &n4[i][r].travel_s, sizeof(double)) == 0);
    }
  }
}

TEST_CASE("isochrone pieces cover exactly the network reached in time", "[travel_queries]") {
  // Straight two-way road 0—1—2—3 along x, 100 m and 60 s per edge.
  RoadEdges e;
  e.nodes.resize(4);
  std::vector<XY> xy;
  for (std::uint32_t i = 0; i < 4; ++i) xy.push_back({100.0 * i, 0});
  for (std::uint32_t i = 0; i < 3; ++i) {
    e.add_edge(i, i + 1, 100, 60);
    e.add_edge(i + 1, i, 100, 60);
  }
  const RoadGraph g(e, xy);
  const Snapper snapper(g);
  const auto iso = isochrone_pieces(g, {snapper.snap({0, 0})}, {90.0, 150.0});
  REQUIRE(iso.size() == 1);
  REQUIRE(iso[0].size() == 2);
  // Farthest x reached: 90 s → 150 m; 150 s → 250 m.
  const auto reach = [](const IsochronePieces& p) {
    double x = 0;
    for (const auto& piece : p.pieces) x = std::max({x, piece.from.x, piece.to.x});
    return x;
  };
  CHECK(reach(iso[0][0]) == Approx(150.0));
  CHECK(reach(iso[0][1]) == Approx(250.0));
  // Nodes 1 and 2 are shape points of the chain 0—3: only node 0 is a graph node reached.
  CHECK(iso[0][0].nodes.size() == 1);
  CHECK(iso[0][1].nodes.size() == 1);
  const RoadGraph raw(e, xy, {.compress_chains = false});
  const auto iso_raw = isochrone_pieces(raw, {Snapper(raw).snap({0, 0})}, {90.0, 150.0});
  CHECK(reach(iso_raw[0][1]) == Approx(250.0));
  CHECK(iso_raw[0][0].nodes.size() == 2);
  CHECK(iso_raw[0][1].nodes.size() == 3);
  CHECK_THROWS_AS(isochrone_pieces(g, {}, {60.0, 30.0}), std::invalid_argument);
}

TEST_CASE("straight-line mode: distance × circuity ÷ speed, approximate", "[travel_queries]") {
  const auto planar = [](LonLat a, LonLat b) {
    return std::hypot(a.lon - b.lon, a.lat - b.lat) * 1000.0;
  };
  const std::vector<LonLat> o = {{0, 0}, {10, 0}};
  const std::vector<LonLat> d = {{3, 4}, {10, 1}, {0, 0}};
  const CostMatrix m = straight_line_matrix(o, d, planar, {.threads = 2});
  CHECK(m.approximate);
  REQUIRE(m.entries() == 6);
  // 5 km × 1.3 ÷ (40 km/h) = 585 s.
  CHECK(lookup(m, 0, 0) == Approx(585.0));
  CHECK(lookup(m, 0, 2) == 0.0);
  const CostMatrix cut = straight_line_matrix(o, d, planar, {.cutoff_s = 200.0});
  CHECK(cut.entries() == 2);  // (0,2) and (1,1)
  const auto near = straight_line_nearest(o, d, planar, 2);
  CHECK(near[1][0].destination == 1);
  CHECK(near[1][1].destination == 0);
  CHECK_THROWS_AS(straight_line_matrix(o, d, planar, {.circuity = 0.9}), std::invalid_argument);
  CHECK_THROWS_AS(straight_line_matrix(o, d, planar, {.speed_kmh = 0}), std::invalid_argument);
}
