#include "equiroute/pipeline/bootstrap_step.hpp"

#include <fmt/core.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <limits>

#include "equiroute/core/error.hpp"

namespace equiroute::io {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

/// The values of one indicator of the equity of access, per demand point (as
/// engine::analyse_access passed them to value_equity).
std::vector<double> indicator_values(const engine::AccessAnalysis& a, const std::string& name) {
  if (name == "nearest_travel_s") return a.nearest_travel_s;
  const auto it = std::find_if(a.columns.begin(), a.columns.end(),
                               [&](const engine::ScoreColumn& c) { return c.name == name; });
  if (it == a.columns.end())
    throw Error("no score column '" + name + "' in the analysis", {}, ErrorKind::Internal);
  return a.results[it->model].column(it->column);
}

}  // namespace

EquityIntervals bootstrap_equity_intervals(const engine::EquityAnalysis& analysis,
                                           const engine::BootstrapOptions& options) {
  EquityIntervals out;
  out.options = options;
  out.results = engine::bootstrap_analysis(analysis, options);
  const auto& results = analysis.results;
  for (std::size_t a = 0; a < results.size(); ++a) {
    if (results[a].basis != engine::EquityBasis::Area) continue;
    for (std::size_t p = 0; p < results.size(); ++p) {
      if (results[p].basis != engine::EquityBasis::Population ||
          results[p].resource != results[a].resource)
        continue;
      EquityContrast c{results[a].resource,
                       engine::bootstrap_difference(out.results[a], out.results[p], "gini")};
      c.significant =
          c.difference.interval && engine::excludes(c.difference.interval->preferred(), 0.0);
      out.contrasts.push_back(std::move(c));
    }
  }
  return out;
}

AccessIntervals bootstrap_access_intervals(const AccessOutcome& outcome,
                                           const engine::BootstrapOptions& options,
                                           engine::LogBase base) {
  AccessIntervals out;
  out.options = options;
  const auto& p = outcome.problem;
  for (const auto& e : outcome.analysis.equity) {
    if (!e.indices) {
      out.results.emplace_back();
      continue;
    }
    const auto values = indicator_values(outcome.analysis, e.name);
    out.results.push_back(
        engine::bootstrap_value_equity(values, p.weights, options, p.group_keys, base));
  }
  spdlog::info("bootstrap: {} replicates of {} indicators of the equity of access",
               options.replicates, out.results.size());
  return out;
}

TextTable access_intervals_table(const AccessOutcome& outcome, const AccessIntervals& intervals) {
  TextTable table = interval_table({"indicator", "weight", "statistic"});
  const auto& equity = outcome.analysis.equity;
  const std::string& weight = outcome.problem.weight_name;
  for (std::size_t e = 0; e < equity.size(); ++e) {
    if (!intervals.results[e]) {
      StatisticInterval none;
      none.undefined_reason = equity[e].undefined_reason;
      add_interval_row(table, {equity[e].name, weight, "gini"}, none, intervals.options);
      continue;
    }
    for (const auto& s : intervals.results[e]->statistics)
      add_interval_row(table, {equity[e].name, weight, s.statistic}, StatisticInterval::from(s),
                       intervals.options);
  }
  return table;
}

TextTable access_gini_intervals_table(const AccessOutcome& outcome,
                                      const AccessIntervals& intervals) {
  const std::string level = fmt::format("{:g} %", 100.0 * intervals.options.level);
  TextTable table({"indicator", "Gini", level + " interval", "method", "standard error"},
                  {0, 4, 0, 0, 4});
  const auto& equity = outcome.analysis.equity;
  for (std::size_t e = 0; e < equity.size(); ++e) {
    const auto* gini = intervals.results[e] ? intervals.results[e]->find("gini") : nullptr;
    if (!gini) {
      table.add_row({equity[e].name, kNaN, std::string("—"), equity[e].undefined_reason, kNaN});
      continue;
    }
    const StatisticInterval i = StatisticInterval::from(*gini);
    table.add_row({equity[e].name, i.estimate ? *i.estimate : kNaN, interval_text(i),
                   i.defined ? i.method : i.undefined_reason, i.standard_error});
  }
  return table;
}

void summarise_intervals(const engine::EquityAnalysis* analysis, const EquityIntervals* equity,
                         const AccessOutcome* outcome, const AccessIntervals* access,
                         RunSummary& summary) {
  if (analysis && equity) {
    summary.bootstrap = equity->options;
    for (std::size_t k = 0; k < analysis->results.size(); ++k) {
      const auto& r = analysis->results[k];
      for (const char* statistic : {"gini", "theil_t", "theil_l"}) {
        if (const auto* s = equity->results[k].find(statistic))
          summary.equity_intervals.push_back(
              {r.resource, r.basis, statistic, StatisticInterval::from(*s)});
      }
    }
    for (const auto& c : equity->contrasts)
      summary.contrasts.push_back(
          {c.resource, StatisticInterval::from(c.difference), c.significant});
  }
  if (outcome && access) {
    summary.bootstrap = access->options;
    const auto& e = outcome->analysis.equity;
    for (std::size_t i = 0; i < e.size(); ++i) {
      const auto* gini = access->results[i] ? access->results[i]->find("gini") : nullptr;
      StatisticInterval interval;
      if (gini) {
        interval = StatisticInterval::from(*gini);
      } else {
        interval.undefined_reason = e[i].undefined_reason;
      }
      summary.access_gini_intervals.emplace_back(e[i].name, interval);
    }
  }
}

}  // namespace equiroute::io
