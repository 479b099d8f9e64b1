#pragma once
// Travel costs between two point sets, the one dispatcher every command uses (`od`,
// `access`, `run`, `plan`): shortest times over a road network, or the straight-line
// approximation of docs/routing.md when there is none — always labelled as such.

#include <limits>
#include <string>
#include <vector>

#include "equiroute/core/geo_types.hpp"
#include "equiroute/engine/cost_matrix.hpp"
#include "equiroute/engine/snapping.hpp"
#include "equiroute/engine/straight_line.hpp"
#include "equiroute/network/network_cache.hpp"
#include "equiroute/network/routing_network.hpp"

namespace equiroute::network {

struct TravelCostOptions {
  /// The road network; an empty path means no network (straight-line approximation).
  NetworkOptions network;
  engine::SnapOptions snap;              ///< access leg and snap limit (network mode)
  engine::StraightLineOptions straight;  ///< circuity and speed (no network); its cutoff and
                                         ///< threads are taken from below
  double cutoff_s = std::numeric_limits<double>::infinity();  ///< omit pairs above (s)
  unsigned threads = 0;                                       ///< 0: all hardware threads
  /// When set, the network comes from this cache of prepared networks (`run`, `batch`:
  /// prepared once, shared by every run); otherwise it is loaded for this call.
  NetworkCache* cache = nullptr;
  /// Otherwise, when not empty: the directory of a network cache (shared_network_cache;
  /// `--network-cache`, scenario key network.cache, `batch`'s cache).
  std::string cache_directory;
  /// How the point sets are named in the log and its warnings (e.g. "facilities 'h.csv'").
  std::string origins_label = "origins";
  std::string destinations_label = "destinations";
  /// When no origin reaches any destination at all (or no point of a set lies within the
  /// snap limit): a warning and an all-unreachable result rather than an error, for batches
  /// in which an area may truly have no facility in reach (`--allow-unreachable`, scenario
  /// key network.allow_unreachable).
  bool allow_unreachable = false;
};

struct TravelCosts {
  engine::CostMatrix matrix;
  /// One sentence for outputs: how the times were obtained (and that straight-line ones
  /// are approximations).
  std::string method;
  engine::SnapSummary origin_snaps;       ///< network mode only
  engine::SnapSummary destination_snaps;  ///< network mode only
};

/// All origin → destination travel times within the cutoff. Throws equiroute::Error on an
/// unreadable network (file named), and — unless `allow_unreachable` — when no origin or no
/// destination lies within the snap limit of the network or no origin reaches any
/// destination (a wrong network, CRS or cutoff rather than a result).
TravelCosts travel_costs(const TravelCostOptions& options, const std::vector<LonLat>& origins,
                         const std::vector<LonLat>& destinations);

/// Nothing reachable at all (`any_reachable` false) is an error naming the point sets and
/// the network, or with `options.allow_unreachable` a warning. For every source of travel
/// costs alike (travel_costs, nearest_destinations, a cost matrix file).
void require_reachable(bool any_reachable, const TravelCostOptions& options,
                       const std::string& source);

struct NearestDestinations {
  /// Per origin, up to k destinations within the cutoff by ascending time (ties: lower
  /// destination index first); empty when none is reachable.
  std::vector<std::vector<engine::NearestEntry>> rows;
  std::string method;  ///< as TravelCosts::method
  bool approximate = false;
};

/// The k nearest destinations of every origin, over the network or in a straight line.
/// Throws as travel_costs().
NearestDestinations nearest_destinations(const TravelCostOptions& options,
                                         const std::vector<LonLat>& origins,
                                         const std::vector<LonLat>& destinations, std::size_t k);

/// The method sentence of the straight-line approximation.
std::string straight_line_method(const engine::StraightLineOptions& options);

}  // namespace equiroute::network
