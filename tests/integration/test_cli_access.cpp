// `equiroute access` end to end on small generated fixtures: scores from a user cost matrix
// (the 4 × 3 hand case of tests/engine/test_accessibility.cpp), straight-line mode, demand
// points derived from polygons, and the input errors with a defined answer.

#include <catch2/catch.hpp>
#include <cmath>
#include <cstdio>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "equiroute/engine/straight_line.hpp"
#include "equiroute/geodata/projection.hpp"
#include "support.hpp"

using namespace equiroute::test;
using nlohmann::json;

namespace {

/// Rows of a comma-separated file without quoting, keyed by header, keyed by the first column.
std::map<std::string, std::map<std::string, std::string>> csv_by_id(const fs::path& path) {
  std::istringstream in(read_file(path));
  std::string line;
  std::vector<std::string> header;
  std::map<std::string, std::map<std::string, std::string>> rows;
  auto split = [](const std::string& s) {
    std::vector<std::string> cells;
    std::stringstream ss(s);
    std::string cell;
    while (std::getline(ss, cell, ',')) cells.push_back(cell);
    if (!s.empty() && s.back() == ',') cells.emplace_back();
    return cells;
  };
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) continue;
    if (header.empty()) {
      header = split(line);
      continue;
    }
    const auto cells = split(line);
    auto& row = rows[cells.at(0)];
    for (std::size_t c = 0; c < header.size() && c < cells.size(); ++c) row[header[c]] = cells[c];
  }
  return rows;
}

double num(const std::string& s) { return std::stod(s); }

// The hand case (minutes): D0→F0 5, F1 25; D1→F0 15, F2 40; D2 nothing; D3→F0 0, F1 35, F2 12.
const char* kDemand =
    "id,lon,lat,pop,pref\n"
    "d0,112.0,28.0,100,A\n"
    "d1,112.1,28.0,200,A\n"
    "d2,113.0,29.0,300,B\n"
    "d3,112.2,28.1,0,B\n";
const char* kSupply =
    "id,lon,lat,beds,doctors\n"
    "f0,112.0,28.0,10,1\n"
    "f1,112.3,28.2,20,2\n"
    "f2,112.05,28.05,30,3\n";
const char* kCost =
    "origin_id,destination_id,travel_s\n"
    "d0,f0,300\n"
    "d0,f1,1500\n"
    "d1,f0,900\n"
    "d1,f2,2400\n"
    "d3,f0,0\n"
    "d3,f1,2100\n"
    "d3,f2,720\n";

std::string base_args(const TempDir& dir) {
  return "access --demand '" + (dir / "demand.csv").string() + "' --supply '" +
         (dir / "supply.csv").string() +
         "' --demand-id-field id --supply-id-field id --population-field pop";
}

}  // namespace

