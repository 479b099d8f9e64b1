#pragma once
// Bootstrap intervals in the outputs (docs/uncertainty.md): the one typed form of an
// interval shared by the tables, equity.json and summary.json; the interval tables (CSV with
// full precision); and, for people, the Gini table of Luo et al. (2022, Table 5) with
// intervals and the population/area contrast.

#include <cstddef>
#include <limits>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "equiroute/engine/equity.hpp"
#include "equiroute/engine/equity_bootstrap.hpp"
#include "equiroute/report/text_table.hpp"

namespace equiroute::io {

/// The bootstrap of one statistic as every output writes it.
struct StatisticInterval {
  static constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

  std::optional<double> estimate;  ///< the statistic on the data; absent when undefined
  bool defined = false;            ///< an interval exists (else undefined_reason says why)
  double lower = kNaN;             ///< the interval reported: BCa when defined, else percentile
  double upper = kNaN;
  std::string method;  ///< "bca" or "percentile": which one lower/upper are
  double percentile_lower = kNaN;
  double percentile_upper = kNaN;
  std::optional<double> bca_lower;
  std::optional<double> bca_upper;
  std::string bca_undefined_reason;  ///< why there is no BCa interval; empty when there is
  double standard_error = kNaN;      ///< standard deviation of the replicates
  std::string undefined_reason;      ///< why there is no interval at all

  static StatisticInterval from(const engine::StatisticBootstrap& bootstrap);
  /// {"estimate", "lower", "upper", "method", "percentile": [l, u], "bca": [l, u] | null,
  /// "bca_undefined_reason" (without BCa), "standard_error"}; without an interval
  /// {"estimate", "lower": null, "upper": null, "undefined_reason"}.
  nlohmann::ordered_json to_json() const;
  /// Throws nlohmann::json::exception when `json` does not have that shape.
  static StatisticInterval from_json(const nlohmann::ordered_json& json);
};

/// "[0.0726, 0.1338]" with `decimals` decimals; "—" without an interval.
std::string interval_text(const StatisticInterval& interval, int decimals = 4);

/// {"replicates": B, "seed": s, "level": 0.95, "resampling": "units with replacement,
/// stratified by group when grouped", "interval_method": "BCa where defined, else
/// percentile"}.
nlohmann::ordered_json bootstrap_settings_json(const engine::BootstrapOptions& options);

/// The paired contrast Gini(area) − Gini(population) of one resource from the same draws:
/// Luo et al. (2022) find every resource fairer by population than by area; the contrast is
/// significant at the level when its interval excludes 0.
struct EquityContrast {
  std::string resource;
  engine::StatisticBootstrap difference;
  bool significant = false;
};

/// The bootstrap of an equity analysis: results[k] belongs to analysis.results[k].
struct EquityIntervals {
  engine::BootstrapOptions options;
  std::vector<engine::EquityBootstrap> results;
  std::vector<EquityContrast> contrasts;  ///< one per resource when both bases were analysed
};

/// An empty interval table: `key_columns`, then estimate, lower, upper, method,
/// percentile_lower, percentile_upper, bca_lower, bca_upper, standard_error, the
/// `extra_columns`, level, replicates, seed, note. Numbers at full precision (shortest
/// round trip).
TextTable interval_table(std::vector<std::string> key_columns,
                         const std::vector<std::string>& extra_columns = {});
/// One row: the keys, the interval's columns, `extra` cells, and the options; the note
/// holds undefined_reason or bca_undefined_reason.
void add_interval_row(TextTable& table, std::vector<Cell> keys, const StatisticInterval& interval,
                      const engine::BootstrapOptions& options, std::vector<Cell> extra = {});

/// equity_intervals.csv: basis, resource, statistic and the interval columns, for every
/// statistic of every result.
TextTable equity_intervals_table(const engine::EquityAnalysis& analysis,
                                 const EquityIntervals& intervals);
/// equity_contrasts.csv: resource, statistic, contrast ("area_minus_population"), the
/// interval columns and significant ("yes"/"no"; empty without an interval).
TextTable equity_contrasts_table(const EquityIntervals& intervals);

/// For people (Table 5 layout): Resource, then per basis Gini, its interval and band.
TextTable gini_intervals_table(const engine::EquityAnalysis& analysis,
                               const EquityIntervals& intervals);
/// For people: Resource, Gini(area) − Gini(population), interval, method, significant.
TextTable contrasts_markdown_table(const EquityIntervals& intervals);
/// One paragraph: B, seed, level, the interval method, how many units were resampled, and
/// the small-sample caution below 50 units (docs/uncertainty.md, "Coverage check").
std::string bootstrap_note(const engine::BootstrapOptions& options, std::size_t units);
/// One sentence per contrast: significant or not at the level.
std::string contrasts_sentence(const EquityIntervals& intervals);

/// Markdown after the Gini table of equity.md: the bootstrap note, the contrast table and
/// its sentence (both bases), and where the intervals of every index are.
std::string equity_intervals_markdown(const engine::EquityAnalysis& analysis,
                                      const EquityIntervals& intervals);

/// equity.json's "bootstrap": the settings, "intervals" {basis: {resource: {statistic:
/// interval}}} and "contrasts" {resource: {"gini_area_minus_population": interval +
/// "significant"}}.
nlohmann::ordered_json equity_intervals_json(const engine::EquityAnalysis& analysis,
                                             const EquityIntervals& intervals);

}  // namespace equiroute::io
