// Objective names, units, sources, and the exact evaluation of an open set (every value
// that a solver reports is computed here).

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <optional>

#include "equiroute/core/error.hpp"
#include "equiroute/engine/gini.hpp"
#include "equiroute/engine/two_step_fca.hpp"
#include "plan_problem.hpp"
#include "plan_values.hpp"

namespace equiroute::engine {

namespace {

constexpr std::array<PlanObjectiveInfo, 7> kObjectives{{
    {PlanObjective::PMedian, "pmedian", "person-s", "min sum_i w_i t_i",
     "ReVelle & Swain (1970), Geographical Analysis 2:30-42", false, true},
    {PlanObjective::Mclp, "mclp", "persons", "max sum_i w_i [t_i <= T]",
     "Church & ReVelle (1974), Papers of the Regional Science Association 32:101-118", true, true},
    {PlanObjective::PCenter, "pcenter", "s",
     "min max_{i in R} t_i (R: points with w_i > 0 that some site reaches)",
     "Hakimi (1965), Operations Research 13:462-475", false, true},
    {PlanObjective::Lscp, "lscp", "sites", "min |chosen| s.t. t_i <= T for all i with w_i > 0",
     "Toregas, Swain, ReVelle & Bergman (1971), Operations Research 19:1363-1373", false, true},
    {PlanObjective::MinShareBeyond, "min-share-beyond", "share",
     "min sum_i w_i [t_i > T] / sum_i w_i",
     "share of population beyond T (methods.md section 5) as a covering model, Church & "
     "ReVelle (1974)",
     false, true},
    {PlanObjective::MinGiniTime, "min-gini-time", "gini",
     "min Gini of t_i weighted by w_i (Lorenz, methods.md section 2)",
     "Gini as in Luo et al. (2022), PLoS ONE 17(10): e0272073", false, false},
    {PlanObjective::MaximinAccess, "maximin-access", "supply/person",
     "max min_{i in I*} A_i, A_i the 2SFCA accessibility of the open sites",
     "2SFCA: Luo & Wang (2003), Environment and Planning B 30:865-884 (methods.md section 4)", true,
     true},
}};

}  // namespace

std::span<const PlanObjectiveInfo> plan_objectives() { return kObjectives; }

const PlanObjectiveInfo& plan_objective_info(PlanObjective objective) {
  return kObjectives[static_cast<std::size_t>(objective)];
}

PlanObjective parse_plan_objective(std::string_view name) {
  std::string known;
  for (const auto& info : kObjectives) {
    if (info.name == name) return info.objective;
    known += (known.empty() ? "" : ", ") + std::string(info.name);
  }
  throw Error("plan: unknown objective '" + std::string(name) + "'", {.field = "objective"},
              ErrorKind::BadInput, "objectives: " + known);
}

std::string_view to_string(PlanStatus status) {
  switch (status) {
    case PlanStatus::Optimal:
      return "optimal";
    case PlanStatus::Gap:
      return "gap";
    case PlanStatus::Heuristic:
      return "heuristic";
  }
  return "heuristic";
}

std::vector<std::uint32_t> plan_open_sites(const PlanInstance& instance,
                                           std::span<const std::uint32_t> sites) {
  std::vector<std::uint32_t> open(sites.begin(), sites.end());
  if (!instance.existing_closable) {
    for (std::size_t j = 0; j < instance.existing_count; ++j) {
      open.push_back(static_cast<std::uint32_t>(j));
    }
  }
  std::sort(open.begin(), open.end());
  open.erase(std::unique(open.begin(), open.end()), open.end());
  return open;
}

std::vector<double> plan_nearest_times(const PlanInstance& instance,
                                       std::span<const std::uint32_t> sites) {
  const CostMatrix& costs = instance.costs;
  std::vector<std::uint8_t> open(costs.destination_count, 0);
  for (std::uint32_t j : plan_open_sites(instance, sites)) {
    if (j >= costs.destination_count) throw Error("plan: site index out of range");
    open[j] = 1;
  }
  std::vector<double> times(costs.origin_count, std::numeric_limits<double>::quiet_NaN());
  for (std::size_t i = 0; i < costs.origin_count; ++i) {
    auto dest = costs.row_destinations(i);
    auto time = costs.row_travel_s(i);
    for (std::size_t e = 0; e < dest.size(); ++e) {
      if (open[dest[e]] && !(time[e] >= times[i])) times[i] = time[e];
    }
  }
  return times;
}

CostMatrix select_destinations(const CostMatrix& costs, std::span<const std::uint32_t> keep) {
  std::vector<std::uint32_t> position(costs.destination_count, detail::kNoSite);
  for (std::size_t k = 0; k < keep.size(); ++k) {
    if (keep[k] >= costs.destination_count || (k > 0 && keep[k] <= keep[k - 1])) {
      throw Error("select_destinations: indices must be ascending and within the matrix");
    }
    position[keep[k]] = static_cast<std::uint32_t>(k);
  }
  CostMatrix out;
  out.origin_count = costs.origin_count;
  out.destination_count = keep.size();
  out.approximate = costs.approximate;
  out.row_offsets.reserve(costs.origin_count + 1);
  for (std::size_t i = 0; i < costs.origin_count; ++i) {
    auto dest = costs.row_destinations(i);
    auto time = costs.row_travel_s(i);
    for (std::size_t e = 0; e < dest.size(); ++e) {
      if (position[dest[e]] == detail::kNoSite) continue;
      out.destinations.push_back(position[dest[e]]);
      out.travel_s.push_back(time[e]);
    }
    out.row_offsets.push_back(out.destinations.size());
  }
  return out;
}

namespace detail {

PlanMeasures measure_plan(const PlanSetup& setup, std::span<const std::uint32_t> sites) {
  const PlanInstance& in = *setup.instance;
  const std::vector<double> times = plan_nearest_times(in, sites);
  PlanMeasures m;
  m.capped_times.resize(times.size());
  for (std::size_t i = 0; i < times.size(); ++i) {
    const double w = in.population[i];
    const bool reached = !std::isnan(times[i]);
    const double t = reached ? std::min(times[i], setup.penalty_s) : setup.penalty_s;
    m.capped_times[i] = t;
    if (!reached) m.unreached_population += w;
    m.person_s += w * t;
    // Coverage uses the time in the matrix: an unreached point is never covered.
    if (reached && times[i] <= setup.threshold_s) m.covered_population += w;
    // pcenter counts only points that some site can reach: the others never change.
    const bool reachable = in.costs.row_offsets[i + 1] > in.costs.row_offsets[i];
    if (w > 0.0 && reachable) m.max_time_s = std::max(m.max_time_s, t);
  }
  return m;
}

double gini_of_times(std::span<const double> times, std::span<const double> population) {
  std::vector<double> resource, weight;
  for (std::size_t i = 0; i < times.size(); ++i) {
    if (!(population[i] > 0.0)) continue;
    resource.push_back(population[i] * times[i]);
    weight.push_back(population[i]);
  }
  double total = 0.0;
  for (double r : resource) total += r;
  // Everyone at time 0: perfect equality (gini() refuses a zero total).
  if (!(total > 0.0)) return 0.0;
  return gini(resource, weight).gini;
}

double minimum_access(const PlanSetup& setup, std::span<const std::uint32_t> sites,
                      const AccessProblem* access) {
  const PlanInstance& in = *setup.instance;
  const std::vector<std::uint32_t> open = plan_open_sites(in, sites);
  const CostMatrix all_sites = select_destinations(in.costs, open);
  SupplyMatrix supply{open.size(), {"supply"}, {}};
  for (std::uint32_t j : open) supply.values.push_back(in.supply.empty() ? 1.0 : in.supply[j]);
  const AccessResult after = floating_catchment_scores({all_sites, in.population, supply},
                                                       access_weight_of(in), false, "plan");
  // I*: points that some site can reach (AccessProblem::point_index).
  std::optional<AccessProblem> built;
  if (access == nullptr) access = &built.emplace(make_access_problem(setup));
  double lowest = std::numeric_limits<double>::infinity();
  for (std::uint32_t i : access->point_index) lowest = std::min(lowest, after.scores[i]);
  return access->point_index.empty() ? 0.0 : lowest;
}

double objective_value(const PlanSetup& setup, PlanObjective objective,
                       std::span<const std::uint32_t> sites, const PlanMeasures& m,
                       const AccessProblem* access) {
  switch (objective) {
    case PlanObjective::PMedian:
      return m.person_s;
    case PlanObjective::Mclp:
      return m.covered_population;
    case PlanObjective::PCenter:
      return m.max_time_s;
    case PlanObjective::Lscp:
      return static_cast<double>(sites.size());
    case PlanObjective::MinShareBeyond:
      return (setup.total_population - m.covered_population) / setup.total_population;
    case PlanObjective::MinGiniTime:
      return gini_of_times(m.capped_times, setup.instance->population);
    case PlanObjective::MaximinAccess:
      return minimum_access(setup, sites, access);
  }
  return 0.0;
}

}  // namespace detail

double evaluate_plan(const PlanInstance& instance, PlanObjective objective,
                     std::span<const std::uint32_t> sites) {
  const detail::PlanSetup setup = detail::make_plan_setup(instance);
  return detail::objective_value(setup, objective, sites, detail::measure_plan(setup, sites));
}

}  // namespace equiroute::engine
