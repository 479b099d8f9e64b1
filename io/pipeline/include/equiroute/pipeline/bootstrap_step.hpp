#pragma once
// Bootstrap intervals of a run (`run`, `equity`, `access`; docs/uncertainty.md): every index
// of the equity of resources with the population/area contrast of each resource, and every
// index of the equity of access (travel time and every score across demand units), from the
// engine's bootstrap; their tables and their place in the summary.

#include <optional>
#include <vector>

#include "equiroute/engine/bootstrap.hpp"
#include "equiroute/engine/equity.hpp"
#include "equiroute/engine/equity_bootstrap.hpp"
#include "equiroute/pipeline/access_step.hpp"
#include "equiroute/pipeline/run_summary.hpp"
#include "equiroute/report/bootstrap_tables.hpp"
#include "equiroute/report/text_table.hpp"

namespace equiroute::io {

/// The bootstrap of the equity of access: results[e] belongs to analysis.equity[e] and is
/// empty where its indices are undefined.
struct AccessIntervals {
  engine::BootstrapOptions options;
  std::vector<std::optional<engine::EquityBootstrap>> results;
};

/// Every index of every result of `analysis`, and for each resource analysed on both bases
/// the paired contrast Gini(area) − Gini(population) from the same draws. Deterministic for
/// any options.threads. Throws equiroute::Error (BadInput) on invalid options.
EquityIntervals bootstrap_equity_intervals(const engine::EquityAnalysis& analysis,
                                           const engine::BootstrapOptions& options);

/// Every indicator of outcome.analysis.equity: its values across demand points weighted by
/// the demand weights, resampled within the problem's groups when it has any (as the
/// between/within parts are computed); `base` is the Theil log base of the analysis.
AccessIntervals bootstrap_access_intervals(const AccessOutcome& outcome,
                                           const engine::BootstrapOptions& options,
                                           engine::LogBase base);

/// access_equity_intervals: indicator, weight, statistic and the interval columns
/// (interval_table), for every statistic of every indicator; an indicator without indices
/// gets one row with its reason.
TextTable access_intervals_table(const AccessOutcome& outcome, const AccessIntervals& intervals);
/// For the report: indicator, Gini, interval, method, standard error.
TextTable access_gini_intervals_table(const AccessOutcome& outcome,
                                      const AccessIntervals& intervals);

/// The intervals into the summary: settings, Gini/Theil T/Theil L of every resource and
/// basis, the contrasts (from `equity`), and the Gini of every access indicator (from
/// `access`). Either may be null.
void summarise_intervals(const engine::EquityAnalysis* analysis, const EquityIntervals* equity,
                         const AccessOutcome* outcome, const AccessIntervals* access,
                         RunSummary& summary);

}  // namespace equiroute::io
