// Issue 18 end to end through the CLI: bootstrap intervals (`run`, `equity`, `access`) and
// parameter sweeps (`run` with [sweep]) on small generated scenarios with hand values, the
// sweep's values against separate runs, thread independence, and bad input (exit 2).

#include <fmt/core.h>

#include <catch2/catch.hpp>
#include <cmath>
#include <map>
#include <nlohmann/json.hpp>
#include <numbers>
#include <sstream>
#include <string>
#include <vector>

#include "support.hpp"

using namespace equiroute::test;
using nlohmann::json;

namespace {

using Row = std::map<std::string, std::string>;

/// The cells of one CSV line (RFC 4180 quoting: "a, b" is one cell, "" a quote).
std::vector<std::string> csv_cells(const std::string& line) {
  std::vector<std::string> cells(1);
  bool quoted = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted && c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
      cells.back() += '"';
      ++i;
    } else if (c == '"') {
      quoted = !quoted;
    } else if (c == ',' && !quoted) {
      cells.emplace_back();
    } else {
      cells.back() += c;
    }
  }
  return cells;
}

/// Rows of a CSV written by equiroute (no line breaks inside cells).
std::vector<Row> csv_rows(const fs::path& path) {
  std::istringstream in(read_file(path));
  std::string line;
  std::vector<std::string> header;
  std::vector<Row> rows;
  while (std::getline(in, line)) {
    const std::vector<std::string> cells = csv_cells(line);
    if (header.empty()) {
      header = cells;
      continue;
    }
    Row row;
    for (std::size_t c = 0; c < header.size() && c < cells.size(); ++c) row[header[c]] = cells[c];
    rows.push_back(row);
  }
  return rows;
}

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto p = text.find(what); p != std::string::npos; p = text.find(what, p + 1)) ++n;
  return n;
}

/// Two square regions on the equator with their seats at lon 0.1 (A, 100 people) and 0.5
/// (B, 300 people); one facility of 10 beds at lon 0.06, inside A. Along the equator the
/// geodesic is the equator itself: seat–facility distances are a·Δλ (a = 6378137 m), 0.04°
/// and 0.44°.
void write_equator_fixture(const TempDir& dir) {
  auto square = [](const char* id, double lon, int pop) {
    return fmt::format(
        R"({{"type":"Feature","properties":{{"id":"{}","pop":{},"seat_lon":{},"seat_lat":0}},)"
        R"("geometry":{{"type":"Polygon","coordinates":[[[{},-0.05],[{},-0.05],[{},0.05],)"
        R"([{},0.05],[{},-0.05]]]}}}})",
        id, pop, lon, lon - 0.05, lon + 0.05, lon + 0.05, lon - 0.05, lon - 0.05);
  };
  write_file(dir / "regions.geojson", R"({"type":"FeatureCollection","features":[)" +
                                          square("A", 0.1, 100) + "," + square("B", 0.5, 300) +
                                          "]}");
  write_file(dir / "fac.csv", "id,lon,lat,beds\nf1,0.06,0,10\n");
}

std::string equator_scenario(double speed_kmh, double threshold_min, const std::string& extra) {
  return fmt::format(
      "title = \"equator\"\n"
      "[regions]\npath = \"regions.geojson\"\nid_field = \"id\"\npopulation_field = \"pop\"\n"
      "[facilities]\npath = \"fac.csv\"\nid_field = \"id\"\nx_field = \"lon\"\ny_field = \"lat\"\n"
      "capacity_fields = [\"beds\"]\n"
      "[network]\nmode = \"none\"\ncircuity = 1.0\nspeed_kmh = {}\n"
      "[demand]\nrule = \"seat\"\n"
      "[access]\nmodels = [\"nearest\", \"cumulative\", \"2sfca\", \"gravity\"]\n"
      "threshold_min = {}\n"
      "[output]\nlayers = [\"geojson\"]\n{}",
      speed_kmh, threshold_min, extra);
}

const char* kSweep = "[sweep]\nthreshold_min = [30, 60]\nspeed_kmh = [30, 60]\n";

CliResult run_scenario(const TempDir& dir, const std::string& name, const std::string& text,
                       const std::string& args = "") {
  write_file(dir / (name + ".toml"), text);
  return run_cli("run '" + (dir / (name + ".toml")).string() + "' -o '" + (dir / name).string() +
                 "' " + args);
}

