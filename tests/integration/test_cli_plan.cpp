// `equiroute plan` and the [plan] step of `run`: the plans of a tiny fixture checked against
// an independent brute force over every subset, the Hunan demo's cross-checks, and bad
// [plan] input as one clear line with exit code 2 and nothing written.

#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <map>
#include <nlohmann/json.hpp>
#include <numeric>
#include <vector>

#include "support.hpp"

using namespace equiroute::test;
namespace fs = std::filesystem;

namespace {

/// Rows of a CSV written by equiroute, as header → cell (RFC 4180 quotes understood).
std::vector<std::map<std::string, std::string>> csv_records(const fs::path& path) {
  std::vector<std::vector<std::string>> rows;
  std::istringstream in(read_file(path));
  std::string line;
  while (std::getline(in, line)) {
    std::vector<std::string> cells{""};
    bool quoted = false;
    for (char c : line) {
      if (c == '"') {
        quoted = !quoted;
      } else if (c == ',' && !quoted) {
        cells.emplace_back();
      } else {
        cells.back() += c;
      }
    }
    rows.push_back(cells);
  }
  std::vector<std::map<std::string, std::string>> records;
  for (std::size_t r = 1; r < rows.size(); ++r) {
    std::map<std::string, std::string> record;
    for (std::size_t c = 0; c < rows[0].size(); ++c) record[rows[0][c]] = rows[r].at(c);
    records.push_back(record);
  }
  return records;
}

// ---------------------------------------------------------------- the tiny fixture
// Everything on the equator, where the geodesic is the equator itself: distance =
// a · |Δλ| (a = 6,378,137 m, WGS 84), and with circuity 1 and 360 km/h (100 m/s) the travel
// time is a · |Δλ| / 100 s — an independent evaluation of every straight-line time.
constexpr double kEarthA = 6378137.0;
constexpr double kSpeed = 100.0;  // m/s
const std::vector<double> kDemandLon{0.0, 1.0, 2.0, 3.0, 4.0, 5.0};
const std::vector<double> kPopulation{100, 300, 200, 50, 400, 150};
const double kExistingLon = 0.2;
const std::vector<double> kCandidateLon{1.5, 2.6, 3.9, 5.2};
const std::vector<std::string> kCandidateIds{"c1", "c2", "c3", "c4"};
constexpr double kThresholdMin = 20.0;

double travel_s(double lon_a, double lon_b) {
  return kEarthA * std::abs(lon_a - lon_b) * M_PI / 180.0 / kSpeed;
}

/// Nearest time per demand point with the existing site and the candidates in `chosen`.
std::vector<double> nearest(const std::vector<std::size_t>& chosen) {
  std::vector<double> t;
  for (double lon : kDemandLon) {
    double best = travel_s(lon, kExistingLon);
    for (std::size_t c : chosen) best = std::min(best, travel_s(lon, kCandidateLon[c]));
    t.push_back(best);
  }
  return t;
}

double total_population() { return std::accumulate(kPopulation.begin(), kPopulation.end(), 0.0); }

/// The objectives by their definitions (docs/planning.md), written out independently.
double objective(const std::string& name, const std::vector<double>& t) {
  const double limit = kThresholdMin * 60.0;
  double sum = 0, covered = 0, worst = 0;
  for (std::size_t i = 0; i < t.size(); ++i) {
    sum += kPopulation[i] * t[i];
    covered += t[i] <= limit ? kPopulation[i] : 0.0;
    worst = std::max(worst, t[i]);
  }
  if (name == "pmedian") return sum;
  if (name == "mclp") return covered;
  if (name == "pcenter") return worst;
  if (name == "min-share-beyond") return 1.0 - covered / total_population();
  // min-gini-time: the population-weighted Gini as the mean absolute difference,
  // Σ_i Σ_j w_i w_j |t_i − t_j| / (2 W² μ) (Gini 1912), not the Lorenz curve of the engine.
  double difference = 0;
  for (std::size_t i = 0; i < t.size(); ++i)
    for (std::size_t j = 0; j < t.size(); ++j)
      difference += kPopulation[i] * kPopulation[j] * std::abs(t[i] - t[j]);
  const double w = total_population();
  return difference / (2 * w * w * (sum / w));
}

bool maximised(const std::string& name) { return name == "mclp"; }

/// The best value over every k-subset of the candidates (4 choose k).
double brute_force(const std::string& name, std::size_t k) {
  double best = maximised(name) ? -INFINITY : INFINITY;
  for (unsigned mask = 0; mask < (1u << kCandidateLon.size()); ++mask) {
    if (static_cast<std::size_t>(__builtin_popcount(mask)) != k) continue;
    std::vector<std::size_t> chosen;
    for (std::size_t c = 0; c < kCandidateLon.size(); ++c)
      if (mask & (1u << c)) chosen.push_back(c);
    const double v = objective(name, nearest(chosen));
    best = maximised(name) ? std::max(best, v) : std::min(best, v);
  }
  return best;
}

std::vector<std::size_t> candidate_indices(const std::string& sites) {
  std::vector<std::size_t> out;
  std::stringstream ss(sites);
  std::string id;
  while (std::getline(ss, id, ';')) {
    const auto it = std::find(kCandidateIds.begin(), kCandidateIds.end(), id);
    REQUIRE(it != kCandidateIds.end());
    out.push_back(static_cast<std::size_t>(it - kCandidateIds.begin()));
  }
  return out;
}

/// The fixture's files in `dir`: six square regions with seats on the equator, one existing
/// facility, four candidates, and a scenario whose [plan] is `plan`.
fs::path write_fixture(const TempDir& dir, const std::string& plan,
                       const std::string& facilities = {}) {
  std::string features;
  for (std::size_t i = 0; i < kDemandLon.size(); ++i) {
    const double x = kDemandLon[i];
    features += (i ? "," : "") + std::string(R"({"type":"Feature","properties":{"id":"d)") +
                std::to_string(i) + R"(","pop":)" + std::to_string(kPopulation[i]) +
                R"(,"seat_lon":)" + std::to_string(x) +
                R"(,"seat_lat":0},"geometry":{"type":"Polygon","coordinates":[[[)" +
                std::to_string(x - 0.4) + ",-0.4],[" + std::to_string(x + 0.4) + ",-0.4],[" +
                std::to_string(x + 0.4) + ",0.4],[" + std::to_string(x - 0.4) + ",0.4],[" +
                std::to_string(x - 0.4) + ",-0.4]]]}}";
  }
  write_file(dir / "regions.geojson",
             R"({"type":"FeatureCollection","features":[)" + features + "]}");
  write_file(dir / "facilities.csv", facilities.empty()
                                         ? "id,lon,lat\nf0," + std::to_string(kExistingLon) + ",0\n"
                                         : facilities);
  std::string candidates = "id,lon,lat\n";
  for (std::size_t c = 0; c < kCandidateLon.size(); ++c)
    candidates += kCandidateIds[c] + "," + std::to_string(kCandidateLon[c]) + ",0\n";
  write_file(dir / "candidates.csv", candidates);
  const fs::path scenario = dir / "scenario.toml";
  write_file(scenario, R"(title = "plan fixture"
[regions]
path = "regions.geojson"
id_field = "id"
population_field = "pop"
[facilities]
path = "facilities.csv"
id_field = "id"
x_field = "lon"
y_field = "lat"
)" + std::string(facilities.empty() ? "" : "capacity_fields = [\"beds\"]\n") +
                           R"([network]
mode = "none"
circuity = 1.0
speed_kmh = 360
[demand]
rule = "seat"
[access]
models = ["nearest"]
burden_thresholds_min = [20, 40]
[output]
layers = ["geojson"]
maps = false
report = false
)" + plan);
  return scenario;
}

