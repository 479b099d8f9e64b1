#include "equiroute/engine/cumulative.hpp"

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace equiroute::engine {

namespace {
class CumulativeModel final : public AccessModel {
 public:
  std::string name() const override { return "cumulative"; }
  std::string description() const override {
    return "Cumulative opportunities: supply within the travel-time threshold";
  }
  std::string source() const override { return "methods.md §4 (cumulative opportunities)"; }
  std::vector<ParamSpec> params() const override {
    return {
        {"threshold_min", "travel-time threshold T (pairs with d <= T count)", "min", 30.0, {}}};
  }

  AccessResult compute(const AccessInput& input, const ResolvedParams& p) const override {
    check_access_input(input);
    const auto& costs = input.costs;
    const double limit_s = p.number("threshold_min") * 60.0;
    const std::size_t attrs = input.supply.attribute_count();
    AccessResult result;
    result.model = name();
    result.columns = input.supply.attributes;
    result.demand_count = costs.origin_count;
    result.scores.assign(costs.origin_count * attrs, 0.0);
    result.unreached.assign(costs.origin_count, 0);
    tbb::parallel_for(tbb::blocked_range<std::size_t>(0, costs.origin_count, 256),
                      [&](const tbb::blocked_range<std::size_t>& rows) {
                        for (std::size_t i = rows.begin(); i != rows.end(); ++i) {
                          auto dest = costs.row_destinations(i);
                          auto times = costs.row_travel_s(i);
                          double* out = result.scores.data() + i * attrs;
                          bool reached = false;
                          for (std::size_t e = 0; e < dest.size(); ++e) {
                            if (!(times[e] <= limit_s)) continue;
                            reached = true;
                            for (std::size_t a = 0; a < attrs; ++a) {
                              out[a] += input.supply.at(dest[e], a);
                            }
                          }
                          result.unreached[i] = reached ? 0 : 1;
                        }
                      });
    result.unreached_count = static_cast<std::size_t>(
        std::count(result.unreached.begin(), result.unreached.end(), std::uint8_t{1}));
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
