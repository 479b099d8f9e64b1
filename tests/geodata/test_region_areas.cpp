// Areas of the embedded Hunan data set against official figures, independence from the
// input CRS, and a round trip through every writer.

#include <gdal_utils.h>

#include <catch2/catch.hpp>
#include <map>

#include "equiroute/core/error.hpp"
#include "equiroute/geodata/gdal_init.hpp"
#include "equiroute/geodata/geometry_ops.hpp"
#include "equiroute/geodata/layer_writer.hpp"
#include "equiroute/geodata/region_areas.hpp"
#include "fixtures.hpp"
#include "support.hpp"

using namespace equiroute;
using namespace equiroute::geodata;
using equiroute::test::TempDir;

namespace {

std::map<std::string, double> prefecture_areas(const std::string& path) {
  FeatureSet counties = read_features({.path = path, .id_field = "adcode"});
  RegionAreas r =
      compute_region_areas(counties, {.name_field = "prefecture_name", .dissolve_prefix = 4});
  std::map<std::string, double> out;
  for (std::size_t i = 0; i < r.regions.size(); ++i)
    out[r.regions.ids[i]] = r.regions.number(i, "area_km2");
  return out;
}

/// ogr2ogr PATH → OUT with -t_srs CRS.
void reproject(const std::string& path, const std::string& out, const std::string& crs,
               const char* format) {
  ensure_gdal_registered();
  GDALDatasetH src = GDALOpenEx(path.c_str(), GDAL_OF_VECTOR, nullptr, nullptr, nullptr);
  REQUIRE(src);
  const char* argv[] = {"-t_srs", crs.c_str(), "-f", format, nullptr};
  GDALVectorTranslateOptions* opts =
      GDALVectorTranslateOptionsNew(const_cast<char**>(argv), nullptr);
  int usage_error = 0;
  GDALDatasetH dst = GDALVectorTranslate(out.c_str(), nullptr, 1, &src, opts, &usage_error);
  GDALVectorTranslateOptionsFree(opts);
  REQUIRE(dst);
  GDALClose(dst);
  GDALClose(src);
}

}  // namespace

TEST_CASE("Hunan prefecture areas match the official figures", "[geodata][areas][data]") {
  auto data = test::embedded_data();
  if (!data) EQUIROUTE_SKIP("embedded data set data/hunan-2018 absent (run scripts/fetch-data)");
  FeatureSet counties =
      read_features({.path = (*data / "counties.geojson").string(), .id_field = "adcode"});
  REQUIRE(counties.size() == 122);
  RegionAreas r =
      compute_region_areas(counties, {.name_field = "prefecture_name", .dissolve_prefix = 4});
  REQUIRE(r.regions.size() == 14);
  CHECK(r.regions.ids[0] == "430100");
  CHECK(r.regions.text(0, "name") == "长沙市");
  // Official land areas: Changsha 11,819 km², Hunan 211,800 km² (Hunan statistical yearbook).
  CHECK(r.regions.number(0, "area_km2") == Approx(11819.0).epsilon(0.01));
  CHECK(r.total_km2 == Approx(211800.0).epsilon(0.01));
  CHECK_THAT(r.crs, Catch::Contains("+proj=aea"));
  // Dissolving by the prefecture field gives the same regions.
  RegionAreas by_field = compute_region_areas(counties, {.dissolve_by = "prefecture"});
  REQUIRE(by_field.regions.size() == 14);
  CHECK(by_field.total_km2 == Approx(r.total_km2).epsilon(1e-9));
  CHECK(by_field.regions.text(0, "name").empty());
}

TEST_CASE("areas do not depend on the input CRS", "[geodata][areas][data]") {
  auto data = test::embedded_data();
  if (!data) EQUIROUTE_SKIP("embedded data set data/hunan-2018 absent (run scripts/fetch-data)");
  TempDir dir;
  const std::string source = (*data / "counties.geojson").string();
  const auto reference = prefecture_areas(source);
  reproject(source, (dir / "mercator.geojson").string(), "EPSG:3857", "GeoJSON");
  reproject(source, (dir / "gk.gpkg").string(), "EPSG:4547", "GPKG");  // CGCS2000 GK CM 114E
  for (const std::string name : {"mercator.geojson", "gk.gpkg"}) {
    INFO(name);
    const auto areas = prefecture_areas((dir / name).string());
    REQUIRE(areas.size() == reference.size());
    for (const auto& [id, area] : reference) CHECK(areas.at(id) == Approx(area).epsilon(0.001));
  }
}

TEST_CASE("counties survive Shapefile, GeoPackage and GeoJSON in turn",
          "[geodata][areas][data][writer]") {
  auto data = test::embedded_data();
  if (!data) EQUIROUTE_SKIP("embedded data set data/hunan-2018 absent (run scripts/fetch-data)");
  TempDir dir;
  FeatureSet original =
      read_features({.path = (*data / "counties.geojson").string(), .id_field = "adcode"});
  const auto area0 = areas_km2(original);
  write_layer(original, dir / "c.shp");
  FeatureSet shp = read_features({.path = (dir / "c.shp").string(), .id_field = "adcode"});
  write_layer(shp, dir / "c.gpkg");
  FeatureSet gpkg = read_features({.path = (dir / "c.gpkg").string(), .id_field = "adcode"});
  write_layer(gpkg, dir / "c.geojson");
  FeatureSet back = read_features({.path = (dir / "c.geojson").string(), .id_field = "adcode"});
  REQUIRE(back.size() == original.size());
  CHECK(back.ids == original.ids);
  const auto area1 = areas_km2(back);
  for (std::size_t i = 0; i < back.size(); ++i) {
    CHECK(back.text(i, "name") == original.text(i, "name"));
    CHECK(back.text(i, "prefectu_1") ==
          original.text(i, "prefecture_name"));  // shortened in the .dbf
    CHECK(area1[i] == Approx(area0[i]).epsilon(1e-6));
  }
}

TEST_CASE("compute_region_areas checks its options", "[geodata][areas][errors]") {
  TempDir dir;
  test::write_file(
      dir / "t.geojson",
      test::collection({test::feature(R"("code":"1")", test::box_polygon(0, 0, 1, 1))}));
  FeatureSet fs = read_features({.path = (dir / "t.geojson").string(), .id_field = "code"});
  CHECK_THROWS_WITH(compute_region_areas(fs, {.name_field = "nom"}),
                    Catch::Contains("field 'nom'"));
  CHECK_THROWS_WITH(compute_region_areas(fs, {.dissolve_by = "code", .dissolve_prefix = 2}),
                    Catch::Contains("not both"));
  CHECK_THROWS_WITH(compute_region_areas(fs, {.crs = "EPSG:999999"}),
                    Catch::Contains("EPSG:999999"));
  const RegionAreas r = compute_region_areas(fs, {});
  CHECK(r.regions.number(0, "area_km2") == Approx(12308.0).epsilon(1e-3));
  CHECK(r.regions.number(0, "centroid_lon") == Approx(0.5).margin(1e-6));
}
