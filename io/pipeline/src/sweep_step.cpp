// Running a sweep: the combinations of a scenario's [sweep] through the accessibility step,
// one travel-cost matrix per network setting, and the rank stability of the regions.
// Tables, charts and the report section: sweep_outputs.cpp.

#include "equiroute/pipeline/sweep_step.hpp"

#include <fmt/core.h>
#include <spdlog/spdlog.h>

#include <cmath>
#include <limits>

#include "equiroute/core/error.hpp"
#include "equiroute/pipeline/run_pipeline.hpp"

namespace equiroute::io {

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

/// Whether a setting's travel costs are the scenario's: only these four values can differ.
bool same_network(const network::TravelCostOptions& a, const network::TravelCostOptions& b) {
  return a.straight.speed_kmh == b.straight.speed_kmh &&
         a.straight.circuity == b.straight.circuity &&
         a.snap.access_speed_kmh == b.snap.access_speed_kmh &&
         a.snap.max_snap_m == b.snap.max_snap_m;
}

/// The region indicators of an outcome: nearest_travel_s, then every score column but a
/// repeat of it, with their values per region (`regions` order).
struct RegionIndicators {
  std::vector<std::string> names;
  std::vector<engine::RankOrder> orders;
  std::vector<std::vector<double>> values;  ///< [indicator][region]
  std::vector<bool> has_demand;             ///< per region: some demand point lies in it
};

bool is_time(const std::string& name) {
  return name.size() >= 2 && name.compare(name.size() - 2, 2, "_s") == 0;
}

RegionIndicators region_indicators(const AccessOutcome& outcome, const RegionList& regions) {
  const RegionValues v = region_values(outcome, regions);
  RegionIndicators out;
  for (double w : v.weights) out.has_demand.push_back(!std::isnan(w));
  out.names.emplace_back("nearest_travel_s");
  out.orders.push_back(engine::RankOrder::Ascending);
  out.values.push_back(v.nearest_travel_s);
  const auto& columns = outcome.analysis.columns;
  for (std::size_t c = 0; c < columns.size(); ++c) {
    if (columns[c].name == "nearest_travel_s") continue;
    out.names.push_back(columns[c].name);
    out.orders.push_back(is_time(columns[c].name) ? engine::RankOrder::Ascending
                                                  : engine::RankOrder::Descending);
    out.values.push_back(v.scores[c]);
  }
  return out;
}

/// Rank stability of indicator `k` over the settings (0: the scenario's own). A region
/// whose points reach nothing (travel time NaN with demand) ranks last (+inf); regions
/// without demand, or with a score undefined in some setting, are left out.
SweepRanking rank_indicator(const std::vector<RegionIndicators>& settings, std::size_t k,
                            const RegionList& regions, std::size_t max_places) {
  const RegionIndicators& first = settings.front();
  SweepRanking ranking;
  ranking.indicator = first.names[k];
  ranking.order = first.orders[k];
  const bool time = ranking.order == engine::RankOrder::Ascending;
  std::vector<std::vector<double>> values(settings.size());
  for (std::size_t r = 0; r < regions.ids.size(); ++r) {
    bool usable = first.has_demand[r];
    for (const auto& s : settings) usable = usable && (time || !std::isnan(s.values[k][r]));
    if (!usable) {
      ++ranking.regions_left_out;
      continue;
    }
    ranking.regions.push_back(regions.ids[r]);
    ranking.names.push_back(regions.names.empty() ? std::string() : regions.names[r]);
    for (std::size_t s = 0; s < settings.size(); ++s) {
      const double v = settings[s].values[k][r];
      values[s].push_back(std::isnan(v) ? kInf : v);
    }
  }
  if (!ranking.regions.empty())
    ranking.stability =
        engine::rank_stability(ranking.regions, values, 0, max_places, ranking.order);
  return ranking;
}

/// "speed_kmh=30": the values of the network parameters (the first axes) of combination i.
std::string network_label(const engine::SweepGrid& grid, std::size_t i) {
  const auto values = grid.combination(i);
  std::string out;
  std::size_t settings = 1;
  for (std::size_t k = 0; k < values.size() && settings < grid.network_settings(); ++k) {
    out += (k ? ", " : "") + grid.axes()[k].name + "=" + engine::to_string(values[k]);
    settings *= grid.axes()[k].values.size();
  }
  return out;
}

/// The costs of network setting `k`: the run's own when the setting is the scenario's.
network::TravelCosts setting_costs(const Scenario& scenario, const SweepSetting& setting,
                                   const AccessOutcome& base, unsigned threads, SweepOutcome& out,
                                   std::size_t k) {
  const std::size_t block = out.grid.size() / out.grid.network_settings();
  const std::string label = network_label(out.grid, k * block);
  if (same_network(setting.network, scenario.network)) {
    spdlog::info(
        "sweep: network setting {} of {} is the scenario's: its travel-cost matrix is "
        "reused",
        k + 1, out.grid.network_settings());
    return base.costs;
  }
  ++out.cost_matrices;
  spdlog::info("sweep: travel-cost matrix {} for network setting {} of {} ({})", out.cost_matrices,
               k + 1, out.grid.network_settings(), label);
  CostSource source{.travel = setting.network};
  source.travel.threads = threads;
  std::optional<CostCsvReport> report;
  return access_costs(base.problem, source, report);
}

}  // namespace

