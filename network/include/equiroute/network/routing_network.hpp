#pragma once
// A road file made ready to route: roads read by geodata, projected to one working CRS
// (metres, for snapping), the engine's RoadGraph (chains of shape points compressed) and its
// segment index (Snapper) — or all of that plus a contraction hierarchy, mapped from a
// prepared network (.eqnet, prepared_network.hpp) without rebuilding anything.

#include <memory>
#include <string>
#include <vector>

#include "equiroute/core/geo_types.hpp"
#include "equiroute/engine/contraction_hierarchy.hpp"
#include "equiroute/engine/road_graph.hpp"
#include "equiroute/engine/snapping.hpp"
#include "equiroute/geodata/projection.hpp"
#include "equiroute/geodata/road_network.hpp"

namespace equiroute::network {

/// How a road file becomes a routing graph. The CLI's network flags and the scenario's
/// [network] keys fill this one struct, so both have the same options and defaults.
struct NetworkOptions {
  std::string path;  ///< OSM (.pbf/.osm/.osm.gz/.osm.bz2), an OGR line layer, or an .eqnet
  geodata::RoadProfile profile = geodata::default_driving_profile();
  geodata::LineRoadOptions lines;  ///< field names for line layers (its path is ignored)
  geodata::OsmRoadOptions osm;     ///< OSM files: missing node references an error (strict)
  engine::RoadGraphOptions graph;
  /// Working CRS (metres) for snapping; empty: auto_conformal_crs of the network's box.
  std::string working_crs;
  /// A prepared network (.eqnet) must have been prepared with exactly these options (the
  /// profile, line fields, graph options and working CRS), else loading it is an error.
  /// Set this when the user gave none of those options, to use the file's own.
  bool accept_prepared_profile = false;
};

/// A loaded network. Not movable (the snapper refers to the graph); held by a pointer.
struct RoutingNetwork {
  std::string path;
  std::string working_crs;
  LonLatBox box{};              ///< of the kept graph
  std::size_t input_nodes = 0;  ///< nodes read from the road file
  std::size_t input_edges = 0;  ///< directed edges read from the road file
  double load_seconds = 0.0;    ///< reading + building (or mapping), wall clock
  /// Prepared networks: true, with the SHA-256 of the road file they were prepared from
  /// and of their profile (profile_sha256()).
  bool prepared = false;
  std::string input_sha256;
  std::string profile_sha256;
  std::unique_ptr<geodata::Projection> projection;
  std::unique_ptr<engine::RoadGraph> graph;
  std::unique_ptr<engine::Snapper> snapper;
  /// The contraction hierarchy: present in prepared networks (and after prepare_network).
  std::unique_ptr<engine::ContractionHierarchy> hierarchy;
};

/// Reads and builds a network (or maps a prepared one: an `.eqnet` path, or any file that
/// starts with the .eqnet signature), and logs its size. Throws equiroute::Error (file
/// named) on unreadable input, a network without routable roads, and — for prepared
/// networks — a damaged or truncated file, another format version, or a profile that
/// differs from `options` (unless accept_prepared_profile).
std::unique_ptr<RoutingNetwork> load_routing_network(const NetworkOptions& options);

/// Projects and snaps points onto the network (`threads` workers, 0: all; the same result
/// for any count), and logs the snap distances (`what` names the point set in the log:
/// "origins", "facilities", …) and, when the points look like GCJ-02 or BD-09 coordinates
/// declared as WGS 84, one warning (china_offset.hpp).
std::vector<engine::Snap> snap_points(const RoutingNetwork& network,
                                      const std::vector<LonLat>& points,
                                      const engine::SnapOptions& options, const std::string& what,
                                      unsigned threads = 1);

/// Isochrone pieces of snapped origins: by PHAST over the network's contraction hierarchy
/// when it has one and the isochrones are large (engine::isochrone_pieces with a
/// hierarchy), else by one Dijkstra search per origin.
std::vector<std::vector<engine::IsochronePieces>> isochrone_pieces(
    const RoutingNetwork& network, const std::vector<engine::Snap>& origins,
    const std::vector<double>& limits_s, unsigned threads);

}  // namespace equiroute::network
