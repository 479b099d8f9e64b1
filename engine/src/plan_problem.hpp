#pragma once
// Private to the engine: a PlanInstance checked once (PlanSetup) and the two sparse views
// the solvers work on — nearest travel times (NearestProblem) and 2SFCA contributions
// (AccessProblem). Memory grows with the reachable pairs only.

#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "equiroute/engine/plan.hpp"

namespace equiroute::engine::detail {

inline constexpr std::uint32_t kNoSite = std::numeric_limits<std::uint32_t>::max();

/// A checked instance: which sites are always open and which may be chosen.
struct PlanSetup {
  const PlanInstance* instance = nullptr;
  std::vector<std::uint32_t> selectable;  ///< destination indices, ascending
  std::vector<std::uint8_t> always_open;  ///< per destination: 1 = fixed open
  double penalty_s = 0.0;                 ///< P (resolved)
  double threshold_s = 0.0;               ///< T in seconds
  double total_population = 0.0;          ///< Σ w_i over all demand points
  std::string demand_name(std::size_t i) const;
  std::string site_name(std::size_t j) const;
};

/// Validates the instance (throws equiroute::Error, BadInput, one line) and resolves it.
PlanSetup make_plan_setup(const PlanInstance& instance);

/// Throws BadInput when k is 0 or larger than the selectable sites.
void check_site_count(const PlanSetup& setup, std::size_t k);

/// Compressed sparse lists: entries [offsets[r], offsets[r+1]) belong to list r.
struct SparseLists {
  std::vector<std::size_t> offsets{0};
  std::vector<std::uint32_t> index;
  std::vector<double> value;
  std::size_t size(std::size_t r) const noexcept { return offsets[r + 1] - offsets[r]; }
};

/// Nearest-time view over the active demand points (w_i > 0). Point p stands for demand
/// point point_index[p]; site s for destination setup.selectable[s]. base_s[p] = the
/// time to the nearest always-open site in the matrix (+inf when none): the time without
/// any chosen site. Only pairs with d < base_s[p] are kept (others can never change the
/// nearest time: the standard reduction). Objectives take min(P, d) as the time t and
/// [d ≤ T] as coverage, so +inf is "unreached": time P, never covered.
struct NearestProblem {
  std::vector<std::uint32_t> point_index;
  std::vector<double> weight;
  std::vector<double> base_s;
  std::size_t site_count = 0;
  SparseLists columns;  ///< per site: (point, time), points ascending
  SparseLists rows;     ///< per point: (site, time), ascending by (time, site)
  double threshold_s = 0.0;
  double penalty_s = 0.0;
  double total_population = 0.0;  ///< over all demand points (w = 0 included: adds 0)
  std::size_t entries() const noexcept { return columns.index.size(); }
};

NearestProblem make_nearest_problem(const PlanSetup& setup);

/// 2SFCA view for maximin-access: A_q(S) = base_access[q] + Σ_{s chosen} a_qs with
/// a_qs = W(d) · R_s (R_s = S_s / D_s from floating_catchment_scores, independent of the
/// other open sites). Points q are I* = {i : w_i > 0 and some site reaches i with a
/// positive contribution}; point_index maps them to demand points.
struct AccessProblem {
  std::vector<std::uint32_t> point_index;
  std::vector<double> base_access;
  SparseLists columns;  ///< per selectable site: (point q, a_qs > 0), q ascending
};

AccessProblem make_access_problem(const PlanSetup& setup);

/// The catchment weight of the instance (access_weight or binary(T)).
CatchmentWeight access_weight_of(const PlanInstance& instance);

}  // namespace equiroute::engine::detail