TEST_CASE("access from a cost matrix: hand values, groups, summary", "[integration][access]") {
  TempDir dir;
  write_file(dir / "demand.csv", kDemand);
  write_file(dir / "supply.csv", kSupply);
  write_file(dir / "cost.csv", kCost);
  auto r = run_cli(
      base_args(dir) + " --cost '" + (dir / "cost.csv").string() +
      "' --model 2sfca --model e2sfca --model 3sfca --model nearest"
      " --supply-field beds --supply-field doctors --group-field pref --region-field pref -o '" +
      (dir / "out").string() + "'");
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  auto demand = csv_by_id(dir / "out" / "access_demand.csv");
  REQUIRE(demand.size() == 4);
  // 2SFCA: A0 = 10/300 + 20/100; E2SFCA: A1 = 0.68 · 10/236; 3SFCA A0 = 0.2342173 (see the
  // engine test for the arithmetic); nearest D0 = 300 s; D2 reaches nothing.
  CHECK(num(demand["d0"]["2sfca_beds"]) == Approx(10.0 / 300 + 0.2).epsilon(1e-9));
  CHECK(num(demand["d0"]["2sfca_doctors"]) == Approx(1.0 / 300 + 0.02).epsilon(1e-9));
  CHECK(num(demand["d1"]["e2sfca_beds"]) == Approx(0.68 * 10 / 236).epsilon(1e-9));
  CHECK(num(demand["d0"]["3sfca_beds"]) == Approx(0.234217250135).epsilon(1e-9));
  CHECK(num(demand["d0"]["nearest_travel_s"]) == 300.0);
  CHECK(num(demand["d2"]["2sfca_beds"]) == 0.0);
  CHECK(demand["d2"]["2sfca_unreached"] == "1");
  CHECK(demand["d2"]["nearest_travel_s"].empty());  // unreachable: undefined, not a number

  auto supply = csv_by_id(dir / "out" / "access_supply.csv");
  CHECK(supply["f2"]["2sfca_ratio_undefined"] == "1");  // only a zero-population unit
  CHECK(supply["f2"]["2sfca_beds_ratio"].empty());

  auto regions = csv_by_id(dir / "out" / "access_regions.csv");
  REQUIRE(regions.size() == 2);
  // Group A: (100 · A0 + 200 · A1) / 300 = (23.3333 + 6.6667) / 300 = 0.1
  CHECK(num(regions["A"]["2sfca_beds"]) == Approx(0.1).epsilon(1e-9));
  auto burden = csv_by_id(dir / "out" / "access_burden.csv");
  CHECK(burden["B"]["median_s"] == "unreachable");
  CHECK(num(burden["all"]["unreachable_population"]) == 300.0);
  // Beyond 30 min: only the 300 unreachable of 600 people
  CHECK(num(burden["all"]["share_beyond_30_min"]) == Approx(0.5));

  json summary = json::parse(read_file(dir / "out" / "summary.json"));
  CHECK(summary["travel"]["approximate"] == false);
  CHECK(summary["travel"]["share_beyond_min"]["30"].get<double>() == Approx(0.5));
  json manifest = json::parse(read_file(dir / "out" / "manifest.json"));
  // 12 pairs, 7 given: 5 missing, treated as unreachable and reported
  CHECK(manifest["parameters"]["travel_costs"]["missing_pairs"] == 5);
  CHECK(manifest["parameters"]["models"]["2sfca"]["source"].get<std::string>().find("Luo & Wang") ==
        0);

  auto equity = csv_by_id(dir / "out" / "access_equity.csv");
  // Travel time once (the nearest model's own column is the same), then 6 scores.
  REQUIRE(equity.size() == 1 + 6);
  CHECK(equity["nearest_travel_s"]["note"].find("1 units without a finite value") == 0);
  CHECK(!equity["2sfca_beds"]["gini"].empty());
  CHECK(!equity["2sfca_beds"]["theil_t_between"].empty());
  CHECK(fs::exists(dir / "out" / "access_demand.gpkg"));
}

TEST_CASE("access in straight-line mode is flagged approximate", "[integration][access]") {
  TempDir dir;
  // On the equator one degree of longitude is a·π/180 = 111,319.49 m (WGS 84), so the
  // approximate time is 111,319.49 × 1.3 / (40 / 3.6) = 13,024.38 s.
  write_file(dir / "demand.csv", "id,lon,lat,pop\na,0,0,10\nb,1,0,10\n");
  write_file(dir / "supply.csv", "id,lon,lat\nf,0,0\n");
  auto r = run_cli(base_args(dir) +
                   " --network none --model nearest --model cumulative"
                   " --threshold-min 240 --layer-format geojson -o '" +
                   (dir / "out").string() + "'");
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(r.err.find("approximation") != std::string::npos);
  auto demand = csv_by_id(dir / "out" / "access_demand.csv");
  CHECK(num(demand["a"]["nearest_travel_s"]) == 0.0);  // co-located: time 0
  CHECK(num(demand["b"]["nearest_travel_s"]) == Approx(13024.38).epsilon(1e-5));
  CHECK(num(demand["b"]["cumulative_facilities"]) == 1.0);
  json summary = json::parse(read_file(dir / "out" / "summary.json"));
  CHECK(summary["travel"]["approximate"] == true);
  CHECK(fs::exists(dir / "out" / "access_demand.geojson"));
}

