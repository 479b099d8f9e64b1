#pragma once
// A parameter sweep of a run (docs/uncertainty.md, "Sweeps"): every combination of the
// scenario's [sweep] lists through the same accessibility step as the run itself
// (analyse_access on precomputed costs), the travel-cost matrix computed once per network
// setting; the headline indicators of each combination (those of summary.json) and the rank
// stability of the regions against the scenario's own setting.

#include <cstddef>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "equiroute/engine/rank_stability.hpp"
#include "equiroute/engine/sweep_grid.hpp"
#include "equiroute/pipeline/access_step.hpp"
#include "equiroute/pipeline/access_tables.hpp"
#include "equiroute/pipeline/run_summary.hpp"
#include "equiroute/report/report.hpp"
#include "equiroute/report/text_table.hpp"
#include "equiroute/scenario/scenario.hpp"

namespace equiroute::io {

/// The headline indicators of a summary in a fixed order: mean_nearest_min,
/// median_nearest_min, p90_nearest_min, share_beyond_<t>_min for each burden threshold, then
/// gini_<indicator> for the equity of access of each indicator (NaN where undefined).
std::vector<std::pair<std::string, double>> headline_indicators(const RunSummary& summary);

/// Rank stability of the regions for one region indicator (the nearest travel time, rank 1
/// the shortest, or a score column, rank 1 the highest) across the sweep.
struct SweepRanking {
  std::string indicator;
  engine::RankOrder order = engine::RankOrder::Descending;
  std::vector<std::string> regions;  ///< the ranked regions (ids)
  std::vector<std::string> names;    ///< their names (or empty strings)
  /// Regions left out: a score undefined in some setting (no population in the region).
  /// A region whose points reach nothing has travel time +inf: last, not left out.
  std::size_t regions_left_out = 0;
  /// Setting 0 is the scenario's own (the reference); combination i is setting i + 1.
  engine::RankStability stability;
};

struct SweepOutcome {
  engine::SweepGrid grid;
  std::vector<std::string> scenario_values;  ///< the scenario's own value of each axis
  std::size_t max_rank_change = 0;
  /// Travel-cost matrices computed for the sweep: one per network setting, none for the
  /// setting that is the scenario's own (the run's matrix is reused).
  std::size_t cost_matrices = 0;
  RunSummary reference;                  ///< travel and access_gini of the scenario's setting
  std::vector<RunSummary> combinations;  ///< the same per combination, in grid order
  std::vector<SweepRanking> rankings;
};

/// Runs every combination of `spec` on `base`'s problem (the run's own outcome: its matrix
/// is reused for the scenario's network setting). `regions` are the run's regions (ids,
/// names). Throws equiroute::Error naming the combination when one cannot be computed.
SweepOutcome run_sweep(const Scenario& scenario, const SweepSpec& spec, const AccessOutcome& base,
                       const RegionList& regions, unsigned threads);

/// sweep.csv: setting ("scenario", then 1..N), network_setting, one column per parameter,
/// then the headline indicators (full precision).
TextTable sweep_table(const SweepOutcome& sweep);
/// sweep_ranks.csv: indicator, setting, parameters, spearman, regions_moved,
/// regions_ranked, regions_left_out.
TextTable sweep_ranks_table(const SweepOutcome& sweep);
/// sweep_rank_moves.csv: indicator, setting, region, name, reference_rank, rank, change
/// (regions that move by more than max_rank_change places; negative change = moved up).
TextTable sweep_rank_moves_table(const SweepOutcome& sweep);

/// Writes the three tables (CSV and Markdown) into `directory`.
void write_sweep_tables(const SweepOutcome& sweep, const Scenario& scenario,
                        const std::filesystem::path& directory);

/// One sensitivity chart per headline indicator that changes across the sweep, into `dir`
/// as sweep_<indicator>.<format>; returns the shown files with captions.
std::vector<std::pair<std::filesystem::path, std::string>> draw_sweep_charts(
    const SweepOutcome& sweep, const Scenario& scenario, const std::filesystem::path& dir);

/// The report's sweep section: parameters, the headline table, the charts, Spearman's ρ per
/// indicator and setting, and the largest rank moves.
void add_sweep_section(Report& report, const SweepOutcome& sweep, const Scenario& scenario,
                       const std::vector<std::pair<std::filesystem::path, std::string>>& charts);

}  // namespace equiroute::io
