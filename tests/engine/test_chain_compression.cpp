// Chain compression is exact: on random road networks whose roads carry shape points (each
// segment with its own speed, one-way and two-way roads, different speeds by direction),
// the compressed graph snaps every point to the same position as the uncompressed graph and
// gives the same travel times (1e-9 relative) — for points on chain interiors, on one-way
// chains, on the same chain in both directions — by Dijkstra, by the contraction
// hierarchy's buckets and sweeps, for nearest facilities and for isochrones.

#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <random>

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

/// A jittered grid of junctions over 1 km²; every road between neighbours is a curved
/// polyline of 1–6 segments (shape points used by that road only), one-way (20 %) or
/// two-way, each segment at its own speed, sometimes different by direction.
Network shaped_network(std::uint32_t seed, std::uint32_t k) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> unit(0.0, 1.0), speed(4.0, 30.0);
  Network net;
  const auto add_node = [&net](XY p) {
    net.xy.push_back(p);
    net.edges.nodes.push_back({p.x / 1e5, p.y / 1e5});
    return static_cast<std::uint32_t>(net.xy.size() - 1);
  };
  const double step = 1000.0 / k;
  for (std::uint32_t i = 0; i < k * k; ++i)
    add_node({step * (i % k + 0.3 * (unit(rng) - 0.5)), step * (i / k + 0.3 * (unit(rng) - 0.5))});
  const auto road = [&](std::uint32_t u, std::uint32_t v) {
    const auto shape = static_cast<std::uint32_t>(unit(rng) * 6.0);  // 0–5 shape points
    const double bend = 0.25 * step * (unit(rng) - 0.5);
    const XY a = net.xy[u], b = net.xy[v];
    const double nx = -(b.y - a.y) / step, ny = (b.x - a.x) / step;
    std::vector<std::uint32_t> ids{u};
    for (std::uint32_t s = 1; s <= shape; ++s) {
      const double f = static_cast<double>(s) / (shape + 1);
      const double off = bend * std::sin(f * 3.14159265358979);
      ids.push_back(add_node({a.x + f * (b.x - a.x) + off * nx, a.y + f * (b.y - a.y) + off * ny}));
    }
    ids.push_back(v);
    const bool one_way = unit(rng) < 0.2, reversed = unit(rng) < 0.5;
    for (std::size_t i = 0; i + 1 < ids.size(); ++i) {
      const XY p = net.xy[ids[i]], q = net.xy[ids[i + 1]];
      const double len = std::hypot(q.x - p.x, q.y - p.y);
      const double t = unit(rng) < 0.2 ? std::round(len / speed(rng)) : len / speed(rng);
      const double t_back = unit(rng) < 0.3 ? len / speed(rng) : t;
      if (!one_way || !reversed) net.edges.add_edge(ids[i], ids[i + 1], len, t);
      if (!one_way || reversed) net.edges.add_edge(ids[i + 1], ids[i], len, t_back);
    }
  };
  for (std::uint32_t i = 0; i < k * k; ++i) {
    if (i % k + 1 < k && unit(rng) < 0.85) road(i, i + 1);
    if (i / k + 1 < k && unit(rng) < 0.85) road(i, i + k);
  }
  return net;
}

double lookup(const CostMatrix& m, std::size_t i, std::size_t j) {
  const auto ds = m.row_destinations(i);
  const auto it = std::find(ds.begin(), ds.end(), j);
  return it == ds.end() ? kInf : m.row_travel_s(i)[static_cast<std::size_t>(it - ds.begin())];
}

/// Same reachable pairs and the same times (1e-9 relative).
void check_same_matrix(const CostMatrix& got, const CostMatrix& want) {
  REQUIRE(got.origin_count == want.origin_count);
  CHECK(got.destinations == want.destinations);
  CHECK(got.row_offsets == want.row_offsets);
  for (std::size_t i = 0; i < got.origin_count; ++i)
    for (std::size_t j = 0; j < got.destination_count; ++j) {
      const double w = lookup(want, i, j);
      if (std::isinf(w)) continue;
      INFO("pair " << i << " → " << j);
      CHECK(lookup(got, i, j) == Approx(w).epsilon(1e-9).margin(1e-12));
    }
}

