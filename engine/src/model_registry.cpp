#include "equiroute/engine/model_registry.hpp"

#include <memory>

#include "equiroute/core/error.hpp"
#include "equiroute/engine/cumulative.hpp"
#include "equiroute/engine/gravity.hpp"
#include "equiroute/engine/nearest_facility.hpp"
#include "equiroute/engine/three_step_fca.hpp"
#include "equiroute/engine/two_step_fca.hpp"

namespace equiroute::engine {

namespace {
const std::vector<std::unique_ptr<AccessModel>>& models() {
  static const std::vector<std::unique_ptr<AccessModel>> all = [] {
    std::vector<std::unique_ptr<AccessModel>> list;
    list.push_back(make_nearest_model());
    list.push_back(make_cumulative_model());
    list.push_back(make_gravity_model());
    list.push_back(make_two_step_fca_model());
    list.push_back(make_enhanced_two_step_fca_model());
    list.push_back(make_gaussian_two_step_fca_model());
    list.push_back(make_three_step_fca_model());
    return list;
  }();
  return all;
}
}  // namespace

std::vector<std::string> access_model_names() {
  std::vector<std::string> names;
  for (const auto& model : models()) names.push_back(model->name());
  return names;
}

const AccessModel& access_model(const std::string& name) {
  for (const auto& model : models()) {
    if (model->name() == name) return *model;
  }
  std::string known;
  for (const auto& n : access_model_names()) known += (known.empty() ? "" : ", ") + n;
  throw Error("unknown accessibility model '" + name + "' (models: " + known + ")");
}

AccessResult run_access_model(const std::string& name, const AccessInput& input,
                              const ModelParams& params) {
  const AccessModel& model = access_model(name);
  return model.compute(input, model.resolve(params));
}

}  // namespace equiroute::engine