/// The headline indicator `column` of sweep.csv as summary.json states it (NaN for null).
double summary_value(const json& summary, const std::string& column) {
  const json& travel = summary["travel"];
  json value;
  if (column.rfind("gini_", 0) == 0) {
    value = summary["access_gini"][column.substr(5)];
  } else if (column.rfind("share_beyond_", 0) == 0) {
    value = travel["share_beyond_min"][column.substr(13, column.size() - 13 - 4)];
  } else {
    value = travel[column];
  }
  return value.is_number() ? value.get<double>() : std::nan("");
}

}  // namespace

TEST_CASE("run with [sweep]: hand values, one matrix per network setting, equal to separate runs",
          "[cli][run][sweep]") {
  TempDir dir;
  write_equator_fixture(dir);
  const auto r = run_scenario(dir, "sweep", equator_scenario(60, 60, kSweep));
  INFO(r.err);
  REQUIRE(r.exit_code == 0);

  // The scenario's own setting (60 km/h) reuses the run's matrix; 30 km/h needs one more.
  CHECK(count(r.err, "no road network:") == 2);  // one per straight-line matrix
  CHECK(count(r.err, "sweep: travel-cost matrix 1 for network setting 1 of 2") == 1);
  CHECK(count(r.err, "is the scenario's: its travel-cost matrix is reused") == 1);
  const json manifest = json::parse(read_file(dir / "sweep/manifest.json"));
  CHECK(manifest["parameters"]["sweep"]["travel_cost_matrices"] == 1);
  CHECK(manifest["parameters"]["sweep"]["combinations"] == 4);

  const auto rows = csv_rows(dir / "sweep/tables/sweep.csv");
  REQUIRE(rows.size() == 5);
  CHECK(rows[0].at("setting") == "scenario");
  // Grid order: the network parameter first, the last axis fastest.
  const std::vector<std::pair<std::string, std::string>> order{
      {"30", "30"}, {"30", "60"}, {"60", "30"}, {"60", "60"}};
  const double a = 6378137.0, degree = std::numbers::pi / 180.0;
  for (std::size_t i = 0; i < 4; ++i) {
    const Row& row = rows[i + 1];
    INFO("setting " << row.at("setting"));
    CHECK(row.at("speed_kmh") == order[i].first);
    CHECK(row.at("threshold_min") == order[i].second);
    CHECK(row.at("network_setting") == (i < 2 ? "1" : "2"));
    // Hand values: times a·Δλ / speed, weighted 100 : 300.
    const double metres_per_min = std::stod(order[i].first) * 1000.0 / 60.0;
    const double t_a = a * 0.04 * degree / metres_per_min, t_b = a * 0.44 * degree / metres_per_min;
    CHECK(std::stod(row.at("mean_nearest_min")) ==
          Approx((100 * t_a + 300 * t_b) / 400).epsilon(1e-9));
    // Cumulative beds: A reaches the facility in every setting, B only at 60 km/h within 60
    // min (49 min). Values (10, 0) weighted (100, 300): Lorenz (0.75, 0), (1, 1), Gini 0.75.
    const double gini = std::stod(row.at("gini_cumulative_beds"));
    if (i == 3) {
      CHECK(gini == Approx(0.0).margin(1e-12));
    } else {
      CHECK(gini == Approx(0.75).epsilon(1e-12));
    }
  }
  // The scenario's own row is its own run's, and equals combination 4 (60 km/h, 60 min).
  for (const auto& [column, value] : rows[0]) {
    if (column.rfind("gini_", 0) != 0 && column.find("_min") == std::string::npos) continue;
    if (column == "threshold_min") continue;
    CHECK(value == rows[4].at(column));
  }

  SECTION("every setting equals a separate run with that setting") {
    for (std::size_t i = 0; i < 4; ++i) {
      const std::string name = "separate" + std::to_string(i);
      const auto s =
          run_scenario(dir, name,
                       equator_scenario(std::stod(order[i].first), std::stod(order[i].second),
                                        "maps = false\nreport = false\n"));
      REQUIRE(s.exit_code == 0);
      const json summary = json::parse(read_file(dir / name / "summary.json"));
      std::size_t compared = 0;
      for (const auto& [column, value] : rows[i + 1]) {
        if (column.rfind("gini_", 0) != 0 && column.find("nearest_min") == std::string::npos &&
            column.rfind("share_beyond_", 0) != 0)
          continue;
        INFO(name << " " << column);
        if (value.empty()) {
          CHECK(std::isnan(summary_value(summary, column)));  // undefined: null in the summary
        } else {
          CHECK(std::stod(value) == Approx(summary_value(summary, column)).epsilon(1e-12));
        }
        ++compared;
      }
      CHECK(compared == 3 + 4 + 1 + 3);  // 3 times, 4 shares, nearest + cumulative, 2sfca, gravity
    }
  }
  SECTION("rank stability, charts and the report") {
    // A is nearer than B in every setting: the nearest-time ranking never changes.
    std::size_t nearest_rows = 0;
    for (const auto& row : csv_rows(dir / "sweep/tables/sweep_ranks.csv")) {
      if (row.at("indicator") != "nearest_travel_s") continue;
      CHECK(std::stod(row.at("spearman")) == 1.0);
      CHECK(row.at("regions_ranked") == "2");
      ++nearest_rows;
    }
    CHECK(nearest_rows == 4);
    // The mean time changes with the speed; the Gini of travel time does not (a common
    // factor on every time leaves every share unchanged): no chart for it.
    const auto png = dir / "sweep/maps/sweep_mean_nearest_min.png";
    REQUIRE(fs::exists(png));
    CHECK(png_size(png) == std::pair<unsigned, unsigned>{1800, 1080});
    CHECK(fs::exists(dir / "sweep/maps/sweep_gini_cumulative_beds.pdf"));
    CHECK_FALSE(fs::exists(dir / "sweep/maps/sweep_gini_nearest_travel_s.png"));
    const std::string report = read_file(dir / "sweep/report.md");
    CHECK_THAT(report, Catch::Contains("Sensitivity to the analyst's choices") &&
                           Catch::Contains("maps/sweep_mean_nearest_min.png") &&
                           Catch::Contains("threshold_min = 30, 60 (scenario: 60)"));
  }
}

