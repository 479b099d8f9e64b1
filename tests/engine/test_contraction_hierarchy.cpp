// Contraction hierarchy and bucket many-to-many against plain Dijkstra: hand-made graphs
// (one-ways, unreachable pairs, ties, zero-cost edges, parallel edges), random graphs of a
// few hundred nodes for all pairs, multi-seed searches, cutoffs, od_matrix with the
// hierarchy forced against Dijkstra forced (snapped points, same segment, cutoff) and
// identical output for any thread count.

#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <cstring>
#include <random>
#include <string>

#include "equiroute/engine/contraction_hierarchy.hpp"
#include "equiroute/engine/travel_queries.hpp"

using namespace equiroute;
using namespace equiroute::engine;

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

struct Network {
  RoadEdges edges;
  std::vector<XY> xy;
};

/// Road-like random network of about n nodes: a jittered grid over a 1 km square with
/// missing streets, one-way streets, random speeds (integer times often, so ties are
/// frequent), a few fast diagonal links and some parallel edges. Not necessarily connected.
Network random_network(std::uint32_t seed, std::uint32_t n) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> jitter(-0.3, 0.3), speed(5.0, 25.0), unit(0.0, 1.0);
  const auto k = static_cast<std::uint32_t>(std::ceil(std::sqrt(static_cast<double>(n))));
  const double step = 1000.0 / k;
  Network net;
  for (std::uint32_t i = 0; i < k * k; ++i) {
    net.xy.push_back({step * (i % k + jitter(rng)), step * (i / k + jitter(rng))});
    net.edges.nodes.push_back({net.xy.back().x / 1e5, net.xy.back().y / 1e5});
  }
  const auto connect = [&](std::uint32_t u, std::uint32_t v, double fast) {
    const double len = std::hypot(net.xy[u].x - net.xy[v].x, net.xy[u].y - net.xy[v].y);
    const double t = unit(rng) < 0.3 ? std::round(len / speed(rng)) : len / (fast * speed(rng));
    const double r = unit(rng);
    if (r < 0.45 || r >= 0.55) net.edges.add_edge(u, v, len, t);
    if (r >= 0.45) net.edges.add_edge(v, u, len, t);
    if (unit(rng) < 0.02) net.edges.add_edge(u, v, len, t + 1.0);  // parallel, slower
  };
  for (std::uint32_t i = 0; i < k * k; ++i) {
    const std::uint32_t x = i % k, y = i / k;
    if (x + 1 < k && unit(rng) < 0.9) connect(i, i + 1, 1.0);
    if (y + 1 < k && unit(rng) < 0.9) connect(i, i + k, 1.0);
    if (x + 1 < k && y + 1 < k && unit(rng) < 0.03) connect(i, i + k + 1, 4.0);
  }
  return net;
}

/// All-pairs distances by plain Dijkstra: d[s][t].
std::vector<std::vector<double>> dijkstra_all_pairs(const RoadGraph& g) {
  DijkstraQuery q(g);
  std::vector<std::vector<double>> d(g.node_count());
  for (std::uint32_t s = 0; s < g.node_count(); ++s) {
    const Seed seed{s, 0.0};
    q.run({&seed, 1});
    for (std::uint32_t t = 0; t < g.node_count(); ++t) d[s].push_back(q.distance_s(t));
  }
  return d;
}

std::vector<std::vector<Seed>> single_seeds(std::size_t n) {
  std::vector<std::vector<Seed>> seeds(n);
  for (std::uint32_t i = 0; i < n; ++i) seeds[i] = {{i, 0.0}};
  return seeds;
}

void check_same(double got, double want) {
  if (std::isinf(want))
    CHECK(std::isinf(got));
  else
    CHECK(got == Approx(want).epsilon(1e-9).margin(1e-12));
}

void check_all_pairs(const RoadGraph& g, const ContractionOptions& options = {}) {
  const ContractionHierarchy ch(g, options);
  const auto want = dijkstra_all_pairs(g);
  const auto all = single_seeds(g.node_count());
  const auto got = ch_many_to_many(ch, all, all);
  REQUIRE(got.size() == g.node_count());
  for (std::size_t s = 0; s < g.node_count(); ++s) {
    REQUIRE(got[s].size() == g.node_count());
    for (std::size_t t = 0; t < g.node_count(); ++t) {
      INFO("from " << s << " to " << t);
      check_same(got[s][t], want[s][t]);
    }
  }
}