std::vector<std::pair<std::string, double>> headline_indicators(const RunSummary& s) {
  std::vector<std::pair<std::string, double>> out;
  if (s.travel) {
    const TravelSummary& t = *s.travel;
    out.emplace_back("mean_nearest_min", t.mean_nearest_min);
    out.emplace_back("median_nearest_min", t.median_nearest_min);
    out.emplace_back("p90_nearest_min", t.p90_nearest_min);
    for (std::size_t i = 0; i < t.thresholds_min.size(); ++i)
      out.emplace_back(fmt::format("share_beyond_{:g}_min", t.thresholds_min[i]),
                       t.share_beyond[i]);
  }
  for (const auto& [name, gini] : s.access_gini) out.emplace_back("gini_" + name, gini);
  return out;
}

SweepOutcome run_sweep(const Scenario& scenario, const SweepSpec& spec, const AccessOutcome& base,
                       const RegionList& regions, unsigned threads) {
  SweepOutcome out{.grid = spec.grid,
                   .scenario_values = scenario_sweep_values(scenario, spec.grid),
                   .max_rank_change = spec.max_rank_change};
  summarise_access(base, out.reference);
  std::vector<RegionIndicators> settings{region_indicators(base, regions)};
  const std::size_t block = out.grid.size() / out.grid.network_settings();
  for (std::size_t k = 0; k < out.grid.network_settings(); ++k) {
    network::TravelCosts costs;
    for (std::size_t i = k * block; i < (k + 1) * block; ++i) {
      try {
        const SweepSetting setting = sweep_setting(scenario, out.grid, i);
        if (i == k * block) costs = setting_costs(scenario, setting, base, threads, out, k);
        AccessOutcome o = analyse_access(base.problem, std::move(costs), setting.access);
        out.combinations.emplace_back();
        summarise_access(o, out.combinations.back());
        settings.push_back(region_indicators(o, regions));
        costs = std::move(o.costs);
      } catch (const Error& e) {
        throw Error(fmt::format("sweep setting {} ({}): {}", i + 1, out.grid.label(i), e.what()),
                    {}, e.kind(), e.hint());
      }
    }
  }
  spdlog::info("sweep: {} combinations on {} network settings, {} travel-cost matrices computed",
               out.grid.size(), out.grid.network_settings(), out.cost_matrices);
  for (std::size_t k = 0; k < settings.front().names.size(); ++k)
    out.rankings.push_back(rank_indicator(settings, k, regions, spec.max_rank_change));
  return out;
}

}  // namespace equiroute::io
