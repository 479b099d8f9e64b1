// GCJ-02 / BD-09 through the commands (docs/coordinates.md): the detection warning when
// points are snapped to a road network (one line with both medians; silent on true WGS 84
// points), per-layer CRS options of `od`, the scenario's crs keys for facilities and demand
// points, and GCJ-02 declared for a projected layer (exit 2, one line).

#include <fmt/core.h>

#include <catch2/catch.hpp>
#include <cmath>
#include <map>
#include <numbers>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "equiroute/geodata/china_coordinates.hpp"
#include "equiroute/network/china_offset.hpp"
#include "support.hpp"

using namespace equiroute;
using namespace equiroute::test;

namespace {

struct Segment {
  LonLat a, b;
};

/// 300 straight roads of 1–5 km at random angles around Changsha (about 55 × 55 km), as in
/// tests/geodata/test_china_offset_check.cpp, written as a GeoJSON line layer.
std::vector<Segment> write_roads(const fs::path& path) {
  std::mt19937 rng(18);
  std::uniform_real_distribution<double> lon(112.7, 113.2), lat(28.0, 28.5);
  std::uniform_real_distribution<double> angle(0.0, 2.0 * std::numbers::pi), length(0.01, 0.05);
  std::vector<Segment> roads;
  std::string json = R"({"type":"FeatureCollection","features":[)";
  for (int k = 0; k < 300; ++k) {
    const LonLat a{lon(rng), lat(rng)};
    const double t = angle(rng), l = length(rng);
    const LonLat b{a.lon + l * std::cos(t), a.lat + l * std::sin(t)};
    roads.push_back({a, b});
    json += fmt::format(
        R"({}{{"type":"Feature","properties":{{"highway":"primary"}},"geometry":{{"type":)"
        R"("LineString","coordinates":[[{:.9f},{:.9f}],[{:.9f},{:.9f}]]}}}})",
        k ? "," : "", a.lon, a.lat, b.lon, b.lat);
  }
  write_file(path, json + "]}");
  return roads;
}

/// `count` points on the roads (a few metres off, as real points are), true WGS 84.
std::vector<LonLat> points_on(const std::vector<Segment>& roads, std::size_t count,
                              std::uint32_t seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> along(0.0, 1.0), across(-0.0001, 0.0001);
  std::vector<LonLat> points;
  for (std::size_t k = 0; k < count; ++k) {
    const Segment& s = roads[(k * 5) % roads.size()];
    const double t = along(rng);
    points.push_back({s.a.lon + t * (s.b.lon - s.a.lon) + across(rng),
                      s.a.lat + t * (s.b.lat - s.a.lat) + across(rng)});
  }
  return points;
}

std::vector<LonLat> shifted(const std::vector<LonLat>& points, geodata::ChinaDatum datum) {
  std::vector<LonLat> out;
  for (const auto& p : points) out.push_back(geodata::from_wgs84(p, datum));
  return out;
}

void write_points(const fs::path& path, const std::vector<LonLat>& points,
                  const std::string& extra_header = "", const std::string& extra = "") {
  std::string csv = "id,lon,lat" + extra_header + "\n";
  for (std::size_t i = 0; i < points.size(); ++i)
    csv += fmt::format("p{},{:.12f},{:.12f}{}\n", i, points[i].lon, points[i].lat, extra);
  write_file(path, csv);
}

std::vector<std::string> split(const std::string& line) {
  std::vector<std::string> cells;
  std::stringstream ss(line);
  std::string cell;
  while (std::getline(ss, cell, ',')) cells.push_back(cell);
  return cells;
}

/// id → (lon, lat) from a table with columns id, …, lon, lat, ….
std::map<std::string, LonLat> coordinates(const fs::path& csv) {
  std::map<std::string, LonLat> out;
  std::istringstream in(read_file(csv));
  std::string line;
  std::getline(in, line);
  const auto header = split(line);
  const auto lon =
      static_cast<std::size_t>(std::find(header.begin(), header.end(), "lon") - header.begin());
  REQUIRE(lon + 1 < header.size());
  REQUIRE(header[lon + 1] == "lat");
  while (std::getline(in, line)) {
    const auto cells = split(line);
    out[cells[0]] = {std::stod(cells[lon]), std::stod(cells[lon + 1])};
  }
  return out;
}

const char* kProjectedLayer =
    R"({"type":"FeatureCollection","crs":{"type":"name","properties":{"name":)"
    R"("urn:ogc:def:crs:EPSG::32649"}},"features":[{"type":"Feature","properties":{"id":"h1"},)"
    R"("geometry":{"type":"Point","coordinates":[700000,3100000]}}]})";

}  // namespace

