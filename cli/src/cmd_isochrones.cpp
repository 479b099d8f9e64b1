// `equiroute isochrones --network N --origins O --minutes 15,30,60 -o iso.gpkg`: service
// areas reachable from each origin within each time limit, as polygons.

#include "command_registry.hpp"
#include "equiroute/core/error.hpp"
#include "routing_options.hpp"

namespace equiroute::cli {
namespace {

struct IsoArgs {
  NetworkArgs network;
  PointArgs points;
  SnapArgs snap;
  std::vector<double> minutes;
  double buffer_m = 50.0;
  std::string output;
};

const RegisterCommand reg{[](CLI::App& root) {
  auto* cmd =
      root.add_subcommand("isochrones", "Service-area polygons reachable within given minutes");
  auto a = std::make_shared<IsoArgs>();
  cmd->add_option("--network", a->network.path, "Road network file")->required();
  a->network.add(cmd, false);
  a->points.add(cmd, false);
  a->snap.add(cmd);
  cmd->add_option("--minutes", a->minutes, "Time limits in minutes, ascending (e.g. 15,30,60)")
      ->required()
      ->delimiter(',');
  cmd->add_option("--buffer-m", a->buffer_m, "Buffer around reached roads, metres")
      ->capture_default_str();
  cmd->add_option("-o,--output", a->output, "Output layer (.gpkg, .geojson, .shp)")->required();
  cmd->callback([a] {
    if (no_network(a->network.path))
      throw equiroute::Error("isochrones need a road network", {}, equiroute::ErrorKind::BadInput,
                             "with --network none use `od` or `nearest` (straight-line estimates)");
    std::vector<double> limits_s;
    for (const double m : a->minutes) limits_s.push_back(m * 60.0);
    for (std::size_t i = 0; i < limits_s.size(); ++i)
      if (!(limits_s[i] > 0.0) || (i > 0 && limits_s[i] <= limits_s[i - 1]))
        throw equiroute::Error("--minutes must be positive and ascending", {},
                               equiroute::ErrorKind::BadInput);
    const auto origins = a->points.read(a->points.origins);
    const auto net = io::load_routing_network(a->network.options());
    log_network(*net);
    const auto o = io::snap_points(*net, origins.lonlat, a->snap.snap);
    log_snaps("origins", o, a->snap.snap.max_snap_m);
    const auto pieces = engine::isochrone_pieces(*net->graph, o, limits_s, a->snap.threads);
    const auto n = io::write_isochrones(a->output, pieces, origins.ids, *net->projection,
                                        a->buffer_m, {a->points.origins, a->network.path});
    spdlog::info("wrote {}: {} service areas", a->output, n);
  });
}};

}  // namespace
}  // namespace equiroute::cli
