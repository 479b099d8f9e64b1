// Reading road networks: OSM XML written here (one-way, roundabout, maxspeed, footway
// excluded, split at shared nodes), the shared OSM extracts, line layers, bad input.

#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>

#include "equiroute/core/error.hpp"
#include "equiroute/geodata/osm_features.hpp"
#include "equiroute/geodata/projection.hpp"
#include "equiroute/geodata/road_network.hpp"
#include "equiroute/geodata/text_encoding.hpp"
#include "support.hpp"
#include "support/log_capture.hpp"

using namespace equiroute;
using namespace equiroute::geodata;
using equiroute::test::TempDir;

namespace {

const char* kTinyOsm = R"(<?xml version="1.0" encoding="UTF-8"?>
<osm version="0.6" generator="test">
  <node id="1" lat="28.2000000" lon="112.9000000"/>
  <node id="2" lat="28.2000000" lon="112.9010000"/>
  <node id="3" lat="28.2000000" lon="112.9020000"/>
  <node id="4" lat="28.2010000" lon="112.9010000"/>
  <node id="5" lat="28.1990000" lon="112.9020000"/>
  <node id="6" lat="28.2020000" lon="112.9015000"/>
  <node id="7" lat="28.2020000" lon="112.9005000"/>
  <way id="10"><nd ref="1"/><nd ref="2"/><nd ref="3"/><tag k="highway" v="residential"/></way>
  <way id="11"><nd ref="2"/><nd ref="4"/><tag k="highway" v="primary"/><tag k="oneway" v="yes"/><tag k="maxspeed" v="60"/></way>
  <way id="12"><nd ref="3"/><nd ref="5"/><tag k="highway" v="footway"/></way>
  <way id="13"><nd ref="4"/><nd ref="6"/><nd ref="7"/><nd ref="4"/><tag k="highway" v="tertiary"/><tag k="junction" v="roundabout"/></way>
  <way id="14"><nd ref="7"/><nd ref="1"/><tag k="highway" v="secondary"/><tag k="oneway" v="-1"/><tag k="maxspeed" v="30 mph"/></way>
  <way id="15"><nd ref="1"/><nd ref="3"/><tag k="building" v="yes"/></way>
</osm>
)";

/// Index of the node at (lon, lat), or -1.
long node_at(const RoadEdges& r, double lon, double lat) {
  for (std::size_t i = 0; i < r.nodes.size(); ++i)
    if (std::abs(r.nodes[i].lon - lon) < 1e-9 && std::abs(r.nodes[i].lat - lat) < 1e-9)
      return static_cast<long>(i);
  return -1;
}

/// Edge index u→v, or -1.
long edge(const RoadEdges& r, long u, long v) {
  for (std::size_t e = 0; e < r.edge_count(); ++e)
    if (static_cast<long>(r.from[e]) == u && static_cast<long>(r.to[e]) == v)
      return static_cast<long>(e);
  return -1;
}

}  // namespace

