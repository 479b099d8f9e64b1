// `equiroute isochrones --network N --origins O --minutes 15,30,60 -o iso.gpkg`: service
// areas reachable from each origin within each time limit, as polygons.

#include <fmt/core.h>
#include <spdlog/spdlog.h>

#include "command_registry.hpp"
#include "equiroute/core/error.hpp"
#include "equiroute/engine/snapping.hpp"
#include "equiroute/engine/travel_queries.hpp"
#include "equiroute/report/routing_outputs.hpp"
#include "routing_options.hpp"

namespace equiroute::cli {
namespace {

struct IsoArgs {
  NetworkArgs network;
  PointArgs points;
  TravelArgs travel;
  std::vector<double> minutes;
  double buffer_m = 50.0;
  std::string output;
};

std::vector<double> limits_s(const std::vector<double>& minutes) {
  std::vector<double> limits;
  for (const double m : minutes) {
    if (!(m > 0.0) || (!limits.empty() && m * 60.0 <= limits.back()))
      throw Error("--minutes must be positive and ascending");
    limits.push_back(m * 60.0);
  }
  return limits;
}

void run_isochrones(const IsoArgs& a) {
  if (a.network.none())
    throw Error("isochrones need a road network", {}, ErrorKind::BadInput,
                "with --network none use `od` or `nearest` (straight-line estimates)");
  const auto limits = limits_s(a.minutes);
  const auto origins = a.points.read_origins();
  const auto options = a.travel.options(a.network, 0.0);
  const auto net = network::open_network(options.network, options.cache_directory, options.threads);
  const auto snaps = network::snap_points(*net, geodata::lonlat_points(origins), options.snap,
                                          "origins '" + a.points.origins + "'", options.threads);
  // No origin on the network would write an empty layer: the same rule as od and access.
  auto reach = options;
  reach.origins_label = "origins '" + a.points.origins + "'";
  reach.destinations_label =
      fmt::format("roads within the snap limit ({:g} m)", options.snap.max_snap_m);
  network::require_reachable(engine::summarize(snaps).unreachable < snaps.size(), reach,
                             a.network.path);
  const auto pieces = network::isochrone_pieces(*net, snaps, limits, options.threads);
  const auto n = io::write_isochrones(a.output, pieces, origins.ids, *net->projection, a.buffer_m,
                                      {a.points.origins, a.network.path});
  spdlog::info("wrote {}: {} service areas", a.output, n);
}

const RegisterCommand reg{[](CLI::App& root) {
  auto* cmd =
      root.add_subcommand("isochrones", "Service-area polygons reachable within given minutes");
  auto a = std::make_shared<IsoArgs>();
  a->network.add(cmd, false, false);
  a->points.add(cmd, false);
  a->travel.add(cmd);
  cmd->add_option("--minutes", a->minutes, "Time limits in minutes, ascending (e.g. 15,30,60)")
      ->required()
      ->delimiter(',');
  cmd->add_option("--buffer-m", a->buffer_m, "Buffer around reached roads, metres")
      ->capture_default_str();
  cmd->add_option("-o,--output", a->output, "Output layer (.gpkg, .geojson, .shp)")->required();
  cmd->callback([a] { run_isochrones(*a); });
}};

}  // namespace
}  // namespace equiroute::cli
