// Chain compression on the real OSM extracts: the compressed network snaps every point to the
// same position as the uncompressed one and gives the same travel times (1e-9 relative),
// through Dijkstra and through a prepared network's hierarchy, for points near random road
// vertices, on chain interiors (shape points and between them) and on one-way chains.

#include <catch2/catch.hpp>
#include <cmath>
#include <random>

#include "equiroute/engine/contraction_hierarchy.hpp"
#include "equiroute/network/prepared_network.hpp"
#include "support.hpp"

using namespace equiroute;
using equiroute::test::shared_data;
using equiroute::test::TempDir;

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

double lookup(const engine::CostMatrix& m, std::size_t i, std::size_t j) {
  const auto ds = m.row_destinations(i);
  const auto it = std::find(ds.begin(), ds.end(), j);
  return it == ds.end() ? kInf : m.row_travel_s(i)[static_cast<std::size_t>(it - ds.begin())];
}

/// Points (working CRS) next to chains of the compressed graph: half on random segments of
/// chains with shape points, a quarter exactly on shape points, a quarter anywhere.
std::vector<XY> points_on_chains(const engine::RoadGraph& g, std::mt19937& rng, std::size_t n,
                                 std::size_t& interior, std::size_t& one_way) {
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  std::vector<XY> out;
  while (out.size() < n) {
    const auto c = static_cast<std::uint32_t>(unit(rng) * static_cast<double>(g.chain_count()));
    const std::uint32_t segments = g.segment_count(c);
    if (segments < 2 && out.size() % 4 != 3) continue;
    const auto k = static_cast<std::uint32_t>(unit(rng) * segments);
    const XY a = g.chain_point(c, k), b = g.chain_point(c, k + 1);
    const double t = out.size() % 4 == 1 ? 0.0 : unit(rng);
    out.push_back({a.x + t * (b.x - a.x) + 3.0 * (unit(rng) - 0.5),
                   a.y + t * (b.y - a.y) + 3.0 * (unit(rng) - 0.5)});
    if (segments > 1) ++interior;
    if (std::isinf(g.segment_backward_s(c, 0))) ++one_way;
  }
  return out;
}

void check_extract(const std::string& file_name) {
  const auto data = shared_data();
  if (!data || !std::filesystem::exists(*data / "osm" / file_name))
    EQUIROUTE_SKIP("shared OSM extract osm/" << file_name << " is absent");
  network::NetworkOptions options;
  options.path = (*data / "osm" / file_name).string();
  TempDir dir;
  network::prepare_network(options, dir / "net.eqnet", 2);
  network::NetworkOptions prepared = options;
  prepared.path = (dir / "net.eqnet").string();
  network::NetworkOptions uncompressed = options;
  uncompressed.graph.compress_chains = false;
  const auto net = network::load_routing_network(prepared);
  const auto raw = network::load_routing_network(uncompressed);
  REQUIRE(net->graph->counts().raw_nodes == raw->graph->node_count());
  WARN(file_name << ": " << raw->graph->node_count() << " raw nodes, " << net->graph->node_count()
                 << " after compressing chains");

  std::mt19937 rng(11);
  std::size_t interior = 0, one_way = 0;
  const auto op = points_on_chains(*net->graph, rng, 160, interior, one_way);
  const auto dp = points_on_chains(*net->graph, rng, 60, interior, one_way);
  CHECK(interior > 100);
  const engine::SnapOptions so;
  const auto o = net->snapper->snap(op, so), d = net->snapper->snap(dp, so);
  const auto ro = raw->snapper->snap(op, so), rd = raw->snapper->snap(dp, so);
  for (std::size_t i = 0; i < o.size(); ++i) {
    REQUIRE(o[i].reachable == ro[i].reachable);
    CHECK(o[i].snapped.x == Approx(ro[i].snapped.x).margin(1e-9));
    CHECK(o[i].snapped.y == Approx(ro[i].snapped.y).margin(1e-9));
  }
  const auto want = engine::od_matrix(*raw->graph, ro, rd, {.method = engine::OdMethod::dijkstra});
  const auto got = engine::ch_od_matrix(*net->hierarchy, *net->graph, o, d, {.threads = 2});
  const auto dij = engine::od_matrix(*net->graph, o, d, {.method = engine::OdMethod::dijkstra});
  CHECK(got.destinations == want.destinations);
  CHECK(dij.destinations == want.destinations);
  std::size_t compared = 0;
  for (std::size_t i = 0; i < o.size(); ++i)
    for (std::size_t j = 0; j < d.size(); ++j) {
      const double w = lookup(want, i, j);
      if (std::isinf(w)) continue;
      INFO(file_name << " pair " << i << " → " << j);
      CHECK(lookup(got, i, j) == Approx(w).epsilon(1e-9).margin(1e-12));
      CHECK(lookup(dij, i, j) == Approx(w).epsilon(1e-9).margin(1e-12));
      ++compared;
    }
  CHECK(compared > o.size() * d.size() / 2);
  if (file_name != "West-Oakland.osm.bz2") CHECK(one_way > 0);
}

}  // namespace

TEST_CASE("compression is exact on andorra", "[compression][real]") {
  check_extract("andorra.osm.pbf");
}
TEST_CASE("compression is exact on monaco", "[compression][real]") {
  check_extract("monaco.osm.pbf");
}
TEST_CASE("compression is exact on campo-grande", "[compression][real]") {
  check_extract("campo-grande.osm.gz");
}
TEST_CASE("compression is exact on West-Oakland", "[compression][real]") {
  check_extract("West-Oakland.osm.bz2");
}
