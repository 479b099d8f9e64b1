#pragma once
// What-if planning (issue 14, docs/planning.md): where to open k new sites so that travel
// burden falls and access becomes more equal. Pure computation on a sparse travel-cost
// matrix: demand points (with population) × sites, where the sites are the existing
// facilities followed by the candidate sites.
//
// Every objective is a function of the open set S = (existing, unless closable) ∪ (chosen):
//   t_i(S) = min( P, min_{j ∈ S, (i,j) in the matrix} d_ij )     (P: unreached penalty)
//   pmedian           min Σ_i w_i t_i                    person-seconds  ReVelle & Swain 1970
//   mclp              max Σ_i w_i [t_i ≤ T]              persons         Church & ReVelle 1974
//   pcenter           min max_{i ∈ R} t_i                seconds         Hakimi 1965
//   lscp              min |chosen| s.t. t_i ≤ T ∀ w_i>0  sites           Toregas et al. 1971
//   min-share-beyond  min Σ_i w_i [t_i > T] / Σ_i w_i    share (0..1)    (MCLP complement)
//   min-gini-time     min Gini of t_i weighted by w_i    Gini (0..1)     methods.md §2
//   maximin-access    max min_{i ∈ I*} A_i(S)            supply/person   2SFCA, methods.md §4
// R: demand points with w_i > 0 that some site (existing or candidate) reaches in the
// matrix; I*: those with a positive 2SFCA contribution from some site. Points outside can
// never change, so the max/min objectives leave them out (the sums count them).
// Ties (documented, deterministic): a solution is better when its primary value is better
// by more than 1e-9 relative; equal primaries are compared by total travel Σ_i w_i t_i
// (person-seconds, smaller first; not for pmedian, whose primary it is); what remains tied
// goes to the lexicographically smallest ascending list of site indices. Heuristics and the
// brute force of the tests apply the whole rule; the exact solver guarantees the first two
// levels (a second MIP phase) and returns CBC's (deterministic) choice among full ties.

#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "equiroute/engine/catchment_weight.hpp"
#include "equiroute/engine/cost_matrix.hpp"

