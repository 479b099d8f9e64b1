#include "equiroute/network/travel_costs.hpp"

#include <fmt/core.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <filesystem>

#include "equiroute/core/error.hpp"
#include "equiroute/engine/travel_queries.hpp"
#include "equiroute/geodata/projection.hpp"

namespace equiroute::network {

namespace {

/// The straight-line options with the query's cutoff and threads, announced as approximate.
engine::StraightLineOptions straight_line_options(const TravelCostOptions& options) {
  engine::StraightLineOptions straight = options.straight;
  straight.cutoff_s = options.cutoff_s;
  straight.threads = options.threads;
  if (!(straight.circuity >= 1.0) || !(straight.speed_kmh > 0.0))
    throw Error("the straight-line circuity must be ≥ 1 and the speed > 0 km/h");
  spdlog::warn("no road network: {}", straight_line_method(straight));
  return straight;
}

/// A loaded network with both point sets snapped; an error when either set is entirely
/// off the network (a wrong network or CRS, never a silent empty result).
struct SnappedPoints {
  std::unique_ptr<RoutingNetwork> network;
  std::vector<engine::Snap> origins, destinations;
  engine::SnapSummary origin_summary, destination_summary;
};

SnappedPoints load_and_snap(const TravelCostOptions& options, const std::vector<LonLat>& origins,
                            const std::vector<LonLat>& destinations) {
  SnappedPoints s;
  s.network = load_routing_network(options.network);
  s.origins = snap_points(*s.network, origins, options.snap, options.origins_label);
  s.destinations = snap_points(*s.network, destinations, options.snap, options.destinations_label);
  s.origin_summary = engine::summarize(s.origins);
  s.destination_summary = engine::summarize(s.destinations);
  const bool no_origin = s.origin_summary.unreachable == origins.size();
  if (no_origin || s.destination_summary.unreachable == destinations.size()) {
    throw Error(fmt::format("no {} lies within {:g} m of the road network (wrong network or CRS?)",
                            no_origin ? "origin" : "destination", options.snap.max_snap_m),
                {.file = options.network.path});
  }
  return s;
}

std::string network_method(const TravelCostOptions& options, const SnappedPoints& s) {
  return fmt::format(
      "Travel times over the road network {} (driving profile; access legs at {:g} km/h, snap "
      "limit {:g} m; largest snap {:.0f} m).",
      std::filesystem::path(options.network.path).filename().string(),
      options.snap.access_speed_kmh, options.snap.max_snap_m,
      std::max(s.origin_summary.max_distance_m, s.destination_summary.max_distance_m));
}

engine::QueryOptions query_options(const TravelCostOptions& options) {
  return {.cutoff_s = options.cutoff_s, .threads = options.threads};
}

}  // namespace

std::string straight_line_method(const engine::StraightLineOptions& options) {
  return fmt::format(
      "Travel times are straight-line approximations: geodesic distance x {:g} (circuity) at {:g} "
      "km/h, no road network.",
      options.circuity, options.speed_kmh);
}

TravelCosts travel_costs(const TravelCostOptions& options, const std::vector<LonLat>& origins,
                         const std::vector<LonLat>& destinations) {
  TravelCosts costs;
  if (options.network.path.empty()) {
    const auto straight = straight_line_options(options);
    costs.method = straight_line_method(straight);
    costs.matrix = engine::straight_line_matrix(origins, destinations,
                                                &geodata::geodesic_distance_m, straight);
    return costs;
  }
  const SnappedPoints s = load_and_snap(options, origins, destinations);
  costs.matrix =
      engine::od_matrix(*s.network->graph, s.origins, s.destinations, query_options(options));
  costs.method = network_method(options, s);
  costs.origin_snaps = s.origin_summary;
  costs.destination_snaps = s.destination_summary;
  return costs;
}

NearestDestinations nearest_destinations(const TravelCostOptions& options,
                                         const std::vector<LonLat>& origins,
                                         const std::vector<LonLat>& destinations, std::size_t k) {
  NearestDestinations out;
  if (options.network.path.empty()) {
    const auto straight = straight_line_options(options);
    out.method = straight_line_method(straight);
    out.approximate = true;
    out.rows = engine::straight_line_nearest(origins, destinations, &geodata::geodesic_distance_m,
                                             k, straight);
    return out;
  }
  const SnappedPoints s = load_and_snap(options, origins, destinations);
  out.rows = engine::nearest_destinations(*s.network->graph, s.origins, s.destinations, k,
                                          query_options(options));
  out.method = network_method(options, s);
  return out;
}

}  // namespace equiroute::network
