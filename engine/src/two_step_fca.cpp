#include "equiroute/engine/two_step_fca.hpp"

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "row_sweep.hpp"

namespace equiroute::engine {

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
// Rows per parallel task: large enough to amortise scheduling, small enough to balance.
constexpr std::size_t kRowGrain = 256;
// Step 1 (the per-facility demand sums) is a reduction over rows. To keep it bit-identical
// for any thread count, the rows are split into this fixed number of contiguous parts
// (independent of the number of threads), each part sums into its own vector in row order,
// and the parts are added in part order.
constexpr std::size_t kColumnParts = 16;

/// Σ_{j in i's catchment} W_ij for the 3SFCA selection weights.
std::vector<double> row_weight_sums(const CostMatrix& costs, const CatchmentWeight& weight) {
  std::vector<double> sums(costs.origin_count, 0.0);
  tbb::parallel_for(tbb::blocked_range<std::size_t>(0, costs.origin_count, kRowGrain),
                    [&](const tbb::blocked_range<std::size_t>& rows) {
                      for (std::size_t i = rows.begin(); i != rows.end(); ++i) {
                        double sum = 0.0;
                        for (double t : costs.row_travel_s(i)) sum += weight.at_s(t);
                        sums[i] = sum;
                      }
                    });
  return sums;
}
}  // namespace

AccessResult floating_catchment_scores(const AccessInput& input, const CatchmentWeight& weight,
                                       bool selection_weights, const std::string& model_name) {
  check_access_input(input);
  const CostMatrix& costs = input.costs;
  const std::size_t n = costs.origin_count;
  const std::size_t m = costs.destination_count;
  const std::size_t attrs = input.supply.attribute_count();

  std::vector<double> selection_sum;
  if (selection_weights) selection_sum = row_weight_sums(costs, weight);
  // Effective weight of one entry: W_ij, or G_ij · W_ij for 3SFCA.
  auto entry_weight = [&](std::size_t i, double travel_s) {
    const double w = weight.at_s(travel_s);
    if (!selection_weights) return w;
    return selection_sum[i] > 0.0 ? (w / selection_sum[i]) * w : 0.0;
  };

  // Step 1: D_j = Σ_k weight_kj · P_k.
  const std::size_t parts = std::max<std::size_t>(1, std::min(kColumnParts, n));
  std::vector<std::vector<double>> partial(parts, std::vector<double>(m, 0.0));
  tbb::parallel_for(std::size_t{0}, parts, [&](std::size_t part) {
    const std::size_t begin = n * part / parts;
    const std::size_t end = n * (part + 1) / parts;
    auto& sums = partial[part];
    for (std::size_t i = begin; i < end; ++i) {
      const double p = input.population[i];
      auto dest = costs.row_destinations(i);
      auto times = costs.row_travel_s(i);
      for (std::size_t e = 0; e < dest.size(); ++e) {
        if (weight.in_catchment_s(times[e])) sums[dest[e]] += entry_weight(i, times[e]) * p;
      }
    }
  });
  std::vector<double> demand(m, 0.0);
  for (const auto& sums : partial) {
    for (std::size_t j = 0; j < m; ++j) demand[j] += sums[j];
  }
  partial.clear();

  AccessResult result;
  result.model = model_name;
  result.columns = input.supply.attributes;
  result.demand_count = n;
  result.facility_ratio.assign(m * attrs, kNaN);
  result.ratio_undefined.assign(m, 0);
  for (std::size_t j = 0; j < m; ++j) {
    // D_j = 0: nobody (or only zero-population / zero-weight demand) in the catchment.
    // R_j = S_j / 0 is undefined: NaN and a flag, never infinity.
    if (!(demand[j] > 0.0)) {
      result.ratio_undefined[j] = 1;
      ++result.ratio_undefined_count;
      continue;
    }
    for (std::size_t a = 0; a < attrs; ++a) {
      result.facility_ratio[j * attrs + a] = input.supply.at(j, a) / demand[j];
    }
  }

  // Step 2: A_i = Σ_j weight_ij · R_j over facilities with a defined ratio.
  detail::sweep_rows(
      costs, {result.facility_ratio, attrs, result.ratio_undefined},
      [&](double t) { return weight.in_catchment_s(t); }, entry_weight, result);
  return result;
}

