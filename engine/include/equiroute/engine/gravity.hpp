#pragma once
// Gravity accessibility (Hansen 1959), docs/accessibility.md: A_i = Σ_j S_j · f(d_ij) with d in
// minutes and f one of
//   power        f(d) = max(d, d_min)^-β   (d_min keeps a co-located facility, d = 0, finite)
//   exponential  f(d) = e^{-β d}
//   gaussian     f(d) = e^{-β d²}
// optionally cut off at threshold_min (pairs beyond contribute nothing).

#include <memory>
#include <string>

#include "equiroute/engine/access_model.hpp"

namespace equiroute::engine {

enum class GravityDecay { Power, Exponential, Gaussian };

/// Parses "power", "exponential", "gaussian". Throws std::invalid_argument otherwise.
GravityDecay gravity_decay_from_name(const std::string& name);

/// f(d) for d in minutes (d ≥ 0). `min_distance_min` > 0 applies to the power form only.
double gravity_decay(GravityDecay decay, double beta, double min_distance_min,
                     double d_min) noexcept;

std::unique_ptr<AccessModel> make_gravity_model();  ///< "gravity"

}  // namespace equiroute::engine
