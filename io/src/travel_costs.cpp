#include "equiroute/io/travel_costs.hpp"

#include <fmt/core.h>
#include <spdlog/spdlog.h>

#include "equiroute/core/error.hpp"
#include "equiroute/engine/road_graph.hpp"
#include "equiroute/engine/straight_line.hpp"
#include "equiroute/engine/travel_queries.hpp"
#include "equiroute/geodata/projection.hpp"
#include "equiroute/geodata/road_network.hpp"
#include "equiroute/io/road_routing.hpp"

namespace equiroute::io {

namespace {

TravelCosts straight_line(const NetworkSpec& network, const std::vector<LonLat>& origins,
                          const std::vector<LonLat>& destinations, unsigned threads) {
  engine::StraightLineOptions options;
  options.circuity = network.circuity;
  options.speed_kmh = network.speed_kmh;
  options.threads = threads;
  TravelCosts costs;
  costs.matrix =
      engine::straight_line_matrix(origins, destinations, &geodata::geodesic_distance_m, options);
  costs.method = fmt::format(
      "Travel times are straight-line approximations: geodesic distance x {:g} (circuity) at {:g} "
      "km/h, "
      "no road network.",
      network.circuity, network.speed_kmh);
  return costs;
}

TravelCosts road_network(const NetworkSpec& network, const std::vector<LonLat>& origins,
                         const std::vector<LonLat>& destinations, unsigned threads) {
  NetworkOptions network_options;
  network_options.path = network.path.string();
  auto loaded = load_routing_network(network_options);
  const engine::RoadGraph& graph = *loaded->graph;
  spdlog::info(
      "road graph: {} nodes, {} edges ({} nodes outside the largest strongly connected component "
      "dropped)",
      graph.node_count(), graph.edge_count(), graph.dropped_nodes());
  engine::SnapOptions snap_options;
  snap_options.max_snap_m = network.max_snap_m;
  snap_options.access_speed_kmh = network.access_speed_kmh;
  auto origin_snaps = snap_points(*loaded, origins, snap_options);
  auto destination_snaps = snap_points(*loaded, destinations, snap_options);
  TravelCosts costs;
  costs.origin_snaps = engine::summarize(origin_snaps);
  costs.destination_snaps = engine::summarize(destination_snaps);
  for (const auto* s : {&costs.origin_snaps, &costs.destination_snaps}) {
    if (s->unreachable > 0) {
      spdlog::warn("{} of {} points are farther than {:g} m from the road network: unreachable",
                   s->unreachable, s->points, network.max_snap_m);
    }
  }
  if (costs.origin_snaps.unreachable == origins.size() ||
      costs.destination_snaps.unreachable == destinations.size()) {
    throw Error(
        fmt::format("no point lies within {:g} m of the road network (wrong network or CRS?)",
                    network.max_snap_m),
        {.file = network.path.string()});
  }
  engine::QueryOptions query;
  query.threads = threads;
  costs.matrix = engine::od_matrix(graph, origin_snaps, destination_snaps, query);
  costs.method = fmt::format(
      "Travel times over the road network {} (driving profile; access legs at {:g} km/h, snap "
      "limit {:g} m; "
      "largest snap {:.0f} m).",
      network.path.filename().string(), network.access_speed_kmh, network.max_snap_m,
      std::max(costs.origin_snaps.max_distance_m, costs.destination_snaps.max_distance_m));
  return costs;
}

}  // namespace

TravelCosts travel_costs(const NetworkSpec& network, const std::vector<LonLat>& origins,
                         const std::vector<LonLat>& destinations, unsigned threads) {
  if (network.mode == "none") return straight_line(network, origins, destinations, threads);
  return road_network(network, origins, destinations, threads);
}

}  // namespace equiroute::io