TEST_CASE("tiny OSM XML: profile, one-ways, roundabout, maxspeed, split at shared nodes",
          "[roads]") {
  TempDir dir;
  const auto path = (dir / "tiny.osm").string();
  test::write_file(path, kTinyOsm);
  const RoadEdges r = read_osm_roads(path);
  CHECK(r.node_count() == 6);  // node 5 is only on the footway
  CHECK(node_at(r, 112.902, 28.199) == -1);
  // residential two-way: 2 segments × 2; primary one-way: 1; roundabout: 3; reverse one-way: 1.
  CHECK(r.edge_count() == 9);
  const long n1 = node_at(r, 112.9, 28.2), n2 = node_at(r, 112.901, 28.2),
             n3 = node_at(r, 112.902, 28.2);
  const long n4 = node_at(r, 112.901, 28.201), n6 = node_at(r, 112.9015, 28.202),
             n7 = node_at(r, 112.9005, 28.202);
  REQUIRE(std::min({n1, n2, n3, n4, n6, n7}) >= 0);
  // Way 10 split at node 2 (shared with way 11): segments 1–2 and 2–3, both directions.
  const long e12 = edge(r, n1, n2);
  REQUIRE(e12 >= 0);
  CHECK(edge(r, n2, n1) >= 0);
  CHECK(edge(r, n2, n3) >= 0);
  CHECK(edge(r, n1, n3) == -1);
  const double len12 = geodesic_distance_m({112.9, 28.2}, {112.901, 28.2});
  CHECK(r.length_m[static_cast<std::size_t>(e12)] == Approx(len12).epsilon(1e-9));
  CHECK(r.travel_s[static_cast<std::size_t>(e12)] == Approx(len12 / (30.0 / 3.6)).epsilon(1e-9));
  // Primary one-way at maxspeed 60.
  const long e24 = edge(r, n2, n4);
  REQUIRE(e24 >= 0);
  CHECK(edge(r, n4, n2) == -1);
  CHECK(r.travel_s[static_cast<std::size_t>(e24)] ==
        Approx(r.length_m[static_cast<std::size_t>(e24)] / (60.0 / 3.6)).epsilon(1e-9));
  // Roundabout: one-way in drawing order 4→6→7→4 at the tertiary default 50 km/h.
  CHECK(edge(r, n4, n6) >= 0);
  CHECK(edge(r, n6, n7) >= 0);
  CHECK(edge(r, n7, n4) >= 0);
  CHECK(edge(r, n6, n4) == -1);
  CHECK(r.travel_s[static_cast<std::size_t>(edge(r, n4, n6))] ==
        Approx(r.length_m[static_cast<std::size_t>(edge(r, n4, n6))] / (50.0 / 3.6)));
  // oneway=-1: only against the drawing direction (1→7), at 30 mph.
  const long e17 = edge(r, n1, n7);
  REQUIRE(e17 >= 0);
  CHECK(edge(r, n7, n1) == -1);
  CHECK(r.travel_s[static_cast<std::size_t>(e17)] ==
        Approx(r.length_m[static_cast<std::size_t>(e17)] / (30.0 * 1.609344 / 3.6)));
  // Profile changes: maxspeed ignored, residential removed.
  RoadProfile p = default_driving_profile();
  p.use_maxspeed = false;
  set_class_speed(p, "residential=0");
  const RoadEdges r2 = read_osm_roads(path, p);
  CHECK(r2.edge_count() == 5);
  CHECK_THROWS_AS(set_class_speed(p, "residential"), Error);
  CHECK_THROWS_AS(set_class_speed(p, "residential=-3"), Error);
}

TEST_CASE("maxspeed and oneway values", "[roads]") {
  CHECK(parse_maxspeed_kmh("50") == 50.0);
  CHECK(parse_maxspeed_kmh(" 50 km/h") == 50.0);
  CHECK(parse_maxspeed_kmh("30 mph") == Approx(48.28032));
  CHECK(parse_maxspeed_kmh("50;30") == 50.0);
  CHECK(parse_maxspeed_kmh("none") == 0.0);
  CHECK(parse_maxspeed_kmh("RU:urban") == 0.0);
  CHECK(parse_maxspeed_kmh("-5") == 0.0);
  CHECK(parse_oneway("yes") == OneWay::Forward);
  CHECK(parse_oneway("1") == OneWay::Forward);
  CHECK(parse_oneway("true") == OneWay::Forward);
  CHECK(parse_oneway("-1") == OneWay::Backward);
  CHECK(parse_oneway("no") == OneWay::Both);
  CHECK(parse_oneway("T") == OneWay::Both);
  CHECK(parse_oneway("T", true) == OneWay::Backward);
  CHECK(parse_oneway("F", true) == OneWay::Forward);
  CHECK(is_osm_path("a.osm.pbf"));
  CHECK(is_osm_path("a.OSM.BZ2"));
  CHECK_FALSE(is_osm_path("roads.gpkg"));
}

TEST_CASE("shared OSM extracts give plausible road graphs", "[roads][shared]") {
  const auto data = test::shared_data();
  if (!data) EQUIROUTE_SKIP("shared data (../shared/data) absent: OSM extracts not read");
  struct Case {
    const char* file;
    LonLatBox box;
    std::size_t min_nodes;
  };
  const Case cases[] = {{"osm/andorra.osm.pbf", {1.3, 42.3, 1.9, 42.7}, 5000},
                        {"osm/monaco.osm.pbf", {7.3, 43.6, 7.6, 43.9}, 5000},
                        {"osm/campo-grande.osm.gz", {-55.0, -21.0, -54.0, -20.0}, 5000},
                        {"osm/West-Oakland.osm.bz2", {-122.4, 37.7, -122.2, 37.9}, 50}};
  std::string absent;
  for (const auto& c : cases) {
    const auto path = *data / c.file;
    if (!std::filesystem::exists(path)) {
      absent += (absent.empty() ? "" : ", ") + path.string();
      continue;
    }
    INFO(c.file);
    const RoadEdges r = read_roads(path.string());
    CHECK(r.node_count() >= c.min_nodes);
    CHECK(r.edge_count() >= r.node_count());
    const auto box = bounding_box(r);
    CHECK(box.min_lon >= c.box.min_lon);
    CHECK(box.max_lon <= c.box.max_lon);
    CHECK(box.min_lat >= c.box.min_lat);
    CHECK(box.max_lat <= c.box.max_lat);
    for (std::size_t e = 0; e < r.edge_count(); ++e) {
      const double mps = r.length_m[e] / r.travel_s[e];
      if (r.length_m[e] > 0.0 && !(mps > 1.0 && mps < 60.0))
        FAIL("implausible speed " << mps << " m/s on edge " << e);
      if (r.length_m[e] > 20000.0) FAIL("implausible segment length " << r.length_m[e]);
    }
  }
  // The extracts present were checked; the case still counts as skipped when one is absent.
  if (!absent.empty()) EQUIROUTE_SKIP("shared OSM extracts absent: " << absent);
}

