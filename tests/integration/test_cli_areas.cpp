#include <catch2/catch.hpp>
#include <sstream>

#include "support.hpp"

using namespace equiroute::test;

namespace {

const char* kTwoSquares = R"({"type":"FeatureCollection","features":[
  {"type":"Feature","properties":{"code":"430102","name":"芙蓉区"},"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,1],[0,0]]]}},
  {"type":"Feature","properties":{"code":"430103","name":"天心区"},"geometry":{"type":"Polygon","coordinates":[[[1,0],[2,0],[2,1],[1,1],[1,0]]]}}]})";

std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

std::vector<std::string> listing(const fs::path& dir) {
  std::vector<std::string> names;
  for (const auto& e : fs::directory_iterator(dir)) names.push_back(e.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

}  // namespace

TEST_CASE("equiroute areas prints a CSV and a summary", "[cli][areas]") {
  TempDir dir;
  write_file(dir / "sq.geojson", kTwoSquares);
  auto r = run_cli("areas '" + (dir / "sq.geojson").string() + "' --id code --name name");
  REQUIRE(r.exit_code == 0);
  const auto rows = lines(r.out);
  REQUIRE(rows.size() == 3);
  CHECK(rows[0] == "id,name,area_km2,centroid_lon,centroid_lat");
  CHECK_THAT(rows[1], Catch::StartsWith("430102,芙蓉区,1230"));  // ≈ 12,308 km² at the equator
  CHECK_THAT(r.err, Catch::Contains("2 regions") && Catch::Contains("+proj=aea"));

  auto merged = run_cli("areas '" + (dir / "sq.geojson").string() +
                        "' --id code --dissolve-prefix 4 -o '" + (dir / "out.gpkg").string() + "'");
  REQUIRE(merged.exit_code == 0);
  CHECK(fs::exists(dir / "out.gpkg"));
  CHECK_THAT(merged.err, Catch::Contains("1 regions"));
  auto info = run_cli("info '" + (dir / "out.gpkg").string() + "'");
  CHECK_THAT(info.out, Catch::Contains("features: 1") && Catch::Contains("area_km2: Real"));
}

TEST_CASE("equiroute areas on bad input: exit 2, a clear message, no output file",
          "[cli][areas][errors]") {
  TempDir dir;
  write_file(dir / "sq.geojson", kTwoSquares);
  const std::string in = "'" + (dir / "sq.geojson").string() + "'";
  const std::string out = " -o '" + (dir / "out.geojson").string() + "'";
  struct Case {
    std::string args;
    std::string message;
  };
  const std::vector<Case> cases = {
      {"areas '" + (dir / "nope.geojson").string() + "'" + out, "no such file"},
      {"areas " + in + " --layer roads" + out, "layers: sq"},
      {"areas " + in + " --id adcode" + out, "available fields: code, name"},
      {"areas " + in + " --id code --crs EPSG:999999" + out, "EPSG:999999"},
      {"areas " + in + " --id code --crs EPSG:4326" + out, "not a projected CRS"},
      {"areas " + in + " --id code --dissolve-by nom" + out, "field 'nom'"},
      {"areas " + in + " --id code -o '" + (dir / "out.kml").string() + "'",
       "unknown output format"},
      {"areas " + in + " --id code -o " + in, "refusing to overwrite an input"},
  };
  for (const auto& c : cases) {
    INFO(c.args);
    auto r = run_cli(c.args);
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.err, Catch::Contains(c.message));
    CHECK(listing(dir.path()) == std::vector<std::string>{"sq.geojson"});
  }
  CHECK(read_file(dir / "sq.geojson") == kTwoSquares);

  write_file(dir / "broken.geojson", std::string(kTwoSquares).substr(0, 200));
  auto broken = run_cli("areas '" + (dir / "broken.geojson").string() + "'");
  CHECK(broken.exit_code == 2);
  CHECK_THAT(broken.err, Catch::Contains("broken.geojson") && Catch::Contains("cannot open"));
}

TEST_CASE("equiroute areas: Hunan's 14 prefectures", "[cli][areas][data]") {
  auto data = embedded_data();
  if (!data) EQUIROUTE_SKIP("embedded data set data/hunan-2018 absent (run scripts/fetch-data)");
  TempDir dir;
  auto r =
      run_cli("areas '" + (*data / "counties.geojson").string() +
              "' --id adcode --dissolve-prefix 4 -o '" + (dir / "prefectures.csv").string() + "'");
  REQUIRE(r.exit_code == 0);
  const auto rows = lines(read_file(dir / "prefectures.csv"));
  REQUIRE(rows.size() == 15);
  CHECK_THAT(rows[1], Catch::StartsWith("430100,,"));
  const double changsha = std::stod(rows[1].substr(std::string("430100,,").size()));
  CHECK(changsha == Approx(11819.0).epsilon(0.01));  // official: 11,819 km²
  CHECK_THAT(r.err, Catch::Contains("14 regions"));
}
