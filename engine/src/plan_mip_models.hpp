#pragma once
// Private to the engine: the mixed-integer formulations of the linear planning objectives
// over a NearestProblem. In every model the columns 0..site_count-1 are the site
// variables x_s ∈ {0, 1} (1 = open), so starts and answers read the same way.

#include <cstddef>
#include <cstdint>
#include <limits>
#include <span>
#include <vector>

#include "mip_solver.hpp"
#include "plan_problem.hpp"

namespace equiroute::engine::detail {

/// Options of the p-median model beyond k.
struct PMedianExtras {
  /// Only assignments with a travel time ≤ radius_s (the base time only when ≤ it):
  /// the second phase of pcenter (radius R*) and lscp (radius T).
  double radius_s = std::numeric_limits<double>::infinity();
  /// Covered population Σ w [t ≤ T] ≥ coverage_floor (second phase of mclp and
  /// min-share-beyond); NaN: none.
  double coverage_floor = std::numeric_limits<double>::quiet_NaN();
  /// A_q ≥ access_floor for every q in I* (second phase of maximin-access); NaN: none.
  const AccessProblem* access = nullptr;
  double access_floor = std::numeric_limits<double>::quiet_NaN();
};

/// ReVelle & Swain (1970): min Σ_p Σ_s w_p·min(P, d_ps)·y_ps + w_p·min(P, b_p)·y_p0
/// s.t. Σ_s y_ps + y_p0 = 1, y_ps ≤ x_s, Σ_s x_s = k, with only the pairs faster than the
/// base b_p (nearest existing site; the closest-assignment reduction) and the base as an
/// always-open option. Points without a pair are constants. Objective = person-seconds.
MipProblem pmedian_model(const NearestProblem& problem, std::size_t k,
                         const PMedianExtras& extras = {});

/// Church & ReVelle (1974): min −Σ_p w_p c_p s.t. c_p ≤ Σ_{s: d_ps ≤ T} x_s, c_p ∈ [0,1],
/// Σ x_s = k, for points not covered by an existing site; those are constants.
/// Objective = −(covered population).
MipProblem coverage_model(const NearestProblem& problem, std::size_t k);

/// Toregas et al. (1971): min Σ x_s s.t. Σ_{s: d_ps ≤ radius} x_s ≥ 1 for every point that
/// some site reaches (every point when `all_points`) and whose base is beyond the radius;
/// with max_sites > 0 also Σ x_s ≤ max_sites. `impossible` is set when a required point
/// has no site within the radius (no model is needed then).
MipProblem cover_model(const NearestProblem& problem, double radius_s, std::size_t max_sites,
                       bool all_points, bool& impossible);

/// max z s.t. z ≤ (base_q + Σ_s a_qs x_s) / scale for every q in I*, Σ x_s = k; column
/// `site_count` is z; objective = −z. scale = the largest a_qs or base_q (so that the
/// coefficients are at most 1).
MipProblem maximin_model(const AccessProblem& access, std::size_t site_count, std::size_t k,
                         double& scale);

/// A start vector for `model`: x_s = 1 for `local_sites`, every other column 0 (CBC
/// completes the continuous columns of a MIP start itself).
std::vector<double> start_vector(const MipProblem& model,
                                 std::span<const std::uint32_t> local_sites);

/// Local sites with x_s > 0.5 in a solution.
std::vector<std::uint32_t> open_sites_of(const std::vector<double>& x, std::size_t site_count);

}  // namespace equiroute::engine::detail