/// Points: random over the area, and points a little off the interior of random chains of
/// the compressed graph (counted: chain interiors and one-way chains).
struct TestPoints {
  std::vector<XY> xy;
  std::size_t interior = 0, one_way = 0;
};
TestPoints test_points(const RoadGraph& g, std::mt19937& rng, std::size_t n) {
  std::uniform_real_distribution<double> coord(-30.0, 1030.0), unit(0.0, 1.0);
  TestPoints p;
  for (std::size_t i = 0; i < n; ++i) {
    if (i % 2 == 0) {
      p.xy.push_back({coord(rng), coord(rng)});
      continue;
    }
    const auto c = static_cast<std::uint32_t>(unit(rng) * static_cast<double>(g.chain_count()));
    const auto k = static_cast<std::uint32_t>(unit(rng) * g.segment_count(c));
    const XY a = g.chain_point(c, k), b = g.chain_point(c, k + 1);
    const double t = i % 6 == 1 ? 0.0 : unit(rng);  // some exactly on shape points
    p.xy.push_back({a.x + t * (b.x - a.x) + 0.5, a.y + t * (b.y - a.y) - 0.5});
    if (g.segment_count(c) > 1) ++p.interior;
    if (std::isinf(g.segment_backward_s(c, 0))) ++p.one_way;
  }
  return p;
}

}  // namespace

TEST_CASE("compressed graphs snap and route exactly like uncompressed ones", "[compression]") {
  std::size_t interior = 0, one_way = 0, same_chain = 0;
  for (std::uint32_t seed = 1; seed <= 12; ++seed) {
    const Network net = shaped_network(seed, 8 + seed % 5);
    const RoadGraphOptions opt{.keep_largest_component = seed % 3 != 0};
    const RoadGraph raw(net.edges, net.xy, {opt.keep_largest_component, false});
    const RoadGraph g(net.edges, net.xy, opt);
    INFO("seed " << seed);
    REQUIRE(g.counts().raw_nodes == raw.node_count());
    REQUIRE(g.node_count() < raw.node_count());
    CHECK(g.segment_count() * 2 >= raw.edge_count());
    const Snapper raw_snapper(raw), snapper(g);
    std::mt19937 rng(seed);
    const SnapOptions so{.max_snap_m = 80.0, .access_speed_kmh = 5.0};
    const auto op = test_points(g, rng, 70), dp = test_points(g, rng, 30);
    interior += op.interior + dp.interior;
    one_way += op.one_way + dp.one_way;
    auto o = snapper.snap(op.xy, so), d = snapper.snap(dp.xy, so);
    auto ro = raw_snapper.snap(op.xy, so), rd = raw_snapper.snap(dp.xy, so);
    // Destinations on the chains of some origins, ahead of and behind them.
    for (std::size_t i = 0; i < 10; ++i) {
      if (!o[i].reachable) continue;
      const XY s = o[i].snapped, a = g.chain_point(o[i].chain, 0);
      for (const double f : {0.3, 1.7}) {
        const XY q{a.x + f * (s.x - a.x), a.y + f * (s.y - a.y)};
        d.push_back(snapper.snap(q, so));
        rd.push_back(raw_snapper.snap(q, so));
        if (d.back().reachable && d.back().chain == o[i].chain) ++same_chain;
      }
    }
    // The same positions on the road.
    for (const auto* pair : {&o, &d}) {
      const auto& mine = *pair;
      const auto& ref = pair == &o ? ro : rd;
      for (std::size_t i = 0; i < mine.size(); ++i) {
        REQUIRE(mine[i].reachable == ref[i].reachable);
        CHECK(mine[i].snapped.x == Approx(ref[i].snapped.x).margin(1e-9));
        CHECK(mine[i].snapped.y == Approx(ref[i].snapped.y).margin(1e-9));
        CHECK(mine[i].distance_m == Approx(ref[i].distance_m).margin(1e-9));
      }
    }
    for (const double cutoff : {kInf, 120.0}) {
      INFO("cutoff " << cutoff);
      const CostMatrix want =
          od_matrix(raw, ro, rd, {.cutoff_s = cutoff, .method = OdMethod::dijkstra});
      check_same_matrix(od_matrix(g, o, d, {.cutoff_s = cutoff, .method = OdMethod::dijkstra}),
                        want);
      const ContractionHierarchy ch(g);
      for (const auto method : {HierarchyMethod::buckets, HierarchyMethod::sweeps})
        check_same_matrix(
            ch_od_matrix(ch, g, o, d, {.cutoff_s = cutoff, .hierarchy_method = method}), want);
      // Backward (fewer origins than destinations the other way round).
      const CostMatrix want_back =
          od_matrix(raw, rd, ro, {.cutoff_s = cutoff, .method = OdMethod::dijkstra});
      check_same_matrix(
          ch_od_matrix(ch, g, d, o,
                       {.cutoff_s = cutoff, .hierarchy_method = HierarchyMethod::sweeps}),
          want_back);
      // Nearest facilities: the same times in the same order.
      const auto near = nearest_destinations(g, o, d, 3, {.cutoff_s = cutoff});
      const auto near_raw = nearest_destinations(raw, ro, rd, 3, {.cutoff_s = cutoff});
      for (std::size_t i = 0; i < near.size(); ++i) {
        REQUIRE(near[i].size() == near_raw[i].size());
        for (std::size_t r = 0; r < near[i].size(); ++r)
          CHECK(near[i][r].travel_s == Approx(near_raw[i][r].travel_s).epsilon(1e-9));
      }
    }
  }
  // The test covered what it is about.
  CHECK(interior > 100);
  CHECK(one_way > 20);
  CHECK(same_chain > 20);
}