TEST_CASE("run with a bootstrap: intervals everywhere, identical for 1 and 2 threads",
          "[cli][run][bootstrap]") {
  TempDir dir;
  write_equator_fixture(dir);
  // A third region C (seat lon −0.15, 200 people) with its own facility of 20 beds.
  std::string regions = read_file(dir / "regions.geojson");
  regions.insert(regions.rfind(']'),
                 R"(,{"type":"Feature","properties":{"id":"C","pop":200,"seat_lon":-0.15,)"
                 R"("seat_lat":0},"geometry":{"type":"Polygon","coordinates":[[[-0.2,-0.05],)"
                 R"([-0.1,-0.05],[-0.1,0.05],[-0.2,0.05],[-0.2,-0.05]]]}})");
  write_file(dir / "regions.geojson", regions);
  write_file(dir / "fac.csv", "id,lon,lat,beds\nf1,0.06,0,10\nf2,-0.14,0,20\n");
  const std::string text =
      equator_scenario(40, 30, "maps = false\n[equity]\nbootstrap = 199\n") + kSweep;
  const auto one = run_scenario(dir, "one", text, "--threads 1");
  INFO(one.err);
  REQUIRE(one.exit_code == 0);
  const auto two = run_scenario(dir, "two", text, "--threads 2");
  REQUIRE(two.exit_code == 0);
  std::size_t compared = 0;
  for (const auto& entry : fs::directory_iterator(dir / "one/tables")) {
    INFO(entry.path().filename());
    CHECK(read_file(entry.path()) == read_file(dir / "two/tables" / entry.path().filename()));
    ++compared;
  }
  CHECK(compared > 10);
  CHECK(read_file(dir / "one/summary.json") == read_file(dir / "two/summary.json"));

  // Intervals of every index of the resources, of the equity of access, in the summary.
  CHECK(csv_rows(dir / "one/tables/equity_intervals.csv").size() == 2 * 3);  // bases × G, T, L
  const auto access = csv_rows(dir / "one/tables/access_equity_intervals.csv");
  CHECK(access.size() >= 3);
  CHECK(access[0].at("indicator") == "nearest_travel_s");
  CHECK(access[0].at("replicates") == "199");
  const json summary = json::parse(read_file(dir / "one/summary.json"));
  CHECK(summary["bootstrap"]["replicates"] == 199);
  CHECK(summary["bootstrap"]["seed"] == 2022);
  CHECK(summary["access_gini_intervals"].contains("nearest_travel_s"));
  CHECK(summary["equity"]["beds"]["population"]["intervals"].contains("gini"));
  CHECK(summary["contrasts"]["beds"]["gini_area_minus_population"].contains("significant"));
  const std::string report = read_file(dir / "one/report.md");
  CHECK_THAT(report, Catch::Contains("95 % interval (population)") &&
                         Catch::Contains("199 replicates of the 3 units") &&
                         Catch::Contains("read the intervals as too narrow"));
}

