// Facilities from OSM: nodes, closed ways and multipolygon relations matching tag filters,
// on an OSM XML file written here (every expected id and position worked out by hand).

#include <catch2/catch.hpp>
#include <variant>

#include "equiroute/core/error.hpp"
#include "equiroute/geodata/osm_features.hpp"
#include "equiroute/geodata/road_network.hpp"
#include "support.hpp"

using namespace equiroute;
using namespace equiroute::geodata;
using equiroute::test::TempDir;

namespace {

// n100 hospital (beds 120), n101 pharmacy (not selected), n102 doctors (beds not a
// number), n103 healthcare=centre only; w200 a clinic square 10.20–10.21 × 50.00–50.01;
// r300 a hospital multipolygon: outer 10.30–10.34 × 50.00–50.04 with a hole
// 10.31–10.33 × 50.01–50.03; w400 an open way tagged hospital (not an area).
const char* kFacilitiesOsm = R"(<?xml version="1.0" encoding="UTF-8"?>
<osm version="0.6" generator="test">
  <node id="1" lat="50.00" lon="10.20"/>
  <node id="2" lat="50.00" lon="10.21"/>
  <node id="3" lat="50.01" lon="10.21"/>
  <node id="4" lat="50.01" lon="10.20"/>
  <node id="11" lat="50.00" lon="10.30"/>
  <node id="12" lat="50.00" lon="10.34"/>
  <node id="13" lat="50.04" lon="10.34"/>
  <node id="14" lat="50.04" lon="10.30"/>
  <node id="21" lat="50.01" lon="10.31"/>
  <node id="22" lat="50.01" lon="10.33"/>
  <node id="23" lat="50.03" lon="10.33"/>
  <node id="24" lat="50.03" lon="10.31"/>
  <node id="31" lat="50.10" lon="10.40"/>
  <node id="32" lat="50.11" lon="10.41"/>
  <node id="100" lat="50.00" lon="10.00"><tag k="amenity" v="hospital"/><tag k="name" v="Sant Julià"/><tag k="beds" v="120"/></node>
  <node id="101" lat="50.00" lon="10.10"><tag k="amenity" v="pharmacy"/></node>
  <node id="102" lat="50.05" lon="10.10"><tag k="amenity" v="doctors"/><tag k="beds" v="many"/></node>
  <node id="103" lat="50.06" lon="10.10"><tag k="healthcare" v="centre"/></node>
  <way id="200"><nd ref="1"/><nd ref="2"/><nd ref="3"/><nd ref="4"/><nd ref="1"/><tag k="amenity" v="clinic"/><tag k="name" v="Clinic"/></way>
  <way id="301"><nd ref="11"/><nd ref="12"/><nd ref="13"/><nd ref="14"/><nd ref="11"/></way>
  <way id="302"><nd ref="21"/><nd ref="22"/><nd ref="23"/><nd ref="24"/><nd ref="21"/></way>
  <way id="400"><nd ref="31"/><nd ref="32"/><tag k="amenity" v="hospital"/></way>
  <relation id="300">
    <member type="way" ref="301" role="outer"/>
    <member type="way" ref="302" role="inner"/>
    <tag k="type" v="multipolygon"/><tag k="amenity" v="hospital"/><tag k="name" v="Campus"/>
  </relation>
</osm>
)";

LonLat point_of(const FeatureSet& fs, std::size_t i) { return point_coordinates(fs)[i]; }

}  // namespace

TEST_CASE("OSM facilities: nodes, closed ways and multipolygons by tag", "[geodata][osm]") {
  TempDir dir;
  const auto path = (dir / "facilities.osm").string();
  equiroute::test::write_file(path, kFacilitiesOsm);

  const FeatureSet fs = read_osm_points(path, default_osm_health_tags());
  REQUIRE(fs.ids == std::vector<std::string>{"n100", "n102", "w200", "r300"});
  CHECK(fs.id_field == "osm_id");
  CHECK(fs.text(0, "osm_type") == "node");
  CHECK(fs.text(2, "osm_type") == "way");
  CHECK(fs.text(3, "osm_type") == "relation");
  CHECK(fs.text(0, "name") == "Sant Julià");
  CHECK(fs.text(0, "amenity") == "hospital");
  CHECK(fs.text(1, "amenity") == "doctors");
  CHECK(fs.text(2, "amenity") == "clinic");
  CHECK(fs.number(0, "beds") == 120.0);
  CHECK(std::holds_alternative<std::monostate>(fs.values[1][fs.field_index("beds")]));

  const LonLat node = point_of(fs, 0);
  CHECK(node.lon == Approx(10.0).margin(1e-7));  // OSM locations hold 7 decimals
  CHECK(node.lat == Approx(50.0).margin(1e-7));
  const LonLat clinic = point_of(fs, 2);  // strictly inside the square
  CHECK(clinic.lon > 10.20);
  CHECK(clinic.lon < 10.21);
  CHECK(clinic.lat > 50.00);
  CHECK(clinic.lat < 50.01);
  const LonLat campus = point_of(fs, 3);  // inside the outer ring and outside the hole
  CHECK(campus.lon > 10.30);
  CHECK(campus.lon < 10.34);
  CHECK(campus.lat > 50.00);
  CHECK(campus.lat < 50.04);
  const bool in_hole =
      campus.lon > 10.31 && campus.lon < 10.33 && campus.lat > 50.01 && campus.lat < 50.03;
  CHECK_FALSE(in_hole);

  SECTION("key=* selects any value; features stay in (type, id) order") {
    const FeatureSet more = read_osm_points(path, {"amenity=hospital", "healthcare=*"});
    REQUIRE(more.ids == std::vector<std::string>{"n100", "n103", "r300"});
    CHECK(more.text(1, "healthcare") == "centre");
    CHECK(more.text(1, "amenity").empty());
  }
}

TEST_CASE("OSM facilities: bad filters, no match, missing or corrupt file", "[geodata][osm]") {
  TempDir dir;
  const auto path = (dir / "facilities.osm").string();
  equiroute::test::write_file(path, kFacilitiesOsm);
  CHECK_THROWS_WITH(read_osm_points(path, {"amenity"}), Catch::Contains("key=value"));
  CHECK_THROWS_WITH(read_osm_points(path, {"=hospital"}), Catch::Contains("key=value"));
  CHECK_THROWS_WITH(read_osm_points(path, {}), Catch::Contains("no OSM tag"));
  CHECK_THROWS_WITH(read_osm_points(path, {"amenity=school"}),
                    Catch::Contains("no OSM object matches amenity=school"));
  CHECK_THROWS_WITH(read_osm_points((dir / "missing.osm").string(), default_osm_health_tags()),
                    Catch::Contains("not found"));
  const auto corrupt = (dir / "corrupt.osm.pbf").string();
  equiroute::test::write_file(corrupt, "this is not a PBF file");
  CHECK_THROWS_AS(read_osm_points(corrupt, default_osm_health_tags()), Error);

  CHECK(is_osm_path("a/b.osm.pbf"));
  CHECK(is_osm_path("x.osm"));
  CHECK(is_osm_path("x.osm.bz2"));
  CHECK_FALSE(is_osm_path("x.geojson"));
  CHECK_FALSE(is_osm_path("osm.csv"));
}