const std::string kFixturePlan = R"([plan]
objectives = ["pmedian", "mclp", "pcenter", "min-share-beyond", "min-gini-time"]
k = [1, 2]
threshold_min = 20
[plan.candidates]
source = "layer"
path = "candidates.csv"
)";

}  // namespace

TEST_CASE("equiroute plan: every plan of the fixture is the brute-force optimum", "[cli][plan]") {
  TempDir dir;
  const fs::path scenario = write_fixture(dir, kFixturePlan);
  const fs::path out = dir / "out";
  const auto r = run_cli("plan '" + scenario.string() + "' -o '" + out.string() + "'");
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 0);

  const auto solutions = csv_records(out / "tables/plan_solutions.csv");
  REQUIRE(solutions.size() == 10);  // 5 objectives × k = 1, 2
  for (const auto& row : solutions) {
    const std::string name = row.at("objective");
    const std::size_t k = std::stoul(row.at("k"));
    INFO(name << " k=" << k << " sites " << row.at("sites"));
    const auto chosen = candidate_indices(row.at("sites"));
    CHECK(chosen.size() == k);
    // The reported value is the objective of the reported sites, and no subset is better
    // (relative tolerance 1e-9: the same sums in a different order).
    const double value = std::stod(row.at("value"));
    const double tolerance = 1e-9 * std::max(1.0, std::abs(value));
    CHECK(std::abs(value - objective(name, nearest(chosen))) <= tolerance);
    CHECK(std::abs(value - brute_force(name, k)) <= tolerance);
    CHECK(std::abs(std::stod(row.at("value_before")) - objective(name, nearest({}))) <=
          1e-9 * std::max(1.0, std::abs(value)));
    CHECK(row.at("status") == (name == "min-gini-time" ? "heuristic" : "optimal"));
  }

  SECTION("before/after indicators follow from the nearest times") {
    const auto rows = csv_records(out / "tables/plan_before_after.csv");
    for (const auto& row : rows) {
      if (row.at("objective") != "pmedian" || row.at("indicator") != "mean_travel_min") continue;
      const double before = objective("pmedian", nearest({})) / total_population() / 60.0;
      CHECK(std::stod(row.at("before")) == Approx(before).epsilon(1e-9));
      const auto k = std::stoul(row.at("k"));
      const double after = brute_force("pmedian", k) / total_population() / 60.0;
      CHECK(std::stod(row.at("after")) == Approx(after).epsilon(1e-9));
    }
  }
  SECTION("the chosen sites layer has one point per plan and site") {
    const auto layer = nlohmann::json::parse(read_file(out / "layers/plan_sites.geojson"));
    CHECK(layer["features"].size() == 5 * (1 + 2));
    for (const auto& f : layer["features"]) CHECK(f["properties"]["role"] == "new");
  }
  SECTION("the manifest records the plan and nothing else of the run") {
    const auto manifest = nlohmann::json::parse(read_file(out / "manifest.json"));
    const auto& plan = manifest["parameters"]["plan"];
    CHECK(plan["candidates"]["count"] == 4);
    CHECK(plan["solutions"].size() == 10);
    CHECK_FALSE(fs::exists(out / "tables/resources.csv"));
  }
}