TEST_CASE("bad road input is an Error naming the file", "[roads]") {
  TempDir dir;
  const auto corrupt = (dir / "corrupt.osm.pbf").string();
  test::write_file(corrupt, std::string("\x00\x00\x00\x0dnot a pbf blob at all, sorry", 31));
  CHECK_THROWS_AS(read_osm_roads(corrupt), Error);
  try {
    read_osm_roads(corrupt);
  } catch (const Error& e) {
    CHECK(std::string(e.what()).find("corrupt.osm.pbf") != std::string::npos);
  }
  const auto paths = (dir / "paths.osm").string();
  test::write_file(paths, R"(<?xml version="1.0"?><osm version="0.6">
<node id="1" lat="1" lon="1"/><node id="2" lat="1.001" lon="1"/>
<way id="1"><nd ref="1"/><nd ref="2"/><tag k="highway" v="footway"/></way></osm>)");
  CHECK_THROWS_WITH(read_osm_roads(paths), Catch::Contains("no routable road"));
  CHECK_THROWS_AS(read_osm_roads((dir / "missing.osm.pbf").string()), Error);
}

TEST_CASE("OSM ways referring to nodes missing from the extract", "[roads][validation]") {
  TempDir dir;
  const auto path = (dir / "clipped.osm").string();
  // Way 10 runs 1-2-3-4; node 4 lies outside the extract (as in a clipped extract), so the
  // segment 3-4 is lost. Way 11 refers to nodes 5 and 6, both absent: its segment is lost.
  test::write_file(path, R"(<?xml version="1.0"?><osm version="0.6">
<node id="1" lat="28.2" lon="112.9"/><node id="2" lat="28.2" lon="112.901"/>
<node id="3" lat="28.2" lon="112.902"/>
<way id="10"><nd ref="1"/><nd ref="2"/><nd ref="3"/><nd ref="4"/><tag k="highway" v="residential"/></way>
<way id="11"><nd ref="5"/><nd ref="6"/><tag k="highway" v="primary"/></way></osm>)");
  SECTION("counted and reported") {
    test::LogCapture log;
    const RoadEdges r = read_osm_roads(path);
    CHECK(r.node_count() == 3);
    CHECK(r.edge_count() == 4);  // 1-2 and 2-3, both ways
    CHECK_THAT(log.text(), Catch::Contains("warning: file '" + path + "'") &&
                               Catch::Contains("3 of the 6 nodes") &&
                               Catch::Contains("2 road segments"));
  }
  SECTION("an error when strict") {
    try {
      read_roads(path, default_driving_profile(), {}, {.strict = true});
      FAIL("no error");
    } catch (const Error& e) {
      CHECK(e.kind() == ErrorKind::BadInput);
      CHECK_THAT(e.what(), Catch::Contains(path) && Catch::Contains("3 of the 6 nodes"));
      CHECK_THAT(e.hint(), Catch::Contains("complete_ways"));
    }
  }
  SECTION("a complete extract says nothing") {
    const auto complete = (dir / "complete.osm").string();
    test::write_file(complete, R"(<?xml version="1.0"?><osm version="0.6">
<node id="1" lat="28.2" lon="112.9"/><node id="2" lat="28.2" lon="112.901"/>
<way id="10"><nd ref="1"/><nd ref="2"/><tag k="highway" v="residential"/></way></osm>)");
    test::LogCapture quiet;
    CHECK(read_osm_roads(complete, default_driving_profile(), {.strict = true}).edge_count() == 2);
    CHECK(quiet.text().empty());
  }
}

