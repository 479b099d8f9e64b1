#pragma once
// Cumulative opportunities (docs/accessibility.md): A_i = Σ_j S_j · [d_ij ≤ T].

#include <memory>

#include "equiroute/engine/access_model.hpp"

namespace equiroute::engine {

std::unique_ptr<AccessModel> make_cumulative_model();  ///< "cumulative"

}  // namespace equiroute::engine