TEST_CASE("equiroute plan: bad [plan] input is one line, exit 2, nothing written", "[cli][plan]") {
  TempDir dir;
  const fs::path out = dir / "out";
  auto fails = [&](const std::string& plan, const std::string& key) {
    const fs::path scenario = write_fixture(dir, plan);
    const auto r = run_cli("plan '" + scenario.string() + "' -o '" + out.string() + "'");
    INFO(r.err);
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.err, Catch::Contains(key));
    CHECK_FALSE(fs::exists(out));
  };
  fails("[plan]\nobjectives = [\"p-median\"]\n", "'plan.objectives'");
  fails("[plan]\nk = 5\n[plan.candidates]\nsource = \"layer\"\npath = \"candidates.csv\"\n",
        "plan.k");
  fails(
      "[plan]\nobjectives = [\"lscp\"]\nthreshold_min = 1\n[plan.candidates]\n"
      "source = \"layer\"\npath = \"candidates.csv\"\n",
      "'plan.objectives', objective 'lscp': feature d0: plan: lscp is infeasible");
  SECTION("a scenario without [plan]") {
    const fs::path scenario = write_fixture(dir, "");
    const auto r = run_cli("plan '" + scenario.string() + "' -o '" + out.string() + "'");
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.err, Catch::Contains("no [plan] table"));
    CHECK_FALSE(fs::exists(out));
  }
}

