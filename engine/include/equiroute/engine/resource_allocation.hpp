#pragma once
// Resource allocation with fixed sites (issue 14 item 3), after Wang & Tang (2013),
// "Planning toward equal accessibility to services: a quadratic programming approach",
// Environment and Planning B 40(2):195–212: share N new integer units (beds, doctors,
// nurses) among the existing facilities so that the population-weighted variance of 2SFCA
// accessibility is smallest.
//
// With R_j = S_j / D_j and D_j = Σ_k W(d_kj) P_k (methods.md §4), A_i = Σ_j W(d_ij) S_j / D_j
// is linear in the supplies, and the population-weighted mean ā = Σ_i P_i A_i / Σ_i P_i =
// Σ_{j: D_j > 0} S_j / Σ_i P_i does not depend on where the units go. Hence
//     V(n) = Σ_i P_i (A_i(n) − ā)² / Σ_i P_i = Q(n) / Σ_i P_i − ā²,
//     Q(n) = Σ_i P_i (c_i + Σ_j a_ij n_j)²,   a_ij = W(d_ij) / D_j,  c_i = A_i(0),
// a convex quadratic in the new units n_j ∈ {0, 1, …, cap_j}, Σ_j n_j = N. A facility with
// no demand in its catchment (D_j = 0) cannot raise anyone's accessibility and gets none.
//
// Solution: greedy (each unit where it lowers Q most) then 1-unit exchanges (move a unit
// from a to b while that lowers Q). Bound: the continuous relaxation (n real) solved as a
// quadratic program with COIN-OR CLP; its value is certified by the linearisation
// Q(x̂) + min_{s feasible} ∇Q(x̂)·(s − x̂) ≤ Q* (convexity), whatever CLP's accuracy. The
// integer answer is proven optimal when it meets the bound (1e-9 relative) or when all
// allocations were enumerated (small instances).

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "equiroute/engine/catchment_weight.hpp"
#include "equiroute/engine/cost_matrix.hpp"

namespace equiroute::engine {

struct AllocationInput {
  const CostMatrix& costs;             ///< demand points × existing facilities
  std::span<const double> population;  ///< P_i, finite, ≥ 0
  std::span<const double> supply;      ///< current S_j per facility, finite, ≥ 0
  std::size_t new_units = 0;           ///< N
  /// Largest number of new units per facility (whole numbers ≥ 0); empty: no cap.
  std::span<const double> max_new = {};
  double threshold_min = 60.0;  ///< 2SFCA catchment d0 when `weight` is unset
  std::optional<CatchmentWeight> weight = std::nullopt;
  std::span<const std::string> facility_ids = {};  ///< for messages (else "#index")
};

struct AllocationOptions {
  /// Enumerate every allocation when there are at most this many (a proof of optimality).
  std::size_t enumeration_limit = 200000;
};

struct AllocationResult {
  std::vector<double> added;                        ///< new units per facility (whole numbers)
  std::vector<double> supply_after;                 ///< S_j + added_j
  std::vector<double> access_before, access_after;  ///< A_i per demand point (2SFCA)
  double mean_access_after = 0.0;                   ///< ā (population-weighted)
  double variance_before = 0.0;  ///< population-weighted variance of A, (supply/person)²
  double variance_after = 0.0;
  /// Population-weighted Gini of A (methods.md §2); NaN when undefined (all A = 0).
  double gini_before = 0.0;
  double gini_after = 0.0;
  double variance_bound = 0.0;  ///< proven lower bound on the optimal variance_after
  double gap = 0.0;             ///< (variance_after − bound) / variance_after, ≥ 0
  bool proven_optimal = false;
  std::string proof;   ///< "enumeration", "bound", or "" when not proven
  std::string method;  ///< what was run
  double seconds = 0.0;
};

/// Shares `new_units` among the facilities. Throws equiroute::Error (BadInput, one line)
/// on malformed inputs, a cap that is not a whole number ≥ 0, caps that allow fewer than N
/// units in all, or no facility with demand in its catchment.
AllocationResult allocate_units(const AllocationInput& input,
                                const AllocationOptions& options = {});

}  // namespace equiroute::engine