TEST_CASE("OSM read errors quoting raw bytes are valid UTF-8", "[roads][encoding]") {
  // Found by fuzz_osm_roads: a PBF header whose "required feature" holds bytes that are not
  // UTF-8; libosmium quotes them in its exception, which became the Error message.
  TempDir dir;
  const auto path = (dir / "bad-header.osm.pbf").string();
  const std::string bytes(
      "\x00\x00\x00\x0D\x0A\x09\x4F\x53\x4D\x48\x65\x61\x64\x65\x72\x18\x34\x0A\x32\x22\x0E\x4F\x73"
      "\x93"
      "\xAC\x9C\x98\x65\x6D\x61\x2D\x56\x30\x2E\x36\x22\x0A\x44\x65\x6E\x73\x65\x4E\x6F\x64\x65\x73"
      "\x82"
      "\x01\x13\x65\x71\x75\x69\x72\x6F\x75\x74\x65\x2D\x66\x75\x7A\x7A\x2D\x73\x65\x65\x64\x00\x00"
      "\x00"
      "\x0C\x0A\x07\x4F\x53\x4D\x44\x61\x74\x61\x18\xA6\x01\x0A\xA3\x01\x0A\x36\x0A\x00\x0A\x00\x0A"
      "\x07"
      "\x61\x6D\x65\x6E\x69\x74\x79\x0A\x08\x68\x6F\x73\x70\x69\x74\x61\x6C\x0A\x04\x6E\x61\x6D\x65"
      "\x0A"
      "\x0C\xE6\xB9\x98\xE9\x9B\x85\xE5\x8C\xBB\xE9\x99\xA2\x0A\x04\x62\x65\x64\x73\x0A\x03\x33\x30"
      "\x30"
      "\x12\x69\x12\x67\x0A\x06\x02\x02\x02\x02\x02\x02\x2A\x28\x0A\x06\x00\x00\x00\x00\x00\x00\x12"
      "\x06"
      "\x00\x00\x00\x00\x00\x00\x1A\x06\x00\x00\x00\x00\x00\x00\x22\x06\x00\x00\x00\x00\x00\x00\x2A"
      "\x06"
      "\x02\xD4\xD4\xD4\xD4\xD4\xD4\xD4\xD4\xD4\xD4\xD4\xD4\xD4\xD4\xD4\xD4\xD4\xD4\xD4\xD4\xD4\xD4"
      "\xD4"
      "\xD4\xD4\xD4\xD4\xD4\xD4\xD4\xD4\xD4\xD4\xD4\xD4\xD4\x00\x00\x00\x00\x00\x42\x10\x80\xEA\xF7"
      "\x8C"
      "\x02\x00\x00\xA0\x9C\x01\xBF\xB8\x02\xE0\xD4\x03\x4A\x13\x80\xB1\xD9\xB4\x08\xA0\x9C\x01\xA0"
      "\x9C"
      "\x01\x9F\x9C\x01\xA0\x9C\x01\x8F\x4E\x52\x0C\x00\x00\x00\x02\x03\x04\x05\x06\x07\x00\x00\x00"
      "\x00"
      "\x00\x00\x0C\x0A\x07\x4F\x53\x4D\x44\x61\x74\x61\x18\xC5\x02\x0A\xC2\x02\x0A\xA8\x01\x0A\x00"
      "\x0A"
      "\x07\x68\x69\x67\x68\x77\x61\x79\x0A\x0B\x72\x65\x73\x69\x64\x65\x6E\x74\x69\x61\x6C\x0A\x00"
      "\x0A"
      "\x06\x6F\x6E\x65\x77\x61\x79\x0A\x08\x6D\x61\x78\x73\x70\x65\x65\x64\x0A\x07\x70\x72\x69\x6D"
      "\x61"
      "\x72\x79\x0A\x03\x79\x65\x73\x0A\x02\x36\x30\x0A\x08\x61\x63\x63\x65\x73\x73\x6F\x6E\x0A\x08"
      "\x74"
      "\x65\x72\x74\x69\x61\x72\x79\x0A\x0A\x72\x6F\x75\x6E\x64\x61\x62\x6F\x75\x74\x0A\x0A\x68\x65"
      "\x57"
      "\x6C\x74\x68\x63\x61\x72\x65\x0A\x04\x6E\x61\x6D\x65\x0A\x06\x63\x6C\x69\x6E\x69\x63\x0A\x06"
      "\xE8"
      "\xAF\x8A\xE6\x89\x80\x0A\x06\x61\x63\x63\x65\x73\x73\x0A\x09\x73\x65\x63\x6F\x6E\x64\x61\x72"
      "\x79"
      "\x0A\x02\x2D\x31\x0A\x06\x33\x30\x20\x6D\x70\x0A\x08\x68\x6F\x73\x70\x69\x74\x61\x6C\x0A\x00"
      "\x0A"
      "\x05\x6F\x75\x74\x65\x72\x12\x21\x22\x1F\x08\x14\x12\x02\x01\x02\x1A\x02\x03\x04\x22\x0A\x08"
      "\x00"
      "\x10\x00\x18\x00\x20\x00\x28\x05\x42\x01\x06\x4A\x01\x1A\x52\x01\x01",
      521);
  test::write_file(path, bytes);
  for (int reader = 0; reader < 2; ++reader) {
    try {
      if (reader == 0)
        read_osm_roads(path);
      else
        read_osm_points(path, {"amenity=hospital"});
      FAIL("no error");
    } catch (const Error& e) {
      CHECK_THAT(e.what(), Catch::Contains("required feature not supported: Os\\x93\\xAC"));
      CHECK(is_valid_utf8(e.what()));
    }
  }
}