TEST_CASE("access derives demand points from polygons", "[integration][access]") {
  TempDir dir;
  // Two unit squares; their centroids are (0.5, 0.5) and (2.5, 0.5) up to the projection.
  write_file(dir / "regions.geojson", R"({"type":"FeatureCollection","features":[
{"type":"Feature","properties":{"code":"r1","pop":50},"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,1],[0,0]]]}},
{"type":"Feature","properties":{"code":"r2","pop":150},"geometry":{"type":"Polygon","coordinates":[[[2,0],[3,0],[3,1],[2,1],[2,0]]]}}]})");
  write_file(dir / "supply.csv", "id,lon,lat,beds\nf,0.5,0.5,20\n");
  auto r = run_cli("access --demand '" + (dir / "regions.geojson").string() + "' --supply '" +
                   (dir / "supply.csv").string() +
                   "' --demand-id-field code --supply-id-field id --population-field pop"
                   " --demand-rule centroid --network none --model nearest --model 2sfca"
                   " --threshold-min 1000 --supply-field beds -o '" +
                   (dir / "out").string() + "'");
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  auto demand = csv_by_id(dir / "out" / "access_demand.csv");
  CHECK(num(demand["r1"]["lon"]) == Approx(0.5).margin(1e-3));
  CHECK(num(demand["r1"]["nearest_travel_s"]) == Approx(0.0).margin(5.0));
  // Both regions share the one facility: R = 20 / 200, every A = 0.1
  CHECK(num(demand["r2"]["2sfca_beds"]) == Approx(0.1));
  json manifest = json::parse(read_file(dir / "out" / "manifest.json"));
  CHECK(manifest["parameters"]["demand_rule"] == "centroid");
}

TEST_CASE("access input errors name the problem", "[integration][access]") {
  TempDir dir;
  write_file(dir / "demand.csv", kDemand);
  write_file(dir / "supply.csv", kSupply);
  const std::string out = " -o '" + (dir / "out").string() + "'";
  SECTION("a cost row with an unknown id names the row") {
    write_file(dir / "cost.csv", std::string(kCost) + "d9,f0,60\n");
    auto r = run_cli(base_args(dir) + " --cost '" + (dir / "cost.csv").string() +
                     "' --model 2sfca" + out);
    CHECK(r.exit_code == 2);
    CHECK(r.err.find("row 9") != std::string::npos);
    CHECK(r.err.find("d9") != std::string::npos);
  }
  SECTION("a pair given twice") {
    write_file(dir / "cost.csv", std::string(kCost) + "d0,f0,60\n");
    auto r = run_cli(base_args(dir) + " --cost '" + (dir / "cost.csv").string() +
                     "' --model 2sfca" + out);
    CHECK(r.exit_code == 2);
    CHECK(r.err.find("more than once") != std::string::npos);
  }
  SECTION("a missing cost column lists the header") {
    write_file(dir / "cost.csv", "from,to,seconds\nd0,f0,1\n");
    auto r = run_cli(base_args(dir) + " --cost '" + (dir / "cost.csv").string() +
                     "' --model 2sfca" + out);
    CHECK(r.exit_code == 2);
    CHECK(r.err.find("from, to, seconds") != std::string::npos);
  }
  SECTION("custom cost column names") {
    write_file(dir / "cost.csv", "from,to,seconds\nd0,f0,1\n");
    auto r = run_cli(base_args(dir) + " --cost '" + (dir / "cost.csv").string() +
                     "' --cost-origin-field from --cost-destination-field to"
                     " --cost-time-field seconds --model nearest" +
                     out);
    CHECK(r.exit_code == 0);
  }
  SECTION("duplicate demand ids") {
    write_file(dir / "demand.csv", std::string(kDemand) + "d0,112.5,28.5,10,A\n");
    auto r = run_cli(base_args(dir) + " --network none --model 2sfca" + out);
    CHECK(r.exit_code == 2);
    CHECK(r.err.find("d0") != std::string::npos);
  }
  SECTION("unknown model and bad parameter") {
    auto r = run_cli(base_args(dir) + " --network none --model 4sfca" + out);
    CHECK(r.exit_code == 2);
    auto p = run_cli(base_args(dir) +
                     " --network none --model e2sfca --param e2sfca.zones_min=10,20" + out);
    CHECK(p.exit_code == 2);
    CHECK(p.err.find("zone") != std::string::npos);
  }
  SECTION("no travel-cost source") {
    auto r = run_cli(base_args(dir) + " --model 2sfca" + out);
    CHECK(r.exit_code == 2);
  }
}