TEST_CASE("equiroute plan: new units shared as the brute force shares them", "[cli][plan]") {
  // Two facilities with 10 and 2 beds, 5 new beds, binary 2SFCA with a 30-minute catchment
  // (Luo & Wang 2003): D_j = Σ_{k: d_kj ≤ 30 min} P_k, A_i = Σ_{j: d_ij ≤ 30 min} S_j / D_j.
  // Every split n + (5 − n) is evaluated; the population-weighted variance of A must be the
  // smallest one (Wang & Tang 2013), relative tolerance 1e-9.
  TempDir dir;
  const std::vector<double> facility_lon{kExistingLon, 3.9};
  const std::vector<double> beds{10, 2};
  const fs::path scenario = write_fixture(
      dir, "[plan]\n[plan.allocation]\nfield = \"beds\"\nunits = 5\nthreshold_min = 30\n",
      "id,lon,lat,beds\nf0," + std::to_string(facility_lon[0]) + ",0,10\nf1," +
          std::to_string(facility_lon[1]) + ",0,2\n");
  const fs::path out = dir / "out";
  const auto r = run_cli("plan '" + scenario.string() + "' -o '" + out.string() + "'");
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 0);

  const double limit = 30 * 60.0;
  auto variance = [&](const std::vector<double>& supply) {
    std::vector<double> demand(supply.size(), 0.0), access(kDemandLon.size(), 0.0);
    for (std::size_t j = 0; j < supply.size(); ++j)
      for (std::size_t i = 0; i < kDemandLon.size(); ++i)
        if (travel_s(kDemandLon[i], facility_lon[j]) <= limit) demand[j] += kPopulation[i];
    for (std::size_t i = 0; i < kDemandLon.size(); ++i)
      for (std::size_t j = 0; j < supply.size(); ++j)
        if (travel_s(kDemandLon[i], facility_lon[j]) <= limit) access[i] += supply[j] / demand[j];
    double mean = 0;
    for (std::size_t i = 0; i < access.size(); ++i) mean += kPopulation[i] * access[i];
    mean /= total_population();
    double v = 0;
    for (std::size_t i = 0; i < access.size(); ++i)
      v += kPopulation[i] * (access[i] - mean) * (access[i] - mean);
    return v / total_population();
  };
  double best = INFINITY;
  for (int n = 0; n <= 5; ++n) best = std::min(best, variance({beds[0] + n, beds[1] + 5 - n}));

  const auto rows = csv_records(out / "tables/plan_allocation.csv");
  REQUIRE(rows.size() == 2);
  std::vector<double> after;
  double added = 0;
  for (std::size_t j = 0; j < 2; ++j) {
    CHECK(std::stod(rows[j].at("supply_before")) == beds[j]);
    after.push_back(std::stod(rows[j].at("supply_after")));
    added += std::stod(rows[j].at("added"));
  }
  CHECK(added == 5.0);
  CHECK(variance(after) == Approx(best).epsilon(1e-9));
  const auto manifest = nlohmann::json::parse(read_file(out / "manifest.json"));
  const auto& a = manifest["parameters"]["plan"]["allocation"];
  CHECK(a["variance_after"].get<double>() == Approx(best).epsilon(1e-9));
  CHECK(a["variance_before"].get<double>() == Approx(variance(beds)).epsilon(1e-9));
  CHECK(a["proven_optimal"] == true);
  for (const auto& row : csv_records(out / "tables/plan_allocation_summary.csv")) {
    if (row.at("indicator") != "variance_access") continue;  // per 10,000 people, squared
    CHECK(std::stod(row.at("before")) == Approx(1e8 * variance(beds)).epsilon(1e-9));
    CHECK(std::stod(row.at("after")) == Approx(1e8 * best).epsilon(1e-9));
  }

  SECTION("an unknown supply field is a [plan] key error") {
    const fs::path bad =
        write_fixture(dir, "[plan]\n[plan.allocation]\nfield = \"doctors\"\nunits = 5\n",
                      "id,lon,lat,beds\nf0,0.2,0,10\nf1,3.9,0,2\n");
    const fs::path none = dir / "none";
    const auto e = run_cli("plan '" + bad.string() + "' -o '" + none.string() + "'");
    CHECK(e.exit_code == 2);
    CHECK_THAT(e.err, Catch::Contains("'plan.allocation.field'") && Catch::Contains("beds"));
    CHECK_FALSE(fs::exists(none));
  }
}

