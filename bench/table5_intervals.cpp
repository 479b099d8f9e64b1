// Bootstrap intervals of Luo et al. (2022) Table 5 (Gini) and Table 6 (Theil) on the
// embedded data set (data/hunan-2018, built by scripts/fetch-data): the 14 prefectures are
// the resampled units, each carrying its population, area and resources. For each
// resource, the paired contrast Gini(area) − Gini(population) from the same draws says
// whether the paper's "fairer by population than by area" holds beyond resampling noise.
// Also times the bootstrap (the replicates dominate; median of `--runs` runs).
//
// Usage: table5_intervals [--data DIR] [--replicates B] [--seed S] [--level L] [--threads T]
//                         [--runs R] [--markdown]
// Prints one JSON line per (basis, resource, statistic) and per contrast, or with
// --markdown the tables of docs/equity.md.

#include <fmt/core.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "equiroute/engine/equity_bootstrap.hpp"
#include "equiroute/pipeline/equity_input.hpp"

using namespace equiroute;
using namespace equiroute::engine;

namespace {

const std::vector<std::string> kResources{"institutions", "actual_beds", "doctors", "nurses"};

EquityAnalysis load(const std::string& data_dir) {
  io::EquityInputOptions o;
  o.table = data_dir + "/table3_2018.csv";
  o.key_field = "adcode";
  o.name_field = "name_zh";
  o.population_field = "population_10k";
  o.population_scale = 10000.0;
  o.resource_fields = kResources;
  o.regions = data_dir + "/counties.geojson";
  o.regions_key = "adcode";
  o.dissolve_prefix = 4;
  o.bases = {EquityBasis::Population, EquityBasis::Area};
  return analyse_equity(io::load_equity_input(o).input);
}

nlohmann::json interval_json(const StatisticBootstrap& s) {
  nlohmann::json j{{"statistic", s.statistic}};
  j["estimate"] = s.estimate ? nlohmann::json(*s.estimate) : nlohmann::json();
  if (!s.interval) {
    j["undefined_reason"] = s.undefined_reason;
    return j;
  }
  const BootstrapInterval& i = *s.interval;
  j["se"] = i.standard_error;
  j["percentile"] = {i.percentile.lower, i.percentile.upper};
  j["bca"] = i.bca ? nlohmann::json{i.bca->lower, i.bca->upper} : nlohmann::json();
  if (!i.bca) j["bca_undefined_reason"] = i.bca_undefined_reason;
  j["z0"] = i.z0 ? nlohmann::json(*i.z0) : nlohmann::json();
  j["acceleration"] = i.acceleration ? nlohmann::json(*i.acceleration) : nlohmann::json();
  j["method"] = to_string(i.method());
  return j;
}

/// "estimate | percentile | BCa | SE" cells of a Markdown row.
std::string cells(const StatisticBootstrap& s) {
  if (!s.interval) return fmt::format("— | — | — | — ({})", s.undefined_reason);
  const BootstrapInterval& i = *s.interval;
  const std::string bca =
      i.bca ? fmt::format("[{:.4f}, {:.4f}]", i.bca->lower, i.bca->upper) : "n/a";
  return fmt::format("{:.4f} | [{:.4f}, {:.4f}] | {} | {:.4f}", *s.estimate, i.percentile.lower,
                     i.percentile.upper, bca, i.standard_error);
}

void print_markdown(const EquityAnalysis& analysis, const std::vector<EquityBootstrap>& boots,
                    const BootstrapOptions& options) {
  fmt::print("B = {}, seed {}, {:.0f} % intervals; units: the {} prefectures\n", options.replicates,
             options.seed, 100.0 * options.level, analysis.input.unit_ids.size());
  for (const char* statistic : {"gini", "theil_t", "theil_l"}) {
    fmt::print("\n| basis | resource | {} | percentile | BCa | SE |\n", statistic);
    fmt::print("| --- | --- | --- | --- | --- | --- |\n");
    for (std::size_t k = 0; k < boots.size(); ++k) {
      const auto& res = analysis.results[k];
      fmt::print("| {} | {} | {} |\n", to_string(res.basis), res.resource,
                 cells(*boots[k].find(statistic)));
    }
  }
  fmt::print(
      "\n| resource | Gini(area) − Gini(population) | percentile | BCa | SE | significant |\n");
  fmt::print("| --- | --- | --- | --- | --- | --- |\n");
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Bootstrap intervals of Luo et al. (2022) Tables 5 and 6 on the embedded data"};
  std::string data_dir = "data/hunan-2018";
  BootstrapOptions options;
  options.replicates = 9999;
  int runs = 1;
  bool markdown = false;
  app.add_option("--data", data_dir, "directory of the embedded data set");
  app.add_option("--replicates", options.replicates, "bootstrap replicates B");
  app.add_option("--seed", options.seed, "bootstrap seed");
  app.add_option("--threads", options.threads, "threads (0: all)");
  app.add_option("--level", options.level, "confidence level");
  app.add_option("--runs", runs, "timed runs (median reported)");
  app.add_flag("--markdown", markdown, "print Markdown tables instead of JSON lines");
  CLI11_PARSE(app, argc, argv);
  // Geometry repairs are logged; keep them off stdout, which carries the results.
  spdlog::set_default_logger(spdlog::stderr_color_mt("table5"));

  const EquityAnalysis analysis = load(data_dir);
  std::vector<EquityBootstrap> boots;
  std::vector<double> seconds;
  for (int r = 0; r < std::max(runs, 1); ++r) {
    const auto start = std::chrono::steady_clock::now();
    boots = bootstrap_analysis(analysis, options);
    seconds.push_back(
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  }
  std::sort(seconds.begin(), seconds.end());
  const double median_s = seconds[seconds.size() / 2];

  // results: population × resources, then area × resources (analyse_equity's order).
  const std::size_t k_count = kResources.size();
  if (markdown) print_markdown(analysis, boots, options);
  for (std::size_t k = 0; k < k_count; ++k) {
    const auto d = bootstrap_difference(boots[k_count + k], boots[k], "gini");
    const bool significant = d.interval && excludes(d.interval->preferred(), 0.0);
    if (markdown) {
      fmt::print("| {} | {} | {} ({}) |\n", kResources[k], cells(d), significant ? "yes" : "no",
                 d.interval ? to_string(d.interval->method()) : "—");
    } else {
      nlohmann::json j = interval_json(d);
      j["resource"] = kResources[k];
      j["contrast"] = "gini_area_minus_population";
      j["significant"] = significant;
      fmt::print("{}\n", j.dump());
    }
  }
  if (!markdown) {
    for (std::size_t k = 0; k < boots.size(); ++k) {
      for (const auto& s : boots[k].statistics) {
        nlohmann::json j = interval_json(s);
        j["basis"] = to_string(analysis.results[k].basis);
        j["resource"] = analysis.results[k].resource;
        fmt::print("{}\n", j.dump());
      }
    }
  }
  nlohmann::json timing{{"bench", "table5_bootstrap"}, {"replicates", options.replicates},
                        {"threads", options.threads},  {"results", boots.size()},
                        {"seconds_median", median_s},  {"runs", seconds.size()}};
  fmt::print("{}{}\n", markdown ? "\n" : "", timing.dump());
  return 0;
}
