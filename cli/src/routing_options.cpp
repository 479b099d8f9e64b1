#include "routing_options.hpp"

#include <cmath>
#include <limits>

namespace equiroute::cli {

CLI::Option* NetworkArgs::add(CLI::App* cmd, bool positional, bool allow_none) {
  const std::string what = "Road network: OSM .pbf/.osm/.osm.gz/.osm.bz2 or an OGR line layer" +
                           std::string(allow_none ? "; 'none' for straight-line estimates" : "");
  auto* option = cmd->add_option(positional ? "network" : "--network", path, what)->required();
  cmd->add_option("--speed", speeds,
                  "Override a class speed, CLASS=KMH (0 = not routable); repeatable");
  cmd->add_flag("--ignore-maxspeed", ignore_maxspeed,
                "Use class speeds even where maxspeed is tagged");
  cmd->add_flag("--keep-all-components", keep_all_components,
                "Keep every strongly connected component (default: only the largest)");
  cmd->add_flag("--strict", strict,
                "OSM: ways referencing nodes missing from the extract are an error, not a warning");
  cmd->add_option("--class-field", lines.class_field,
                  "Line layers: road class field (default highway/fclass)");
  cmd->add_option("--speed-field", lines.speed_field,
                  "Line layers: speed field in km/h (default maxspeed)");
  cmd->add_option("--oneway-field", lines.oneway_field,
                  "Line layers: one-way field (default oneway)");
  cmd->add_option("--network-layer", lines.layer, "Line layers: layer name");
  cmd->add_option("--network-crs", lines.assume_crs,
                  "Line layers: CRS when the file declares none");
  cmd->add_option("--node-tolerance-m", lines.node_tolerance_m,
                  "Line layers: endpoint noding tolerance, metres")
      ->capture_default_str();
  return option;
}

network::NetworkOptions NetworkArgs::options() const {
  network::NetworkOptions o;
  o.path = none() ? std::string() : path;
  for (const auto& s : speeds) geodata::set_class_speed(o.profile, s);
  o.profile.use_maxspeed = !ignore_maxspeed;
  o.graph.keep_largest_component = !keep_all_components;
  o.lines = lines;
  o.osm.strict = strict;
  // An .eqnet given without any profile option is used with the profile it was prepared
  // with; any such option must match it exactly (else exit 2, see docs/routing.md).
  const geodata::LineRoadOptions defaults;
  o.accept_prepared_profile =
      speeds.empty() && !ignore_maxspeed && !keep_all_components && lines.layer.empty() &&
      lines.class_field.empty() && lines.speed_field.empty() && lines.oneway_field.empty() &&
      lines.assume_crs.empty() && lines.node_tolerance_m == defaults.node_tolerance_m;
  return o;
}

void TravelArgs::add(CLI::App* cmd) {
  cmd->add_option("--access-speed-kmh", travel.snap.access_speed_kmh, "Speed off the network, km/h")
      ->capture_default_str();
  cmd->add_option("--max-snap-m", travel.snap.max_snap_m,
                  "Points farther from every road are unreachable, metres")
      ->capture_default_str();
  cmd->add_option("--circuity", travel.straight.circuity,
                  "--network none: network/straight distance ratio")
      ->capture_default_str();
  cmd->add_option("--speed-kmh", travel.straight.speed_kmh, "--network none: average speed, km/h")
      ->capture_default_str();
  cmd->add_option("--network-cache", travel.cache_directory,
                  "Directory of prepared networks: a road file is prepared there once (as by "
                  "`equiroute prepare`) and mapped by later commands");
  cmd->add_flag("--allow-unreachable", travel.allow_unreachable,
                "No point reaching the network or any destination is a warning, not an error");
  cmd->add_option("--threads", travel.threads, "Worker threads (0 = all cores)")
      ->capture_default_str();
}

network::TravelCostOptions TravelArgs::options(const NetworkArgs& network,
                                               double cutoff_min) const {
  network::TravelCostOptions o = travel;
  o.network = network.options();
  o.cutoff_s = cutoff_min > 0.0 ? cutoff_min * 60.0 : std::numeric_limits<double>::infinity();
  return o;
}

void PointArgs::add(CLI::App* cmd, bool with_destinations) {
  cmd->add_option("--origins", origins, "Origin points: OGR layer or CSV id,lon,lat")->required();
  if (with_destinations)
    cmd->add_option("--destinations", destinations,
                    "Destination points: OGR layer or CSV id,lon,lat")
        ->required();
  cmd->add_option("--id-field", fields.id_field,
                  "Id field of the point layers (default: 'id' when present, else the feature id)");
  cmd->add_option("--x-field", fields.x_field, "CSV x / longitude column (default lon)");
  cmd->add_option("--y-field", fields.y_field, "CSV y / latitude column (default lat)");
  cmd->add_option("--crs", fields.crs,
                  "CRS of points that declare none (CSV default EPSG:4326); GCJ-02 or BD-09 "
                  "converts web-map coordinates to WGS 84");
  cmd->add_option("--origins-crs", origins_crs, "CRS of the origins, instead of --crs");
  if (with_destinations)
    cmd->add_option("--destinations-crs", destinations_crs,
                    "CRS of the destinations, instead of --crs");
}

geodata::FeatureSet PointArgs::read(const std::string& path, const std::string& crs) const {
  geodata::PointLayerOptions o = fields;
  o.path = path;
  if (!crs.empty()) o.crs = crs;
  return geodata::read_point_features(o);
}

geodata::FeatureSet PointArgs::read_origins() const { return read(origins, origins_crs); }

geodata::FeatureSet PointArgs::read_destinations() const {
  return read(destinations, destinations_crs);
}

void PointArgs::label(network::TravelCostOptions& options) const {
  options.origins_label = "origins '" + origins + "'";
  options.destinations_label = "destinations '" + destinations + "'";
}

}  // namespace equiroute::cli