TEST_CASE("bad bootstrap and sweep input: one line, exit 2, no output", "[cli][run][sweep]") {
  TempDir dir;
  write_equator_fixture(dir);
  struct Case {
    std::string name, extra, expect;
  };
  const std::vector<Case> cases{
      {"zero replicates", "[equity]\nbootstrap = 0\n", "'equity.bootstrap' must be at least 1"},
      {"empty sweep list", "[sweep]\nthreshold_min = []\n",
       "the sweep list of 'threshold_min' is empty"},
      {"unknown sweep parameter", "[sweep]\nbeta = [1, 2]\n", "unknown sweep parameter 'beta'"},
  };
  for (const auto& c : cases) {
    DYNAMIC_SECTION(c.name) {
      const auto r = run_scenario(dir, "bad", equator_scenario(40, 30, c.extra));
      CHECK(r.exit_code == 2);
      CHECK_THAT(r.err, Catch::Contains(c.expect));
      CHECK(std::count(r.err.begin(), r.err.end(), '\n') <= 2);  // one error line (+ hint)
      CHECK_FALSE(fs::exists(dir / "bad"));
    }
  }
  SECTION("--bootstrap 0 on equity and access") {
    write_file(dir / "t.csv", "id,pop,beds\na,100,1\nb,200,5\n");
    const auto e = run_cli("equity --table '" + (dir / "t.csv").string() +
                           "' --key id --population pop --resource beds --bootstrap 0 -o '" +
                           (dir / "e").string() + "'");
    CHECK(e.exit_code == 2);
    CHECK_THAT(e.err, Catch::Contains("bootstrap replicates must be at least 1"));
    CHECK(std::count(e.err.begin(), e.err.end(), '\n') <= 2);
    CHECK_FALSE(fs::exists(dir / "e"));
    write_file(dir / "d.csv", "id,lon,lat,pop\nd1,0.1,0,100\n");
    const auto a = run_cli("access --demand '" + (dir / "d.csv").string() + "' --supply '" +
                           (dir / "fac.csv").string() +
                           "' --population-field pop --network none --model nearest "
                           "--bootstrap 0 -o '" +
                           (dir / "a").string() + "'");
    CHECK(a.exit_code == 2);
    CHECK_THAT(a.err, Catch::Contains("bootstrap replicates must be at least 1"));
    CHECK_FALSE(fs::exists(dir / "a"));
  }
}

