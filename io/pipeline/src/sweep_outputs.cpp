// The outputs of a sweep: its tables (CSV and Markdown), the sensitivity charts and the
// report section (docs/uncertainty.md, "Sweeps").

#include <fmt/core.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include "equiroute/pipeline/sweep_step.hpp"
#include "equiroute/render/sensitivity_chart.hpp"

namespace equiroute::io {

namespace fs = std::filesystem;

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
/// The report shows the per-setting tables up to this many combinations (the CSV always).
constexpr std::size_t kReportSettings = 12;
/// The report lists this many of the largest rank moves (the CSV lists all).
constexpr std::size_t kReportMoves = 20;

std::vector<double> indicator_values(const std::vector<RunSummary>& runs, std::size_t j) {
  std::vector<double> out;
  for (const auto& run : runs) out.push_back(headline_indicators(run)[j].second);
  return out;
}

/// Whether an indicator changes across the sweep (beyond round-off).
bool varies(const std::vector<double>& values) {
  double low = std::numeric_limits<double>::infinity(), high = -low;
  for (double v : values) {
    if (!std::isfinite(v)) continue;
    low = std::min(low, v);
    high = std::max(high, v);
  }
  return high > low + 1e-12 * std::max(1.0, std::abs(high));
}

/// "speed_kmh=30, threshold_min=60" without the last axis (the chart's x axis).
std::string series_label(const engine::SweepGrid& grid, std::size_t combination) {
  const auto values = grid.combination(combination);
  std::string out;
  for (std::size_t k = 0; k + 1 < values.size(); ++k)
    out += (k ? ", " : "") + grid.axes()[k].name + "=" + engine::to_string(values[k]);
  return out;
}

/// The x axis of the charts: the last axis (a model parameter when any is swept), its values
/// in increasing order (numbers) or as given (words).
struct XAxis {
  std::vector<double> positions;
  std::vector<std::string> ticks;
  std::vector<std::size_t> order;  ///< value index at each position
};

XAxis x_axis(const engine::SweepAxis& axis) {
  XAxis x;
  x.order.resize(axis.values.size());
  std::iota(x.order.begin(), x.order.end(), 0);
  const bool numeric = std::holds_alternative<double>(axis.values.front());
  if (numeric) {
    std::sort(x.order.begin(), x.order.end(), [&](std::size_t a, std::size_t b) {
      return std::get<double>(axis.values[a]) < std::get<double>(axis.values[b]);
    });
  }
  for (std::size_t p = 0; p < x.order.size(); ++p) {
    const auto& v = axis.values[x.order[p]];
    x.positions.push_back(numeric ? std::get<double>(v) : static_cast<double>(p));
    x.ticks.push_back(engine::to_string(v));
  }
  return x;
}

SensitivityChartSpec chart_spec(const SweepOutcome& sweep, const XAxis& x,
                                const std::string& indicator, double reference,
                                const Scenario& scenario) {
  const auto& axis = sweep.grid.axes().back();
  SensitivityChartSpec spec;
  spec.title = fmt::format("{} — {} {}", indicator,
                           scenario.text("sensitivity to", "对参数的敏感性："), axis.name);
  spec.x_label = axis.name;
  spec.y_label = indicator;
  spec.x = x.positions;
  spec.x_ticks = x.ticks;
  if (std::isfinite(reference)) spec.reference_y = reference;
  const std::string& own = sweep.scenario_values.back();
  if (!own.empty() && std::holds_alternative<double>(axis.values.front())) {
    const double v = std::stod(own);
    if (v >= x.positions.front() && v <= x.positions.back()) spec.reference_x = v;
  }
  spec.reference_label = scenario.text("scenario", "情景设定");
  spec.source_note = "equiroute — " + scenario.title;
  return spec;
}

std::string joined(const std::vector<std::string>& items) {
  return fmt::format("{}", fmt::join(items, ", "));
}

/// Rows: the indicators that change; columns: the scenario's setting, then each combination.
TextTable headline_markdown(const SweepOutcome& sweep) {
  std::vector<std::string> header{"indicator", "scenario"};
  for (std::size_t i = 0; i < sweep.grid.size(); ++i)
    header.push_back(fmt::format("{} ({})", i + 1, sweep.grid.label(i)));
  TextTable table(header, std::vector<int>(header.size(), 4));
  const auto reference = headline_indicators(sweep.reference);
  for (std::size_t j = 0; j < reference.size(); ++j) {
    const auto values = indicator_values(sweep.combinations, j);
    if (!varies(values)) continue;
    std::vector<Cell> row{reference[j].first, reference[j].second};
    row.insert(row.end(), values.begin(), values.end());
    table.add_row(std::move(row));
  }
  return table;
}

TextTable spearman_markdown(const SweepOutcome& sweep) {
  std::vector<std::string> header{"region indicator", "regions"};
  for (std::size_t i = 0; i < sweep.grid.size(); ++i) header.push_back(std::to_string(i + 1));
  TextTable table(header, std::vector<int>(header.size(), 3));
  for (const auto& r : sweep.rankings) {
    if (r.regions.empty()) continue;
    std::vector<Cell> row{r.indicator, static_cast<long long>(r.regions.size())};
    for (std::size_t s = 1; s < r.stability.settings.size(); ++s) {
      const auto& rho = r.stability.settings[s].spearman;
      row.emplace_back(rho ? *rho : kNaN);
    }
    table.add_row(std::move(row));
  }
  return table;
}

struct Move {
  const SweepRanking* ranking;
  std::size_t setting;
  const engine::RankMove* move;
};

std::vector<Move> all_moves(const SweepOutcome& sweep) {
  std::vector<Move> moves;
  for (const auto& r : sweep.rankings)
    for (std::size_t s = 1; s < r.stability.settings.size(); ++s)
      for (const auto& m : r.stability.settings[s].moved) moves.push_back({&r, s, &m});
  return moves;
}

std::string region_name(const SweepRanking& r, const std::string& id) {
  const auto it = std::find(r.regions.begin(), r.regions.end(), id);
  const std::string& name = r.names[static_cast<std::size_t>(it - r.regions.begin())];
  return name.empty() ? id : name + " (" + id + ")";
}

TextTable moves_markdown(const SweepOutcome& sweep) {
  auto moves = all_moves(sweep);
  std::stable_sort(moves.begin(), moves.end(), [](const Move& a, const Move& b) {
    return std::abs(a.move->change) > std::abs(b.move->change);
  });
  if (moves.size() > kReportMoves) moves.resize(kReportMoves);
  TextTable table({"region indicator", "setting", "region", "rank (scenario)", "rank", "change"},
                  {0, 0, 0, 1, 1, 1});
  for (const auto& m : moves) {
    table.add_row({m.ranking->indicator, static_cast<long long>(m.setting),
                   region_name(*m.ranking, m.move->region), m.move->reference_rank, m.move->rank,
                   m.move->change});
  }
  return table;
}

}  // namespace

