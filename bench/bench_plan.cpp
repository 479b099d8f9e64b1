// What-if planning (issue 14) on synthetic province-sized instances.
//
//   exact:     p-median and MCLP, 2,000 demand × 500 candidates (--exact-demand,
//              --exact-candidates), k = 10, CBC with a 60 s
//              limit (target: proven optimum or gap ≤ 0.5 %), and the heuristic on the same
//              instance (the heuristic-vs-exact gap);
//   heuristic: p-median and MCLP (and with --all-objectives every objective), 100,000
//              demand × 2,000 candidates, k = 10 (target: ≤ 60 s on 2 cores).
//
// Instance: a 460 km × 460 km box (≈ Hunan's 211,800 km²); 60 % of the demand points around
// 40 towns (normal, σ = 8 km), 40 % uniform; populations log-normal (median 2,000);
// candidates uniform; time = straight-line distance × 1.3 circuity / 50 km/h, pairs beyond
// 90 min left out (so memory follows the reachable pairs). Fixed seeds, portable draws.
// Prints one JSON line per run: case, objective, solver, n_demand, n_candidates, entries, k,
// status, value, bound, gap, seconds (median of --runs), cpu_seconds, peak_rss_kb, load1.
//
//   mid:       every objective but lscp with the heuristic, 20,000 × 1,000 (--mid-demand,
//              --mid-candidates): where the non-linear ones finish;
//   allocation: Wang & Tang, 100 and 2,000 new units among 141 facilities, 5,000 points.
//
// Usage: bench_plan [--case exact|heuristic|mid|allocation|all] [--runs N] [--all-objectives]

#include <fmt/core.h>
#include <sys/resource.h>

#include <CLI/CLI.hpp>
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
#include "equiroute/engine/plan.hpp"
#include "equiroute/engine/resource_allocation.hpp"

using namespace equiroute::engine;

using equiroute::bench::peak_rss_kb;

namespace {

double load1() {
  double load[3] = {0, 0, 0};
  return getloadavg(load, 3) > 0 ? load[0] : -1.0;
}

double cpu_seconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
         1e-6 * static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec);
}

/// Portable draws from a 64-bit Mersenne twister (no implementation-defined distributions).
struct Draws {
  std::mt19937_64 rng;
  explicit Draws(std::uint64_t seed) : rng(seed) {}
  double uniform() { return static_cast<double>(rng() >> 11) * 0x1.0p-53; }
  double normal() {  // Box–Muller
    const double u = std::max(uniform(), 1e-300), v = uniform();
    return std::sqrt(-2.0 * std::log(u)) * std::cos(2.0 * M_PI * v);
  }
};

struct Instance {
  CostMatrix costs;
  std::vector<double> population;
};

Instance make_instance(std::size_t demand, std::size_t candidates, std::uint64_t seed) {
  constexpr double side_km = 460.0, cutoff_s = 90 * 60.0;
  constexpr double seconds_per_km = 1.3 * 3600.0 / 50.0;
  Draws d(seed);
  std::vector<std::pair<double, double>> towns(40);
  for (auto& t : towns) t = {d.uniform() * side_km, d.uniform() * side_km};
  std::vector<double> cx(candidates), cy(candidates);
  for (std::size_t j = 0; j < candidates; ++j) {
    cx[j] = d.uniform() * side_km;
    cy[j] = d.uniform() * side_km;
  }
  Instance in;
  in.costs.origin_count = demand;
  in.costs.destination_count = candidates;
  for (std::size_t i = 0; i < demand; ++i) {
    double x, y;
    if (d.uniform() < 0.6) {
      const auto& t = towns[static_cast<std::size_t>(d.uniform() * 40.0) % 40];
      x = std::clamp(t.first + 8.0 * d.normal(), 0.0, side_km);
      y = std::clamp(t.second + 8.0 * d.normal(), 0.0, side_km);
    } else {
      x = d.uniform() * side_km;
      y = d.uniform() * side_km;
    }
    in.population.push_back(std::round(2000.0 * std::exp(0.8 * d.normal())));
    for (std::size_t j = 0; j < candidates; ++j) {
      const double t = std::hypot(x - cx[j], y - cy[j]) * seconds_per_km;
      if (t > cutoff_s) continue;
      in.costs.destinations.push_back(static_cast<std::uint32_t>(j));
      in.costs.travel_s.push_back(t);
    }
    in.costs.row_offsets.push_back(in.costs.destinations.size());
  }
  return in;
}

struct Settings {
  int runs = 3;
  std::size_t exact_demand = 2000, exact_candidates = 500;
  std::size_t exact_max_pairs = PlanOptions{}.exact_max_pairs;
  std::size_t starts = 4;
  std::size_t bound_iterations = 200;
};

