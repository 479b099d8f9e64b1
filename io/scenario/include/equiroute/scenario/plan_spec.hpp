#pragma once
// The [plan] table of a scenario (docs/scenario.md, docs/planning.md): what-if siting —
// which objectives, how many new sites, where the candidates come from and how the engine
// solves (engine/plan.hpp) — parsed strictly, every error naming the key and its line.

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "equiroute/engine/plan.hpp"
#include "equiroute/engine/plan_tradeoff.hpp"
#include "equiroute/geodata/point_layer.hpp"

namespace equiroute::io {

class StrictTable;

/// Where candidate sites come from.
enum class CandidateSource {
  Demand,  ///< the demand points themselves (e.g. the county seats)
  Layer,   ///< a point layer ([plan.candidates] path, layer, id_field, …)
  Grid,    ///< a regular grid of `spacing_km` inside the regions (geodata::grid_candidates)
};
/// "demand", "layer", "grid".
std::string to_string(CandidateSource source);

struct PlanCandidatesSpec {
  CandidateSource source = CandidateSource::Demand;
  geodata::PointLayerOptions layer;  ///< source = layer
  double spacing_km = 0.0;           ///< source = grid, > 0
};

/// Two-objective trade-off (engine/plan_tradeoff.hpp) over the plan's k values.
struct PlanTradeoffSpec {
  engine::PlanObjective efficiency = engine::PlanObjective::PMedian;
  engine::PlanObjective equity = engine::PlanObjective::MinGiniTime;
  std::size_t weights = 5;  ///< λ grid size including 0 and 1 (≥ 2)
};

/// Sharing new units among the existing facilities (engine/resource_allocation.hpp, Wang &
/// Tang 2013): the 2SFCA accessibility of one supply field made as equal as possible.
struct PlanAllocationSpec {
  std::string field;            ///< a supply (capacity) field of the facilities, e.g. "doctors"
  std::size_t units = 0;        ///< N new units, ≥ 1
  double max_per_site = -1.0;   ///< cap of new units per facility (whole number); < 0: none
  double threshold_min = 60.0;  ///< 2SFCA catchment d0 (default: plan.threshold_min)
};

struct PlanSpec {
  std::vector<engine::PlanObjective> objectives{engine::PlanObjective::PMedian};
  /// New sites to open: `k = 5` gives {5}, `k = [1, 3, 5]` those, `k_max = 5` gives 1..5.
  std::vector<std::size_t> ks{1};
  /// T (minutes) of mclp, lscp, min-share-beyond and the maximin-access catchment.
  double threshold_min = 60.0;
  bool existing_closable = false;
  /// solver, time_limit_s, starts (the rest: the engine's defaults).
  engine::PlanOptions solver;
  PlanCandidatesSpec candidates;
  std::optional<PlanTradeoffSpec> tradeoff;
  std::optional<PlanAllocationSpec> allocation;
};

/// Reads [plan] (and [plan.candidates], [plan.tradeoff], [plan.allocation]); relative paths against
/// `base`. Throws equiroute::Error (BadInput) naming the key and its line.
PlanSpec parse_plan(StrictTable table, const std::filesystem::path& base);

}  // namespace equiroute::io