TextTable sweep_table(const SweepOutcome& sweep) {
  const auto reference = headline_indicators(sweep.reference);
  std::vector<std::string> header{"setting", "network_setting"};
  for (const auto& axis : sweep.grid.axes()) header.push_back(axis.name);
  for (const auto& [name, value] : reference) header.push_back(name);
  std::vector<int> precision(header.size(), 0);
  std::fill(precision.end() - static_cast<std::ptrdiff_t>(reference.size()), precision.end(), -1);
  TextTable table(header, precision);
  std::vector<Cell> row{std::string("scenario"), std::string()};
  for (const auto& v : sweep.scenario_values) row.emplace_back(v);
  for (const auto& [name, value] : reference) row.emplace_back(value);
  table.add_row(std::move(row));
  for (std::size_t i = 0; i < sweep.grid.size(); ++i) {
    row = {std::to_string(i + 1), static_cast<long long>(sweep.grid.network_setting(i) + 1)};
    for (const auto& v : sweep.grid.combination(i)) row.emplace_back(engine::to_string(v));
    for (const auto& [name, value] : headline_indicators(sweep.combinations[i]))
      row.emplace_back(value);
    table.add_row(std::move(row));
  }
  return table;
}

TextTable sweep_ranks_table(const SweepOutcome& sweep) {
  TextTable table({"indicator", "setting", "parameters", "spearman", "regions_moved",
                   "regions_ranked", "regions_left_out"},
                  {0, 0, 0, -1, 0, 0, 0});
  for (const auto& r : sweep.rankings) {
    for (std::size_t s = 1; s < r.stability.settings.size(); ++s) {
      const auto& setting = r.stability.settings[s];
      table.add_row({r.indicator, static_cast<long long>(s), sweep.grid.label(s - 1),
                     setting.spearman ? *setting.spearman : kNaN,
                     static_cast<long long>(setting.moved.size()),
                     static_cast<long long>(r.regions.size()),
                     static_cast<long long>(r.regions_left_out)});
    }
  }
  return table;
}

TextTable sweep_rank_moves_table(const SweepOutcome& sweep) {
  TextTable table({"indicator", "setting", "region", "name", "reference_rank", "rank", "change"},
                  {0, 0, 0, 0, -1, -1, -1});
  for (const auto& m : all_moves(sweep)) {
    const auto it = std::find(m.ranking->regions.begin(), m.ranking->regions.end(), m.move->region);
    table.add_row({m.ranking->indicator, static_cast<long long>(m.setting), m.move->region,
                   m.ranking->names[static_cast<std::size_t>(it - m.ranking->regions.begin())],
                   m.move->reference_rank, m.move->rank, m.move->change});
  }
  return table;
}

