// `equiroute od --network N --origins O --destinations D -o od.csv`: origin–destination
// travel times over the road network (or straight-line estimates with --network none).

#include <spdlog/spdlog.h>

#include "command_registry.hpp"
#include "equiroute/report/routing_outputs.hpp"
#include "routing_options.hpp"

namespace equiroute::cli {
namespace {

struct OdArgs {
  NetworkArgs network;
  PointArgs points;
  TravelArgs travel;
  double cutoff_min = 0.0;
  std::string output;
};

void run_od(const OdArgs& a) {
  const auto origins = a.points.read_origins();
  const auto destinations = a.points.read_destinations();
  auto options = a.travel.options(a.network, a.cutoff_min);
  a.points.label(options);
  const auto costs = network::travel_costs(options, geodata::lonlat_points(origins),
                                           geodata::lonlat_points(destinations));
  io::write_od_csv(a.output, costs.matrix, origins.ids, destinations.ids,
                   {a.points.origins, a.points.destinations, a.network.path});
  const std::size_t pairs = origins.size() * destinations.size();
  spdlog::info("wrote {}: {} of {} pairs", a.output, costs.matrix.entries(), pairs);
  if (costs.matrix.entries() < pairs)
    spdlog::warn("{} pairs unreachable{} (omitted)", pairs - costs.matrix.entries(),
                 a.cutoff_min > 0.0 ? " or beyond the cutoff" : "");
}

const RegisterCommand reg{[](CLI::App& root) {
  auto* cmd = root.add_subcommand("od", "Origin-destination travel-time matrix (seconds)");
  auto a = std::make_shared<OdArgs>();
  a->network.add(cmd, false, true);
  a->points.add(cmd, true);
  a->travel.add(cmd);
  cmd->add_option("--cutoff-min", a->cutoff_min,
                  "Omit pairs above this many minutes (0 = no cutoff)");
  cmd->add_option("-o,--output", a->output, "Output CSV: origin_id,destination_id,travel_s")
      ->required();
  cmd->callback([a] { run_od(*a); });
}};

}  // namespace
}  // namespace equiroute::cli
