#pragma once
// Weighted Gini coefficient from the Lorenz curve, as used by Luo et al. 2022 (PLoS ONE
// 17(10): e0272073) for health resources against population
// (demographic dimension) or area (geographical dimension); the same function serves any
// weight, e.g. population of demand points for the equity of travel times or accessibility.

#include <cstddef>
#include <span>
#include <string>
#include <utility>
#include <vector>

namespace equiroute::engine {

/// Lorenz curve: cumulative weight share X (x) against cumulative resource share Y (y).
struct LorenzCurve {
  /// n + 1 points (X_i, Y_i) from (0, 0) to (1, 1), units in ascending order of r_i / w_i.
  /// The last point is exactly (1, 1).
  std::vector<std::pair<double, double>> points;
  /// order[k] = index (into the inputs) of the unit whose point is points[k + 1].
  std::vector<std::size_t> order;
};

struct GiniResult {
  double gini = 0.0;  ///< in [0, 1): 0 = perfect equality
  LorenzCurve lorenz;
};

/// Gini coefficient of `resource` r_i against `weight` w_i (docs/equity.md):
/// sort the units ascending by r_i / w_i (stable: equal ratios keep input order, which does
/// not change G since equal-ratio segments are collinear), cumulate shares X_i of weight and
/// Y_i of resource (X_0 = Y_0 = 0), then
///     G = Σ_{i=0}^{n-1} (X_i · Y_{i+1} − X_{i+1} · Y_i).
/// Units with zero weight add nothing to X: with zero resource they sort first (ratio taken
/// as 0, no effect on G); with positive resource their ratio is +∞ and they sort last (a
/// vertical step of the curve at X = 1, which raises G).
/// Throws equiroute::Error on: no units, a length mismatch, a negative, NaN or infinite
/// value (naming the unit by `unit_ids[i]` when given, else by index), zero total weight
/// or zero total resource.
GiniResult gini(std::span<const double> resource, std::span<const double> weight,
                std::span<const std::string> unit_ids = {});

/// The paper's interpretation bands (borrowed from economics; 0.4 is the warning line):
/// G < 0.2 "absolutely fair", [0.2, 0.3) "relatively fair", [0.3, 0.4) "relatively
/// reasonable", [0.4, 0.5) "large gap", ≥ 0.5 "highly unequal". NaN gives "undefined".
std::string gini_band(double g);

}  // namespace equiroute::engine
