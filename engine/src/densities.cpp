#include "equiroute/engine/densities.hpp"

#include <limits>

#include "equity_validation.hpp"

namespace equiroute::engine {
namespace {

std::vector<double> ratio(std::span<const double> resource, std::span<const double> denominator,
                          std::span<const std::string> unit_ids, const std::string& against,
                          double scale) {
  detail::check_series(resource, denominator, unit_ids, "resource", against);
  std::vector<double> out(resource.size());
  for (std::size_t i = 0; i < resource.size(); ++i) {
    // A zero denominator has no density: NaN marks it undefined for the writers.
    out[i] = denominator[i] > 0 ? resource[i] * scale / denominator[i]
                                : std::numeric_limits<double>::quiet_NaN();
  }
  return out;
}

}  // namespace

std::vector<double> per_10k(std::span<const double> resource, std::span<const double> population,
                            std::span<const std::string> unit_ids) {
  return ratio(resource, population, unit_ids, "population", 10000.0);
}

std::vector<double> per_km2(std::span<const double> resource, std::span<const double> area_km2,
                            std::span<const std::string> unit_ids) {
  return ratio(resource, area_km2, unit_ids, "area_km2", 1.0);
}

}  // namespace equiroute::engine