TEST_CASE("snapping warns about GCJ-02 and BD-09 points, never about true WGS 84",
          "[cli][china][routing]") {
  TempDir dir;
  const auto roads = write_roads(dir / "roads.geojson");
  const auto facilities = points_on(roads, 60, 7);
  write_points(dir / "origins.csv", points_on(roads, 5, 3));
  write_points(dir / "true.csv", facilities);
  write_points(dir / "gcj.csv", shifted(facilities, geodata::ChinaDatum::Gcj02));
  write_points(dir / "bd.csv", shifted(facilities, geodata::ChinaDatum::Bd09));

  SECTION("the check itself: medians as given and converted") {
    const auto net = network::load_routing_network(
        {.path = (dir / "roads.geojson").string(), .graph = {.keep_largest_component = false}});
    const auto truth = network::check_china_offset(*net, facilities);
    CHECK(truth.points_checked == 60);
    CHECK(truth.median_as_given_m < 20.0);
    CHECK_FALSE(truth.suggested);
    const auto gcj =
        network::check_china_offset(*net, shifted(facilities, geodata::ChinaDatum::Gcj02));
    REQUIRE(gcj.suggested);
    CHECK(*gcj.suggested == geodata::ChinaDatum::Gcj02);
    CHECK(gcj.median_from_gcj02_m < 20.0);
    CHECK(gcj.median_as_given_m > 100.0);
  }

  auto od = [&](const std::string& destinations, const std::string& extra) {
    return run_cli("od --network '" + (dir / "roads.geojson").string() +
                   "' --keep-all-components --origins '" + (dir / "origins.csv").string() +
                   "' --destinations '" + (dir / destinations).string() + "' " + extra + " -o '" +
                   (dir / (destinations + ".od.csv")).string() + "'");
  };
  const auto truth = od("true.csv", "");
  INFO(truth.err);
  REQUIRE(truth.exit_code == 0);
  CHECK(truth.err.find("look like") == std::string::npos);

  const auto gcj = od("gcj.csv", "");
  REQUIRE(gcj.exit_code == 0);
  const std::string line = "destinations '" + (dir / "gcj.csv").string() +
                           "' look like GCJ-02 coordinates, not WGS 84: their median snap "
                           "distance is ";
  CHECK_THAT(gcj.err, Catch::Contains(line) && Catch::Contains("m as given and") &&
                          Catch::Contains("if converted from GCJ-02"));
  CHECK(gcj.err.find("origins '" + (dir / "origins.csv").string() + "' look like") ==
        std::string::npos);

  const auto bd = od("bd.csv", "");
  REQUIRE(bd.exit_code == 0);
  CHECK_THAT(bd.err, Catch::Contains("look like BD-09 coordinates"));

  // Declared, the same points are converted at load: silent, and the same travel times.
  const auto declared = od("gcj.csv", "--destinations-crs GCJ-02");
  REQUIRE(declared.exit_code == 0);
  CHECK(declared.err.find("look like") == std::string::npos);
  std::istringstream a(read_file(dir / "true.csv.od.csv"));
  std::istringstream b(read_file(dir / "gcj.csv.od.csv"));
  std::string la, lb;
  std::size_t lines = 0;
  while (std::getline(a, la) && std::getline(b, lb)) {
    if (lines++ == 0) continue;
    const auto comma = la.rfind(',');
    CHECK(la.substr(0, comma) == lb.substr(0, lb.rfind(',')));
    CHECK(std::stod(la.substr(comma + 1)) ==
          Approx(std::stod(lb.substr(lb.rfind(',') + 1))).margin(1e-3));
  }
  CHECK(lines > 1);
}

