#include <cpl_string.h>
#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <catch2/catch.hpp>

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

std::string two_squares() {
  return test::collection({
      test::feature(R"("code":"430102","name":"芙蓉区","pop":"12.5")",
                    test::box_polygon(0, 0, 1, 1)),
      test::feature(R"("code":"430103","name":"天心区","pop":"abc")",
                    test::box_polygon(1, 0, 2, 1)),
  });
}

/// Message and hint of the Error thrown by `f` (fails the test when none is thrown).
template <typename F>
std::string error_text(F&& f) {
  try {
    f();
  } catch (const Error& e) {
    return std::string(e.what()) + "\nhint: " + e.hint();
  }
  FAIL("no equiroute::Error thrown");
  return {};
}

}  // namespace

TEST_CASE("read_features reads GeoJSON attributes and geometries", "[geodata][read]") {
  TempDir dir;
  test::write_file(dir / "a.geojson", two_squares());
  FeatureSet fs = read_features({.path = (dir / "a.geojson").string(), .id_field = "code"});
  REQUIRE(fs.size() == 2);
  CHECK(fs.layer == "a");
  CHECK(fs.ids == std::vector<std::string>{"430102", "430103"});
  CHECK(fs.text(1, "name") == "天心区");
  CHECK(fs.number(0, "pop") == Approx(12.5));
  REQUIRE(fs.has_geometry());
  CHECK(GEOSGeomTypeId_r(geos_context(), fs.geometries[0].get()) == GEOS_POLYGON);

  SECTION("number() names file, layer, feature and field for text that is not a number") {
    const std::string msg = error_text([&] { fs.number(1, "pop"); });
    CHECK_THAT(msg, Catch::Contains("a.geojson") && Catch::Contains("layer 'a'") &&
                        Catch::Contains("feature 430103") && Catch::Contains("field 'pop'") &&
                        Catch::Contains("not a number: 'abc'"));
  }
  SECTION("unknown field lists the available ones") {
    const std::string msg = error_text([&] { fs.field_index("population"); });
    CHECK_THAT(msg, Catch::Contains("field 'population'") && Catch::Contains("code, name, pop"));
  }
  SECTION("set_numbers adds and replaces a column") {
    fs.set_numbers("pop", {1.0, 2.0});
    fs.set_numbers("area_km2", {3.0, 4.5});
    CHECK(fs.number(1, "pop") == 2.0);
    CHECK(fs.text(1, "area_km2") == "4.5");
    CHECK(fs.fields.back() == "area_km2");
    CHECK_THROWS_AS(fs.set_numbers("x", {1.0}), Error);
  }
}

TEST_CASE("non_negative_numbers rejects negative and missing values", "[geodata][read]") {
  FeatureSet fs;
  fs.path = "t.csv";
  fs.layer = "t";
  fs.fields = {"pop"};
  fs.ids = {"a", "b"};
  fs.values = {{AttrValue{10LL}}, {AttrValue{-3.0}}};
  CHECK_THROWS_WITH(non_negative_numbers(fs, "pop"), Catch::Contains("feature b") &&
                                                         Catch::Contains("field 'pop'") &&
                                                         Catch::Contains("negative"));
  fs.values[1][0] = std::monostate{};
  CHECK_THROWS_WITH(non_negative_numbers(fs, "pop"),
                    Catch::Contains("feature b") && Catch::Contains("missing value"));
  fs.values[1][0] = std::string(" 7 ");
  CHECK(non_negative_numbers(fs, "pop") == std::vector<double>{10.0, 7.0});
}