void run(const std::string& name, const Instance& in, PlanObjective objective, PlanSolver solver,
         std::size_t k, const Settings& settings) {
  const int runs = settings.runs;
  const PlanInstance instance{
      .costs = in.costs, .population = in.population, .threshold_min = 30.0};
  PlanOptions options;
  options.solver = solver;
  options.time_limit_s = 60.0;
  options.starts = settings.starts;
  options.bound_iterations = settings.bound_iterations;
  options.exact_max_pairs = settings.exact_max_pairs;
  std::vector<double> seconds, cpu;
  PlanSolution s;
  for (int r = 0; r < runs; ++r) {
    const double cpu0 = cpu_seconds();
    const auto t0 = std::chrono::steady_clock::now();
    s = solve_plan(instance, objective, k, options);
    seconds.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
    cpu.push_back(cpu_seconds() - cpu0);
  }
  std::sort(seconds.begin(), seconds.end());
  std::sort(cpu.begin(), cpu.end());
  nlohmann::ordered_json line{
      {"case", name},
      {"objective", std::string(plan_objective_info(objective).name)},
      {"solver", s.solver},
      {"n_demand", in.costs.origin_count},
      {"n_candidates", in.costs.destination_count},
      {"entries", in.costs.entries()},
      {"k", s.k},
      {"status", std::string(to_string(s.status))},
      {"value", s.value},
      {"bound", std::isnan(s.bound) ? nlohmann::json() : nlohmann::json(s.bound)},
      {"gap", std::isnan(s.gap) ? nlohmann::json() : nlohmann::json(s.gap)},
      {"sites", s.sites},
      {"seconds", seconds[seconds.size() / 2]},
      {"cpu_seconds", cpu[cpu.size() / 2]},
      {"runs", runs},
      {"starts", settings.starts},
      {"time_limit_reached", s.time_limit_reached},
      {"peak_rss_kb", peak_rss_kb()},
      {"load1", load1()}};
  fmt::print("{}\n", line.dump());
  std::fflush(stdout);
}

/// Wang & Tang allocation: `units` new units among the 141 facilities of a 5,000-point
/// instance (Hunan has 141 mental health institutions), 60-minute 2SFCA catchment.
void run_allocation(std::size_t units, const Settings& settings) {
  const Instance in = make_instance(5000, 141, 20240616);
  Draws d(7);
  std::vector<double> supply(141);
  for (auto& s : supply) s = std::floor(1.0 + d.uniform() * 60.0);
  std::vector<double> seconds;
  AllocationResult r;
  for (int run = 0; run < settings.runs; ++run) {
    const auto t0 = std::chrono::steady_clock::now();
    r = allocate_units({.costs = in.costs,
                        .population = in.population,
                        .supply = supply,
                        .new_units = units,
                        .threshold_min = 60.0});
    seconds.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
  }
  std::sort(seconds.begin(), seconds.end());
  nlohmann::ordered_json line{
      {"case", "allocation 5000x141"},          {"units", units},
      {"variance_before", r.variance_before},   {"variance_after", r.variance_after},
      {"variance_bound", r.variance_bound},     {"gap", r.gap},
      {"proven_optimal", r.proven_optimal},     {"proof", r.proof},
      {"gini_before", r.gini_before},           {"gini_after", r.gini_after},
      {"seconds", seconds[seconds.size() / 2]}, {"runs", settings.runs},
      {"peak_rss_kb", peak_rss_kb()},           {"load1", load1()}};
  fmt::print("{}\n", line.dump());
  std::fflush(stdout);
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"bench_plan: what-if planning on synthetic province-sized instances"};
  std::string which = "all";
  Settings settings;
  bool all_objectives = false;
  std::size_t mid_demand = 20000, mid_candidates = 1000;
  app.add_option("--case", which, "exact, heuristic, mid, allocation or all")
      ->check(CLI::IsMember({"exact", "heuristic", "mid", "allocation", "all"}));
  app.add_option("--mid-demand", mid_demand, "demand points of the mid case");
  app.add_option("--mid-candidates", mid_candidates, "candidates of the mid case");
  app.add_option("--runs", settings.runs, "runs per measurement (the median is reported)");
  app.add_option("--starts", settings.starts, "heuristic starts");
  app.add_option("--exact-demand", settings.exact_demand, "demand points of the exact case");
  app.add_option("--exact-candidates", settings.exact_candidates, "candidates of the exact case");
  app.add_option("--exact-max-pairs", settings.exact_max_pairs, "PlanOptions::exact_max_pairs");
  app.add_option("--bound-iterations", settings.bound_iterations, "Lagrangian iterations");
  app.add_flag("--all-objectives", all_objectives, "every objective in the heuristic case");
  CLI11_PARSE(app, argc, argv);

  if (which == "exact" || which == "all") {
    const Instance small =
        make_instance(settings.exact_demand, settings.exact_candidates, 20240614);
    const std::string name =
        std::to_string(settings.exact_demand) + "x" + std::to_string(settings.exact_candidates);
    for (PlanObjective objective : {PlanObjective::PMedian, PlanObjective::Mclp}) {
      run(name, small, objective, PlanSolver::Exact, 10, settings);
      run(name, small, objective, PlanSolver::Heuristic, 10, settings);
    }
  }
  if (which == "heuristic" || which == "all") {
    const Instance large = make_instance(100000, 2000, 20240615);
    std::vector<PlanObjective> objectives{PlanObjective::PMedian, PlanObjective::Mclp};
    if (all_objectives) {
      objectives = {PlanObjective::PMedian,     PlanObjective::Mclp,
                    PlanObjective::PCenter,     PlanObjective::MinShareBeyond,
                    PlanObjective::MinGiniTime, PlanObjective::MaximinAccess};
    }
    for (PlanObjective objective : objectives) {
      run("100000x2000", large, objective, PlanSolver::Heuristic, 10, settings);
    }
  }
  if (which == "mid") {  // every objective with the heuristic at a middle size
    const Instance mid = make_instance(mid_demand, mid_candidates, 20240617);
    const std::string name = std::to_string(mid_demand) + "x" + std::to_string(mid_candidates);
    for (const auto& info : plan_objectives()) {
      if (info.objective == PlanObjective::Lscp) continue;
      run(name, mid, info.objective, PlanSolver::Heuristic, 10, settings);
    }
  }
  if (which == "allocation" || which == "all") {
    for (std::size_t units : {100, 2000}) run_allocation(units, settings);
  }
  return 0;
}
