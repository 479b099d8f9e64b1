// `equiroute nearest --network N --origins O --destinations D [--k K] -o nearest.csv`:
// the k destinations with the least travel time from each origin.

#include <spdlog/spdlog.h>

#include "command_registry.hpp"
#include "equiroute/report/routing_outputs.hpp"
#include "routing_options.hpp"

namespace equiroute::cli {
namespace {

struct NearestArgs {
  NetworkArgs network;
  PointArgs points;
  TravelArgs travel;
  std::size_t k = 1;
  double cutoff_min = 0.0;
  std::string output;
};

void run_nearest(const NearestArgs& a) {
  const auto origins = a.points.read_origins();
  const auto destinations = a.points.read_destinations();
  auto options = a.travel.options(a.network, a.cutoff_min);
  a.points.label(options);
  const auto nearest = network::nearest_destinations(options, geodata::lonlat_points(origins),
                                                     geodata::lonlat_points(destinations), a.k);
  io::write_nearest_csv(a.output, nearest.rows, origins.ids, destinations.ids, nearest.approximate,
                        {a.points.origins, a.points.destinations, a.network.path});
  std::size_t none = 0;
  for (const auto& row : nearest.rows) none += row.empty() ? 1 : 0;
  spdlog::info("wrote {}", a.output);
  if (none > 0) spdlog::warn("{} origins reach no destination (omitted)", none);
}

const RegisterCommand reg{[](CLI::App& root) {
  auto* cmd =
      root.add_subcommand("nearest", "Nearest destination(s) by travel time from each origin");
  auto a = std::make_shared<NearestArgs>();
  a->network.add(cmd, false, true);
  a->points.add(cmd, true);
  a->travel.add(cmd);
  cmd->add_option("--k", a->k, "How many nearest destinations per origin")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  cmd->add_option("--cutoff-min", a->cutoff_min,
                  "Ignore destinations above this many minutes (0 = none)");
  cmd->add_option("-o,--output", a->output, "Output CSV: origin_id,rank,destination_id,travel_s")
      ->required();
  cmd->callback([a] { run_nearest(*a); });
}};

}  // namespace
}  // namespace equiroute::cli