TEST_CASE("read_features reports bad input clearly", "[geodata][read][errors]") {
  TempDir dir;
  const std::string path = (dir / "a.geojson").string();
  SECTION("missing file") {
    CHECK_THROWS_WITH(read_features({.path = path}),
                      Catch::Contains("a.geojson") && Catch::Contains("no such file"));
  }
  SECTION("truncated GeoJSON") {
    const std::string full = two_squares();
    test::write_file(path, full.substr(0, full.size() / 2));
    CHECK_THROWS_WITH(
        read_features({.path = path}),
        Catch::Contains("a.geojson") && Catch::Contains("cannot open as vector data"));
  }
  SECTION("unknown layer lists the layers") {
    test::write_file(path, two_squares());
    const std::string msg = error_text([&] { read_features({.path = path, .layer = "roads"}); });
    CHECK_THAT(msg, Catch::Contains("layer 'roads'") && Catch::Contains("no such layer") &&
                        Catch::Contains("layers: a"));
  }
  SECTION("unknown id field lists the fields") {
    test::write_file(path, two_squares());
    const std::string msg =
        error_text([&] { read_features({.path = path, .id_field = "adcode"}); });
    CHECK_THAT(msg, Catch::Contains("field 'adcode'") &&
                        Catch::Contains("available fields: code, name, pop"));
  }
  SECTION("duplicate ids name both features") {
    test::write_file(
        path, test::collection({test::feature(R"("code":"7")", test::box_polygon(0, 0, 1, 1)),
                                test::feature(R"("code":"8")", test::box_polygon(1, 0, 2, 1)),
                                test::feature(R"("code":"7")", test::box_polygon(2, 0, 3, 1))}));
    const std::string msg = error_text([&] { read_features({.path = path, .id_field = "code"}); });
    CHECK_THAT(msg, Catch::Contains("feature 7") && Catch::Contains("duplicate id") &&
                        Catch::Contains("#1 and #3"));
    CHECK(read_features({.path = path, .id_field = "code", .require_unique_ids = false}).size() ==
          3);
  }
  SECTION("empty geometry") {
    test::write_file(path, test::collection({test::feature(
                               R"("code":"9")", R"({"type":"Polygon","coordinates":[]})")}));
    CHECK_THROWS_WITH(read_features({.path = path, .id_field = "code"}),
                      Catch::Contains("feature 9") && Catch::Contains("empty or missing geometry"));
  }
  SECTION("missing geometry") {
    test::write_file(path, test::collection({test::feature(R"("code":"9")", "null")}));
    CHECK_THROWS_WITH(read_features({.path = path, .id_field = "code"}),
                      Catch::Contains("feature 9") && Catch::Contains("missing geometry"));
  }
}

TEST_CASE("invalid geometries are repaired with a warning or rejected", "[geodata][read][errors]") {
  TempDir dir;
  const std::string path = (dir / "bowtie.geojson").string();
  // Bow-tie: two triangles meeting at (1, 1); as one ring it crosses itself.
  const std::string bowtie =
      R"({"type":"Polygon","coordinates":[[[0,0],[2,2],[2,0],[0,2],[0,0]]]})";
  test::write_file(path, test::collection({test::feature(R"("code":"b1")", bowtie)}));
  SECTION("repaired into two triangles") {
    FeatureSet fs = read_features({.path = path, .id_field = "code"});
    auto* ctx = geos_context();
    CHECK(GEOSisValid_r(ctx, fs.geometries[0].get()) == 1);
    CHECK(GEOSGeomTypeId_r(ctx, fs.geometries[0].get()) == GEOS_MULTIPOLYGON);
    double area = 0;
    GEOSArea_r(ctx, fs.geometries[0].get(), &area);
    CHECK(area == Approx(2.0));  // two triangles of base 2 and height 1 (degrees²)
  }
  SECTION("rejected with the feature id when repair is disabled") {
    CHECK_THROWS_WITH(read_features({.path = path, .id_field = "code", .repair_invalid = false}),
                      Catch::Contains("feature b1") && Catch::Contains("invalid geometry") &&
                          Catch::Contains("Self-intersection"));
  }
}

TEST_CASE("CSV with coordinate columns", "[geodata][read][csv]") {
  TempDir dir;
  const std::string path = (dir / "pts.csv").string();
  SECTION("named x/y fields, EPSG:4326 assumed") {
    test::write_file(path, "id,name,x_lon,y_lat,pop\nA,甲,112.5,28.25,100\nB,乙,113,27.5,200\n");
    FeatureSet fs =
        read_features({.path = path, .id_field = "id", .x_field = "x_lon", .y_field = "y_lat"});
    auto pts = point_coordinates(fs);
    REQUIRE(pts.size() == 2);
    CHECK(pts[0].lon == 112.5);
    CHECK(pts[0].lat == 28.25);
    CHECK(fs.text(1, "name") == "乙");
    CHECK(fs.number(1, "pop") == 200.0);
  }
  SECTION("lon/lat columns detected by name") {
    test::write_file(path, "id,Lon,Lat\nA,112.5,28.25\n");
    FeatureSet fs = read_features({.path = path, .id_field = "id"});
    REQUIRE(fs.has_geometry());
    CHECK(point_coordinates(fs)[0].lat == 28.25);
  }
  SECTION("projected coordinates with assume_crs") {
    // Gauss-Krüger CGCS2000 zone CM 111° (EPSG:4547, northing first in the EPSG axis order,
    // easting in x here): the central meridian at x = 500000.
    test::write_file(path, "id,e,n\nA,500000,3100000\n");
    FeatureSet fs = read_features({.path = path,
                                   .id_field = "id",
                                   .x_field = "e",
                                   .y_field = "n",
                                   .assume_crs = "EPSG:4547"});
    const LonLat p = point_coordinates(fs)[0];
    CHECK(p.lon == Approx(114.0).margin(1e-9));
    CHECK(p.lat == Approx(28.0).margin(0.05));
  }
  SECTION("missing coordinate names the feature and the field") {
    test::write_file(path, "id,x,y\nA,112,28\nB,,27\n");
    CHECK_THROWS_WITH(
        read_features({.path = path, .id_field = "id", .x_field = "x", .y_field = "y"}),
        Catch::Contains("feature B") && Catch::Contains("field 'x'") &&
            Catch::Contains("missing coordinate"));
  }
  SECTION("a table without coordinates has no geometry unless required") {
    test::write_file(path, "id,pop\nA,1\n");
    CHECK_FALSE(read_features({.path = path, .id_field = "id"}).has_geometry());
    CHECK_THROWS_WITH(read_features({.path = path, .id_field = "id", .require_geometry = true}),
                      Catch::Contains("no geometry"));
  }
  SECTION("an assumed CRS PROJ cannot build is named") {
    test::write_file(path, "id,x,y\nA,1,2\n");
    CHECK_THROWS_WITH(
        read_features({.path = path, .x_field = "x", .y_field = "y", .assume_crs = "EPSG:999999"}),
        Catch::Contains("EPSG:999999"));
  }
}

