// read_features and text encodings: GBK CSV and Shapefiles (with and without .cpg) are made
// here, byte by byte; every string that comes out must be UTF-8, and a byte that does not
// decode is an error naming the file, the feature and the field.

#include <catch2/catch.hpp>

#include "equiroute/core/error.hpp"
#include "equiroute/geodata/dataset_info.hpp"
#include "equiroute/geodata/feature_set.hpp"
#include "equiroute/geodata/layer_writer.hpp"
#include "equiroute/geodata/text_encoding.hpp"
#include "fixtures.hpp"
#include "support.hpp"

using namespace equiroute;
using namespace equiroute::geodata;
using equiroute::test::TempDir;

namespace {

/// A CSV of two points with Chinese names, in GBK: the header's name column too.
std::string gbk_csv() {
  return test::gbk("id,名称,lon,lat\n430102,芙蓉区,113.0,28.2\n430103,天心区,112.98,28.1\n");
}

Error read_error(const ReadOptions& options) {
  try {
    read_features(options);
  } catch (const Error& e) {
    return e;
  }
  FAIL("no equiroute::Error thrown");
  return Error("");
}

}  // namespace

TEST_CASE("a GBK CSV without declaration is read as GB18030", "[geodata][read][encoding]") {
  TempDir dir;
  const auto path = dir / "gbk.csv";
  test::write_file(path, gbk_csv());
  const FeatureSet fs = read_features({.path = path.string(), .id_field = "id"});
  CHECK(fs.encoding == "GB18030");
  REQUIRE(fs.fields.size() == 4);
  CHECK(fs.fields[1] == "名称");
  CHECK(fs.text(0, "名称") == "芙蓉区");
  CHECK(fs.text(1, "名称") == "天心区");
  CHECK(point_coordinates(fs)[1].lon == 112.98);
  for (std::size_t i = 0; i < fs.size(); ++i)
    for (const auto& f : fs.fields) CHECK(is_valid_utf8(fs.text(i, f)));
}

TEST_CASE("an explicit encoding is used as given", "[geodata][read][encoding]") {
  TempDir dir;
  const auto path = dir / "gbk.csv";
  test::write_file(path, gbk_csv());
  SECTION("GBK") {
    const FeatureSet fs =
        read_features({.path = path.string(), .id_field = "id", .encoding = "GBK"});
    CHECK(fs.encoding == "GBK");
    CHECK(fs.text(0, "名称") == "芙蓉区");
  }
  SECTION("UTF-8 given for GBK bytes: the byte is named") {
    const Error e = read_error({.path = path.string(), .id_field = "id", .encoding = "UTF-8"});
    CHECK(e.kind() == ErrorKind::BadInput);
    CHECK_THAT(e.what(), Catch::Contains(path.string()) &&
                             Catch::Contains("the name of field #2 is not valid UTF-8") &&
                             Catch::Contains("byte 0xC3 at offset 0"));
    CHECK_THAT(e.hint(), Catch::Contains("--encoding"));
  }
  SECTION("an unknown encoding names the file") {
    const Error e = read_error({.path = path.string(), .encoding = "KLINGON"});
    CHECK_THAT(e.what(), Catch::Contains(path.string()) && Catch::Contains("KLINGON"));
  }
}

TEST_CASE("UTF-8 text stays as it is", "[geodata][read][encoding]") {
  TempDir dir;
  const auto path = dir / "utf8.csv";
  test::write_file(path, "id,name,lon,lat\n1,芙蓉区,113,28\n");
  const FeatureSet fs = read_features({.path = path.string(), .id_field = "id"});
  CHECK(fs.encoding == "UTF-8");
  CHECK(fs.text(0, "name") == "芙蓉区");
}

TEST_CASE("text that is neither UTF-8 nor GB18030 is an error naming row and field",
          "[geodata][read][encoding][errors]") {
  TempDir dir;
  const auto path = dir / "bad.csv";
  // Row 2's name holds 0xFF, which starts no character in GB18030 (nor in UTF-8).
  test::write_file(
      path, test::gbk("id,name,lon,lat\nA,芙蓉区,113,28\nB,") + "\xB3\xA4\xFF" + ",112,28\n");
  const Error e = read_error({.path = path.string(), .id_field = "id"});
  CHECK(e.kind() == ErrorKind::BadInput);
  CHECK(e.context().file == path.string());
  CHECK(e.context().feature_id == "B");
  CHECK(e.context().field == "name");
  CHECK_THAT(e.what(), Catch::Contains("neither UTF-8 nor GB18030") &&
                           Catch::Contains("byte 0xFF at offset 2"));
  CHECK(is_valid_utf8(e.what()));
}

TEST_CASE("an undecodable id is named by its row", "[geodata][read][encoding][errors]") {
  TempDir dir;
  const auto path = dir / "bad.csv";
  test::write_file(path, "id,lon,lat\nA,113,28\n\xFF,112,28\n");
  const Error e = read_error({.path = path.string(), .id_field = "id", .encoding = "UTF-8"});
  CHECK(e.context().feature_id == "#2");
  CHECK(e.context().field == "id");
}

