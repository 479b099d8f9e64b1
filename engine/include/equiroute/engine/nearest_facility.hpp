#pragma once
// Nearest facility (docs/accessibility.md): t_i = min_j d_ij, and its k-nearest generalisation:
// the time to the k-th nearest facility and the mean time to the k nearest.

#include <memory>

#include "equiroute/engine/access_model.hpp"

namespace equiroute::engine {

/// "nearest": columns "travel_s" (time to the k-th nearest, = nearest for k = 1) and, for
/// k > 1, "mean_travel_s" (mean of the k nearest). A demand point with fewer than k
/// facilities in reach (within threshold_min when given) gets NaN and is flagged.
std::unique_ptr<AccessModel> make_nearest_model();

}  // namespace equiroute::engine