void write_sweep_tables(const SweepOutcome& sweep, const Scenario& scenario,
                        const fs::path& directory) {
  fs::create_directories(directory);
  auto both = [&](const TextTable& table, const std::string& name, const std::string& title) {
    table.write_csv(directory / (name + ".csv"));
    table.write_markdown(directory / (name + ".md"), title);
  };
  both(sweep_table(sweep), "sweep", scenario.text("Parameter sweep", "参数扫描"));
  both(sweep_ranks_table(sweep), "sweep_ranks",
       scenario.text("Rank stability of regions", "区域排名稳定性"));
  both(sweep_rank_moves_table(sweep), "sweep_rank_moves",
       scenario.text("Regions that move", "排名变化较大的区域"));
}

std::vector<std::pair<fs::path, std::string>> draw_sweep_charts(const SweepOutcome& sweep,
                                                                const Scenario& scenario,
                                                                const fs::path& dir) {
  fs::create_directories(dir);
  const XAxis x = x_axis(sweep.grid.axes().back());
  const std::size_t nx = x.order.size();
  const auto reference = headline_indicators(sweep.reference);
  std::vector<std::pair<fs::path, std::string>> charts;
  for (std::size_t j = 0; j < reference.size(); ++j) {
    const auto values = indicator_values(sweep.combinations, j);
    if (!varies(values)) continue;
    std::vector<SensitivitySeries> series(sweep.grid.size() / nx);
    for (std::size_t s = 0; s < series.size(); ++s) {
      series[s].label = series_label(sweep.grid, s * nx);
      for (std::size_t p = 0; p < nx; ++p) series[s].y.push_back(values[s * nx + x.order[p]]);
    }
    const auto spec = chart_spec(sweep, x, reference[j].first, reference[j].second, scenario);
    FigureOutputs out;
    out.inputs = scenario.input_files();
    for (const FigureFormat f : scenario.output.map_formats) {
      const fs::path path = dir / ("sweep_" + reference[j].first + "." + to_string(f));
      (f == FigureFormat::Png ? out.png : f == FigureFormat::Pdf ? out.pdf : out.svg) = path;
    }
    render_sensitivity_chart(series, spec, out);
    charts.emplace_back(out.png.empty() ? out.svg : out.png, spec.title);
  }
  return charts;
}

void add_sweep_section(Report& report, const SweepOutcome& sweep, const Scenario& scenario,
                       const std::vector<std::pair<fs::path, std::string>>& charts) {
  const Scenario& s = scenario;
  report.add_heading(s.text("Sensitivity to the analyst's choices", "参数敏感性"));
  std::vector<std::string> lists;
  for (std::size_t k = 0; k < sweep.grid.axes().size(); ++k) {
    std::vector<std::string> values;
    for (const auto& v : sweep.grid.axes()[k].values) values.push_back(engine::to_string(v));
    const std::string& own = sweep.scenario_values[k];
    lists.push_back(fmt::format("{} = {} (scenario: {})", sweep.grid.axes()[k].name, joined(values),
                                own.empty() ? "model defaults" : own));
  }
  report.add_paragraph(fmt::format(
      "{} combinations of {}. Each runs through the same accessibility step as the scenario; "
      "the travel-cost matrix is computed once per network setting ({} computed, the "
      "scenario's own setting reuses the run's). Tables: tables/sweep.csv, "
      "tables/sweep_ranks.csv, tables/sweep_rank_moves.csv.",
      sweep.grid.size(), fmt::join(lists, "; "), sweep.cost_matrices));
  if (sweep.grid.size() <= kReportSettings) {
    report.add_table(
        headline_markdown(sweep),
        s.text("Headline indicators that change across the sweep", "随参数变化的主要指标"));
  }
  for (const auto& [path, caption] : charts) report.add_figure(path, caption);
  if (sweep.grid.size() <= kReportSettings) {
    report.add_table(spearman_markdown(sweep),
                     s.text("Spearman's rank correlation of the regions with the scenario's "
                            "setting, per setting",
                            "各设定与情景设定之间区域排名的斯皮尔曼相关系数"));
  }
  report.add_table(
      moves_markdown(sweep),
      fmt::format("{} {} {}", s.text("Largest rank moves (more than", "排名变化最大的区域（超过"),
                  sweep.max_rank_change, s.text("places)", "位）")));
}

}  // namespace equiroute::io
