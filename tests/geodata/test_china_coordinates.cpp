// GCJ-02 / BD-09 ↔ WGS 84 (geodata/china_coordinates.hpp): published reference pairs,
// round trips over China, the "outside China" rule, and loading layers declared GCJ-02 or
// BD-09 (docs/coordinates.md).

#include <catch2/catch.hpp>
#include <cmath>
#include <string>
#include <vector>

#include "equiroute/core/error.hpp"
#include "equiroute/geodata/china_coordinates.hpp"
#include "equiroute/geodata/feature_set.hpp"
#include "equiroute/geodata/road_network.hpp"
#include "fixtures.hpp"
#include "support.hpp"

using namespace equiroute;
using namespace equiroute::geodata;
using equiroute::test::TempDir;

namespace {

void check_point(LonLat got, double lon, double lat, double tolerance_deg) {
  CHECK(got.lon == Approx(lon).margin(tolerance_deg));
  CHECK(got.lat == Approx(lat).margin(tolerance_deg));
}

}  // namespace

TEST_CASE("WGS 84 → GCJ-02 reproduces published pairs", "[geodata][china]") {
  // eviltransform's test vectors (github.com/googollee/eviltransform, python/test.py,
  // BSD-2-Clause): WGS 84 → GCJ-02 in Shanghai, Shenzhen and Beijing, given to 14 digits.
  // Computed with the same published formula in double precision: held to 1e-9°.
  check_point(gcj02_from_wgs84({121.5272106, 31.1774276}), 121.531541859215, 31.17530398364597,
              1e-9);
  check_point(gcj02_from_wgs84({113.912316, 22.543847}), 113.9171764808363, 22.540796131694766,
              1e-9);
  check_point(gcj02_from_wgs84({116.377817, 39.911954}), 116.38404722455657, 39.91334545536069,
              1e-9);
  // ... and their inverses: eviltransform requires its exact inverse within 0.5 m; ours
  // must give back the WGS 84 point to 1e-7°.
  check_point(wgs84_from_gcj02({121.531541859215, 31.17530398364597}), 121.5272106, 31.1774276,
              1e-7);
  check_point(wgs84_from_gcj02({116.38404722455657, 39.91334545536069}), 116.377817, 39.911954,
              1e-7);
}

TEST_CASE("GCJ-02 → WGS 84 and BD-09 reproduce published pairs", "[geodata][china]") {
  // gcoord (github.com/hujiulong/gcoord, test/unit/crs/GCJ02.spec.js and BD09.spec.ts,
  // MIT): GCJ-02 (123, 45) → WGS 84 (122.99395597, 44.99804071) and → BD-09 (123.00636499,
  // 45.00636899); BD-09 (123, 45) → GCJ-02 (122.99363304, 44.99365430) and → WGS 84
  // (122.98762210, 44.99171540). gcoord checks 5 decimals (±5e-6°) and uses Baidu's
  // approximate BD-09 inverse; our exact inverse agrees within that.
  check_point(wgs84_from_gcj02({123, 45}), 122.99395597, 44.99804071, 5e-6);
  check_point(bd09_from_gcj02({123, 45}), 123.00636499, 45.00636899, 5e-6);
  check_point(gcj02_from_bd09({123, 45}), 122.99363304, 44.99365430, 5e-6);
  check_point(wgs84_from_bd09({123, 45}), 122.98762210, 44.99171540, 5e-6);
  // Alibaba Cloud's documented example of its coordinate conversion service
  // (help.aliyun.com, Address Purification, "TransferCoord"): GCJ-02 120.026268, 30.279164
  // is WGS 84 120.021519, 30.281543 and BD-09 120.032768, 30.285238 (6 decimals printed:
  // ±5e-7° rounding, held to 1e-6°).
  check_point(wgs84_from_gcj02({120.026268, 30.279164}), 120.021519, 30.281543, 1e-6);
  check_point(bd09_from_gcj02({120.026268, 30.279164}), 120.032768, 30.285238, 1e-6);
  // eviltransform: BD-09 (120.019809, 29.199786) → WGS 84 (120.00877901149691,
  // 29.196131605295484), computed there with a one-step approximate GCJ-02 inverse that
  // is good to about a metre: held to 1e-5°.
  check_point(wgs84_from_bd09({120.019809, 29.199786}), 120.00877901149691, 29.196131605295484,
              1e-5);
}