TEST_CASE("equiroute plan: the Hunan demo (5 county seats, two objectives)",
          "[cli][plan][embedded]") {
  if (!embedded_data()) EQUIROUTE_SKIP("embedded data set not built (scripts/fetch-data)");
  TempDir dir;
  const fs::path out = dir / "hunan-plan";
  const auto r = run_cli(
      "plan '" + (fs::path(EQUIROUTE_SOURCE_DIR) / "examples/hunan-2018/scenario.toml").string() +
      "' -o '" + out.string() + "' --threads 2");
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 0);

  std::map<std::string, std::map<std::string, std::string>> plans;
  for (const auto& row : csv_records(out / "tables/plan_solutions.csv"))
    plans[row.at("objective")] = row;
  REQUIRE(plans.size() == 2);
  const auto& share = plans.at("min-share-beyond");
  const auto& median = plans.at("pmedian");
  for (const auto* p : {&share, &median}) {
    CHECK(p->at("k") == "5");
    CHECK(p->at("status") == "optimal");
    std::stringstream ss(p->at("sites"));
    std::string id;
    std::size_t sites = 0;
    while (std::getline(ss, id, ';')) {
      CHECK(id.size() == 6);  // county adcodes of Hunan: 43xxxx
      CHECK(id.rfind("43", 0) == 0);
      ++sites;
    }
    CHECK(sites == 5);
    // County names of the same seats, in the order of the ids (e.g. 430181 浏阳市).
    CHECK(std::count(p->at("site_names").begin(), p->at("site_names").end(), ';') == 4);
    CHECK(p->at("site_names").find(";;") == std::string::npos);
  }
  // Each optimum is at least as good as the other plan on its own objective (1e-9
  // relative): the p-median's person-seconds against those of the other plan, and the
  // share beyond 60 min against the p-median plan's share from the before/after table.
  const double median_value = std::stod(median.at("value"));
  CHECK(median_value <= std::stod(share.at("person_s")) * (1 + 1e-9));
  std::map<std::string, std::map<std::string, double>> after, before;
  for (const auto& row : csv_records(out / "tables/plan_before_after.csv")) {
    after[row.at("objective")][row.at("indicator")] = std::stod(row.at("after"));
    before[row.at("objective")][row.at("indicator")] = std::stod(row.at("before"));
  }
  const double share_value = std::stod(share.at("value"));
  CHECK(share_value <= after.at("pmedian").at("share_beyond_60_min") * (1 + 1e-9));
  // The engine's objective and the burden table agree (two code paths): the share beyond
  // 60 min is the min-share-beyond value before and after, and the mean time × population ×
  // 60 is the p-median value (nobody is unreached in the straight-line matrix).
  CHECK(after.at("min-share-beyond").at("share_beyond_60_min") ==
        Approx(share_value).epsilon(1e-9));
  CHECK(before.at("min-share-beyond").at("share_beyond_60_min") ==
        Approx(std::stod(share.at("value_before"))).epsilon(1e-9));
  const double population =
      std::stod(median.at("value_before")) / (before.at("pmedian").at("mean_travel_min") * 60.0);
  CHECK(after.at("pmedian").at("mean_travel_min") * 60.0 * population ==
        Approx(median_value).epsilon(1e-9));
  CHECK(after.at("pmedian").at("unreached_population") == 0.0);
  // Five new sites shorten the mean trip.
  CHECK(after.at("pmedian").at("mean_travel_min") < before.at("pmedian").at("mean_travel_min"));

  {  // the plan's maps and Lorenz charts in the scenario's formats (png, pdf)
    for (const std::string stem :
         {"plan_pmedian_k5_travel_min", "plan_pmedian_k5_change_min", "lorenz_plan_pmedian_k5",
          "plan_min_share_beyond_k5_travel_min", "plan_min_share_beyond_k5_change_min",
          "lorenz_plan_min_share_beyond_k5"}) {
      INFO(stem);
      const auto [width, height] = png_size(out / "maps" / (stem + ".png"));
      CHECK(width == (stem.starts_with("lorenz") ? 1800u : 2480u));  // the renderers' widths
      CHECK(height >= 1000u);
      CHECK(read_file(out / "maps" / (stem + ".pdf")).rfind("%PDF-", 0) == 0);
    }
  }
  SECTION("trade-off: λ = 0 is the p-median plan, the front trades travel for equality") {
    const auto points = csv_records(out / "tables/plan_tradeoff.csv");
    REQUIRE(points.size() >= 2);
    CHECK(points.front().at("sites") == median.at("sites"));
    CHECK(std::stod(points.front().at("efficiency_value")) == Approx(median_value).epsilon(1e-12));
    double last_equity = INFINITY;
    for (const auto& p : points) {
      if (p.at("non_dominated") != "true") continue;
      const double equity = std::stod(p.at("equity_value"));
      CHECK(equity < last_equity);  // ordered by efficiency: equity must improve
      last_equity = equity;
    }
  }
  SECTION("200 new doctors shared among the 14 prefecture sites") {
    const auto rows = csv_records(out / "tables/plan_allocation.csv");
    REQUIRE(rows.size() == 14);
    double added = 0;
    for (const auto& row : rows) {
      const double n = std::stod(row.at("added"));
      CHECK(n == std::round(n));
      CHECK(std::stod(row.at("supply_after")) - std::stod(row.at("supply_before")) == n);
      added += n;
    }
    CHECK(added == 200.0);
    const auto manifest = nlohmann::json::parse(read_file(out / "manifest.json"));
    const auto& a = manifest["parameters"]["plan"]["allocation"];
    // The integer answer is never below the proven bound of the continuous relaxation.
    CHECK(a["variance_after"].get<double>() >= a["variance_bound"].get<double>() * (1 - 1e-12));
    CHECK(a["gap"].get<double>() < 1e-3);
  }
  SECTION("the chosen sites layer holds 10 points") {
    const auto info = run_cli("info '" + (out / "layers/plan_sites.gpkg").string() + "'");
    CHECK_THAT(info.out, Catch::Contains("features: 10"));
  }
}