TEST_CASE("attribute filters match GBK text", "[geodata][read][encoding]") {
  TempDir dir;
  const auto path = dir / "gbk.csv";
  test::write_file(path, gbk_csv());
  const FeatureSet fs =
      read_features({.path = path.string(), .id_field = "id", .where = "\"名称\" = '天心区'"});
  REQUIRE(fs.size() == 1);
  CHECK(fs.ids[0] == "430103");
}

TEST_CASE("GBK Shapefiles: .cpg honoured, guessed without it", "[geodata][read][encoding]") {
  TempDir dir;
  const auto path = dir / "gbk.shp";
  const std::vector<std::vector<std::string>> rows = {{"430102", test::gbk("长沙市芙蓉区")},
                                                      {"430103", test::gbk("天心区")}};
  SECTION("no .cpg: GB18030 assumed") {
    test::write_raw_shapefile(path, {"code", test::gbk("名称")}, rows);
    REQUIRE_FALSE(std::filesystem::exists(dir / "gbk.cpg"));
    const FeatureSet fs = read_features({.path = path.string(), .id_field = "code"});
    CHECK(fs.encoding == "GB18030");
    CHECK(fs.text(0, "名称") == "长沙市芙蓉区");
  }
  for (const std::string cpg : {"936", "GBK", "CP936"}) {
    SECTION(".cpg '" + cpg + "'") {
      test::write_raw_shapefile(path, {"code", "name"}, rows, cpg);
      const FeatureSet fs = read_features({.path = path.string(), .id_field = "code"});
      CHECK(fs.text(0, "name") == "长沙市芙蓉区");
      CHECK(fs.text(1, "name") == "天心区");
    }
  }
  SECTION("a .cpg that says UTF-8 over GBK bytes: error naming feature and field") {
    test::write_raw_shapefile(path, {"code", "name"}, rows, "UTF-8");
    const Error e = read_error({.path = path.string(), .id_field = "code"});
    CHECK(e.context().feature_id == "430102");
    CHECK(e.context().field == "name");
    CHECK_THAT(e.what(), Catch::Contains("is not valid UTF-8"));
  }
  SECTION("an explicit encoding overrides the .cpg") {
    test::write_raw_shapefile(path, {"code", "name"}, rows, "UTF-8");
    const FeatureSet fs =
        read_features({.path = path.string(), .id_field = "code", .encoding = "GB18030"});
    CHECK(fs.text(1, "name") == "天心区");
  }
}

TEST_CASE("Shapefile output is UTF-8 with a .cpg, read back as such", "[geodata][encoding]") {
  TempDir dir;
  const auto path = dir / "gbk.csv";
  test::write_file(path, gbk_csv());
  const FeatureSet fs = read_features({.path = path.string(), .id_field = "id"});
  write_layer(fs, dir / "out.shp");
  CHECK(test::read_file(dir / "out.cpg") == "UTF-8");
  const std::string dbf = test::read_file(dir / "out.dbf");
  CHECK(dbf.find("芙蓉区") != std::string::npos);  // the UTF-8 bytes themselves
  const FeatureSet back = read_features({.path = (dir / "out.shp").string(), .id_field = "id"});
  CHECK(back.encoding == "UTF-8");
  CHECK(back.text(1, "名称") == "天心区");
}

TEST_CASE("GeoJSON must be UTF-8 unless told otherwise", "[geodata][read][encoding][errors]") {
  TempDir dir;
  const auto path = dir / "a.geojson";
  test::write_file(
      path,
      test::collection({test::feature("\"code\":\"1\",\"name\":\"" + test::gbk("芙蓉区") + "\"",
                                      R"({"type":"Point","coordinates":[113,28]})")}));
  const Error e = read_error({.path = path.string(), .id_field = "code"});
  CHECK(e.context().field == "name");
  CHECK_THAT(e.what(), Catch::Contains("not valid UTF-8"));
  const FeatureSet fs =
      read_features({.path = path.string(), .id_field = "code", .encoding = "GBK"});
  CHECK(fs.text(0, "name") == "芙蓉区");
}

TEST_CASE("info decodes field names like read_features", "[geodata][encoding]") {
  TempDir dir;
  const auto path = dir / "gbk.shp";
  test::write_raw_shapefile(path, {"code", test::gbk("名称")}, {{"1", test::gbk("长沙")}});
  const DatasetInfo info = describe_dataset(path.string());
  REQUIRE(info.layers.size() == 1);
  CHECK(info.layers[0].encoding == "GB18030");
  REQUIRE(info.layers[0].fields.size() == 2);
  CHECK(info.layers[0].fields[1].name == "名称");
  test::write_raw_shapefile(path, {"code", test::gbk("名称")}, {{"1", test::gbk("长沙")}}, "936");
  CHECK(describe_dataset(path.string()).layers[0].fields[1].name == "名称");
}