TEST_CASE("round trips over a grid covering China are within 1e-7 degrees", "[geodata][china]") {
  double worst_gcj = 0.0;
  double worst_bd = 0.0;
  double worst_bd_gcj = 0.0;
  std::size_t points = 0;
  for (double lon = 73.0; lon <= 135.0; lon += 0.5) {
    for (double lat = 18.0; lat <= 53.5; lat += 0.5) {
      const LonLat w{lon, lat};
      const LonLat back = wgs84_from_gcj02(gcj02_from_wgs84(w));
      worst_gcj = std::max({worst_gcj, std::abs(back.lon - lon), std::abs(back.lat - lat)});
      const LonLat back_bd = wgs84_from_bd09(bd09_from_wgs84(w));
      worst_bd = std::max({worst_bd, std::abs(back_bd.lon - lon), std::abs(back_bd.lat - lat)});
      const LonLat g = gcj02_from_bd09(bd09_from_gcj02(w));
      worst_bd_gcj = std::max({worst_bd_gcj, std::abs(g.lon - lon), std::abs(g.lat - lat)});
      ++points;
    }
  }
  INFO(points << " points; worst GCJ-02 " << worst_gcj << "°, BD-09 " << worst_bd
              << "°, BD-09/GCJ-02 " << worst_bd_gcj << "°");
  CHECK(points == 125 * 72);
  CHECK(worst_gcj < 1e-7);
  CHECK(worst_bd < 1e-7);
  CHECK(worst_bd_gcj < 1e-7);
}

TEST_CASE("the offset is real: GCJ-02 moves points in China by hundreds of metres",
          "[geodata][china]") {
  // Changsha: the offset is about 660 m (docs/coordinates.md).
  const LonLat w{112.9388, 28.2282};
  const LonLat g = gcj02_from_wgs84(w);
  const double east_m = (g.lon - w.lon) * 111320.0 * std::cos(w.lat * M_PI / 180.0);
  const double north_m = (g.lat - w.lat) * 110570.0;
  const double metres = std::hypot(east_m, north_m);
  CHECK(metres > 300.0);
  CHECK(metres < 800.0);
}

TEST_CASE("points outside China are unchanged", "[geodata][china]") {
  for (const LonLat p :
       {LonLat{2.3522, 48.8566}, LonLat{-74.006, 40.7128}, LonLat{139.6917, 35.6895},
        LonLat{151.2093, -33.8688}, LonLat{183, 45}, LonLat{100, 60}}) {
    CHECK(outside_china(p));
    for (ChinaDatum d : {ChinaDatum::Gcj02, ChinaDatum::Bd09}) {
      const LonLat to = to_wgs84(p, d);
      const LonLat from = from_wgs84(p, d);
      CHECK(to.lon == p.lon);
      CHECK(to.lat == p.lat);
      CHECK(from.lon == p.lon);
      CHECK(from.lat == p.lat);
    }
  }
  CHECK_FALSE(outside_china({112.9, 28.2}));
}

TEST_CASE("datum names", "[geodata][china]") {
  CHECK(parse_china_datum("GCJ-02") == ChinaDatum::Gcj02);
  CHECK(parse_china_datum("gcj02") == ChinaDatum::Gcj02);
  CHECK(parse_china_datum("BD-09") == ChinaDatum::Bd09);
  CHECK(parse_china_datum("bd09ll") == ChinaDatum::Bd09);
  CHECK_FALSE(parse_china_datum("EPSG:4326"));
  CHECK_FALSE(parse_china_datum(""));
  CHECK(to_string(ChinaDatum::Bd09) == "BD-09");
}