TEST_CASE("equiroute plan on point files and a cost matrix", "[cli][plan]") {
  // Times by hand (s): demand d1..d4 × sites e0 (existing), c1, c2, c3.
  const std::vector<std::vector<double>> time{{600, 300, 900, 1200},
                                              {1500, 200, 700, 1000},
                                              {2400, 1300, 250, 800},
                                              {3000, 2000, 900, 100}};
  const std::vector<double> population{10, 20, 30, 40};
  const std::vector<std::string> sites{"e0", "c1", "c2", "c3"};
  TempDir dir;
  write_file(dir / "demand.csv",
             "id,lon,lat,pop\nd1,112.0,28.0,10\nd2,112.1,28.0,20\nd3,112.2,28.0,30\n"
             "d4,112.3,28.0,40\n");
  write_file(dir / "existing.csv", "id,lon,lat\ne0,111.9,28.0\n");
  write_file(dir / "candidates.csv", "id,lon,lat\nc1,112.05,28.0\nc2,112.2,28.0\nc3,112.3,28.0\n");
  std::string cost = "origin_id,destination_id,travel_s\n";
  for (std::size_t i = 0; i < 4; ++i)
    for (std::size_t j = 0; j < 4; ++j)
      cost +=
          "d" + std::to_string(i + 1) + "," + sites[j] + "," + std::to_string(time[i][j]) + "\n";
  write_file(dir / "cost.csv", cost);
  const std::string files =
      "plan --demand '" + (dir / "demand.csv").string() + "' --population-field pop --existing '" +
      (dir / "existing.csv").string() + "' --candidates '" + (dir / "candidates.csv").string() +
      "' --cost '" + (dir / "cost.csv").string() + "' --threshold-min 10";

  // Brute force over every candidate subset: Σ w·t and Σ w·[t ≤ 600 s] with e0 always open.
  auto best = [&](const std::string& name, std::size_t k) {
    double out = name == "mclp" ? -INFINITY : INFINITY;
    for (unsigned mask = 0; mask < 8; ++mask) {
      if (static_cast<std::size_t>(__builtin_popcount(mask)) != k) continue;
      double sum = 0, covered = 0;
      for (std::size_t i = 0; i < 4; ++i) {
        double t = time[i][0];
        for (std::size_t c = 0; c < 3; ++c)
          if (mask & (1u << c)) t = std::min(t, time[i][c + 1]);
        sum += population[i] * t;
        covered += t <= 600 ? population[i] : 0;
      }
      out = name == "mclp" ? std::max(out, covered) : std::min(out, sum);
    }
    return out;
  };
  const fs::path out = dir / "out";
  const auto r = run_cli(files + " --objective pmedian --objective mclp --k 1 --k 2 -o '" +
                         out.string() + "'");
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 0);
  const auto rows = csv_records(out / "solutions.csv");
  REQUIRE(rows.size() == 4);
  for (const auto& row : rows) {
    INFO(row.at("objective") << " k=" << row.at("k") << " " << row.at("sites"));
    CHECK(std::stod(row.at("value")) == best(row.at("objective"), std::stoul(row.at("k"))));
    CHECK(row.at("status") == "optimal");
    CHECK(std::stod(row.at("seconds")) >= 0.0);
  }
  // By hand: k = 1 p-median opens c3 (d4, the largest population, is then 100 s away):
  // 10·600 + 20·1000 + 30·800 + 40·100 = 54,000 person-s (c2 would give 63,500, c1 126,000).
  CHECK(rows[0].at("sites") == "c3");
  CHECK(std::stod(rows[0].at("value")) == 54000.0);
  CHECK(fs::exists(out / "before_after.csv"));
  CHECK(fs::exists(out / "manifest.json"));

  SECTION("k beyond the candidates names the option, exit 2, nothing written") {
    const fs::path none = dir / "none";
    const auto e = run_cli(files + " --k 4 -o '" + none.string() + "'");
    CHECK(e.exit_code == 2);
    CHECK_THAT(e.err, Catch::Contains("option '--k' asks for 4 sites"));
    CHECK_FALSE(fs::exists(none));
  }
}

