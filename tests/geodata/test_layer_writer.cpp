#include <catch2/catch.hpp>

#include "equiroute/core/error.hpp"
#include "equiroute/geodata/geometry_ops.hpp"
#include "equiroute/geodata/layer_writer.hpp"
#include "fixtures.hpp"
#include "support.hpp"

using namespace equiroute;
using namespace equiroute::geodata;
using equiroute::test::TempDir;
namespace fs = std::filesystem;

namespace {

FeatureSet sample(const TempDir& dir) {
  test::write_file(
      dir / "in.geojson",
      test::collection(
          {test::feature(R"("code":"430102","name":"芙蓉区","population_density":1.5,"n":3)",
                         test::box_polygon(112, 27, 113, 28)),
           test::feature(
               R"("code":"430103","name":"天心区","population_density":2.25,"n":4)",
               R"({"type":"MultiPolygon","coordinates":[[[[113,27],[114,27],[114,28],[113,27]]]]})")}));
  return read_features({.path = (dir / "in.geojson").string(), .id_field = "code"});
}

std::vector<std::string> listing(const fs::path& dir) {
  std::vector<std::string> names;
  for (const auto& e : fs::directory_iterator(dir)) names.push_back(e.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

}  // namespace

TEST_CASE("format_from_path picks the driver by extension", "[geodata][writer]") {
  CHECK(format_from_path("a.geojson") == LayerFormat::GeoJSON);
  CHECK(format_from_path("a.JSON") == LayerFormat::GeoJSON);
  CHECK(format_from_path("a.shp") == LayerFormat::Shapefile);
  CHECK(format_from_path("a.gpkg") == LayerFormat::GeoPackage);
  CHECK(format_from_path("a.csv") == LayerFormat::CSV);
  CHECK_THROWS_WITH(format_from_path("a.kml"), Catch::Contains("unknown output format"));
}

TEST_CASE("shapefile field names are short, unique and deterministic", "[geodata][writer]") {
  const auto names =
      shapefile_field_names({"population_density", "population_total", "id", "ID", "名称名称名称"});
  CHECK(names.at("population_density") == "populati_1");
  CHECK(names.at("population_total") == "populati_2");
  CHECK(names.at("id") == "id");
  CHECK(names.at("ID") == "ID_1");              // dBASE names are case-insensitive
  CHECK(names.at("名称名称名称") == "名称_1");  // 18 bytes of UTF-8, cut on a character boundary
}

TEST_CASE("GeoJSON, GeoPackage and Shapefile round trips", "[geodata][writer]") {
  TempDir dir;
  const FeatureSet in = sample(dir);
  const auto area_in = areas_km2(in);
  for (const std::string name : {"out.geojson", "out.gpkg", "out.shp"}) {
    SECTION(name) {
      const WriteReport report = write_layer(in, dir / name, {.inputs = {dir / "in.geojson"}});
      FeatureSet back = read_features({.path = (dir / name).string(), .id_field = "code"});
      REQUIRE(back.size() == 2);
      CHECK(back.ids == in.ids);
      CHECK(back.text(1, "name") == "天心区");
      const std::string density = name == "out.shp" ? "populati_1" : "population_density";
      CHECK(back.number(1, density) == 2.25);
      CHECK(std::holds_alternative<long long>(back.values[0][back.field_index("n")]));
      const auto area_back = areas_km2(back);
      CHECK(area_back[0] == Approx(area_in[0]).epsilon(1e-7));
      CHECK(area_back[1] == Approx(area_in[1]).epsilon(1e-7));
      if (name == "out.shp") {
        CHECK(report.renamed_fields.at("population_density") == "populati_1");
        CHECK(listing(dir.path()) == std::vector<std::string>{"in.geojson", "out.cpg", "out.dbf",
                                                              "out.prj", "out.shp", "out.shx"});
      } else {
        CHECK(listing(dir.path()) == std::vector<std::string>{"in.geojson", name});
      }
    }
  }
}

TEST_CASE("GeoJSON output is RFC 7946 with the asked precision", "[geodata][writer]") {
  TempDir dir;
  test::write_file(
      dir / "in.geojson",
      test::collection({test::feature(
          R"("code":"p")", R"({"type":"Point","coordinates":[112.123456789,27.987654321]})")}));
  FeatureSet in = read_features({.path = (dir / "in.geojson").string(), .id_field = "code"});
  write_layer(in, dir / "out.geojson", {.coordinate_precision = 3});
  const std::string text = test::read_file(dir / "out.geojson");
  CHECK_THAT(text, Catch::Contains("112.123") && Catch::Contains("27.988"));
  CHECK_THAT(text, !Catch::Contains("112.1234"));
  CHECK_THAT(text, !Catch::Contains("\"crs\""));  // RFC 7946: WGS 84 implied, no crs member
}

TEST_CASE("CSV output: attributes, and lon/lat for points", "[geodata][writer]") {
  TempDir dir;
  FeatureSet table;
  table.id_field = "id";
  table.fields = {"id", "name", "v"};
  table.ids = {"a", "b"};
  table.values = {{std::string("a"), std::string("x, y"), AttrValue{1.5}},
                  {std::string("b"), std::string("长沙"), AttrValue{}}};
  write_layer(table, dir / "t.csv");
  CHECK(test::read_file(dir / "t.csv") == "id,name,v\na,\"x, y\",1.5\nb,长沙,\n");
  CHECK(layer_to_csv(table) == "id,name,v\na,\"x, y\",1.5\nb,长沙,\n");

  test::write_file(dir / "p.csv", "id,x,y\nA,112.5,28.25\n");
  FeatureSet pts = read_features(
      {.path = (dir / "p.csv").string(), .id_field = "id", .x_field = "x", .y_field = "y"});
  CHECK(layer_to_csv(pts) == "id,x,y,lon,lat\nA,112.5,28.25,112.5,28.25\n");
}

TEST_CASE("writers never overwrite inputs and leave nothing on failure",
          "[geodata][writer][errors]") {
  TempDir dir;
  const FeatureSet in = sample(dir);
  const std::string before = test::read_file(dir / "in.geojson");
  CHECK_THROWS_WITH(write_layer(in, dir / "in.geojson", {.inputs = {dir / "in.geojson"}}),
                    Catch::Contains("refusing to overwrite"));
  CHECK(test::read_file(dir / "in.geojson") == before);
  CHECK_THROWS_AS(write_layer(in, dir / "out.kml"), Error);
  CHECK_THROWS_WITH(write_layer(in, dir / "missing/out.geojson"),
                    Catch::Contains("output directory does not exist"));
  CHECK(listing(dir.path()) == std::vector<std::string>{"in.geojson"});
}
