#include "equiroute/engine/gravity.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

#include "row_sweep.hpp"

namespace equiroute::engine {

GravityDecay gravity_decay_from_name(const std::string& name) {
  if (name == "power") return GravityDecay::Power;
  if (name == "exponential") return GravityDecay::Exponential;
  if (name == "gaussian") return GravityDecay::Gaussian;
  throw std::invalid_argument("unknown gravity decay '" + name +
                              "' (power, exponential, gaussian)");
}

double gravity_decay(GravityDecay decay, double beta, double min_distance_min,
                     double d_min) noexcept {
  switch (decay) {
    case GravityDecay::Power:
      // A co-located facility has d = 0 and d^-β would be infinite: distances below
      // min_distance_min are raised to it (documented in docs/accessibility.md).
      return std::pow(std::max(d_min, min_distance_min), -beta);
    case GravityDecay::Exponential:
      return std::exp(-beta * d_min);
    case GravityDecay::Gaussian:
      return std::exp(-beta * d_min * d_min);
  }
  return 0.0;
}

namespace {
class GravityModel final : public AccessModel {
 public:
  std::string name() const override { return "gravity"; }
  std::string description() const override {
    return "Gravity (Hansen) potential: supply discounted by a distance-decay function";
  }
  std::string source() const override { return "Hansen (1959), J. Am. Inst. Planners 25:73"; }
  std::vector<ParamSpec> params() const override {
    return {{"decay",
             "decay form: power d^-beta, exponential e^(-beta d), gaussian e^(-beta d^2)",
             "",
             std::string("power"),
             {"power", "exponential", "gaussian"}},
            {"beta",
             "decay parameter (power: exponent; exponential: per min; gaussian: per min^2)",
             "",
             1.0,
             {}},
            {"min_distance_min",
             "power decay only: times below this are raised to it, so a co-located facility "
             "(time 0) stays finite",
             "min",
             1.0,
             {}},
            {"threshold_min", "ignore pairs farther than this (0 = no cut-off)", "min", 0.0, {}}};
  }

  AccessResult compute(const AccessInput& input, const ResolvedParams& p) const override {
    check_access_input(input);
    const auto& costs = input.costs;
    const GravityDecay decay = gravity_decay_from_name(p.text("decay"));
    const double beta = p.number("beta");
    const double d_floor = p.number("min_distance_min");
    const double threshold_min = p.number("threshold_min");
    const double limit_s =
        threshold_min > 0.0 ? threshold_min * 60.0 : std::numeric_limits<double>::infinity();
    AccessResult result;
    result.model = name();
    result.columns = input.supply.attributes;
    detail::sweep_rows(
        costs, {input.supply.values, input.supply.attribute_count(), {}},
        [limit_s](double t) { return t <= limit_s; },
        [&](std::size_t, double t) { return gravity_decay(decay, beta, d_floor, t / 60.0); },
        result);
    return result;
  }

 protected:
  void validate(const ResolvedParams& p) const override {
    const double beta = p.number("beta");
    if (!(beta >= 0.0) || !std::isfinite(beta)) {
      throw std::invalid_argument("beta must be finite and >= 0");
    }
    if (p.text("decay") == "power" && !(p.number("min_distance_min") > 0.0)) {
      throw std::invalid_argument("min_distance_min must be > 0 for power decay");
    }
    if (!(p.number("threshold_min") >= 0.0)) {
      throw std::invalid_argument("threshold_min must be >= 0 (0 = no cut-off)");
    }
  }
};
}  // namespace

std::unique_ptr<AccessModel> make_gravity_model() { return std::make_unique<GravityModel>(); }

}  // namespace equiroute::engine
