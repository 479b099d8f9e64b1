#pragma once
// Private to the engine: the equity objectives of the local search (plan_search_equity.cpp).

#include <memory>

#include "plan_search.hpp"

namespace equiroute::engine::detail {

/// Gini of min(P, t_p) weighted by w_p (methods.md §2), kept as the pair sum
/// M = Σ_p Σ_q w_p w_q |t_p − t_q| over Fenwick trees of weight and weight × time by time
/// level (times rounded to whole seconds inside the search), so that G = M / (2 W S)
/// (W = Σ w, S = Σ w t) is updated per changed point in O(log levels). Equal to the Lorenz
/// form of engine::gini (trapezoids) for the rounded times.
std::unique_ptr<SearchObjective> make_gini_time_objective(const NearestProblem& problem);

/// −min_q A_q over I* (AccessProblem), with the points kept sorted by A_q.
std::unique_ptr<SearchObjective> make_maximin_access_objective(const NearestProblem& problem,
                                                               const AccessProblem& access);

}  // namespace equiroute::engine::detail