namespace {

const std::vector<double> kE2sfcaZonesMin{10.0, 20.0, 30.0};
const std::vector<double> kE2sfcaWeights{1.00, 0.68, 0.22};

class TwoStepFcaModel final : public AccessModel {
 public:
  std::string name() const override { return "2sfca"; }
  std::string description() const override {
    return "Two-step floating catchment: supply-to-demand ratios summed within a catchment";
  }
  std::string source() const override { return "Luo & Wang (2003), Environ. Plann. B 30:865"; }
  bool takes_catchment() const override { return true; }
  std::vector<ParamSpec> params() const override {
    return {{"threshold_min", "catchment size d0 (pairs with d <= d0 count)", "min", 30.0, {}}};
  }
  AccessResult compute(const AccessInput& input, const ResolvedParams& p) const override {
    return floating_catchment_scores(input, CatchmentWeight::binary(p.number("threshold_min")),
                                     false, name());
  }

 protected:
  void validate(const ResolvedParams& p) const override {
    (void)CatchmentWeight::binary(p.number("threshold_min"));
  }
};

class EnhancedTwoStepFcaModel final : public AccessModel {
 public:
  std::string name() const override { return "e2sfca"; }
  std::string description() const override {
    return "Enhanced 2SFCA: stepped travel-time zone weights in both steps";
  }
  std::string source() const override { return "Luo & Qi (2009), Health & Place 15:1100"; }
  std::vector<ParamSpec> params() const override {
    return {{"zones_min",
             "upper edges of the travel-time zones (right-closed)",
             "min",
             kE2sfcaZonesMin,
             {}},
            {"zone_weights", "weight of each zone, applied in both steps", "", kE2sfcaWeights, {}}};
  }
  AccessResult compute(const AccessInput& input, const ResolvedParams& p) const override {
    return floating_catchment_scores(
        input, CatchmentWeight::zones(p.list("zones_min"), p.list("zone_weights")), false, name());
  }

 protected:
  void validate(const ResolvedParams& p) const override {
    (void)CatchmentWeight::zones(p.list("zones_min"), p.list("zone_weights"));
  }
};

class GaussianTwoStepFcaModel final : public AccessModel {
 public:
  std::string name() const override { return "g2sfca"; }
  std::string description() const override {
    return "Gaussian 2SFCA: W(d) = (e^{-(d/d0)^2/2} - e^{-1/2}) / (1 - e^{-1/2}) within d0";
  }
  std::string source() const override { return "Dai (2010), Health & Place 16:1038"; }
  bool takes_catchment() const override { return true; }
  std::vector<ParamSpec> params() const override {
    return {{"threshold_min", "catchment size d0 (weight falls to 0 at d0)", "min", 30.0, {}}};
  }
  AccessResult compute(const AccessInput& input, const ResolvedParams& p) const override {
    return floating_catchment_scores(input, CatchmentWeight::gaussian(p.number("threshold_min")),
                                     false, name());
  }

 protected:
  void validate(const ResolvedParams& p) const override {
    (void)CatchmentWeight::gaussian(p.number("threshold_min"));
  }
};

}  // namespace

std::unique_ptr<AccessModel> make_two_step_fca_model() {
  return std::make_unique<TwoStepFcaModel>();
}
std::unique_ptr<AccessModel> make_enhanced_two_step_fca_model() {
  return std::make_unique<EnhancedTwoStepFcaModel>();
}
std::unique_ptr<AccessModel> make_gaussian_two_step_fca_model() {
  return std::make_unique<GaussianTwoStepFcaModel>();
}

}  // namespace equiroute::engine
