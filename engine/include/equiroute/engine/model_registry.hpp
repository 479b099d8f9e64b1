#pragma once
// Accessibility models selectable by name (PDAL style): "nearest", "cumulative", "gravity",
// "2sfca", "e2sfca", "g2sfca", "3sfca". The registry is an explicit list (not static
// self-registration, which a static library's linker may drop).

#include <string>
#include <vector>

#include "equiroute/engine/access_model.hpp"

namespace equiroute::engine {

/// Names of all models, in the order above.
std::vector<std::string> access_model_names();

/// The model called `name`. Throws equiroute::Error (BadInput) naming it, with a hint
/// listing the known models.
const AccessModel& access_model(const std::string& name);

/// Resolves `params` for model `name` and computes its scores (convenience).
AccessResult run_access_model(const std::string& name, const AccessInput& input,
                              const ModelParams& params = {});

}  // namespace equiroute::engine
