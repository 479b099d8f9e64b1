#include "equiroute/report/equity_report.hpp"

#include <fmt/core.h>

#include <cmath>
#include <optional>

#include "equiroute/core/error.hpp"
#include "equiroute/geodata/atomic_output.hpp"

namespace equiroute::io {
namespace {

using engine::EquityAnalysis;
using engine::EquityBasis;
using engine::ResourceEquity;
using engine::TheilDecomposition;
using engine::TheilResult;

nlohmann::ordered_json number_or_null(double value) {
  return std::isfinite(value) ? nlohmann::ordered_json(value) : nlohmann::ordered_json(nullptr);
}

nlohmann::ordered_json number_or_null(const std::optional<double>& value) {
  return value ? number_or_null(*value) : nlohmann::ordered_json(nullptr);
}

/// A table cell for an optional value: NaN prints as empty (CSV) or "—" (Markdown).
Cell cell(const std::optional<double>& value) { return value ? *value : std::nan(""); }

void put_theil(nlohmann::ordered_json& j, const std::string& name, const TheilResult& r) {
  j[name] = number_or_null(r.value);
  if (!r.defined()) {
    j[name + "_undefined_reason"] = r.undefined_reason;
    j[name + "_undefined_units"] = r.undefined_units;
  }
}

void put_decomposition(nlohmann::ordered_json& j, const std::string& name,
                       const TheilDecomposition& d) {
  j[name + "_between"] = number_or_null(d.between);
  j[name + "_within"] = number_or_null(d.within);
  j[name + "_between_share"] = number_or_null(d.between_share);
}

nlohmann::ordered_json result_json(const ResourceEquity& r, const EquityAnalysis& analysis) {
  const auto& e = r.indices;
  nlohmann::ordered_json j;
  j["gini"] = e.gini.gini;
  j["band"] = e.band;
  put_theil(j, "theil_t", e.theil_t);
  put_theil(j, "theil_l", e.theil_l);
  if (e.theil_t_groups && e.theil_l_groups) {
    put_decomposition(j, "theil_t", *e.theil_t_groups);
    put_decomposition(j, "theil_l", *e.theil_l_groups);
    nlohmann::ordered_json groups = nlohmann::ordered_json::array();
    for (std::size_t g = 0; g < e.theil_t_groups->groups.size(); ++g) {
      const auto& t = e.theil_t_groups->groups[g];
      const auto& l = e.theil_l_groups->groups[g];
      groups.push_back({{"key", t.key},
                        {"units", t.units},
                        {"weight_share", t.weight_share},
                        {"resource_share", t.resource_share},
                        {"theil_t_within_index", number_or_null(t.within_index)},
                        {"theil_t_between_term", number_or_null(t.between_term)},
                        {"theil_t_within_term", number_or_null(t.within_term)},
                        {"theil_l_within_index", number_or_null(l.within_index)},
                        {"theil_l_between_term", number_or_null(l.between_term)},
                        {"theil_l_within_term", number_or_null(l.within_term)}});
    }
    j["groups"] = std::move(groups);
  }
  nlohmann::ordered_json lorenz = nlohmann::ordered_json::array();
  for (const auto& [x, y] : e.gini.lorenz.points) lorenz.push_back({x, y});
  j["lorenz"] = std::move(lorenz);
  nlohmann::ordered_json order = nlohmann::ordered_json::array();
  for (std::size_t i : e.gini.lorenz.order) order.push_back(analysis.input.unit_ids[i]);
  j["lorenz_units"] = std::move(order);
  return j;
}

std::string unit_name(const EquityAnalysis& a, std::size_t i) {
  return a.input.unit_names.empty() ? std::string() : a.input.unit_names[i];
}

bool has_groups(const EquityAnalysis& a) { return !a.input.group_keys.empty(); }

std::string log_label(engine::LogBase base) {
  return base == engine::LogBase::Ten ? "log10" : "natural log";
}

/// Header and decimals of a table, column by column.
struct Columns {
  std::vector<std::string> header;
  std::vector<int> precision;
  void add(std::string name, int decimals) {
    header.push_back(std::move(name));
    precision.push_back(decimals);
  }
  TextTable table() const { return TextTable(header, precision); }
};

/// Between, within and between share of Theil T, then of Theil L (the groups' columns).
void add_decomposition_cells(const engine::EquityIndices& e, std::vector<Cell>& row) {
  for (const auto* d : {&*e.theil_t_groups, &*e.theil_l_groups}) {
    row.push_back(cell(d->between));
    row.push_back(cell(d->within));
    row.push_back(cell(d->between_share));
  }
}

/// Where the inputs came from, the log base and the method sources.
std::string markdown_inputs(const EquityAnalysis& analysis, const EquityReportContext& context) {
  const auto& in = analysis.input;
  std::string md = "# Equity of resources\n\n";
  md += fmt::format("- Table: `{}` (key `{}`, population `{}` × {})\n", context.table,
                    context.key_field, context.population_field, context.population_scale);
  if (!context.regions.empty()) {
    md += fmt::format("- Regions: `{}`{}; areas in `{}`\n", context.regions,
                      context.dissolve_prefix > 0
                          ? fmt::format(", dissolved by the first {} characters of the key",
                                        context.dissolve_prefix)
                          : std::string(),
                      context.area_crs);
  }
  md += fmt::format("- Theil indices use the {} (base {}).\n", log_label(in.log_base),
                    engine::to_string(in.log_base));
  md +=
      "- Methods: Luo et al. 2022, PLoS ONE 17(10): e0272073 (densities, Gini, Theil); "
      "Theil 1967; Shorrocks 1980 (decomposition). See docs/equity.md.\n\n";
  return md;
}

/// Densities in the layout of the paper's Table 4: all per-10k columns, then all per-km².
std::string markdown_densities(const EquityAnalysis& analysis) {
  const auto& in = analysis.input;
  const bool with_area = !in.area_km2.empty();
  Columns columns;
  columns.add("Region", 0);
  columns.add("Population", 0);
  if (with_area) columns.add("Area (km²)", 0);
  for (const auto& name : in.resource_names) columns.add(name + " per 10k", 2);
  if (with_area) {
    for (const auto& name : in.resource_names) columns.add(name + " per km²", 4);
  }
  TextTable densities = columns.table();
  for (std::size_t i = 0; i < in.unit_ids.size(); ++i) {
    const std::string name = unit_name(analysis, i);
    std::vector<Cell> row{name.empty() ? in.unit_ids[i] : name + " (" + in.unit_ids[i] + ")",
                          in.population[i]};
    if (with_area) row.emplace_back(in.area_km2[i]);
    for (std::size_t k = 0; k < in.resource_names.size(); ++k)
      row.emplace_back(analysis.per_10k[k][i]);
    if (with_area) {
      for (std::size_t k = 0; k < in.resource_names.size(); ++k)
        row.emplace_back(analysis.per_km2[k][i]);
    }
    densities.add_row(std::move(row));
  }
  return "## Resource densities\n\n" + densities.to_markdown() + "\n";
}

/// Gini and band by resource (rows) and basis (columns), as the paper's Table 5, with the
/// bands' meaning; with bootstrap intervals, each Gini's interval and then the contrasts.
std::string markdown_gini(const EquityAnalysis& analysis, const EquityIntervals* intervals) {
  const auto& in = analysis.input;
  std::vector<std::string> header{"Resource"};
  for (auto b : in.bases) {
    header.push_back("Gini (" + engine::to_string(b) + ")");
    header.push_back("band (" + engine::to_string(b) + ")");
  }
  TextTable gini(header, std::vector<int>(header.size(), 4));
  for (std::size_t k = 0; k < in.resource_names.size(); ++k) {
    std::vector<Cell> row{in.resource_names[k]};
    for (std::size_t b = 0; b < in.bases.size(); ++b) {
      // analysis.results holds all resources of the first basis, then of the next.
      const auto& e = analysis.results[b * in.resource_names.size() + k].indices;
      row.emplace_back(e.gini.gini);
      row.emplace_back(e.band);
    }
    gini.add_row(std::move(row));
  }
  std::string md = "## Gini coefficients\n\n";
  md += (intervals ? gini_intervals_table(analysis, *intervals) : gini).to_markdown() + "\n";
  if (intervals) md += equity_intervals_markdown(analysis, *intervals);
  return md +
         "Bands: < 0.2 absolutely fair, 0.2–0.3 relatively fair, 0.3–0.4 relatively reasonable, "
         "0.4–0.5 large gap, ≥ 0.5 highly unequal (0.4 is the warning line).\n\n";
}

/// Theil T and L by resource and basis (the paper's Table 6), their decomposition when
/// groups are given, and why any value is undefined.
std::string markdown_theil(const EquityAnalysis& analysis, const EquityReportContext& context) {
  const bool groups = has_groups(analysis);
  std::vector<std::string> header{"Resource", "Basis", "Theil T", "Theil L"};
  if (groups) {
    for (const char* h :
         {"T between", "T within", "T between share", "L between", "L within", "L between share"}) {
      header.emplace_back(h);
    }
  }
  TextTable theil(header, std::vector<int>(header.size(), 4));
  std::vector<std::string> notes;
  for (const auto& r : analysis.results) {
    const auto& e = r.indices;
    std::vector<Cell> row{r.resource, engine::to_string(r.basis), cell(e.theil_t.value),
                          cell(e.theil_l.value)};
    if (groups) add_decomposition_cells(e, row);
    theil.add_row(std::move(row));
    for (const auto* t : {&e.theil_t, &e.theil_l}) {
      if (!t->defined()) {
        notes.push_back(fmt::format("{} ({}): {}", r.resource, engine::to_string(r.basis),
                                    t->undefined_reason));
      }
    }
  }
  std::string md = fmt::format("## Theil indices ({})\n\n", log_label(analysis.input.log_base)) +
                   theil.to_markdown();
  if (groups) md += fmt::format("\nDecomposed over groups of `{}`.\n", context.group_field);
  if (!notes.empty()) {
    md += "\nUndefined values (—):\n\n";
    for (const auto& note : notes) md += "- " + note + "\n";
  }
  return md;
}

}  // namespace

nlohmann::ordered_json equity_json(const EquityAnalysis& analysis,
                                   const EquityReportContext& context,
                                   const EquityIntervals* intervals) {
  const auto& in = analysis.input;
  nlohmann::ordered_json j;
  j["theil_log_base"] = engine::to_string(in.log_base);
  j["inputs"] = {
      {"table", context.table},
      {"key_field", context.key_field},
      {"population_field", context.population_field},
      {"population_scale", context.population_scale},
      {"regions", context.regions.empty() ? nlohmann::ordered_json(nullptr)
                                          : nlohmann::ordered_json(context.regions)},
      {"dissolve_prefix", context.dissolve_prefix},
      {"group_field", context.group_field.empty() ? nlohmann::ordered_json(nullptr)
                                                  : nlohmann::ordered_json(context.group_field)}};
  j["area_crs"] = context.area_crs.empty() ? nlohmann::ordered_json(nullptr)
                                           : nlohmann::ordered_json(context.area_crs);
  j["resources"] = in.resource_names;
  nlohmann::ordered_json bases = nlohmann::ordered_json::array();
  for (auto b : in.bases) bases.push_back(engine::to_string(b));
  j["bases"] = std::move(bases);

  nlohmann::ordered_json units = nlohmann::ordered_json::array();
  for (std::size_t i = 0; i < in.unit_ids.size(); ++i) {
    nlohmann::ordered_json u;
    u["key"] = in.unit_ids[i];
    u["name"] = unit_name(analysis, i);
    u["population"] = in.population[i];
    u["area_km2"] =
        in.area_km2.empty() ? nlohmann::ordered_json(nullptr) : number_or_null(in.area_km2[i]);
    if (has_groups(analysis)) u["group"] = in.group_keys[i];
    nlohmann::ordered_json densities;
    for (std::size_t k = 0; k < in.resource_names.size(); ++k) {
      densities[in.resource_names[k]] = {
          {"value", in.resources[k][i]},
          {"per_10k", number_or_null(analysis.per_10k[k][i])},
          {"per_km2", analysis.per_km2.empty() ? nlohmann::ordered_json(nullptr)
                                               : number_or_null(analysis.per_km2[k][i])}};
    }
    u["densities"] = std::move(densities);
    units.push_back(std::move(u));
  }
  j["units"] = std::move(units);

  nlohmann::ordered_json equity = nlohmann::ordered_json::object();
  for (const auto& r : analysis.results) {
    equity[engine::to_string(r.basis)][r.resource] = result_json(r, analysis);
  }
  j["equity"] = std::move(equity);
  if (intervals) j["bootstrap"] = equity_intervals_json(analysis, *intervals);
  return j;
}

TextTable densities_table(const EquityAnalysis& analysis) {
  const auto& in = analysis.input;
  const bool with_area = !in.area_km2.empty();
  Columns columns;
  columns.add("key", 0);
  columns.add("name", 0);
  columns.add("population", 2);
  if (with_area) columns.add("area_km2", 3);
  for (const auto& name : in.resource_names) {
    columns.add(name + "_per_10k", 6);
    // Per-km² densities of rare resources are ~1e-4: keep enough significant digits.
    if (with_area) columns.add(name + "_per_km2", 8);
  }
  TextTable table = columns.table();
  for (std::size_t i = 0; i < in.unit_ids.size(); ++i) {
    std::vector<Cell> row{in.unit_ids[i], unit_name(analysis, i), in.population[i]};
    if (with_area) row.emplace_back(in.area_km2[i]);
    for (std::size_t k = 0; k < in.resource_names.size(); ++k) {
      row.emplace_back(analysis.per_10k[k][i]);
      if (with_area) row.emplace_back(analysis.per_km2[k][i]);
    }
    table.add_row(std::move(row));
  }
  return table;
}

TextTable indices_table(const EquityAnalysis& analysis) {
  const bool groups = has_groups(analysis);
  std::vector<std::string> header{"basis", "resource", "gini", "band", "theil_t", "theil_l"};
  if (groups) {
    for (const char* kind : {"theil_t", "theil_l"}) {
      for (const char* part : {"_between", "_within", "_between_share"}) {
        header.push_back(std::string(kind) + part);
      }
    }
  }
  header.push_back("theil_log_base");
  std::vector<int> precision(header.size(), 6);
  TextTable table(header, precision);
  const std::string base = engine::to_string(analysis.input.log_base);
  for (const auto& r : analysis.results) {
    const auto& e = r.indices;
    std::vector<Cell> row{engine::to_string(r.basis), r.resource,           e.gini.gini, e.band,
                          cell(e.theil_t.value),      cell(e.theil_l.value)};
    if (groups) add_decomposition_cells(e, row);
    row.emplace_back(base);
    table.add_row(std::move(row));
  }
  return table;
}

TextTable summary_table(const EquityAnalysis& analysis) {
  TextTable table({"basis", "resource", "Gini", "band", "Theil T", "Theil L"}, {0, 0, 4, 0, 4, 4});
  for (const auto& r : analysis.results) {
    const auto& e = r.indices;
    table.add_row({engine::to_string(r.basis), r.resource, e.gini.gini, e.band,
                   cell(e.theil_t.value), cell(e.theil_l.value)});
  }
  return table;
}

std::string equity_markdown(const EquityAnalysis& analysis, const EquityReportContext& context,
                            const EquityIntervals* intervals) {
  return markdown_inputs(analysis, context) + markdown_densities(analysis) +
         markdown_gini(analysis, intervals) + markdown_theil(analysis, context);
}

void write_equity_report(const EquityAnalysis& analysis, const EquityReportContext& context,
                         const std::filesystem::path& directory,
                         const std::vector<std::filesystem::path>& inputs,
                         const EquityIntervals* intervals) {
  // One transaction: on any failure (a full disk at the third file) no file of the set is
  // left, nor the directory when this call created it.
  geodata::OutputTransaction out(inputs);
  out.create_directories(directory);
  out.write_text(directory / "equity.json",
                 equity_json(analysis, context, intervals).dump(2) + "\n");
  out.write_text(directory / "equity.csv", indices_table(analysis).to_csv());
  out.write_text(directory / "densities.csv", densities_table(analysis).to_csv());
  out.write_text(directory / "equity.md", equity_markdown(analysis, context, intervals));
  if (intervals) {
    out.write_text(directory / "equity_intervals.csv",
                   equity_intervals_table(analysis, *intervals).to_csv());
    if (!intervals->contrasts.empty())
      out.write_text(directory / "equity_contrasts.csv",
                     equity_contrasts_table(*intervals).to_csv());
  }
  out.commit();
}

}  // namespace equiroute::io
