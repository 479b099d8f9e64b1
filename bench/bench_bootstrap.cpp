// Bootstrap of the equity of a per-unit value across demand units (value equity: Gini and
// Theil T/L with between/within parts over groups), the size a grid of demand points gives.
// Synthetic and deterministic: n units in 122 groups (counties), travel times lognormal,
// populations uniform. Prints one JSON line per (n, threads): seconds (median of 3 runs),
// peak_rss_kb (VmHWM), cpu_s (process CPU time of the runs).
//
// Usage: bench_bootstrap [--units N ...] [--replicates B] [--threads T ...]

#include <fmt/core.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <ctime>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>
#include <string>
#include <vector>

#include "bench_support.hpp"
#include "equiroute/engine/equity_bootstrap.hpp"

using namespace equiroute::engine;

using equiroute::bench::peak_rss_kb;

namespace {

struct Units {
  std::vector<double> times;
  std::vector<double> population;
  std::vector<std::string> groups;
};

Units make_units(std::size_t n) {
  std::mt19937_64 rng(20240601);
  std::lognormal_distribution<double> time_s(std::log(1800.0), 0.6);
  std::uniform_real_distribution<double> pop(10.0, 5000.0);
  Units u;
  for (std::size_t i = 0; i < n; ++i) {
    u.times.push_back(time_s(rng));
    u.population.push_back(pop(rng));
    u.groups.push_back("g" + std::to_string(i % 122));
  }
  return u;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Bootstrap of value equity on synthetic demand units"};
  std::vector<std::size_t> sizes{1000, 10000, 100000};
  std::vector<unsigned> threads{1, 2};
  std::size_t replicates = 999;
  app.add_option("--units", sizes, "numbers of demand units");
  app.add_option("--replicates", replicates, "bootstrap replicates B");
  app.add_option("--threads", threads, "thread counts");
  CLI11_PARSE(app, argc, argv);

  for (std::size_t n : sizes) {
    const Units u = make_units(n);
    for (unsigned t : threads) {
      BootstrapOptions options;
      options.replicates = replicates;
      options.threads = t;
      std::vector<double> seconds;
      const std::clock_t cpu0 = std::clock();
      for (int run = 0; run < 3; ++run) {
        const auto start = std::chrono::steady_clock::now();
        const auto boot = bootstrap_value_equity(u.times, u.population, options, u.groups);
        seconds.push_back(
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
        if (!boot) return 1;
      }
      const double cpu_s = static_cast<double>(std::clock() - cpu0) / CLOCKS_PER_SEC;
      std::sort(seconds.begin(), seconds.end());
      nlohmann::json j{{"bench", "bootstrap_value_equity"},
                       {"units", n},
                       {"groups", 122},
                       {"replicates", replicates},
                       {"threads", t},
                       {"seconds", seconds[1]},
                       {"cpu_s", cpu_s},
                       {"peak_rss_kb", peak_rss_kb()}};
      fmt::print("{}\n", j.dump());
    }
  }
  return 0;
}
