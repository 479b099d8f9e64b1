#include "equiroute/network/travel_costs.hpp"

#include <fmt/core.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cmath>
#include <filesystem>

#include "equiroute/core/error.hpp"
#include "equiroute/engine/contraction_hierarchy.hpp"
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

constexpr const char* kReachHint =
    "check the network and the points' CRS, raise --max-snap-m or the cutoff, or pass "
    "--allow-unreachable (scenario: network.allow_unreachable) when this is expected";

/// A loaded network with both point sets snapped; an error when either set is entirely
/// off the network (a wrong network or CRS, never a silent empty result).
struct SnappedPoints {
  std::shared_ptr<const RoutingNetwork> network;
  std::vector<engine::Snap> origins, destinations;
  engine::SnapSummary origin_summary, destination_summary;
};

SnappedPoints load_and_snap(const TravelCostOptions& options, const std::vector<LonLat>& origins,
                            const std::vector<LonLat>& destinations) {
  SnappedPoints s;
  if (options.cache != nullptr)
    s.network = options.cache->get(options.network);
  else
    s.network = open_network(options.network, options.cache_directory, options.threads);
  s.origins =
      snap_points(*s.network, origins, options.snap, options.origins_label, options.threads);
  s.destinations = snap_points(*s.network, destinations, options.snap, options.destinations_label,
                               options.threads);
  s.origin_summary = engine::summarize(s.origins);
  s.destination_summary = engine::summarize(s.destinations);
  const bool no_origin = s.origin_summary.unreachable == origins.size();
  if (no_origin || s.destination_summary.unreachable == destinations.size()) {
    const std::string message = fmt::format(
        "none of the {} lies within {:g} m of the road network (wrong network or CRS?)",
        no_origin ? options.origins_label : options.destinations_label, options.snap.max_snap_m);
    if (!options.allow_unreachable)
      throw Error(message, {.file = options.network.path}, ErrorKind::BadInput, kReachHint);
    spdlog::warn("{}: {} (allowed by --allow-unreachable)", options.network.path, message);
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

bool any_row(const std::vector<std::vector<engine::NearestEntry>>& rows) {
  return std::any_of(rows.begin(), rows.end(), [](const auto& row) { return !row.empty(); });
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

void require_reachable(bool any_reachable, const TravelCostOptions& options,
                       const std::string& source) {
  if (any_reachable) return;
  const bool cutoff = std::isfinite(options.cutoff_s);
  const std::string message = fmt::format(
      "none of the {} reaches any of the {}{}", options.origins_label, options.destinations_label,
      cutoff ? fmt::format(" within {:g} min", options.cutoff_s / 60.0) : "");
  if (!options.allow_unreachable)
    throw Error(message, {.file = source}, ErrorKind::BadInput, kReachHint);
  spdlog::warn("{}{} (allowed by --allow-unreachable)", source.empty() ? "" : source + ": ",
               message);
}

TravelCosts travel_costs(const TravelCostOptions& options, const std::vector<LonLat>& origins,
                         const std::vector<LonLat>& destinations) {
  TravelCosts costs;
  if (options.network.path.empty()) {
    const auto straight = straight_line_options(options);
    costs.method = straight_line_method(straight);
    costs.matrix = engine::straight_line_matrix(origins, destinations,
                                                &geodata::geodesic_distance_m, straight);
    require_reachable(costs.matrix.entries() > 0, options, "");
    return costs;
  }
  const SnappedPoints s = load_and_snap(options, origins, destinations);
  const auto& net = *s.network;
  // A prepared network brings its contraction hierarchy: the matrix is only a query.
  costs.matrix =
      net.hierarchy != nullptr
          ? engine::ch_od_matrix(*net.hierarchy, *net.graph, s.origins, s.destinations,
                                 query_options(options))
          : engine::od_matrix(*net.graph, s.origins, s.destinations, query_options(options));
  require_reachable(costs.matrix.entries() > 0, options, options.network.path);
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
    require_reachable(any_row(out.rows), options, "");
    return out;
  }
  const SnappedPoints s = load_and_snap(options, origins, destinations);
  out.rows = engine::nearest_destinations(*s.network->graph, s.origins, s.destinations, k,
                                          query_options(options));
  require_reachable(any_row(out.rows), options, options.network.path);
  out.method = network_method(options, s);
  return out;
}

}  // namespace equiroute::network