TEST_CASE("a layer without CRS needs assume_crs", "[geodata][read][errors]") {
  TempDir dir;
  ensure_gdal_registered();
  const std::string path = (dir / "nocrs.shp").string();
  {
    GDALDriver* drv = GetGDALDriverManager()->GetDriverByName("ESRI Shapefile");
    std::unique_ptr<GDALDataset> ds(drv->Create(path.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    OGRLayer* layer = ds->CreateLayer("nocrs", nullptr, wkbPoint, nullptr);
    OGRFieldDefn f("id", OFTString);
    layer->CreateField(&f);
    OGRFeature feat(layer->GetLayerDefn());
    feat.SetField(0, "p");
    feat.SetGeometryDirectly(new OGRPoint(500000, 3100000));
    REQUIRE(layer->CreateFeature(&feat) == OGRERR_NONE);
  }
  CHECK_THROWS_WITH(read_features({.path = path}),
                    Catch::Contains("no coordinate reference system"));
  FeatureSet fs = read_features({.path = path, .id_field = "id", .assume_crs = "EPSG:4547"});
  CHECK(point_coordinates(fs)[0].lon == Approx(114.0));
}

TEST_CASE("Shapefile encodings: UTF-8 .cpg round trip and GBK decoding",
          "[geodata][read][encoding]") {
  TempDir dir;
  ensure_gdal_registered();
  SECTION("UTF-8 written by write_layer") {
    test::write_file(dir / "a.geojson", two_squares());
    FeatureSet fs = read_features({.path = (dir / "a.geojson").string(), .id_field = "code"});
    write_layer(fs, dir / "a.shp");
    CHECK(test::read_file(dir / "a.cpg").find("UTF-8") != std::string::npos);
    FeatureSet back = read_features({.path = (dir / "a.shp").string(), .id_field = "code"});
    CHECK(back.text(0, "name") == "芙蓉区");
    CHECK(back.text(1, "name") == "天心区");
  }
  for (const std::string cpg : {"GBK", "936"}) {
    SECTION("GBK bytes with .cpg '" + cpg + "'") {
      const std::string path = (dir / "gbk.shp").string();
      {
        // Write raw GBK bytes without any recoding, as Chinese desktop GIS does.
        CPLStringList lco;
        lco.SetNameValue("ENCODING", "");
        GDALDriver* drv = GetGDALDriverManager()->GetDriverByName("ESRI Shapefile");
        std::unique_ptr<GDALDataset> ds(drv->Create(path.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
        OGRSpatialReference wgs84;
        wgs84.importFromEPSG(4326);
        OGRLayer* layer = ds->CreateLayer("gbk", &wgs84, wkbPoint, lco.List());
        OGRFieldDefn f("name", OFTString);
        layer->CreateField(&f);
        OGRFeature feat(layer->GetLayerDefn());
        char* gbk = CPLRecode("长沙市", CPL_ENC_UTF8, "CP936");
        feat.SetField(0, gbk);
        CPLFree(gbk);
        feat.SetGeometryDirectly(new OGRPoint(113, 28));
        REQUIRE(layer->CreateFeature(&feat) == OGRERR_NONE);
      }
      // 长 in GBK is B3 A4: the file really holds GBK, not UTF-8.
      CHECK(test::read_file(dir / "gbk.dbf").find("\xB3\xA4") != std::string::npos);
      test::write_file(dir / "gbk.cpg", cpg);
      FeatureSet fs = read_features({.path = path});
      CHECK(fs.text(0, "name") == "长沙市");
    }
  }
}

TEST_CASE("point_coordinates refuses non-points", "[geodata][read]") {
  TempDir dir;
  test::write_file(dir / "a.geojson", two_squares());
  FeatureSet fs = read_features({.path = (dir / "a.geojson").string(), .id_field = "code"});
  CHECK_THROWS_WITH(point_coordinates(fs),
                    Catch::Contains("feature 430102") && Catch::Contains("not a point"));
}