namespace equiroute::engine {

enum class PlanObjective {
  PMedian,
  Mclp,
  PCenter,
  Lscp,
  MinShareBeyond,
  MinGiniTime,
  MaximinAccess
};

/// What an objective means, for outputs and --help.
struct PlanObjectiveInfo {
  PlanObjective objective;
  std::string_view name;     ///< "pmedian", "mclp", … (the CLI's --objective words)
  std::string_view unit;     ///< "person-s", "persons", "s", "sites", "share", "gini", …
  std::string_view formula;  ///< one line
  std::string_view source;   ///< literature source
  bool maximise = false;
  bool linear = false;  ///< solvable exactly as a mixed-integer linear program
};

/// All objectives, in the order of the enum.
std::span<const PlanObjectiveInfo> plan_objectives();
const PlanObjectiveInfo& plan_objective_info(PlanObjective objective);
/// The objective called `name`. Throws equiroute::Error (BadInput, field "objective")
/// listing the known names.
PlanObjective parse_plan_objective(std::string_view name);

/// A planning instance. Columns of `costs` are the sites: first the `existing_count`
/// existing facilities, then the candidate sites. An absent pair is unreachable.
struct PlanInstance {
  const CostMatrix& costs;             ///< origins = demand points, destinations = sites
  std::span<const double> population;  ///< w_i per demand point, finite, ≥ 0
  std::size_t existing_count = 0;
  /// false: existing facilities stay open and k counts new sites among the candidates.
  /// true: existing facilities may close; k counts all open sites among existing ∪
  /// candidates (re-siting from scratch).
  bool existing_closable = false;
  double threshold_min = 60.0;  ///< T for mclp, lscp, min-share-beyond; 2SFCA catchment d0
  /// Supply S_j per site (existing and candidates) for maximin-access; empty: 1 each.
  std::span<const double> supply = {};
  /// Distance decay of the 2SFCA family for maximin-access (binary 2SFCA, E2SFCA zones or
  /// Gaussian); unset: CatchmentWeight::binary(threshold_min). 3SFCA is not allowed: its
  /// selection weights make a site's ratio depend on the other open sites.
  std::optional<CatchmentWeight> access_weight = std::nullopt;
  /// P: time counted for a demand point with no open site in the matrix (s). NaN: the
  /// largest travel time in the matrix (its cutoff, when it was built with one) — then an
  /// unreached person counts as if at the cutoff, a lower estimate of the true time.
  double unreached_penalty_s = std::numeric_limits<double>::quiet_NaN();
  /// Ids for messages (optional; else "#index").
  std::span<const std::string> demand_ids = {};
  std::span<const std::string> site_ids = {};
};

enum class PlanSolver {
  Auto,       ///< exact for the linear objectives (all but min-gini-time), else heuristic
  Exact,      ///< mixed-integer programming with CBC (not min-gini-time)
  Heuristic,  ///< greedy + Teitz–Bart interchange from several starts
};

enum class PlanStatus {
  Optimal,    ///< proven optimal (relative gap ≤ PlanOptions::optimality_gap)
  Gap,        ///< feasible, optimality not proven: `gap` to the proven bound
  Heuristic,  ///< heuristic solution; `bound`/`gap` where a bound is known
};
std::string_view to_string(PlanStatus status);  ///< "optimal", "gap", "heuristic"

struct PlanOptions {
  PlanSolver solver = PlanSolver::Auto;
  double time_limit_s = 60.0;  ///< wall-clock limit of one solve (both solvers)
  /// Heuristic starts: start 0 is greedy, the others random k-subsets (fixed seeds).
  std::size_t starts = 4;
  /// false: no vertex substitution after the starts (with starts = 1: plain greedy, the
  /// baseline the heuristic is compared with).
  bool interchange = true;
  /// Relative gap at which CBC stops and the answer counts as optimal.
  double optimality_gap = 1e-7;
  /// Largest model for the exact solver, in useful (demand, site) pairs: CBC took about
  /// 4.6 kB per pair (1 GB for 218,000 pairs). Auto uses the heuristic above it; Exact
  /// refuses (BadInput).
  std::size_t exact_max_pairs = 250000;
  /// Lagrangian-relaxation iterations for the heuristic's bound (pmedian, mclp,
  /// min-share-beyond); 0: no bound.
  std::size_t bound_iterations = 200;
};

/// One solved plan.
struct PlanSolution {
  PlanObjective objective = PlanObjective::PMedian;
  /// Chosen sites among the selectable ones (candidates; also existing when closable),
  /// as destination indices of the cost matrix, ascending.
  std::vector<std::uint32_t> sites;
  std::size_t k = 0;   ///< sites.size() (for lscp: the size of the cover found)
  double value = 0.0;  ///< the objective, exactly evaluated, in the unit of its definition
  std::string_view unit;
  PlanStatus status = PlanStatus::Heuristic;
  /// Best proven bound on `value` (lower for minimisation, upper for maximisation); NaN
  /// when none is known.
  double bound = std::numeric_limits<double>::quiet_NaN();
  /// |value − bound| / |value| (0 when both are 0); NaN without a bound.
  double gap = std::numeric_limits<double>::quiet_NaN();
  std::string solver;  ///< e.g. "CBC 2.10.8", "greedy+interchange (4 starts)"
  double seconds = 0.0;
  bool time_limit_reached = false;
  /// Exact solver: true when the person-seconds tie-break among the optima of the primary
  /// was proven too (the second MIP finished); false for the heuristic.
  bool tie_break_proven = false;
  // Measures of the same open set (for tables):
  double person_s = 0.0;              ///< Σ w_i t_i (unreached at the penalty)
  double covered_population = 0.0;    ///< Σ w_i [t_i ≤ T]
  double unreached_population = 0.0;  ///< Σ w_i with no open site in the matrix
};

/// Solves `objective` with `k` sites (ignored for lscp). Throws equiroute::Error
/// (BadInput, one line) for k = 0 or larger than the selectable sites, no candidate
/// reachable from any demand point with population, an infeasible set cover within T,
/// Exact asked for a non-linear objective, and malformed inputs.
PlanSolution solve_plan(const PlanInstance& instance, PlanObjective objective, std::size_t k,
                        const PlanOptions& options = {});

/// solve_plan for each k in `ks` (in that order; lscp is solved once).
std::vector<PlanSolution> solve_plan_range(const PlanInstance& instance, PlanObjective objective,
                                           std::span<const std::size_t> ks,
                                           const PlanOptions& options = {});

/// The exact objective value of an open set: `sites` are destination indices of
/// selectable sites (any order). Used by the solvers for every reported value.
double evaluate_plan(const PlanInstance& instance, PlanObjective objective,
                     std::span<const std::uint32_t> sites);

/// t_i per demand point for existing (when not closable) ∪ `sites`, in seconds; NaN when
/// no open site is in the matrix (no penalty applied: for travel_burden before/after).
std::vector<double> plan_nearest_times(const PlanInstance& instance,
                                       std::span<const std::uint32_t> sites);

/// The open sites of a plan: existing (when not closable) ∪ `sites`, ascending.
std::vector<std::uint32_t> plan_open_sites(const PlanInstance& instance,
                                           std::span<const std::uint32_t> sites);

/// `costs` restricted to the destinations `keep` (ascending destination indices), which
/// become destinations 0..keep.size()-1: the input of any accessibility model "after".
CostMatrix select_destinations(const CostMatrix& costs, std::span<const std::uint32_t> keep);

}  // namespace equiroute::engine
