#include <catch2/catch.hpp>
#include <cmath>
#include <nlohmann/json.hpp>

#include "equiroute/core/error.hpp"
#include "equiroute/geodata/web_geojson.hpp"
#include "fixtures.hpp"
#include "support.hpp"

using namespace equiroute;
using namespace equiroute::geodata;
using equiroute::test::TempDir;

namespace {

std::size_t vertex_count(const nlohmann::json& geometry) {
  std::size_t n = 0;
  const bool multi = geometry["type"] == "MultiPolygon";
  for (const auto& polygon :
       multi ? geometry["coordinates"] : nlohmann::json::array({geometry["coordinates"]})) {
    for (const auto& ring : polygon) n += ring.size();
  }
  return n;
}

}  // namespace

TEST_CASE("web_geojson: simplified, rounded, with id and chosen fields", "[geodata][web]") {
  TempDir dir;
  // Two unit squares whose sides are split into 200 steps: 800 vertices each, all collinear
  // along the sides, so the topology-preserving simplification keeps the 4 corners.
  test::write_file(
      dir / "in.geojson",
      test::collection({test::feature(R"("code":"a","name":"芙蓉区","v":1.25,"w":null)",
                                      test::box_polygon(112, 27, 113, 28, 200)),
                        test::feature(R"("code":"b","name":"天心区","v":2,"w":"x")",
                                      test::box_polygon(113, 27, 114, 28, 200))}));
  const auto regions = read_features({.path = (dir / "in.geojson").string(), .id_field = "code"});
  const auto json = nlohmann::json::parse(web_geojson(regions, {"name", "v"}));
  REQUIRE(json["type"] == "FeatureCollection");
  REQUIRE(json["features"].size() == 2);
  const auto& a = json["features"][0];
  CHECK(a["properties"] == nlohmann::json({{"id", "a"}, {"name", "芙蓉区"}, {"v", 1.25}}));
  CHECK(json["features"][1]["properties"]["id"] == "b");
  CHECK(vertex_count(a["geometry"]) == 5);  // 4 corners, closed
  for (const auto& ring : a["geometry"]["type"] == "MultiPolygon" ? a["geometry"]["coordinates"][0]
                                                                  : a["geometry"]["coordinates"]) {
    for (const auto& p : ring) {
      for (double c : {p[0].get<double>(), p[1].get<double>()}) {
        CHECK(std::abs(c * 1e4 - std::round(c * 1e4)) < 1e-6);  // 4 decimals
      }
    }
  }
  // Finer tolerance than the wiggles: the simplification keeps them; 7 decimals.
  test::write_file(
      dir / "zig.geojson",
      test::collection({test::feature(R"("code":"z")", R"({"type":"Polygon","coordinates":[[
                     [112,27],[112.5,27.01],[113,27],[113,28],[112,28],[112,27]]]})")}));
  const auto zig = read_features({.path = (dir / "zig.geojson").string(), .id_field = "code"});
  CHECK(vertex_count(nlohmann::json::parse(web_geojson(
            zig, {}, {.tolerance_deg = 0.001, .decimals = 7}))["features"][0]["geometry"]) == 6);
  CHECK(vertex_count(nlohmann::json::parse(
            web_geojson(zig, {}, {.tolerance_deg = 0.1}))["features"][0]["geometry"]) == 5);
  CHECK_THROWS_AS(web_geojson(regions, {"nope"}), Error);
}