TEST_CASE("a PBF tag with a zero byte inside is an error, not a heap overflow",
          "[roads][validation]") {
  // Found by fuzz_osm_roads: libosmium 2.19 walks tag lists with strlen, so a string-table
  // entry holding a zero byte ran the walk past the end of the list. The uncompressed seed
  // PBF of the fuzzer (fuzz/corpus/osm_roads, first byte = harness mode) with "residential"
  // patched to "resi\0ential" is such a file.
  std::string pbf = test::read_file(std::filesystem::path(EQUIROUTE_SOURCE_DIR) /
                                    "fuzz/corpus/osm_roads/uncompressed.osm.pbf")
                        .substr(1);
  const auto at = pbf.find("residential");
  REQUIRE(at != std::string::npos);
  pbf[at + 4] = '\0';
  TempDir dir;
  const auto path = (dir / "zero-byte.osm.pbf").string();
  test::write_file(path, pbf);
  CHECK_THROWS_WITH(read_osm_roads(path),
                    Catch::Contains(path) && Catch::Contains("way 10 has a tag with a zero byte"));
  CHECK_THROWS_WITH(read_osm_points(path, {"highway=*"}),
                    Catch::Contains("way 10 has a tag with a zero byte"));
}

TEST_CASE("line layer roads: fields, one-ways and endpoint noding", "[roads]") {
  TempDir dir;
  const auto path = (dir / "roads.geojson").string();
  // A–B residential two-way; B'–C one-way (F), B' 0.2 m from B; C–D footway (excluded);
  // E–F with maxspeed 90.
  test::write_file(path, R"({"type":"FeatureCollection","features":[
{"type":"Feature","properties":{"fclass":"residential","oneway":"B","maxspeed":0},
 "geometry":{"type":"LineString","coordinates":[[112.9,28.2],[112.9005,28.2],[112.901,28.2]]}},
{"type":"Feature","properties":{"fclass":"primary","oneway":"F","maxspeed":0},
 "geometry":{"type":"LineString","coordinates":[[112.901002,28.2],[112.902,28.2]]}},
{"type":"Feature","properties":{"fclass":"footway","oneway":"B","maxspeed":0},
 "geometry":{"type":"LineString","coordinates":[[112.902,28.2],[112.903,28.2]]}},
{"type":"Feature","properties":{"fclass":"trunk","oneway":"T","maxspeed":90},
 "geometry":{"type":"MultiLineString","coordinates":[[[112.91,28.21],[112.92,28.21]]]}}]})");
  LineRoadOptions o;
  o.path = path;
  const RoadEdges r = read_line_layer_roads(o);
  CHECK(r.node_count() == 6);  // A, mid, B (shared), C, E, F
  CHECK(r.edge_count() == 4 + 1 + 1);
  const long a = node_at(r, 112.9, 28.2), b = node_at(r, 112.901, 28.2),
             c = node_at(r, 112.902, 28.2);
  REQUIRE(std::min({a, b, c}) >= 0);
  CHECK(edge(r, b, c) >= 0);  // noded at B within the tolerance
  CHECK(edge(r, c, b) == -1);
  const long e = node_at(r, 112.91, 28.21), f = node_at(r, 112.92, 28.21);
  const long ef = edge(r, f, e);  // "T": against the drawing direction
  REQUIRE(ef >= 0);
  CHECK(edge(r, e, f) == -1);
  CHECK(r.travel_s[static_cast<std::size_t>(ef)] ==
        Approx(r.length_m[static_cast<std::size_t>(ef)] / 25.0));
  // A tolerance below the gap leaves B' separate.
  o.node_tolerance_m = 0.01;
  CHECK(read_line_layer_roads(o).node_count() == 7);
  o.class_field = "nope";
  CHECK_THROWS_WITH(read_line_layer_roads(o), Catch::Contains("nope"));
}
