// `equiroute od --network N --origins O --destinations D -o od.csv`: origin–destination
// travel times over the road network (or straight-line estimates with --network none).

#include "command_registry.hpp"
#include "equiroute/geodata/projection.hpp"
#include "routing_options.hpp"

namespace equiroute::cli {
namespace {

struct OdArgs {
  NetworkArgs network;
  PointArgs points;
  SnapArgs snap;
  double cutoff_min = 0.0;
  std::string output;
};

const RegisterCommand reg{[](CLI::App& root) {
  auto* cmd = root.add_subcommand("od", "Origin-destination travel-time matrix (seconds)");
  auto a = std::make_shared<OdArgs>();
  cmd->add_option("--network", a->network.path,
                  "Road network file, or 'none' for straight-line estimates")
      ->required();
  a->network.add(cmd, false);
  a->points.add(cmd, true);
  a->snap.add(cmd);
  cmd->add_option("--cutoff-min", a->cutoff_min,
                  "Omit pairs above this many minutes (0 = no cutoff)");
  cmd->add_option("-o,--output", a->output, "Output CSV: origin_id,destination_id,travel_s")
      ->required();
  cmd->callback([a] {
    const auto origins = a->points.read(a->points.origins);
    const auto destinations = a->points.read(a->points.destinations);
    const double cutoff_s = a->cutoff_min > 0.0 ? a->cutoff_min * 60.0 : engine::kUnreachable;
    engine::CostMatrix matrix;
    if (no_network(a->network.path)) {
      matrix = engine::straight_line_matrix(origins.lonlat, destinations.lonlat,
                                            geodata::geodesic_distance_m,
                                            straight_line_options(a->snap, cutoff_s));
    } else {
      const auto q = load_and_snap(a->network, a->snap, origins.lonlat, destinations.lonlat);
      matrix = engine::od_matrix(*q.network->graph, q.origins, q.destinations,
                                 {.cutoff_s = cutoff_s, .threads = a->snap.threads});
    }
    io::write_od_csv(a->output, matrix, origins.ids, destinations.ids,
                     {a->points.origins, a->points.destinations, a->network.path});
    const std::size_t pairs = origins.ids.size() * destinations.ids.size();
    spdlog::info("wrote {}: {} of {} pairs", a->output, matrix.entries(), pairs);
    if (matrix.entries() < pairs)
      spdlog::warn("{} pairs unreachable{} (omitted)", pairs - matrix.entries(),
                   a->cutoff_min > 0.0 ? " or beyond the cutoff" : "");
  });
}};

}  // namespace
}  // namespace equiroute::cli