TEST_CASE("equiroute plan on point files: candidates out of reach or in another CRS, exit 2",
          "[cli][plan]") {
  TempDir dir;
  write_file(dir / "demand.csv", "id,lon,lat,pop\nd0,0,0,100\nd1,0.5,0,200\n");
  write_file(dir / "existing.csv", "id,lon,lat\ne0,0.2,0\n");
  write_file(dir / "candidates.csv", "id,lon,lat\nc0,0.1,0\nc1,0.4,0\n");
  const std::string base = "plan --demand '" + (dir / "demand.csv").string() +
                           "' --population-field pop --existing '" +
                           (dir / "existing.csv").string() + "' --objective pmedian --k 1";
  const fs::path out = dir / "out";

  SECTION("a cost matrix with no pair for any candidate") {
    write_file(dir / "cost.csv", "origin_id,destination_id,travel_s\nd0,e0,600\nd1,e0,1200\n");
    const auto r =
        run_cli(base + " --candidates '" + (dir / "candidates.csv").string() + "' --cost '" +
                (dir / "cost.csv").string() + "' -o '" + out.string() + "'");
    INFO(r.err);
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.err, Catch::Contains("no candidate site is within reach"));
    CHECK_FALSE(fs::exists(out));
  }
  SECTION("projected coordinates in a lon/lat candidate file") {
    write_file(dir / "projected.csv", "id,lon,lat\nc0,500000,3000000\nc1,510000,3000000\n");
    const auto r = run_cli(base + " --candidates '" + (dir / "projected.csv").string() + "' -o '" +
                           out.string() + "'");
    INFO(r.err);
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.err, Catch::Contains("projected.csv") && Catch::Contains("feature 1") &&
                          Catch::Contains("out of range"));
    CHECK_FALSE(fs::exists(out));
  }
}
