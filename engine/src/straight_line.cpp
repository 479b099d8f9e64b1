#include "equiroute/engine/straight_line.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace equiroute::engine {
namespace {

void check(const StraightLineOptions& o) {
  if (!(o.circuity >= 1.0) || !std::isfinite(o.circuity))
    throw std::invalid_argument("straight-line: circuity must be a finite number ≥ 1");
  if (!(o.speed_kmh > 0.0) || !std::isfinite(o.speed_kmh))
    throw std::invalid_argument("straight-line: speed must be a positive number");
  if (std::isnan(o.cutoff_s) || o.cutoff_s < 0.0)
    throw std::invalid_argument("straight-line: cutoff must be ≥ 0");
}

}  // namespace

double straight_line_travel_s(double distance_m, const StraightLineOptions& options) {
  return distance_m * options.circuity / (options.speed_kmh / 3.6);
}

CostMatrix straight_line_matrix(const std::vector<LonLat>& origins,
                                const std::vector<LonLat>& destinations,
                                const DistanceFunction& distance_m,
                                const StraightLineOptions& options) {
  check(options);
  std::vector<std::vector<NearestEntry>> rows(origins.size());
  parallel_over(origins.size(), options.threads, [&](std::size_t i) {
    for (std::uint32_t j = 0; j < destinations.size(); ++j) {
      const double s = straight_line_travel_s(distance_m(origins[i], destinations[j]), options);
      if (s <= options.cutoff_s) rows[i].push_back({j, s});
    }
  });
  CostMatrix m;
  m.origin_count = origins.size();
  m.destination_count = destinations.size();
  m.approximate = true;
  for (const auto& row : rows) {
    for (const auto& e : row) {
      m.destinations.push_back(e.destination);
      m.travel_s.push_back(e.travel_s);
    }
    m.row_offsets.push_back(m.destinations.size());
  }
  return m;
}

std::vector<std::vector<NearestEntry>> straight_line_nearest(
    const std::vector<LonLat>& origins, const std::vector<LonLat>& destinations,
    const DistanceFunction& distance_m, std::size_t k, const StraightLineOptions& options) {
  check(options);
  if (k == 0) throw std::invalid_argument("straight_line_nearest: k must be ≥ 1");
  std::vector<std::vector<NearestEntry>> result(origins.size());
  parallel_over(origins.size(), options.threads, [&](std::size_t i) {
    auto& row = result[i];
    for (std::uint32_t j = 0; j < destinations.size(); ++j) {
      const double s = straight_line_travel_s(distance_m(origins[i], destinations[j]), options);
      if (s <= options.cutoff_s) row.push_back({j, s});
    }
    const auto by_cost = [](const NearestEntry& a, const NearestEntry& b) {
      return a.travel_s < b.travel_s || (a.travel_s == b.travel_s && a.destination < b.destination);
    };
    const std::size_t keep = std::min(k, row.size());
    std::partial_sort(row.begin(), row.begin() + static_cast<std::ptrdiff_t>(keep), row.end(),
                      by_cost);
    row.resize(keep);
  });
  return result;
}

}  // namespace equiroute::engine
