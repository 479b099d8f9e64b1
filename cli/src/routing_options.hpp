#pragma once
// Options shared by every command that routes (graph-info, graph-export, od, nearest,
// isochrones, access): the network and its profile, point layers, snapping and the
// straight-line fallback. They fill network::TravelCostOptions — the struct the scenario's
// [network] table fills too — so defaults are declared once, in those structs.

#include <CLI/CLI.hpp>
#include <string>
#include <vector>

#include "equiroute/geodata/point_layer.hpp"
#include "equiroute/network/travel_costs.hpp"

namespace equiroute::cli {

/// Network file, profile and line-layer fields (`--network-*`, `--speed`, …).
struct NetworkArgs {
  std::string path;
  std::vector<std::string> speeds;  ///< CLASS=KMH overrides
  bool ignore_maxspeed = false;
  bool keep_all_components = false;
  geodata::LineRoadOptions lines;

  /// `positional`: the network is the command's argument (graph-info) rather than
  /// --network; `allow_none`: "none" selects the straight-line approximation. Returns the
  /// network option (required; a caller may relax that).
  CLI::Option* add(CLI::App* cmd, bool positional, bool allow_none);
  /// The options; an empty path for "none".
  network::NetworkOptions options() const;
  bool none() const { return path == "none"; }
};

/// Snapping, straight-line and thread options.
struct TravelArgs {
  network::TravelCostOptions travel;
  void add(CLI::App* cmd);
  /// The cost options with the network of `network` and a cutoff in minutes (0: none).
  network::TravelCostOptions options(const NetworkArgs& network, double cutoff_min) const;
};

/// Point layers of od/nearest/isochrones (--origins, --destinations) and their fields.
struct PointArgs {
  std::string origins, destinations;
  geodata::PointLayerOptions fields;  ///< id/x/y fields and CRS, shared by both layers
  /// --origins-crs, --destinations-crs: the CRS of one layer (e.g. GCJ-02 facilities from a
  /// web map with WGS 84 origins), instead of --crs.
  std::string origins_crs, destinations_crs;
  void add(CLI::App* cmd, bool with_destinations);
  geodata::FeatureSet read_origins() const;
  geodata::FeatureSet read_destinations() const;
  /// Names both layers by their files in the log and its warnings.
  void label(network::TravelCostOptions& options) const;

 private:
  geodata::FeatureSet read(const std::string& path, const std::string& crs) const;
};

}  // namespace equiroute::cli