RoadGraph build(const Network& net, bool keep_all = true) {
  return RoadGraph(net.edges, net.xy, {.keep_largest_component = !keep_all});
}

double lookup(const CostMatrix& m, std::size_t i, std::size_t j) {
  const auto ds = m.row_destinations(i);
  const auto it = std::find(ds.begin(), ds.end(), j);
  return it == ds.end() ? kInf : m.row_travel_s(i)[static_cast<std::size_t>(it - ds.begin())];
}

std::string bytes(const CostMatrix& m) {
  std::string s(reinterpret_cast<const char*>(m.travel_s.data()),
                m.travel_s.size() * sizeof(double));
  s.append(reinterpret_cast<const char*>(m.destinations.data()), m.destinations.size() * 4);
  s.append(reinterpret_cast<const char*>(m.row_offsets.data()),
           m.row_offsets.size() * sizeof(std::size_t));
  return s;
}

std::vector<XY> random_points(std::mt19937& rng, std::size_t n) {
  std::uniform_real_distribution<double> coord(-50.0, 1050.0);
  std::vector<XY> p;
  for (std::size_t i = 0; i < n; ++i) p.push_back({coord(rng), coord(rng)});
  return p;
}

}  // namespace

TEST_CASE("hierarchy: hand-made graph with one-ways, dead ends and ties", "[ch]") {
  // Ring 0→1→2→3→0 one-way (10 s each), spur 1↔4 (10 s), one-way 4→5, isolated pair 6↔7,
  // 0→2 and 0→3 tie with the ring (20 s and 30 s), zero-cost 2→8→2.
  Network net;
  net.edges.nodes.resize(9);
  for (std::uint32_t i = 0; i < 9; ++i) net.xy.push_back({100.0 * i, 0.0});
  auto& e = net.edges;
  e.add_edge(0, 1, 1, 10);
  e.add_edge(1, 2, 1, 10);
  e.add_edge(2, 3, 1, 10);
  e.add_edge(3, 0, 1, 10);
  e.add_edge(1, 4, 1, 10);
  e.add_edge(4, 1, 1, 10);
  e.add_edge(4, 5, 1, 10);
  e.add_edge(6, 7, 1, 5);
  e.add_edge(7, 6, 1, 5);
  e.add_edge(0, 2, 1, 20);
  e.add_edge(0, 3, 1, 30);
  e.add_edge(2, 8, 1, 0);
  e.add_edge(8, 2, 1, 0);
  // Parallel edges (the graph keeps the fastest) and a self-loop (dropped).
  e.add_edge(3, 0, 1, 12);
  e.add_edge(5, 5, 1, 1);
  const RoadGraph g = build(net);
  for (std::uint32_t limit : {1u, 2u, 100u}) {
    INFO("witness limit " << limit);
    check_all_pairs(g, {.witness_settled_limit = limit});
  }
  const ContractionHierarchy ch(g);
  const auto all = single_seeds(g.node_count());
  const auto d = ch_many_to_many(ch, all, all);
  CHECK(d[1][0] == Approx(30.0));
  CHECK(d[0][3] == Approx(30.0));
  CHECK(d[3][8] == Approx(30.0));
  CHECK(std::isinf(d[5][0]));
  CHECK(std::isinf(d[0][6]));
  CHECK(d[6][7] == Approx(5.0));
  CHECK(d[4][4] == 0.0);
  // Cutoff: pairs above it are +inf.
  const auto cut = ch_many_to_many(ch, all, all, 20.0);
  CHECK(std::isinf(cut[1][0]));
  CHECK(cut[0][2] == Approx(20.0));
  CHECK(cut[4][2] == Approx(20.0));
}

