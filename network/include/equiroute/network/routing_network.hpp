#pragma once
// A road file made ready to route: roads read by geodata, projected to one working CRS
// (metres, for snapping), the engine's RoadGraph and its segment index (Snapper).

#include <memory>
#include <string>
#include <vector>

#include "equiroute/core/geo_types.hpp"
#include "equiroute/engine/road_graph.hpp"
#include "equiroute/engine/snapping.hpp"
#include "equiroute/geodata/projection.hpp"
#include "equiroute/geodata/road_network.hpp"

namespace equiroute::network {

/// How a road file becomes a routing graph. The CLI's network flags and the scenario's
/// [network] keys fill this one struct, so both have the same options and defaults.
struct NetworkOptions {
  std::string path;  ///< OSM (.pbf/.osm/.osm.gz/.osm.bz2) or an OGR line layer
  geodata::RoadProfile profile = geodata::default_driving_profile();
  geodata::LineRoadOptions lines;  ///< field names for line layers (its path is ignored)
  engine::RoadGraphOptions graph;
  /// Working CRS (metres) for snapping; empty: auto_conformal_crs of the network's box.
  std::string working_crs;
};

/// A loaded network. Not movable (the snapper refers to the graph); held by unique_ptr.
struct RoutingNetwork {
  std::string path;
  std::string working_crs;
  LonLatBox box{};              ///< of the kept graph
  std::size_t input_nodes = 0;  ///< nodes read from the file
  std::size_t input_edges = 0;  ///< directed edges read from the file
  double load_seconds = 0.0;    ///< reading + building, wall clock
  std::unique_ptr<geodata::Projection> projection;
  std::unique_ptr<engine::RoadGraph> graph;
  std::unique_ptr<engine::Snapper> snapper;
};

/// Reads and builds a network, and logs its size. Throws equiroute::Error (file named) on
/// unreadable input or a network without routable roads.
std::unique_ptr<RoutingNetwork> load_routing_network(const NetworkOptions& options);

/// Projects and snaps points onto the network, and logs the snap distances (`what` names
/// the point set in the log: "origins", "facilities", …) and, when the points look like
/// GCJ-02 or BD-09 coordinates declared as WGS 84, one warning (china_offset.hpp).
std::vector<engine::Snap> snap_points(const RoutingNetwork& network,
                                      const std::vector<LonLat>& points,
                                      const engine::SnapOptions& options, const std::string& what);

}  // namespace equiroute::network
