#include "equiroute/engine/cumulative.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "row_sweep.hpp"

namespace equiroute::engine {

namespace {
class CumulativeModel final : public AccessModel {
 public:
  std::string name() const override { return "cumulative"; }
  std::string description() const override {
    return "Cumulative opportunities: supply within the travel-time threshold";
  }
  std::string source() const override {
    return "Geurs & van Wee (2004), J. Transp. Geogr. 12:127 (cumulative opportunities)";
  }
  bool takes_catchment() const override { return true; }
  std::vector<ParamSpec> params() const override {
    return {
        {"threshold_min", "travel-time threshold T (pairs with d <= T count)", "min", 30.0, {}}};
  }

  AccessResult compute(const AccessInput& input, const ResolvedParams& p) const override {
    check_access_input(input);
    const auto& costs = input.costs;
    const double limit_s = p.number("threshold_min") * 60.0;
    AccessResult result;
    result.model = name();
    result.columns = input.supply.attributes;
    detail::sweep_rows(
        costs, {input.supply.values, input.supply.attribute_count(), {}},
        [limit_s](double t) { return t <= limit_s; }, [](std::size_t, double) { return 1.0; },
        result);
    return result;
  }

 protected:
  void validate(const ResolvedParams& p) const override {
    const double t = p.number("threshold_min");
    if (!(t > 0.0) || !std::isfinite(t)) {
      throw std::invalid_argument("threshold_min must be a positive number of minutes");
    }
  }
};
}  // namespace

std::unique_ptr<AccessModel> make_cumulative_model() { return std::make_unique<CumulativeModel>(); }

}  // namespace equiroute::engine