TEST_CASE("hierarchy: a grid with equal times (many ties) and a path", "[ch]") {
  Network grid;
  const std::uint32_t k = 12;
  grid.edges.nodes.resize(k * k);
  for (std::uint32_t y = 0; y < k; ++y)
    for (std::uint32_t x = 0; x < k; ++x) grid.xy.push_back({100.0 * x, 100.0 * y});
  for (std::uint32_t y = 0; y < k; ++y)
    for (std::uint32_t x = 0; x < k; ++x) {
      const std::uint32_t v = y * k + x;
      if (x + 1 < k) {
        grid.edges.add_edge(v, v + 1, 100, 10);
        if (y % 3 != 1) grid.edges.add_edge(v + 1, v, 100, 10);  // some one-way rows
      }
      if (y + 1 < k) {
        grid.edges.add_edge(v, v + k, 100, 10);
        grid.edges.add_edge(v + k, v, 100, 10);
      }
    }
  check_all_pairs(build(grid));
  Network path;
  path.edges.nodes.resize(50);
  for (std::uint32_t i = 0; i < 50; ++i) path.xy.push_back({10.0 * i, 0.0});
  for (std::uint32_t i = 0; i + 1 < 50; ++i) path.edges.add_edge(i, i + 1, 10, 1.0 + i % 3);
  check_all_pairs(build(path));
}

TEST_CASE("hierarchy: random graphs, all pairs, equal plain Dijkstra", "[ch]") {
  for (std::uint32_t seed = 1; seed <= 8; ++seed) {
    INFO("seed " << seed);
    const auto net = random_network(seed, 200 + 50 * seed);
    const RoadGraph g = build(net, seed % 2 == 0);
    check_all_pairs(g, {.witness_settled_limit = seed % 4 == 0 ? 3u : 100u});
    // Wide batches evaluated in parallel (the big-graph mode).
    check_all_pairs(g, {.threads = 2, .wide_batch_min_nodes = 0});
  }
  // Small graphs with uniformly random edges (no locality at all).
  for (std::uint32_t seed = 1; seed <= 10; ++seed) {
    INFO("uniform seed " << seed);
    std::mt19937 rng(seed);
    std::uniform_int_distribution<std::uint32_t> pick(0, 59);
    std::uniform_real_distribution<double> t(0.0, 20.0);
    Network net;
    net.edges.nodes.resize(60);
    for (std::uint32_t i = 0; i < 60; ++i) net.xy.push_back({1.0 * i, 0.0});
    for (std::uint32_t i = 0; i < 60 * (1 + seed % 3); ++i) {
      const std::uint32_t u = pick(rng), v = pick(rng);
      const double w = seed % 2 == 0 ? std::round(t(rng)) : t(rng);
      net.edges.add_edge(u, v, 1.0, w);
      if (rng() % 2 == 0) net.edges.add_edge(v, u, 1.0, w);
    }
    check_all_pairs(build(net), {.witness_settled_limit = 1 + seed % 5 * 20});
  }
}

TEST_CASE("hierarchy: multi-seed searches and cutoffs equal Dijkstra", "[ch]") {
  const auto net = random_network(42, 400);
  const RoadGraph g = build(net);
  const ContractionHierarchy ch(g);
  std::mt19937 rng(7);
  std::uniform_int_distribution<std::uint32_t> node(0,
                                                    static_cast<std::uint32_t>(g.node_count() - 1));
  std::uniform_real_distribution<double> cost(0.0, 30.0);
  const auto seeds = [&](std::size_t count) {
    std::vector<std::vector<Seed>> out(count);
    for (auto& s : out) {
      const std::size_t k = 1 + rng() % 3;
      for (std::size_t i = 0; i < k; ++i) s.push_back({node(rng), cost(rng)});
    }
    out.push_back({});  // no seed: unreachable
    return out;
  };
  const auto sources = seeds(40), targets = seeds(30);
  DijkstraQuery q(g);
  for (const double cutoff : {kInf, 120.0}) {
    const auto got = ch_many_to_many(ch, sources, targets, cutoff, 2);
    for (std::size_t s = 0; s < sources.size(); ++s) {
      q.run(sources[s]);
      for (std::size_t t = 0; t < targets.size(); ++t) {
        double want = kInf;
        for (const Seed& ts : targets[t]) want = std::min(want, q.distance_s(ts.node) + ts.cost_s);
        if (want > cutoff) want = kInf;
        INFO("source " << s << " target " << t << " cutoff " << cutoff);
        check_same(got[s][t], want);
      }
    }
  }
}

