// Validation at load: geometry kinds per layer, coordinates that are not finite, huge or
// out of the lon/lat range (with a swap hint), PROJ failures in one short line, and a
// Shapefile without its .dbf.

#include <cpl_string.h>
#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <catch2/catch.hpp>
#include <limits>

#include "equiroute/core/error.hpp"
#include "equiroute/geodata/feature_set.hpp"
#include "equiroute/geodata/gdal_init.hpp"
#include "equiroute/geodata/layer_writer.hpp"
#include "fixtures.hpp"
#include "support.hpp"

using namespace equiroute;
using namespace equiroute::geodata;
using equiroute::test::TempDir;

namespace {

Error read_error(const ReadOptions& options) {
  try {
    read_features(options);
  } catch (const Error& e) {
    return e;
  }
  FAIL("no equiroute::Error thrown");
  return Error("");
}

const std::string kPoint = R"({"type":"Point","coordinates":[113.5,28.5]})";
const std::string kLine = R"({"type":"LineString","coordinates":[[113,28],[114,28]]})";

/// A GeoPackage line layer in EPSG:`epsg`, one two-vertex line per pair of points (NaN and
/// infinities allowed, which GeoJSON cannot hold; a point of NaNs would be read as empty).
void write_gpkg_lines(const std::filesystem::path& path, int epsg,
                      const std::vector<std::pair<double, double>>& xy) {
  ensure_gdal_registered();
  GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("GPKG");
  std::unique_ptr<GDALDataset> ds(driver->Create(path.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
  OGRSpatialReference srs;
  srs.importFromEPSG(epsg);
  OGRLayer* layer = ds->CreateLayer("lines", &srs, wkbLineString, nullptr);
  OGRFieldDefn code("code", OFTString);
  REQUIRE(layer->CreateField(&code) == OGRERR_NONE);
  for (std::size_t i = 0; i + 1 < xy.size(); i += 2) {
    OGRFeature f(layer->GetLayerDefn());
    f.SetField(0, ("L" + std::to_string(i / 2 + 1)).c_str());
    auto* line = new OGRLineString();
    line->addPoint(xy[i].first, xy[i].second);
    line->addPoint(xy[i + 1].first, xy[i + 1].second);
    f.SetGeometryDirectly(line);
    REQUIRE(layer->CreateFeature(&f) == OGRERR_NONE);
  }
}

}  // namespace

TEST_CASE("a layer holds one kind of geometry", "[geodata][read][validation]") {
  TempDir dir;
  const auto path = dir / "regions.geojson";
  test::write_file(path, test::collection({
                             test::feature(R"("code":"A")", test::box_polygon(113, 28, 114, 29)),
                             test::feature(R"("code":"B")", kPoint),
                             test::feature(R"("code":"C")", kLine),
                         }));
  SECTION("mixed kinds name the feature and the first one") {
    const Error e = read_error({.path = path.string(), .id_field = "code"});
    CHECK(e.kind() == ErrorKind::BadInput);
    CHECK(e.context().feature_id == "B");
    CHECK_THAT(e.what(), Catch::Contains("a Point in a layer of polygons (feature A is one)"));
  }
  SECTION("a required kind names the first feature without it") {
    const Error e =
        read_error({.path = path.string(), .id_field = "code", .geometry = GeometryFamily::Point});
    CHECK(e.context().feature_id == "A");
    CHECK_THAT(e.what(), Catch::Contains("a Polygon where points are needed"));
  }
  SECTION("multi and single parts are one kind") {
    test::write_file(
        path,
        test::collection(
            {test::feature(R"("code":"A")", test::box_polygon(113, 28, 114, 29)),
             test::feature(
                 R"("code":"B")",
                 R"({"type":"MultiPolygon","coordinates":[[[[114,28],[115,28],[115,29],[114,28]]]]})")}));
    CHECK(read_features(
              {.path = path.string(), .id_field = "code", .geometry = GeometryFamily::Polygon})
              .size() == 2);
  }
  SECTION("a collection mixing kinds is an error") {
    test::write_file(path, test::collection({test::feature(
                               R"("code":"A")", R"({"type":"GeometryCollection","geometries":[)" +
                                                    kPoint + "," + kLine + "]}")}));
    CHECK_THAT(read_error({.path = path.string(), .id_field = "code"}).what(),
               Catch::Contains("mixes geometry types"));
  }
}

TEST_CASE("lon/lat out of range, with a hint when swapped", "[geodata][read][validation]") {
  TempDir dir;
  const auto path = dir / "pts.csv";
  SECTION("swapped columns") {
    test::write_file(path, "id,lon,lat\nA,113.0,28.2\nB,28.2,113.0\n");
    const Error e = read_error({.path = path.string(), .id_field = "id"});
    CHECK(e.context().feature_id == "B");
    CHECK_THAT(e.what(), Catch::Contains("longitude/latitude out of range: (28.2, 113)"));
    CHECK_THAT(e.hint(), Catch::Contains("swapped"));
  }
  SECTION("simply out of range") {
    test::write_file(path, "id,lon,lat\nA,413.0,28.2\n");
    const Error e = read_error({.path = path.string(), .id_field = "id"});
    CHECK_THAT(e.hint(), !Catch::Contains("swapped"));
  }
  SECTION("huge values in GeoJSON") {
    const auto geojson = dir / "huge.geojson";
    test::write_file(
        geojson, test::collection({test::feature(R"("code":"A")",
                                                 R"({"type":"Point","coordinates":[1e308,28]})")}));
    const Error e = read_error({.path = geojson.string(), .id_field = "code"});
    CHECK(e.context().feature_id == "A");
    CHECK_THAT(e.what(), Catch::Contains("(1e+308, 28)"));
  }
}

TEST_CASE("huge, NaN and infinite coordinates in a projected CRS: one short line",
          "[geodata][read][validation]") {
  TempDir dir;
  const auto path = dir / "lines.gpkg";
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const double inf = std::numeric_limits<double>::infinity();
  struct Case {
    std::pair<double, double> xy;
    const char* message;
  };
  // EPSG:4547: CGCS2000 / 3-degree Gauss-Kruger CM 114E, metres; (385000, 3100000) is in
  // Hunan. The second line's end is the bad vertex.
  for (const Case& c : {Case{{1e308, 3.1e6}, "coordinate out of any plausible range"},
                        Case{{nan, 3.1e6}, "not a finite number"},
                        Case{{3.85e5, -inf}, "not a finite number: (385000, -inf)"},
                        Case{{9e8, 3.1e6}, "cannot transform the coordinates from CGCS2000"}}) {
    std::filesystem::remove(path);
    write_gpkg_lines(path, 4547, {{3.85e5, 3.1e6}, {3.9e5, 3.1e6}, {3.85e5, 3.1e6}, c.xy});
    const Error e = read_error({.path = path.string(), .id_field = "code"});
    CHECK(e.kind() == ErrorKind::BadInput);
    CHECK(e.context().file == path.string());
    CHECK(e.context().layer == "lines");
    CHECK(e.context().feature_id == "L2");
    CHECK_THAT(e.what(), Catch::Contains(c.message));
    // One line, short, and never PROJ's pipeline definition.
    CHECK(std::string(e.what()).find('\n') == std::string::npos);
    CHECK(std::string(e.what()).size() < 250);
    CHECK_THAT(e.what(), !Catch::Contains("+proj="));
  }
}

TEST_CASE("a Shapefile without its .dbf or .shx says so", "[geodata][read][validation]") {
  TempDir dir;
  test::write_file(dir / "a.geojson", test::collection({test::feature(R"("code":"A")", kPoint)}));
  const FeatureSet fs = read_features({.path = (dir / "a.geojson").string(), .id_field = "code"});
  write_layer(fs, dir / "a.shp");
  SECTION(".dbf") {
    std::filesystem::remove(dir / "a.dbf");
    const Error e = read_error({.path = (dir / "a.shp").string(), .id_field = "code"});
    CHECK_THAT(e.what(), Catch::Contains("no .dbf"));
    CHECK_THAT(e.hint(), Catch::Contains(".shx, .dbf, .prj"));
  }
  SECTION(".shx") {
    std::filesystem::remove(dir / "a.shx");
    CHECK_THAT(read_error({.path = (dir / "a.shp").string()}).what(), Catch::Contains("no .shx"));
  }
}
