#include "equiroute/report/bootstrap_tables.hpp"

#include <fmt/core.h>

#include <cmath>

namespace equiroute::io {

namespace {

using json = nlohmann::ordered_json;

json number(double v) { return std::isfinite(v) ? json(v) : json(nullptr); }
json optional_number(const std::optional<double>& v) { return v ? number(*v) : json(nullptr); }
double number_or_nan(const json& j) {
  return j.is_number() ? j.get<double>() : StatisticInterval::kNaN;
}
std::optional<double> optional_from(const json& j) {
  return j.is_number() ? std::optional<double>(j.get<double>()) : std::nullopt;
}
Cell optional_cell(const std::optional<double>& v) { return v ? *v : StatisticInterval::kNaN; }

std::string percent(double level) { return fmt::format("{:g} %", 100.0 * level); }

}  // namespace

StatisticInterval StatisticInterval::from(const engine::StatisticBootstrap& b) {
  StatisticInterval s;
  s.estimate = b.estimate;
  if (!b.interval) {
    s.undefined_reason = b.undefined_reason;
    return s;
  }
  const engine::BootstrapInterval& i = *b.interval;
  s.defined = true;
  s.lower = i.preferred().lower;
  s.upper = i.preferred().upper;
  s.method = engine::to_string(i.method());
  s.percentile_lower = i.percentile.lower;
  s.percentile_upper = i.percentile.upper;
  if (i.bca) {
    s.bca_lower = i.bca->lower;
    s.bca_upper = i.bca->upper;
  }
  s.bca_undefined_reason = i.bca_undefined_reason;
  s.standard_error = i.standard_error;
  return s;
}

json StatisticInterval::to_json() const {
  json j{{"estimate", optional_number(estimate)}};
  if (!defined) {
    j["lower"] = nullptr;
    j["upper"] = nullptr;
    j["undefined_reason"] = undefined_reason;
    return j;
  }
  j["lower"] = number(lower);
  j["upper"] = number(upper);
  j["method"] = method;
  j["percentile"] = {number(percentile_lower), number(percentile_upper)};
  j["bca"] = bca_lower ? json{number(*bca_lower), number(*bca_upper)} : json(nullptr);
  if (!bca_lower) j["bca_undefined_reason"] = bca_undefined_reason;
  j["standard_error"] = number(standard_error);
  return j;
}

StatisticInterval StatisticInterval::from_json(const json& j) {
  StatisticInterval s;
  s.estimate = optional_from(j.at("estimate"));
  if (j.contains("undefined_reason")) {
    s.undefined_reason = j.at("undefined_reason").get<std::string>();
    return s;
  }
  s.defined = true;
  s.lower = number_or_nan(j.at("lower"));
  s.upper = number_or_nan(j.at("upper"));
  s.method = j.at("method").get<std::string>();
  s.percentile_lower = number_or_nan(j.at("percentile").at(0));
  s.percentile_upper = number_or_nan(j.at("percentile").at(1));
  if (j.at("bca").is_array()) {
    s.bca_lower = optional_from(j.at("bca").at(0));
    s.bca_upper = optional_from(j.at("bca").at(1));
  } else {
    s.bca_undefined_reason = j.value("bca_undefined_reason", std::string());
  }
  s.standard_error = number_or_nan(j.at("standard_error"));
  return s;
}

std::string interval_text(const StatisticInterval& interval, int decimals) {
  if (!interval.defined) return "—";
  return fmt::format("[{:.{}f}, {:.{}f}]", interval.lower, decimals, interval.upper, decimals);
}

json bootstrap_settings_json(const engine::BootstrapOptions& options) {
  return {{"replicates", options.replicates},
          {"seed", options.seed},
          {"level", options.level},
          {"resampling", "units with replacement, stratified by group when grouped"},
          {"interval_method", "BCa where defined, else percentile"}};
}

TextTable interval_table(std::vector<std::string> key_columns,
                         const std::vector<std::string>& extra_columns) {
  std::vector<std::string> header = std::move(key_columns);
  const std::size_t keys = header.size();
  for (const char* column : {"estimate", "lower", "upper", "method", "percentile_lower",
                             "percentile_upper", "bca_lower", "bca_upper", "standard_error"})
    header.emplace_back(column);
  header.insert(header.end(), extra_columns.begin(), extra_columns.end());
  for (const char* column : {"level", "replicates", "seed", "note"}) header.emplace_back(column);
  std::vector<int> precision(header.size(), -1);  // machine table: full precision
  for (std::size_t k = 0; k < keys; ++k) precision[k] = 0;
  return TextTable(std::move(header), std::move(precision));
}

void add_interval_row(TextTable& table, std::vector<Cell> keys, const StatisticInterval& i,
                      const engine::BootstrapOptions& options, std::vector<Cell> extra) {
  std::vector<Cell> row = std::move(keys);
  row.push_back(optional_cell(i.estimate));
  row.emplace_back(i.lower);
  row.emplace_back(i.upper);
  row.emplace_back(i.method);
  row.emplace_back(i.percentile_lower);
  row.emplace_back(i.percentile_upper);
  row.push_back(optional_cell(i.bca_lower));
  row.push_back(optional_cell(i.bca_upper));
  row.emplace_back(i.standard_error);
  for (auto& cell : extra) row.push_back(std::move(cell));
  row.emplace_back(options.level);
  row.emplace_back(static_cast<long long>(options.replicates));
  row.emplace_back(std::to_string(options.seed));
  row.emplace_back(i.defined ? i.bca_undefined_reason : i.undefined_reason);
  table.add_row(std::move(row));
}

TextTable equity_intervals_table(const engine::EquityAnalysis& analysis,
                                 const EquityIntervals& intervals) {
  TextTable table = interval_table({"basis", "resource", "statistic"});
  for (std::size_t k = 0; k < analysis.results.size(); ++k) {
    const auto& r = analysis.results[k];
    for (const auto& s : intervals.results[k].statistics) {
      add_interval_row(table, {engine::to_string(r.basis), r.resource, s.statistic},
                       StatisticInterval::from(s), intervals.options);
    }
  }
  return table;
}

TextTable equity_contrasts_table(const EquityIntervals& intervals) {
  TextTable table = interval_table({"resource", "statistic", "contrast"}, {"significant"});
  for (const auto& c : intervals.contrasts) {
    const StatisticInterval interval = StatisticInterval::from(c.difference);
    const std::string significant = interval.defined ? (c.significant ? "yes" : "no") : "";
    add_interval_row(table, {c.resource, c.difference.statistic, "area_minus_population"}, interval,
                     intervals.options, {significant});
  }
  return table;
}

TextTable gini_intervals_table(const engine::EquityAnalysis& analysis,
                               const EquityIntervals& intervals) {
  const std::string level = percent(intervals.options.level);
  std::vector<std::string> header{"Resource"};
  for (const auto basis : analysis.input.bases) {
    const std::string b = engine::to_string(basis);
    header.push_back("Gini (" + b + ")");
    header.push_back(level + " interval (" + b + ")");
    header.push_back("band (" + b + ")");
  }
  TextTable table(header, std::vector<int>(header.size(), 4));
  for (const auto& resource : analysis.input.resource_names) {
    std::vector<Cell> row{resource};
    for (const auto basis : analysis.input.bases) {
      for (std::size_t k = 0; k < analysis.results.size(); ++k) {
        const auto& r = analysis.results[k];
        if (r.resource != resource || r.basis != basis) continue;
        row.emplace_back(r.indices.gini.gini);
        const auto* gini = intervals.results[k].find("gini");
        row.emplace_back(gini ? interval_text(StatisticInterval::from(*gini)) : "—");
        row.emplace_back(r.indices.band);
      }
    }
    table.add_row(std::move(row));
  }
  return table;
}

TextTable contrasts_markdown_table(const EquityIntervals& intervals) {
  const std::string level = percent(intervals.options.level);
  TextTable table({"Resource", "Gini(area) − Gini(population)", level + " interval", "method",
                   "significant at " + level},
                  {0, 4, 0, 0, 0});
  for (const auto& c : intervals.contrasts) {
    const StatisticInterval i = StatisticInterval::from(c.difference);
    table.add_row({c.resource, optional_cell(i.estimate), interval_text(i),
                   i.defined ? i.method : i.undefined_reason,
                   i.defined ? std::string(c.significant ? "yes" : "no") : std::string("—")});
  }
  return table;
}

std::string bootstrap_note(const engine::BootstrapOptions& options, std::size_t units) {
  std::string note = fmt::format(
      "Bootstrap intervals ({} level): {} replicates of the {} units drawn with replacement "
      "(stratified by group where groups are given), seed {}; BCa where it is defined, else the "
      "percentile interval (docs/uncertainty.md).",
      percent(options.level), options.replicates, units, options.seed);
  if (units < 50) {
    note += fmt::format(
        " With only {} units read the intervals as too narrow: in simulations, nominal 95 % "
        "intervals from 14 units covered the true Gini about 80 % of the time.",
        units);
  }
  return note;
}

std::string contrasts_sentence(const EquityIntervals& intervals) {
  std::string text;
  for (const auto& c : intervals.contrasts) {
    const StatisticInterval i = StatisticInterval::from(c.difference);
    if (!text.empty()) text += " ";
    if (!i.defined) {
      text += fmt::format("{}: no interval ({}).", c.resource, i.undefined_reason);
      continue;
    }
    text += fmt::format("{}: Gini(area) − Gini(population) = {:.4f}, {} interval {} — {}.",
                        c.resource, *i.estimate, percent(intervals.options.level), interval_text(i),
                        c.significant ? "significant (the interval excludes 0)"
                                      : "not significant (it includes 0)");
  }
  return text;
}

std::string equity_intervals_markdown(const engine::EquityAnalysis& analysis,
                                      const EquityIntervals& intervals) {
  std::string md = bootstrap_note(intervals.options, analysis.input.unit_ids.size()) + "\n\n";
  if (!intervals.contrasts.empty()) {
    md += "### Population/area contrast (Table 5)\n\n";
    md += contrasts_markdown_table(intervals).to_markdown() + "\n";
    md += contrasts_sentence(intervals) + "\n\n";
  }
  md +=
      "Intervals of every index (Gini, Theil T and L, their between/within parts): "
      "equity_intervals.csv.\n\n";
  return md;
}

json equity_intervals_json(const engine::EquityAnalysis& analysis,
                           const EquityIntervals& intervals) {
  json j = bootstrap_settings_json(intervals.options);
  json by_basis = json::object();
  for (std::size_t k = 0; k < analysis.results.size(); ++k) {
    const auto& r = analysis.results[k];
    json statistics = json::object();
    for (const auto& s : intervals.results[k].statistics)
      statistics[s.statistic] = StatisticInterval::from(s).to_json();
    by_basis[engine::to_string(r.basis)][r.resource] = std::move(statistics);
  }
  j["intervals"] = std::move(by_basis);
  json contrasts = json::object();
  for (const auto& c : intervals.contrasts) {
    json one = StatisticInterval::from(c.difference).to_json();
    one["significant"] = c.significant;
    contrasts[c.resource]["gini_area_minus_population"] = std::move(one);
  }
  j["contrasts"] = std::move(contrasts);
  return j;
}

}  // namespace equiroute::io
