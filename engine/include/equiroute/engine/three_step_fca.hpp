#pragma once
// Three-step floating catchment area (Wan, Zou & Sternberg 2012), docs/accessibility.md:
//   G_ij = W_ij / Σ_{k in i's catchment} W_ik   (selection weight over facilities)
//   R_j  = S_j / Σ_k G_kj W_kj P_k ;  A_i = Σ_j G_ij W_ij R_j
// Default zones 0–10, 10–20, 20–30, 30–60 min with W = 0.962, 0.704, 0.377, 0.042.

#include <memory>

#include "equiroute/engine/access_model.hpp"

namespace equiroute::engine {

std::unique_ptr<AccessModel> make_three_step_fca_model();  ///< "3sfca"

}  // namespace equiroute::engine
