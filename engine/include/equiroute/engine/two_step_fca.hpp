#pragma once
// The two-step floating catchment area family (docs/accessibility.md):
//   2SFCA  (Luo & Wang 2003):  R_j = S_j / Σ_{k: d_kj ≤ d0} P_k ;  A_i = Σ_{j: d_ij ≤ d0} R_j
//   E2SFCA (Luo & Qi 2009):    R_j = S_j / Σ_k P_k W(d_kj) ;        A_i = Σ_j R_j W(d_ij)
//   G2SFCA (Dai 2010):         as E2SFCA with the Gaussian W of CatchmentWeight::gaussian
// and the generic weighted core that also serves 3SFCA (three_step_fca.hpp).

#include <memory>

#include "equiroute/engine/access_model.hpp"
#include "equiroute/engine/catchment_weight.hpp"

namespace equiroute::engine {

/// Weighted floating catchment scores for every supply attribute in one pass.
/// With `selection_weights` false: D_j = Σ_k W(d_kj) P_k, R_j = S_j / D_j, A_i = Σ_j W(d_ij) R_j.
/// With it true (3SFCA): G_ij = W_ij / Σ_{k in i's catchment} W_ik, D_j = Σ_k G_kj W_kj P_k,
/// A_i = Σ_j G_ij W_ij R_j. R_j is NaN and flagged when D_j = 0 (no demand, or only
/// zero-population or zero-weight demand, in the catchment); such facilities add nothing to
/// A_i. A demand point with no facility within the catchment gets 0 and is flagged.
/// Deterministic for any thread count: D_j is summed over a fixed partition of the rows
/// and the partial sums are combined in partition order.
AccessResult floating_catchment_scores(const AccessInput& input, const CatchmentWeight& weight,
                                       bool selection_weights, const std::string& model_name);

std::unique_ptr<AccessModel> make_two_step_fca_model();           ///< "2sfca"
std::unique_ptr<AccessModel> make_enhanced_two_step_fca_model();  ///< "e2sfca"
std::unique_ptr<AccessModel> make_gaussian_two_step_fca_model();  ///< "g2sfca"

}  // namespace equiroute::engine
