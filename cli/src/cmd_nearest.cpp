// `equiroute nearest --network N --origins O --destinations D [--k K] -o nearest.csv`:
// the k destinations with the least travel time from each origin.

#include "command_registry.hpp"
#include "equiroute/geodata/projection.hpp"
#include "routing_options.hpp"

namespace equiroute::cli {
namespace {

struct NearestArgs {
  NetworkArgs network;
  PointArgs points;
  SnapArgs snap;
  std::size_t k = 1;
  double cutoff_min = 0.0;
  std::string output;
};

const RegisterCommand reg{[](CLI::App& root) {
  auto* cmd =
      root.add_subcommand("nearest", "Nearest destination(s) by travel time from each origin");
  auto a = std::make_shared<NearestArgs>();
  cmd->add_option("--network", a->network.path,
                  "Road network file, or 'none' for straight-line estimates")
      ->required();
  a->network.add(cmd, false);
  a->points.add(cmd, true);
  a->snap.add(cmd);
  cmd->add_option("--k", a->k, "How many nearest destinations per origin")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  cmd->add_option("--cutoff-min", a->cutoff_min,
                  "Ignore destinations above this many minutes (0 = none)");
  cmd->add_option("-o,--output", a->output, "Output CSV: origin_id,rank,destination_id,travel_s")
      ->required();
  cmd->callback([a] {
    const auto origins = a->points.read(a->points.origins);
    const auto destinations = a->points.read(a->points.destinations);
    const double cutoff_s = a->cutoff_min > 0.0 ? a->cutoff_min * 60.0 : engine::kUnreachable;
    std::vector<std::vector<engine::NearestEntry>> nearest;
    const bool approximate = no_network(a->network.path);
    if (approximate) {
      nearest = engine::straight_line_nearest(origins.lonlat, destinations.lonlat,
                                              geodata::geodesic_distance_m, a->k,
                                              straight_line_options(a->snap, cutoff_s));
    } else {
      const auto q = load_and_snap(a->network, a->snap, origins.lonlat, destinations.lonlat);
      nearest = engine::nearest_destinations(*q.network->graph, q.origins, q.destinations, a->k,
                                             {.cutoff_s = cutoff_s, .threads = a->snap.threads});
    }
    io::write_nearest_csv(a->output, nearest, origins.ids, destinations.ids, approximate,
                          {a->points.origins, a->points.destinations, a->network.path});
    std::size_t none = 0;
    for (const auto& row : nearest) none += row.empty() ? 1 : 0;
    spdlog::info("wrote {}", a->output);
    if (none > 0) spdlog::warn("{} origins reach no destination (omitted)", none);
  });
}};

}  // namespace
}  // namespace equiroute::cli
