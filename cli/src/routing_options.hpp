#pragma once
// Options shared by the routing subcommands (graph-info, graph-export, od, nearest,
// isochrones): network, profile and line-layer fields, point sources, snapping, threads.
// Argument handling only; the work is in io/road_routing.

#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>
#include <memory>
#include <string>
#include <vector>

#include "equiroute/engine/snapping.hpp"
#include "equiroute/engine/straight_line.hpp"
#include "equiroute/io/road_routing.hpp"

namespace equiroute::cli {

struct NetworkArgs {
  std::string path;
  std::vector<std::string> speeds;  ///< CLASS=KMH overrides
  bool ignore_maxspeed = false;
  bool keep_all_components = false;
  std::string class_field, speed_field, oneway_field, network_crs, network_layer;
  double node_tolerance_m = 0.5;

  void add(CLI::App* cmd, bool positional) {
    if (positional)
      cmd->add_option("network", path,
                      "Road network: OSM .pbf/.osm/.osm.gz/.osm.bz2 or an OGR line layer")
          ->required();
    cmd->add_option("--speed", speeds,
                    "Override a class speed, CLASS=KMH (0 = not routable); repeatable");
    cmd->add_flag("--ignore-maxspeed", ignore_maxspeed,
                  "Use class speeds even where maxspeed is tagged");
    cmd->add_flag("--keep-all-components", keep_all_components,
                  "Keep every strongly connected component (default: only the largest)");
    cmd->add_option("--class-field", class_field,
                    "Line layers: road class field (default highway/fclass)");
    cmd->add_option("--speed-field", speed_field,
                    "Line layers: speed field in km/h (default maxspeed)");
    cmd->add_option("--oneway-field", oneway_field, "Line layers: one-way field (default oneway)");
    cmd->add_option("--network-layer", network_layer, "Line layers: layer name");
    cmd->add_option("--network-crs", network_crs, "Line layers: CRS when the file declares none");
    cmd->add_option("--node-tolerance-m", node_tolerance_m,
                    "Line layers: endpoint noding tolerance, metres")
        ->capture_default_str();
  }

  io::NetworkOptions options() const {
    io::NetworkOptions o;
    o.path = path;
    for (const auto& s : speeds) geodata::set_class_speed(o.profile, s);
    o.profile.use_maxspeed = !ignore_maxspeed;
    o.graph.keep_largest_component = !keep_all_components;
    o.lines.class_field = class_field;
    o.lines.speed_field = speed_field;
    o.lines.oneway_field = oneway_field;
    o.lines.layer = network_layer;
    o.lines.assume_crs = network_crs;
    o.lines.node_tolerance_m = node_tolerance_m;
    return o;
  }
};

struct PointArgs {
  std::string origins, destinations, id_field, x_field, y_field, crs;
  void add(CLI::App* cmd, bool with_destinations) {
    cmd->add_option("--origins", origins, "Origin points: OGR layer or CSV id,lon,lat")->required();
    if (with_destinations)
      cmd->add_option("--destinations", destinations,
                      "Destination points: OGR layer or CSV id,lon,lat")
          ->required();
    cmd->add_option("--id-field", id_field, "Id field of the point layers (CSV default: id)");
    cmd->add_option("--x-field", x_field, "CSV x / longitude column (default lon)");
    cmd->add_option("--y-field", y_field, "CSV y / latitude column (default lat)");
    cmd->add_option("--crs", crs, "CRS of points that declare none (CSV default EPSG:4326)");
  }
  io::PointSet read(const std::string& path) const {
    return io::read_point_set(
        {.path = path, .id_field = id_field, .x_field = x_field, .y_field = y_field, .crs = crs});
  }
};

struct SnapArgs {
  engine::SnapOptions snap;
  engine::StraightLineOptions straight;
  unsigned threads = 1;
  void add(CLI::App* cmd) {
    cmd->add_option("--access-speed-kmh", snap.access_speed_kmh, "Speed off the network, km/h")
        ->capture_default_str();
    cmd->add_option("--max-snap-m", snap.max_snap_m,
                    "Points farther from every road are unreachable, metres")
        ->capture_default_str();
    cmd->add_option("--circuity", straight.circuity,
                    "--network none: network/straight distance ratio")
        ->capture_default_str();
    cmd->add_option("--speed-kmh", straight.speed_kmh, "--network none: average speed, km/h")
        ->capture_default_str();
    cmd->add_option("--threads", threads, "Worker threads (0 = all cores)")->capture_default_str();
  }
};

inline void log_snaps(const char* what, const std::vector<engine::Snap>& snaps, double max_snap_m) {
  const auto s = engine::summarize(snaps);
  spdlog::info("{}: {} points snapped, snap distance max {:.1f} m, mean {:.1f} m", what,
               s.points - s.unreachable, s.max_distance_m, s.mean_distance_m);
  if (s.unreachable > 0)
    spdlog::warn("{}: {} of {} points are farther than {} m from the network: unreachable", what,
                 s.unreachable, s.points, max_snap_m);
}

inline void log_network(const io::RoutingNetwork& net) {
  const auto& g = *net.graph;
  spdlog::info(
      "network {}: {} nodes, {} directed edges kept ({} nodes, {} edges dropped outside the "
      "largest "
      "component) in {:.2f} s",
      net.path, g.node_count(), g.edge_count(), g.dropped_nodes(), g.dropped_edges(),
      net.load_seconds);
}

inline bool no_network(const std::string& path) { return path == "none"; }

/// Straight-line options of --network none with the query's cutoff and threads, announced
/// on stderr as approximate.
inline engine::StraightLineOptions straight_line_options(const SnapArgs& args, double cutoff_s) {
  auto options = args.straight;
  options.cutoff_s = cutoff_s;
  options.threads = args.threads;
  spdlog::warn(
      "no network: travel times are straight-line approximations (geodesic distance x {} / {} "
      "km/h)",
      options.circuity, options.speed_kmh);
  return options;
}

/// A loaded network with the origins and destinations snapped onto it (both logged).
struct SnappedQuery {
  std::shared_ptr<const io::RoutingNetwork> network;
  std::vector<engine::Snap> origins, destinations;
};

inline SnappedQuery load_and_snap(const NetworkArgs& network, const SnapArgs& snap,
                                  const std::vector<LonLat>& origins,
                                  const std::vector<LonLat>& destinations) {
  SnappedQuery q;
  q.network = io::load_routing_network(network.options());
  log_network(*q.network);
  q.origins = io::snap_points(*q.network, origins, snap.snap);
  q.destinations = io::snap_points(*q.network, destinations, snap.snap);
  log_snaps("origins", q.origins, snap.snap.max_snap_m);
  log_snaps("destinations", q.destinations, snap.snap.max_snap_m);
  return q;
}

}  // namespace equiroute::cli
