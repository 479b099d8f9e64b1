// Bootstrap intervals in the outputs (pipeline/bootstrap_step.hpp, report/bootstrap_tables.hpp,
// RunSummary): what the tables, the JSON and the summary carry, checked against the engine's
// own bootstrap, against hand values, and for thread independence.

#include <catch2/catch.hpp>
#include <cmath>
#include <sstream>

#include "equiroute/engine/equity.hpp"
#include "equiroute/pipeline/bootstrap_step.hpp"
#include "equiroute/pipeline/run_summary.hpp"

using namespace equiroute;

namespace {

/// Rows of a CSV without quoted commas.
std::vector<std::vector<std::string>> csv(const std::string& text) {
  std::vector<std::vector<std::string>> rows;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    std::vector<std::string> cells;
    std::stringstream ss(line);
    std::string cell;
    while (std::getline(ss, cell, ',')) cells.push_back(cell);
    if (!line.empty() && line.back() == ',') cells.emplace_back();
    rows.push_back(cells);
  }
  return rows;
}

std::size_t column(const std::vector<std::string>& header, const std::string& name) {
  const auto it = std::find(header.begin(), header.end(), name);
  REQUIRE(it != header.end());
  return static_cast<std::size_t>(it - header.begin());
}

/// 24 units in 4 groups with uneven resources (deterministic pseudo data).
engine::EquityAnalysis uneven_analysis() {
  engine::EquityInput in;
  for (int i = 0; i < 24; ++i) {
    in.unit_ids.push_back("u" + std::to_string(i));
    in.population.push_back(1000.0 + 137.0 * ((i * 7) % 11));
    in.area_km2.push_back(50.0 + 13.0 * ((i * 5) % 9));
    in.group_keys.push_back("g" + std::to_string(i % 4));
  }
  in.resource_names = {"beds", "doctors"};
  in.resources.resize(2);
  for (int i = 0; i < 24; ++i) {
    in.resources[0].push_back(10.0 + (i * i) % 17);
    in.resources[1].push_back(1.0 + (i * 3) % 5);
  }
  in.bases = {engine::EquityBasis::Population, engine::EquityBasis::Area};
  return engine::analyse_equity(in);
}

engine::BootstrapOptions options(std::size_t replicates, unsigned threads) {
  engine::BootstrapOptions o;
  o.replicates = replicates;
  o.threads = threads;
  return o;
}

}  // namespace

TEST_CASE("equal densities give a zero Gini and a zero-width interval", "[io][bootstrap]") {
  // Every unit has 1 resource per 100 people and per 10 km²: every replicate is as equal
  // as the data, so the Gini and every interval end are 0 (up to round-off).
  engine::EquityInput in;
  in.unit_ids = {"a", "b", "c", "d"};
  in.population = {100, 200, 300, 400};
  in.area_km2 = {10, 20, 30, 40};
  in.resource_names = {"beds"};
  in.resources = {{1, 2, 3, 4}};
  in.bases = {engine::EquityBasis::Population, engine::EquityBasis::Area};
  const auto analysis = engine::analyse_equity(in);
  const auto intervals = io::bootstrap_equity_intervals(analysis, options(199, 1));
  REQUIRE(intervals.results.size() == 2);
  for (const auto& result : intervals.results) {
    const auto gini = io::StatisticInterval::from(*result.find("gini"));
    REQUIRE(gini.defined);
    CHECK(std::abs(*gini.estimate) < 1e-12);
    CHECK(std::abs(gini.lower) < 1e-12);
    CHECK(std::abs(gini.upper) < 1e-12);
  }
  REQUIRE(intervals.contrasts.size() == 1);
  CHECK(intervals.contrasts[0].resource == "beds");
  CHECK_FALSE(intervals.contrasts[0].significant);  // a difference of 0 is never significant
}