TEST_CASE("access --bootstrap writes the intervals of the equity of access",
          "[cli][access][bootstrap]") {
  TempDir dir;
  std::string demand = "id,lon,lat,pop,pref\n";
  for (int i = 0; i < 12; ++i)
    demand += fmt::format("d{},{},0,{},{}\n", i, 0.02 * (i + 1), 100 + 50 * (i % 4),
                          i < 6 ? "west" : "east");
  write_file(dir / "d.csv", demand);
  write_file(dir / "s.csv", "id,lon,lat,beds\nf1,0.0,0,10\nf2,0.2,0,30\n");
  const std::string args = "access --demand '" + (dir / "d.csv").string() + "' --supply '" +
                           (dir / "s.csv").string() +
                           "' --population-field pop --group-field pref --supply-field beds "
                           "--network none --model nearest --model 2sfca --bootstrap 299 "
                           "--bootstrap-level 0.9 --layer-format none -o '";
  const auto one = run_cli(args + (dir / "one").string() + "' --threads 1");
  INFO(one.err);
  REQUIRE(one.exit_code == 0);
  const auto two = run_cli(args + (dir / "two").string() + "' --threads 2");
  REQUIRE(two.exit_code == 0);
  CHECK(read_file(dir / "one/access_equity_intervals.csv") ==
        read_file(dir / "two/access_equity_intervals.csv"));
  const auto rows = csv_rows(dir / "one/access_equity_intervals.csv");
  // nearest_travel_s and 2sfca_beds, each 9 statistics (grouped)
  REQUIRE(rows.size() == 2 * 9);
  for (const auto& row : rows) {
    CHECK(row.at("level") == "0.9");
    if (row.at("lower").empty()) continue;
    CHECK(std::stod(row.at("lower")) <= std::stod(row.at("upper")));
  }
  const json summary = json::parse(read_file(dir / "one/summary.json"));
  const json& gini = summary["access_gini_intervals"]["2sfca_beds"];
  CHECK(gini["estimate"].get<double>() ==
        Approx(summary["access_gini"]["2sfca_beds"].get<double>()).epsilon(1e-12));
  CHECK(gini["lower"].get<double>() <= gini["upper"].get<double>());
  CHECK(summary["bootstrap"]["level"] == 0.9);
}

TEST_CASE("equity --bootstrap on the embedded data: Table 5 intervals and the contrast",
          "[cli][equity][bootstrap][embedded]") {
  const auto data = embedded_data();
  if (!data) EQUIROUTE_SKIP("embedded data set not built (scripts/fetch-data)");
  TempDir dir;
  const auto r =
      run_cli("equity --table '" + (*data / "table3_2018.csv").string() +
              "' --key adcode --name name_zh --population population_10k --population-scale 10000 "
              "--resource institutions --resource actual_beds --resource doctors --resource nurses "
              "--regions '" +
              (*data / "counties.geojson").string() +
              "' --regions-key adcode --dissolve-prefix 4 --bootstrap 9999 -o '" +
              (dir / "e").string() + "'");
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  // The values of docs/equity.md (bench/table5_intervals, B = 9999, seed 2022), to their
  // four printed decimals.
  std::map<std::string, std::pair<double, double>> bca;
  for (const auto& row : csv_rows(dir / "e/equity_intervals.csv")) {
    if (row.at("statistic") == "gini" && row.at("method") == "bca")
      bca[row.at("basis") + "/" + row.at("resource")] = {std::stod(row.at("lower")),
                                                         std::stod(row.at("upper"))};
  }
  REQUIRE(bca.count("population/institutions") == 1);
  CHECK(bca["population/institutions"].first == Approx(0.0726).margin(6e-5));
  CHECK(bca["population/institutions"].second == Approx(0.1338).margin(6e-5));
  CHECK(bca["area/actual_beds"].first == Approx(0.2118).margin(6e-5));
  CHECK(bca["area/actual_beds"].second == Approx(0.4895).margin(6e-5));

  std::map<std::string, Row> contrasts;
  for (const auto& row : csv_rows(dir / "e/equity_contrasts.csv"))
    contrasts[row.at("resource")] = row;
  REQUIRE(contrasts.size() == 4);
  CHECK(std::stod(contrasts["doctors"].at("estimate")) == Approx(0.1700).margin(6e-5));
  CHECK(std::stod(contrasts["nurses"].at("lower")) == Approx(0.0102).margin(6e-5));
  for (const auto& [resource, row] : contrasts) CHECK(row.at("significant") == "yes");

  const std::string md = read_file(dir / "e/equity.md");
  CHECK_THAT(md, Catch::Contains("Population/area contrast") &&
                     Catch::Contains("nurses: Gini(area) − Gini(population) = 0.1159") &&
                     Catch::Contains("significant (the interval excludes 0)") &&
                     Catch::Contains("95 % interval (area)"));
  const json j = json::parse(read_file(dir / "e/equity.json"));
  CHECK(j["bootstrap"]["replicates"] == 9999);
  CHECK(j["bootstrap"]["contrasts"]["institutions"]["gini_area_minus_population"]["significant"] ==
        true);
}