TEST_CASE("od_matrix: hierarchy forced equals Dijkstra forced", "[ch]") {
  for (std::uint32_t seed = 1; seed <= 6; ++seed) {
    const auto net = random_network(100 + seed, 300);
    const RoadGraph g = build(net, seed % 2 == 0);
    const Snapper snapper(g);
    std::mt19937 rng(seed);
    const SnapOptions so{.max_snap_m = 40.0, .access_speed_kmh = 5.0};
    auto origins = snapper.snap(random_points(rng, 60), so);
    auto dests = snapper.snap(random_points(rng, 25), so);
    // Same point, and points on the same segment as an origin (both directions).
    dests.push_back(origins[0]);
    for (std::size_t i = 0; i < 5; ++i) {
      const Snap& o = origins[i];
      if (!o.reachable) continue;
      const XY a = g.node_xy(o.a), b = g.node_xy(o.b);
      for (const double f : {0.1, 0.9}) {
        dests.push_back(snapper.snap({a.x + f * (b.x - a.x), a.y + f * (b.y - a.y)}, so));
        origins.push_back(dests.back());
      }
    }
    for (const double cutoff : {kInf, 60.0}) {
      for (const auto& [o, d] : {std::pair{&origins, &dests}, std::pair{&dests, &origins}}) {
        const CostMatrix dij =
            od_matrix(g, *o, *d, {.cutoff_s = cutoff, .method = OdMethod::dijkstra});
        const CostMatrix ch1 = od_matrix(
            g, *o, *d,
            {.cutoff_s = cutoff, .threads = 1, .method = OdMethod::contraction_hierarchy});
        const CostMatrix ch2 = od_matrix(
            g, *o, *d,
            {.cutoff_s = cutoff, .threads = 2, .method = OdMethod::contraction_hierarchy});
        INFO("seed " << seed << " cutoff " << cutoff);
        CHECK(bytes(ch1) == bytes(ch2));
        REQUIRE(ch1.row_offsets.size() == dij.row_offsets.size());
        CHECK(ch1.destinations == dij.destinations);  // same reachable pairs
        for (std::size_t i = 0; i < o->size(); ++i)
          for (std::size_t j = 0; j < d->size(); ++j)
            check_same(lookup(ch1, i, j), lookup(dij, i, j));
        CHECK(bytes(od_matrix(g, *o, *d, {.cutoff_s = cutoff, .threads = 2})) ==
              bytes(od_matrix(g, *o, *d, {.cutoff_s = cutoff, .threads = 1})));
      }
    }
  }
}

TEST_CASE("hierarchy: identical for any thread count", "[ch]") {
  const auto net = random_network(9, 3000);
  const RoadGraph g = build(net, false);
  const ContractionHierarchy a(g, {.threads = 1}), b(g, {.threads = 2});
  REQUIRE(a.node_count() == b.node_count());
  bool same_rank = true;
  for (std::uint32_t v = 0; v < g.node_count(); ++v)
    same_rank = same_rank && a.rank(v) == b.rank(v);
  CHECK(same_rank);
  CHECK(a.shortcut_count() == b.shortcut_count());
  CHECK(std::equal(a.up_weight().begin(), a.up_weight().end(), b.up_weight().begin(),
                   b.up_weight().end()));
  const Snapper snapper(g);
  std::mt19937 rng(3);
  const auto origins = snapper.snap(random_points(rng, 300));
  const auto dests = snapper.snap(random_points(rng, 100));
  const std::string one = bytes(ch_od_matrix(a, g, origins, dests, {.threads = 1}));
  CHECK(one == bytes(ch_od_matrix(b, g, origins, dests, {.threads = 2})));
  CHECK(one == bytes(ch_od_matrix(a, g, origins, dests, {.threads = 4})));
  CHECK_THROWS_AS(ch_many_to_many(a, {}, {}, -1.0), std::invalid_argument);
  // The big-graph mode (wide batches, evaluated in parallel) is deterministic too.
  const ContractionHierarchy w1(g, {.threads = 1, .wide_batch_min_nodes = 0}),
      w2(g, {.threads = 2, .wide_batch_min_nodes = 0});
  bool same_wide = w1.shortcut_count() == w2.shortcut_count();
  for (std::uint32_t v = 0; v < g.node_count(); ++v)
    same_wide = same_wide && w1.rank(v) == w2.rank(v);
  CHECK(same_wide);
  CHECK(std::equal(w1.up_weight().begin(), w1.up_weight().end(), w2.up_weight().begin(),
                   w2.up_weight().end()));
  CHECK(bytes(ch_od_matrix(w2, g, origins, dests, {.threads = 2})) ==
        bytes(ch_od_matrix(w1, g, origins, dests, {.threads = 1})));
}
