#pragma once
// Private to the engine: the quadratic of Wang & Tang's allocation (resource_allocation.hpp)
//   Q(n) = constant + linear·n + ½ nᵀ H n,  H = 2 AᵀPA,  linear = 2 AᵀP c,  constant = cᵀPc
// over the facilities, with per-facility caps (0 for facilities without demand).

#include <cstddef>
#include <string>
#include <vector>

#include "equiroute/engine/resource_allocation.hpp"

namespace equiroute::engine::detail {

struct AllocationModel {
  std::size_t m = 0;            ///< facilities
  std::vector<double> hessian;  ///< H, m × m row-major, symmetric
  std::vector<double> linear;
  double constant = 0.0;
  std::vector<double> cap;  ///< whole numbers ≥ 0
  double units = 0.0;       ///< N

  double h(std::size_t a, std::size_t b) const noexcept { return hessian[a * m + b]; }
  double value(const std::vector<double>& n) const;
  std::vector<double> gradient(const std::vector<double>& n) const;  ///< linear + H n
};

/// Builds the model from the 2SFCA terms a_ij (weights over D_j) and c_i = A_i(0).
AllocationModel make_allocation_model(const AllocationInput& input,
                                      const std::vector<double>& access_before,
                                      const std::vector<double>& inverse_demand,
                                      const std::vector<double>& caps);

/// Greedy then 1-unit exchanges; whole-number units.
std::vector<double> allocate_greedy_exchange(const AllocationModel& model);

/// The best allocation over all of them, or empty when there are more than `limit`.
std::vector<double> allocate_by_enumeration(const AllocationModel& model, std::size_t limit);

/// A proven lower bound on min Q over the continuous relaxation (and so over the integers):
/// CLP's QP solution x̂, certified by the linearisation at x̂ and at `integer`.
struct QpBound {
  double value = 0.0;
  bool qp_solved = false;  ///< CLP reported an optimal QP solution
};
QpBound continuous_bound(const AllocationModel& model, const std::vector<double>& integer);

/// min_{s: Σ s = N, 0 ≤ s ≤ cap} g·s (fill the smallest gradients first).
double linear_minimum(const AllocationModel& model, const std::vector<double>& g);

}  // namespace equiroute::engine::detail
