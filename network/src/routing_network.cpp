#include "equiroute/network/routing_network.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <stdexcept>

#include "equiroute/core/error.hpp"
#include "equiroute/network/china_offset.hpp"

namespace equiroute::network {

namespace {

LonLatBox box_of(const std::vector<LonLat>& points) {
  LonLatBox box{points[0].lon, points[0].lat, points[0].lon, points[0].lat};
  for (const auto& p : points) {
    box.min_lon = std::min(box.min_lon, p.lon);
    box.max_lon = std::max(box.max_lon, p.lon);
    box.min_lat = std::min(box.min_lat, p.lat);
    box.max_lat = std::max(box.max_lat, p.lat);
  }
  return box;
}

void log_network(const RoutingNetwork& net) {
  const auto& g = *net.graph;
  spdlog::info(
      "network {}: {} nodes, {} directed edges kept ({} nodes, {} edges dropped outside the "
      "largest component) in {:.2f} s",
      net.path, g.node_count(), g.edge_count(), g.dropped_nodes(), g.dropped_edges(),
      net.load_seconds);
}

}  // namespace

std::unique_ptr<RoutingNetwork> load_routing_network(const NetworkOptions& options) {
  const auto start = std::chrono::steady_clock::now();
  auto net = std::make_unique<RoutingNetwork>();
  net->path = options.path;
  RoadEdges roads = geodata::read_roads(options.path, options.profile, options.lines);
  net->input_nodes = roads.node_count();
  net->input_edges = roads.edge_count();
  net->working_crs = options.working_crs.empty()
                         ? geodata::auto_conformal_crs(geodata::bounding_box(roads))
                         : options.working_crs;
  net->projection = std::make_unique<geodata::Projection>(net->working_crs);
  const std::vector<XY> xy = net->projection->forward(roads.nodes);
  try {
    net->graph = std::make_unique<engine::RoadGraph>(roads, xy, options.graph);
  } catch (const std::invalid_argument& e) {
    throw Error(std::string("cannot build a routing graph: ") + e.what(), {.file = options.path});
  }
  roads = RoadEdges{};
  net->snapper = std::make_unique<engine::Snapper>(*net->graph);
  net->box = box_of(net->graph->nodes_lonlat());
  net->load_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  log_network(*net);
  return net;
}

std::vector<engine::Snap> snap_points(const RoutingNetwork& network,
                                      const std::vector<LonLat>& points,
                                      const engine::SnapOptions& options, const std::string& what) {
  const auto xy = network.projection->forward(points);
  std::vector<engine::Snap> snaps;
  try {
    snaps = network.snapper->snap(xy, options);
  } catch (const std::invalid_argument& e) {
    throw Error(e.what(), {}, ErrorKind::BadInput);
  }
  const auto s = engine::summarize(snaps);
  spdlog::info("{}: {} points snapped, snap distance max {:.1f} m, mean {:.1f} m", what,
               s.points - s.unreachable, s.max_distance_m, s.mean_distance_m);
  if (s.unreachable > 0) {
    spdlog::warn("{}: {} of {} points are farther than {:g} m from the network: unreachable", what,
                 s.unreachable, s.points, options.max_snap_m);
  }
  warn_if_china_offset(network, points, what);
  return snaps;
}

}  // namespace equiroute::network