TEST_CASE("the same scores from computed times and from the same times as a cost matrix",
          "[integration][access]") {
  TempDir dir;
  write_file(dir / "demand.csv", kDemand);
  write_file(dir / "supply.csv", kSupply);
  // Export the straight-line matrix the CLI computes, with round-trip precision.
  using equiroute::LonLat;
  const std::vector<LonLat> origins{{112.0, 28.0}, {112.1, 28.0}, {113.0, 29.0}, {112.2, 28.1}};
  const std::vector<LonLat> destinations{{112.0, 28.0}, {112.3, 28.2}, {112.05, 28.05}};
  const std::vector<std::string> oid{"d0", "d1", "d2", "d3"}, did{"f0", "f1", "f2"};
  const auto m = equiroute::engine::straight_line_matrix(
      origins, destinations,
      [](LonLat p, LonLat q) { return equiroute::geodata::geodesic_distance_m(p, q); });
  std::string csv = "origin_id,destination_id,travel_s\n";
  for (std::size_t i = 0; i < m.origin_count; ++i) {
    auto d = m.row_destinations(i);
    auto t = m.row_travel_s(i);
    for (std::size_t e = 0; e < d.size(); ++e) {
      char buffer[64];
      std::snprintf(buffer, sizeof buffer, "%.17g", t[e]);
      csv += oid[i] + "," + did[d[e]] + "," + buffer + "\n";
    }
  }
  write_file(dir / "cost.csv", csv);
  const std::string models =
      " --model nearest --model 2sfca --model e2sfca --model g2sfca --model 3sfca --model gravity"
      " --model cumulative --supply-field beds --group-field pref --layer-format none";
  auto a =
      run_cli(base_args(dir) + " --network none" + models + " -o '" + (dir / "a").string() + "'");
  auto b = run_cli(base_args(dir) + " --cost '" + (dir / "cost.csv").string() + "'" + models +
                   " -o '" + (dir / "b").string() + "'");
  REQUIRE(a.exit_code == 0);
  REQUIRE(b.exit_code == 0);
  CHECK(read_file(dir / "a" / "access_demand.csv") == read_file(dir / "b" / "access_demand.csv"));
  for (const char* table :
       {"access_regions.csv", "access_burden.csv", "access_equity.csv", "access_supply.csv"})
    CHECK(read_file(dir / "a" / table) == read_file(dir / "b" / table));
}

TEST_CASE("the same results from a road network and from its exported cost matrix",
          "[integration][access]") {
  TempDir dir;
  write_file(dir / "demand.csv", kDemand);
  write_file(dir / "supply.csv", kSupply);
  // A small line network through most points; d2 is far from it (unreachable).
  write_file(dir / "roads.geojson", R"({"type":"FeatureCollection","features":[
{"type":"Feature","properties":{"highway":"primary"},"geometry":{"type":"LineString","coordinates":[[112.0,28.0],[112.1,28.0],[112.2,28.1],[112.3,28.2]]}},
{"type":"Feature","properties":{"highway":"secondary"},"geometry":{"type":"LineString","coordinates":[[112.1,28.0],[112.05,28.05]]}}]})");
  const std::string points = " --demand-id-field id --supply-id-field id --population-field pop";
  auto od = run_cli("od --network '" + (dir / "roads.geojson").string() + "' --origins '" +
                    (dir / "demand.csv").string() + "' --destinations '" +
                    (dir / "supply.csv").string() + "' -o '" + (dir / "od.csv").string() + "'");
  INFO(od.err);
  REQUIRE(od.exit_code == 0);
  const std::string models =
      " --model nearest --model 2sfca --model e2sfca --model 3sfca --model gravity"
      " --supply-field beds --layer-format none";
  auto a = run_cli(base_args(dir) + " --network '" + (dir / "roads.geojson").string() + "'" +
                   models + " -o '" + (dir / "a").string() + "'");
  auto b = run_cli(base_args(dir) + " --cost '" + (dir / "od.csv").string() + "'" + models +
                   " -o '" + (dir / "b").string() + "'");
  INFO(a.err << b.err);
  REQUIRE(a.exit_code == 0);
  REQUIRE(b.exit_code == 0);
  auto ra = csv_by_id(dir / "a" / "access_demand.csv");
  auto rb = csv_by_id(dir / "b" / "access_demand.csv");
  REQUIRE(ra.size() == 4);
  std::size_t compared = 0;
  for (const auto& [id, row] : ra) {
    for (const auto& [column, value] : row) {
      const std::string& other = rb[id][column];
      if (value.empty() || column == "id") {
        CHECK(other == value);
        continue;
      }
      // od.csv prints seconds with 3 decimals: allow that round-off.
      CHECK(num(other) == Approx(num(value)).epsilon(1e-6).margin(1e-3));
      ++compared;
    }
  }
  CHECK(compared > 20);
  CHECK(ra["d2"]["nearest_unreached"] == "1");
}
