#include <catch2/catch.hpp>

#include "support.hpp"

using namespace equiroute::test;

TEST_CASE("equiroute --version and --help", "[cli]") {
  auto version = run_cli("--version");
  CHECK(version.exit_code == 0);
  CHECK_THAT(version.out, Catch::StartsWith("equiroute "));
  auto help = run_cli("--help");
  CHECK(help.exit_code == 0);
  CHECK_THAT(help.out, Catch::Contains("info"));
  auto unknown = run_cli("no-such-command");
  CHECK(unknown.exit_code == 2);
}

TEST_CASE("equiroute info describes a layer it is given", "[cli][info]") {
  TempDir dir;
  write_file(dir / "pts.geojson", R"({"type":"FeatureCollection","features":[
    {"type":"Feature","properties":{"id":"a","population":12.5},"geometry":{"type":"Point","coordinates":[112.9,28.2]}},
    {"type":"Feature","properties":{"id":"b","population":3},"geometry":{"type":"Point","coordinates":[113.1,27.8]}}]})");
  auto r = run_cli("info '" + (dir / "pts.geojson").string() + "'");
  REQUIRE(r.exit_code == 0);
  CHECK_THAT(r.out, Catch::Contains("driver: GeoJSON"));
  CHECK_THAT(r.out, Catch::Contains("features: 2"));
  CHECK_THAT(r.out, Catch::Contains("population: Real"));
  CHECK_THAT(r.out, Catch::Contains("EPSG:4326"));
  CHECK_THAT(r.out, Catch::Contains("geographic"));
  CHECK_THAT(r.out, Catch::Contains("extent: 112.900000, 27.800000 - 113.100000, 28.200000"));
}

TEST_CASE("equiroute info on a missing or broken file exits 2 naming it", "[cli][info]") {
  TempDir dir;
  auto missing = run_cli("info '" + (dir / "nope.gpkg").string() + "'");
  CHECK(missing.exit_code == 2);
  CHECK_THAT(missing.err, Catch::Contains("nope.gpkg") && Catch::Contains("no such file"));
  write_file(dir / "broken.geojson", R"({"type":"FeatureCollection","features":[{"type":)");
  auto broken = run_cli("info '" + (dir / "broken.geojson").string() + "'");
  CHECK(broken.exit_code == 2);
  CHECK_THAT(broken.err, Catch::Contains("broken.geojson"));
}

TEST_CASE("equiroute info on the embedded Hunan counties", "[cli][info][embedded]") {
  auto data = embedded_data();
  if (!data) EQUIROUTE_SKIP("embedded data set data/hunan-2018 not built (run scripts/fetch-data)");
  auto r = run_cli("info '" + (*data / "counties.geojson").string() + "'");
  REQUIRE(r.exit_code == 0);
  CHECK_THAT(r.out, Catch::Contains("features: 122"));
  CHECK_THAT(r.out, Catch::Contains("(geographic)"));
  auto seats = run_cli("info '" + (*data / "prefecture_seats.geojson").string() + "'");
  CHECK_THAT(seats.out, Catch::Contains("features: 14"));
}
