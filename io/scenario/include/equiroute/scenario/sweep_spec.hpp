#pragma once
// The [sweep] table of a scenario: lists of values for parameters of the run (catchment,
// model parameters, straight-line speed, …), checked when the file is read, and how one
// combination of values becomes the options of a run — the same options a scenario with
// those values written into [network] and [access] gives, so that the sweep's values at each
// setting equal a separate run with that setting (docs/uncertainty.md, "Sweeps").

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "equiroute/engine/access_analysis.hpp"
#include "equiroute/engine/sweep_grid.hpp"
#include "equiroute/network/travel_costs.hpp"

namespace equiroute::io {

struct Scenario;

/// Regions whose rank changes by more than this many places are listed (default).
inline constexpr std::size_t kDefaultMaxRankChange = 5;

struct SweepSpec {
  engine::SweepGrid grid;  ///< validated against the scenario's parameters
  std::size_t max_rank_change = kDefaultMaxRankChange;
};

/// The parameters a scenario can sweep: without a road network `speed_kmh` and `circuity`,
/// with one `access_speed_kmh` and `max_snap_m` (network stage: they change the travel-cost
/// matrix); `threshold_min` (the common catchment) and `<model>.<parameter>` for every
/// number or word parameter of the scenario's models (model stage).
std::vector<engine::SweepParameterSpec> sweep_parameters(const Scenario& scenario);

/// Everything a run needs that a sweep can change, for one combination of values.
struct SweepSetting {
  network::TravelCostOptions network;
  engine::AccessAnalysisOptions access;
};

/// The scenario's options with the values of combination `i` of `grid` applied: network
/// values as [network] keys, `threshold_min` as [access] threshold_min, `<model>.<name>`
/// as [access.params.<model>] name; the models resolved by engine::model_requests exactly as
/// when the scenario is read. Throws equiroute::Error (BadInput, field sweep.<name>) on a
/// value the parameter does not accept (a speed ≤ 0, a circuity < 1, a bad model value).
SweepSetting sweep_setting(const Scenario& scenario, const engine::SweepGrid& grid, std::size_t i);

/// The scenario's own value of each axis of `grid` (grid order), as text: the [network] or
/// resolved model value; for threshold_min the common catchment, or empty when the models
/// keep their own defaults.
std::vector<std::string> scenario_sweep_values(const Scenario& scenario,
                                               const engine::SweepGrid& grid);

}  // namespace equiroute::io