TEST_CASE("equity interval tables carry the engine's numbers at full precision",
          "[io][bootstrap]") {
  const auto analysis = uneven_analysis();
  const auto intervals = io::bootstrap_equity_intervals(analysis, options(299, 1));
  const auto rows = csv(io::equity_intervals_table(analysis, intervals).to_csv());
  const auto& h = rows[0];
  // 4 results × 9 statistics (with groups: gini, T, L and the 3 parts of each)
  REQUIRE(rows.size() == 1 + 4 * 9);
  std::size_t checked = 0;
  for (std::size_t r = 1; r < rows.size(); ++r) {
    const auto& row = rows[r];
    const std::size_t k = (row[column(h, "basis")] == "area" ? 2 : 0) +
                          (row[column(h, "resource")] == "doctors" ? 1 : 0);
    const auto* s = intervals.results[k].find(row[column(h, "statistic")]);
    REQUIRE(s);
    if (!s->interval) continue;
    CHECK(std::stod(row[column(h, "estimate")]) == *s->estimate);
    CHECK(std::stod(row[column(h, "lower")]) == s->interval->preferred().lower);
    CHECK(std::stod(row[column(h, "upper")]) == s->interval->preferred().upper);
    CHECK(std::stod(row[column(h, "percentile_lower")]) == s->interval->percentile.lower);
    CHECK(std::stod(row[column(h, "standard_error")]) == s->interval->standard_error);
    CHECK(row[column(h, "method")] == engine::to_string(s->interval->method()));
    CHECK(row[column(h, "replicates")] == "299");
    CHECK(row[column(h, "seed")] == "2022");
    ++checked;
  }
  CHECK(checked > 20);

  // The contrast is the engine's paired difference of the same draws.
  REQUIRE(intervals.contrasts.size() == 2);
  const auto d = engine::bootstrap_difference(intervals.results[2], intervals.results[0], "gini");
  const auto contrasts = csv(io::equity_contrasts_table(intervals).to_csv());
  REQUIRE(contrasts.size() == 3);
  CHECK(contrasts[1][0] == "beds");
  CHECK(std::stod(contrasts[1][column(contrasts[0], "estimate")]) == *d.estimate);
  CHECK(std::stod(contrasts[1][column(contrasts[0], "lower")]) == d.interval->preferred().lower);
  CHECK(contrasts[1][column(contrasts[0], "significant")] ==
        (engine::excludes(d.interval->preferred(), 0.0) ? "yes" : "no"));
}

TEST_CASE("equity intervals are the same for 1 and 2 threads", "[io][bootstrap]") {
  const auto analysis = uneven_analysis();
  const auto one = io::bootstrap_equity_intervals(analysis, options(499, 1));
  const auto two = io::bootstrap_equity_intervals(analysis, options(499, 2));
  CHECK(io::equity_intervals_table(analysis, one).to_csv() ==
        io::equity_intervals_table(analysis, two).to_csv());
  CHECK(io::equity_contrasts_table(one).to_csv() == io::equity_contrasts_table(two).to_csv());
  CHECK(io::equity_intervals_json(analysis, one).dump() ==
        io::equity_intervals_json(analysis, two).dump());
}

TEST_CASE("access intervals: every indicator, as the engine bootstraps its values",
          "[io][bootstrap][access]") {
  io::AccessProblem p;
  // Six demand points on the equator in two groups, two facilities; straight-line times.
  for (int i = 0; i < 6; ++i) {
    p.demand_ids.push_back("d" + std::to_string(i));
    p.demand_points.push_back({0.05 * (i + 1), 0.0});
    p.weights.push_back(100.0 * (1 + i % 3));
    p.group_keys.push_back(i < 3 ? "west" : "east");
  }
  p.facility_ids = {"f1", "f2"};
  p.facility_points = {{0.0, 0.0}, {0.4, 0.0}};
  p.supply.facility_count = 2;
  p.supply.attributes = {"beds"};
  p.supply.values = {10.0, 30.0};
  engine::AccessAnalysisOptions analysis_options;
  analysis_options.models = engine::model_requests({"nearest", "2sfca"}, {}, 30.0);
  // No network: geodesic times. A named object: GCC 12 takes a temporary's strings for
  // maybe-uninitialized (-Werror).
  io::CostSource straight_line;
  straight_line.travel.threads = 1;
  const auto outcome = io::analyse_access(p, straight_line, analysis_options);
  const auto one = io::bootstrap_access_intervals(outcome, options(199, 1), engine::LogBase::E);
  const auto two = io::bootstrap_access_intervals(outcome, options(199, 2), engine::LogBase::E);
  REQUIRE(one.results.size() == outcome.analysis.equity.size());
  CHECK(io::access_intervals_table(outcome, one).to_csv() ==
        io::access_intervals_table(outcome, two).to_csv());

  // The nearest time's Gini interval is engine::bootstrap_value_equity of those times.
  REQUIRE(outcome.analysis.equity[0].name == "nearest_travel_s");
  const auto direct = engine::bootstrap_value_equity(outcome.analysis.nearest_travel_s, p.weights,
                                                     options(199, 1), p.group_keys);
  REQUIRE(direct);
  const auto rows = csv(io::access_intervals_table(outcome, one).to_csv());
  const auto& h = rows[0];
  CHECK(rows[1][column(h, "indicator")] == "nearest_travel_s");
  CHECK(rows[1][column(h, "statistic")] == "gini");
  CHECK(std::stod(rows[1][column(h, "lower")]) ==
        direct->find("gini")->interval->preferred().lower);
  CHECK(std::stod(rows[1][column(h, "estimate")]) ==
        Approx(outcome.analysis.equity[0].indices->gini.gini).epsilon(1e-12));

  io::RunSummary summary;
  io::summarise_intervals(nullptr, nullptr, &outcome, &one, summary);
  REQUIRE(summary.access_gini_intervals.size() == outcome.analysis.equity.size());
  CHECK(summary.access_gini_intervals[0].second.lower ==
        direct->find("gini")->interval->preferred().lower);
}