TEST_CASE("isochrones of compressed graphs follow the shape points", "[compression]") {
  // The reached road is the same set: the midpoint of every piece of one lies on a piece
  // of the other (the uncompressed graph also draws interior nodes' edges back along road
  // already reached, so the pieces themselves differ), and the extents agree.
  const auto covered = [](XY q, const IsochronePieces& iso) {
    for (const auto& p : iso.pieces) {
      const double dx = p.to.x - p.from.x, dy = p.to.y - p.from.y, len2 = dx * dx + dy * dy;
      double t = len2 > 0 ? ((q.x - p.from.x) * dx + (q.y - p.from.y) * dy) / len2 : 0.0;
      t = std::clamp(t, 0.0, 1.0);
      if (std::hypot(p.from.x + t * dx - q.x, p.from.y + t * dy - q.y) < 1e-6) return true;
    }
    return false;
  };
  const auto all_covered = [&](const IsochronePieces& a, const IsochronePieces& b) {
    std::size_t missing = 0;
    for (const auto& p : a.pieces)
      if (!covered({0.5 * (p.from.x + p.to.x), 0.5 * (p.from.y + p.to.y)}, b)) ++missing;
    return missing;
  };
  const auto extent = [](const IsochronePieces& iso) {
    Box b{kInf, kInf, -kInf, -kInf};
    for (const auto& p : iso.pieces)
      for (const XY q : {p.from, p.to}) {
        b.min_x = std::min(b.min_x, q.x);
        b.min_y = std::min(b.min_y, q.y);
        b.max_x = std::max(b.max_x, q.x);
        b.max_y = std::max(b.max_y, q.y);
      }
    return b;
  };
  std::size_t checked = 0;
  for (std::uint32_t seed = 1; seed <= 4; ++seed) {
    const Network net = shaped_network(50 + seed, 10);
    const RoadGraph raw(net.edges, net.xy, {.compress_chains = false});
    const RoadGraph g(net.edges, net.xy);
    std::mt19937 rng(seed);
    const auto points = test_points(g, rng, 8).xy;
    const auto o = Snapper(g).snap(points), ro = Snapper(raw).snap(points);
    const std::vector<double> limits = {20.0, 60.0, 150.0};
    const auto iso = isochrone_pieces(g, o, limits);
    const auto iso_raw = isochrone_pieces(raw, ro, limits);
    const ContractionHierarchy ch(g);
    const auto iso_phast = ch_isochrone_pieces(ch, g, o, limits);
    for (std::size_t i = 0; i < o.size(); ++i)
      for (std::size_t l = 0; l < limits.size(); ++l) {
        INFO("seed " << seed << " origin " << i << " limit " << limits[l]);
        CHECK(all_covered(iso[i][l], iso_raw[i][l]) == 0);
        CHECK(all_covered(iso_raw[i][l], iso[i][l]) == 0);
        CHECK(iso_phast[i][l].pieces.size() == iso[i][l].pieces.size());
        CHECK(all_covered(iso_phast[i][l], iso[i][l]) == 0);
        CHECK(iso_phast[i][l].nodes.size() == iso[i][l].nodes.size());
        if (iso_raw[i][l].pieces.empty()) continue;
        const Box a = extent(iso[i][l]), b = extent(iso_raw[i][l]);
        CHECK(a.min_x == Approx(b.min_x).margin(1e-9));
        CHECK(a.max_x == Approx(b.max_x).margin(1e-9));
        CHECK(a.min_y == Approx(b.min_y).margin(1e-9));
        CHECK(a.max_y == Approx(b.max_y).margin(1e-9));
        checked += iso[i][l].pieces.size();
      }
  }
  CHECK(checked > 1000);
}
