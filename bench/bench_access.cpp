// Accessibility models on a precomputed sparse cost matrix: 100,000 demand points ×
// 1,000 facilities with a 60-minute catchment (target: ≤ 2 s per model on 2 cores).
// The matrix is synthetic and deterministic: points uniform in a 200 km square (fixed
// seed), straight-line time at 1.3 circuity and 40 km/h, pairs beyond 60 min left out.
// Prints one JSON line per model: model, n_demand, n_supply, entries, seconds (median of
// 5 runs), peak_rss_kb (VmHWM from /proc/self/status).
//
// Usage: bench_access [n_demand] [n_supply]

#include <fmt/core.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>
#include <string>
#include <vector>

#include "bench_support.hpp"
#include "equiroute/engine/model_registry.hpp"

using namespace equiroute;
using namespace equiroute::engine;

using equiroute::bench::peak_rss_kb;

namespace {

struct Synthetic {
  CostMatrix costs;
  std::vector<double> population;
  SupplyMatrix supply;
};

Synthetic make_synthetic(std::size_t n, std::size_t m, double side_km, double catchment_min) {
  std::mt19937_64 rng(20240601);
  std::uniform_real_distribution<double> coord(0.0, side_km);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  std::vector<double> fx(m), fy(m);
  for (std::size_t j = 0; j < m; ++j) {
    fx[j] = coord(rng);
    fy[j] = coord(rng);
  }
  Synthetic s;
  s.costs.origin_count = n;
  s.costs.destination_count = m;
  const double seconds_per_km = 1.3 * 3600.0 / 40.0;
  const double limit_s = catchment_min * 60.0;
  for (std::size_t i = 0; i < n; ++i) {
    const double x = coord(rng), y = coord(rng);
    for (std::size_t j = 0; j < m; ++j) {
      const double t = std::hypot(x - fx[j], y - fy[j]) * seconds_per_km;
      if (t > limit_s) continue;
      s.costs.destinations.push_back(static_cast<std::uint32_t>(j));
      s.costs.travel_s.push_back(t);
    }
    s.costs.row_offsets.push_back(s.costs.destinations.size());
    s.population.push_back(std::floor(100.0 + unit(rng) * 20000.0));
  }
  s.supply = {m, {"institutions", "beds", "doctors", "nurses"}, {}};
  for (std::size_t j = 0; j < m; ++j) {
    s.supply.values.insert(s.supply.values.end(),
                           {1.0, std::floor(unit(rng) * 800), std::floor(unit(rng) * 60),
                            std::floor(unit(rng) * 120)});
  }
  return s;
}

}  // namespace

int main(int argc, char** argv) {
  const std::size_t n = argc > 1 ? std::strtoul(argv[1], nullptr, 10) : 100000;
  const std::size_t m = argc > 2 ? std::strtoul(argv[2], nullptr, 10) : 1000;
  const Synthetic s = make_synthetic(n, m, 200.0, 60.0);
  const AccessInput input{s.costs, s.population, s.supply};
  for (const auto& name : access_model_names()) {
    ModelParams params;
    if (name == "2sfca" || name == "g2sfca" || name == "cumulative") params["threshold_min"] = 60.0;
    if (name == "e2sfca") {
      params["zones_min"] = std::vector<double>{20, 40, 60};
      params["zone_weights"] = std::vector<double>{1.0, 0.68, 0.22};
    }
    if (name == "gravity") params["threshold_min"] = 60.0;
    std::vector<double> seconds;
    double checksum = 0;
    for (int run = 0; run < 5; ++run) {
      const auto start = std::chrono::steady_clock::now();
      const AccessResult r = run_access_model(name, input, params);
      seconds.push_back(
          std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
      checksum = r.scores.empty() ? 0 : r.scores[r.scores.size() / 2];
    }
    std::sort(seconds.begin(), seconds.end());
    nlohmann::ordered_json line{{"model", name},
                                {"n_demand", n},
                                {"n_supply", m},
                                {"entries", s.costs.entries()},
                                {"attributes", s.supply.attribute_count()},
                                {"seconds", seconds[2]},
                                {"peak_rss_kb", peak_rss_kb()},
                                {"check", std::isfinite(checksum) ? checksum : -1.0}};
    fmt::print("{}\n", line.dump());
  }
  return 0;
}