TEST_CASE("a CSV declared GCJ-02 or BD-09 is converted to WGS 84 at load",
          "[geodata][china][read]") {
  TempDir dir;
  const LonLat truth{112.9388, 28.2282};
  for (ChinaDatum d : {ChinaDatum::Gcj02, ChinaDatum::Bd09}) {
    const LonLat shown = from_wgs84(truth, d);
    const auto path = dir / ("points-" + to_string(d) + ".csv");
    test::write_file(path, "id,lon,lat\nh1," + std::to_string(shown.lon) + "," +
                               std::to_string(shown.lat) + "\n");
    ReadOptions options{.path = path.string(),
                        .id_field = "id",
                        .x_field = "lon",
                        .y_field = "lat",
                        .assume_crs = to_string(d)};
    const auto points = point_coordinates(read_features(options));
    // std::to_string keeps 6 decimals: ±5e-7° of rounding in the file.
    check_point(points[0], truth.lon, truth.lat, 1e-6);
  }
}

TEST_CASE("GeoJSON (WGS 84 by definition) declared GCJ-02 is converted too",
          "[geodata][china][read]") {
  TempDir dir;
  const LonLat truth{113.0, 28.0};
  const LonLat shown = gcj02_from_wgs84(truth);
  const auto path = dir / "h.geojson";
  test::write_file(
      path, test::collection({test::feature(
                R"("id":"h1")", fmt::format(R"({{"type":"Point","coordinates":[{:.12f},{:.12f}]}})",
                                            shown.lon, shown.lat))}));
  const auto plain = point_coordinates(read_features({.path = path.string(), .id_field = "id"}));
  CHECK(plain[0].lon == Approx(shown.lon).margin(1e-12));  // not converted unless declared
  const auto converted = point_coordinates(
      read_features({.path = path.string(), .id_field = "id", .assume_crs = "GCJ-02"}));
  check_point(converted[0], truth.lon, truth.lat, 1e-9);
}

TEST_CASE("GCJ-02 declared for projected coordinates is bad input, in one line",
          "[geodata][china][read][errors]") {
  TempDir dir;
  // A GeoJSON layer in CGCS2000 / 3-degree Gauss-Kruger CM 114E (EPSG:4547), metres.
  const auto path = dir / "projected.geojson";
  test::write_file(path, R"({"type":"FeatureCollection","crs":{"type":"name","properties":{"name":)"
                         R"("urn:ogc:def:crs:EPSG::4547"}},"features":[)" +
                             test::feature(R"("id":"h1")",
                                           R"({"type":"Point","coordinates":[500000,3100000]})") +
                             "]}");
  try {
    read_features({.path = path.string(), .id_field = "id", .assume_crs = "GCJ-02"});
    FAIL("no error");
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::BadInput);
    const std::string what = e.what();
    CHECK(what.find('\n') == std::string::npos);
    CHECK(what.find("projected CRS") != std::string::npos);
    CHECK(what.find("projected.geojson") != std::string::npos);
  }
  // A CSV of projected numbers declared GCJ-02.
  const auto csv = dir / "xy.csv";
  test::write_file(csv, "id,x,y\np1,500000,3100000\n");
  CHECK_THROWS_WITH(read_features({.path = csv.string(),
                                   .id_field = "id",
                                   .x_field = "x",
                                   .y_field = "y",
                                   .assume_crs = "BD-09"}),
                    Catch::Contains("feature p1") && Catch::Contains("not longitude/latitude"));
  // A road network declared GCJ-02.
  CHECK_THROWS_WITH(read_line_layer_roads({.path = path.string(), .assume_crs = "GCJ-02"}),
                    Catch::Contains("road layer cannot be declared GCJ-02"));
}