TEST_CASE("summary.json: intervals round-trip, and no new key without a bootstrap",
          "[io][bootstrap][summary]") {
  const auto analysis = uneven_analysis();
  const auto intervals = io::bootstrap_equity_intervals(analysis, options(199, 1));
  io::RunSummary s;
  s.title = "t";
  for (const auto& r : analysis.results)
    s.equity.push_back({r.resource, r.basis, r.indices.gini.gini, r.indices.band,
                        r.indices.theil_t.value, r.indices.theil_l.value});
  const auto plain = s.to_json();
  CHECK_FALSE(plain.contains("bootstrap"));
  CHECK_FALSE(plain["equity"]["beds"]["population"].contains("intervals"));

  io::summarise_intervals(&analysis, &intervals, nullptr, nullptr, s);
  const auto j = s.to_json();
  CHECK(j["bootstrap"]["replicates"] == 199);
  CHECK(j["bootstrap"]["seed"] == 2022);
  const auto& gini = j["equity"]["beds"]["population"]["intervals"]["gini"];
  const auto* engine_gini = intervals.results[0].find("gini");
  CHECK(gini["lower"].get<double>() == engine_gini->interval->preferred().lower);
  CHECK(gini["method"] == engine::to_string(engine_gini->interval->method()));
  CHECK(j["equity"]["beds"]["population"]["gini"] == analysis.results[0].indices.gini.gini);
  CHECK(j["contrasts"]["doctors"]["gini_area_minus_population"].contains("significant"));

  const auto back = io::RunSummary::from_json(j, "summary.json");
  CHECK(back.to_json() == j);
  REQUIRE(back.bootstrap);
  CHECK(back.equity_intervals.size() == 4 * 3);
  CHECK(back.contrasts.size() == 2);
}

TEST_CASE("an undefined statistic has no interval and says why", "[io][bootstrap]") {
  // Theil L is undefined when a unit with people has no resource.
  engine::EquityInput in;
  in.unit_ids = {"a", "b", "c"};
  in.population = {100, 200, 300};
  in.resource_names = {"nurses"};
  in.resources = {{5, 0, 9}};
  const auto analysis = engine::analyse_equity(in);
  const auto intervals = io::bootstrap_equity_intervals(analysis, options(99, 1));
  const auto l = io::StatisticInterval::from(*intervals.results[0].find("theil_l"));
  CHECK_FALSE(l.defined);
  CHECK_THAT(l.undefined_reason, Catch::Contains("Theil L is undefined"));
  const auto j = l.to_json();
  CHECK(j["lower"].is_null());
  CHECK(io::StatisticInterval::from_json(j).undefined_reason == l.undefined_reason);
  CHECK(io::interval_text(l) == "—");
  CHECK(intervals.contrasts.empty());  // one basis only
}
