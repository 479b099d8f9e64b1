#include "equiroute/engine/nearest_facility.hpp"

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace equiroute::engine {

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

class NearestModel final : public AccessModel {
 public:
  std::string name() const override { return "nearest"; }
  std::string description() const override {
    return "Travel time to the nearest (k-th nearest) facility, and mean time to the k nearest";
  }
  std::string source() const override {
    return "Apparicio et al. (2008), Int. J. Health Geogr. 7:7 (nearest; mean of n nearest)";
  }
  std::vector<ParamSpec> params() const override {
    return {
        {"k", "number of nearest facilities (1 = the nearest)", "", 1.0, {}},
        {"threshold_min", "ignore facilities farther than this (0 = no limit)", "min", 0.0, {}}};
  }

  AccessResult compute(const AccessInput& input, const ResolvedParams& p) const override {
    check_access_input(input);
    const auto& costs = input.costs;
    const auto k = static_cast<std::size_t>(p.number("k"));
    const double threshold_min = p.number("threshold_min");
    const double limit_s =
        threshold_min > 0.0 ? threshold_min * 60.0 : std::numeric_limits<double>::infinity();
    AccessResult result;
    result.model = name();
    result.columns = {"travel_s"};
    if (k > 1) result.columns.push_back("mean_travel_s");
    const std::size_t width = result.columns.size();
    result.demand_count = costs.origin_count;
    result.scores.assign(costs.origin_count * width, kNaN);
    result.unreached.assign(costs.origin_count, 0);
    tbb::parallel_for(tbb::blocked_range<std::size_t>(0, costs.origin_count, 256),
                      [&](const tbb::blocked_range<std::size_t>& rows) {
                        std::vector<double> times;
                        for (std::size_t i = rows.begin(); i != rows.end(); ++i) {
                          times.clear();
                          for (double t : costs.row_travel_s(i)) {
                            if (t <= limit_s) times.push_back(t);
                          }
                          if (times.size() < k) {
                            result.unreached[i] = 1;
                            continue;
                          }
                          std::partial_sort(times.begin(),
                                            times.begin() + static_cast<std::ptrdiff_t>(k),
                                            times.end());
                          result.scores[i * width] = times[k - 1];
                          if (k > 1) {
                            double sum = 0.0;  // ascending order: fixed, so deterministic
                            for (std::size_t r = 0; r < k; ++r) sum += times[r];
                            result.scores[i * width + 1] = sum / static_cast<double>(k);
                          }
                        }
                      });
    result.unreached_count = static_cast<std::size_t>(
        std::count(result.unreached.begin(), result.unreached.end(), std::uint8_t{1}));
    return result;
  }

 protected:
  void validate(const ResolvedParams& p) const override {
    const double k = p.number("k");
    if (!(k >= 1.0) || k != std::floor(k) || k > 1e6) {
      throw std::invalid_argument("k must be a whole number >= 1");
    }
    if (!(p.number("threshold_min") >= 0.0)) {
      throw std::invalid_argument("threshold_min must be >= 0 (0 = no limit)");
    }
  }
};
}  // namespace

std::unique_ptr<AccessModel> make_nearest_model() { return std::make_unique<NearestModel>(); }

}  // namespace equiroute::engine