TEST_CASE("scenario crs = \"GCJ-02\" for facilities and demand points", "[cli][run][china]") {
  TempDir dir;
  const auto roads = write_roads(dir / "roads.geojson");
  const auto facilities = points_on(roads, 60, 7);
  const auto villages = points_on(roads, 20, 11);
  write_points(dir / "fac_gcj.csv", shifted(facilities, geodata::ChinaDatum::Gcj02));
  write_points(dir / "vil_gcj.csv", shifted(villages, geodata::ChinaDatum::Gcj02), ",pop", ",100");
  write_points(dir / "vil.csv", villages, ",pop", ",100");
  auto half = [](const char* id, double west, double east) {
    return fmt::format(
        R"({{"type":"Feature","properties":{{"id":"{}","pop":1000}},"geometry":{{"type":)"
        R"("Polygon","coordinates":[[[{},27.9],[{},27.9],[{},28.6],[{},28.6],[{},27.9]]]}}}})",
        id, west, east, east, west, west);
  };
  write_file(dir / "region.geojson", R"({"type":"FeatureCollection","features":[)" +
                                         half("W", 112.6, 112.95) + "," + half("E", 112.95, 113.3) +
                                         "]}");
  auto scenario = [&](const std::string& facility_crs, const std::string& villages_file,
                      const std::string& village_crs) {
    return fmt::format(
        "[regions]\npath = \"region.geojson\"\nid_field = \"id\"\npopulation_field = \"pop\"\n"
        "[facilities]\npath = \"fac_gcj.csv\"\nid_field = \"id\"\n{}"
        "[network]\npath = \"roads.geojson\"\nkeep_all_components = true\n"
        "[demand]\nrule = \"points\"\npath = \"{}\"\npopulation_field = \"pop\"\n{}"
        "[access]\nmodels = [\"nearest\"]\n[output]\nmaps = false\nreport = false\n"
        "layers = [\"geojson\"]\n",
        facility_crs, villages_file, village_crs);
  };
  auto run = [&](const std::string& name, const std::string& text) {
    write_file(dir / (name + ".toml"), text);
    return run_cli("run '" + (dir / (name + ".toml")).string() + "' -o '" + (dir / name).string() +
                   "'");
  };

  const auto declared =
      run("declared", scenario("crs = \"GCJ-02\"\n", "vil_gcj.csv", "crs = \"GCJ-02\"\n"));
  INFO(declared.err);
  REQUIRE(declared.exit_code == 0);
  CHECK(declared.err.find("look like") == std::string::npos);
  CHECK_THAT(declared.err, Catch::Contains("converted 60 features from GCJ-02 to WGS 84"));
  // Converted at load: the outputs hold the true positions (7 decimals in the tables).
  auto check_truth = [](const std::map<std::string, LonLat>& read,
                        const std::vector<LonLat>& truth) {
    REQUIRE(read.size() == truth.size());
    for (std::size_t i = 0; i < truth.size(); ++i) {
      const LonLat& p = read.at("p" + std::to_string(i));
      CHECK(p.lon == Approx(truth[i].lon).margin(1e-7));
      CHECK(p.lat == Approx(truth[i].lat).margin(1e-7));
    }
  };
  check_truth(coordinates(dir / "declared/tables/access_supply.csv"), facilities);
  check_truth(coordinates(dir / "declared/tables/access_demand.csv"), villages);

  // Undeclared, the facilities are taken as WGS 84 and the snap check says what they look like.
  const auto undeclared = run("undeclared", scenario("", "vil.csv", ""));
  REQUIRE(undeclared.exit_code == 0);
  CHECK_THAT(undeclared.err, Catch::Contains("facilities '" + (dir / "fac_gcj.csv").string() +
                                             "' look like GCJ-02 coordinates"));
  CHECK(undeclared.err.find("demand points look like") == std::string::npos);
}

TEST_CASE("GCJ-02 declared for a projected layer: exit 2, one line", "[cli][china]") {
  TempDir dir;
  write_file(dir / "projected.geojson", kProjectedLayer);
  write_file(dir / "o.csv", "id,lon,lat\no1,113.0,28.2\n");
  const auto od = run_cli("od --network none --origins '" + (dir / "o.csv").string() +
                          "' --destinations '" + (dir / "projected.geojson").string() +
                          "' --destinations-crs GCJ-02 -o '" + (dir / "od.csv").string() + "'");
  CHECK(od.exit_code == 2);
  CHECK_THAT(od.err, Catch::Contains("projected.geojson") &&
                         Catch::Contains("GCJ-02 coordinates are longitude/latitude, but the "
                                         "layer declares the projected CRS"));
  CHECK(std::count(od.err.begin(), od.err.end(), '\n') <= 2);
  CHECK_FALSE(fs::exists(dir / "od.csv"));

  write_file(dir / "region.geojson",
             R"({"type":"FeatureCollection","features":[{"type":"Feature","properties":)"
             R"({"id":"R","pop":10},"geometry":{"type":"Polygon","coordinates":[[[112,27],)"
             R"([114,27],[114,29],[112,29],[112,27]]]}}]})");
  write_file(dir / "s.toml",
             "[regions]\npath = \"region.geojson\"\nid_field = \"id\"\npopulation_field = \"pop\"\n"
             "[facilities]\npath = \"projected.geojson\"\nid_field = \"id\"\ncrs = \"BD-09\"\n");
  const auto run =
      run_cli("run '" + (dir / "s.toml").string() + "' -o '" + (dir / "out").string() + "'");
  CHECK(run.exit_code == 2);
  CHECK_THAT(run.err, Catch::Contains("BD-09 coordinates are longitude/latitude"));
  CHECK(std::count(run.err.begin(), run.err.end(), '\n') <= 2);
  CHECK_FALSE(fs::exists(dir / "out"));
}
