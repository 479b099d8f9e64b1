#include <catch2/catch.hpp>
#include <cmath>

#include "equiroute/core/error.hpp"
#include "equiroute/geodata/geometry_ops.hpp"
#include "fixtures.hpp"
#include "support.hpp"

using namespace equiroute;
using namespace equiroute::geodata;
using equiroute::test::TempDir;

namespace {

/// Area in km² of the lon/lat rectangle [0, dlon] × [0, lat] on the WGS 84 ellipsoid, from
/// the authalic-latitude integral (Snyder 1987, eq. 3-12):
/// A = Δλ b²/2 [sinφ/(1 − e² sin²φ) + 1/(2e) ln((1 + e sinφ)/(1 − e sinφ))].
double ellipsoid_rectangle_km2(double dlon_deg, double lat_deg) {
  const double a = 6378137.0, f = 1.0 / 298.257223563;
  const double e2 = f * (2 - f), e = std::sqrt(e2), b2 = a * a * (1 - e2);
  const double s = std::sin(lat_deg * M_PI / 180.0);
  const double q = s / (1 - e2 * s * s) + 1.0 / (2 * e) * std::log((1 + e * s) / (1 - e * s));
  return dlon_deg * M_PI / 180.0 * b2 / 2.0 * q / 1e6;
}

FeatureSet read(const TempDir& dir, const std::vector<std::string>& features) {
  test::write_file(dir / "t.geojson", test::collection(features));
  return read_features({.path = (dir / "t.geojson").string(), .id_field = "code"});
}

}  // namespace

TEST_CASE("areas in an equal-area projection match the ellipsoid", "[geodata][geometry]") {
  TempDir dir;
  const double reference = ellipsoid_rectangle_km2(1.0, 1.0);
  CHECK(reference == Approx(12308.0).margin(1.0));  // the commonly quoted figure
  // Densified so that the edges follow the parallels: only the projection's accuracy remains.
  FeatureSet dense =
      read(dir, {test::feature(R"("code":"sq")", test::box_polygon(0, 0, 1, 1, 100))});
  CHECK(areas_km2(dense)[0] == Approx(reference).epsilon(1e-6));
  CHECK(areas_km2(dense, "EPSG:6933")[0] ==
        Approx(reference).epsilon(1e-6));  // cylindrical equal area
  // Four corners only: straight edges cut the parallel arcs slightly.
  FeatureSet corners = read(dir, {test::feature(R"("code":"sq")", test::box_polygon(0, 0, 1, 1))});
  CHECK(areas_km2(corners)[0] == Approx(reference).epsilon(1e-4));
  // Away from the equator (Hunan): [112, 113] × [27, 28].
  FeatureSet hunan =
      read(dir, {test::feature(R"("code":"h")", test::box_polygon(112, 27, 113, 28, 100))});
  CHECK(areas_km2(hunan)[0] ==
        Approx(ellipsoid_rectangle_km2(1.0, 28.0) - ellipsoid_rectangle_km2(1.0, 27.0))
            .epsilon(1e-6));
  CHECK_THROWS_WITH(areas_km2(hunan, "EPSG:4326"), Catch::Contains("not a projected CRS"));
}

TEST_CASE("bounding box, centroids and points on surface", "[geodata][geometry]") {
  TempDir dir;
  FeatureSet fs = read(dir, {test::feature(R"("code":"a")", test::box_polygon(112, 27, 113, 28)),
                             test::feature(R"("code":"b")", test::box_polygon(113, 26, 115, 27))});
  const LonLatBox box = bounding_box(fs);
  CHECK(box.min_lon == 112.0);
  CHECK(box.min_lat == 26.0);
  CHECK(box.max_lon == 115.0);
  CHECK(box.max_lat == 28.0);
  const auto c = centroids(fs);
  CHECK(c[0].lon == Approx(112.5).margin(1e-3));
  CHECK(c[0].lat == Approx(27.5).margin(1e-2));
  CHECK(c[1].lon == Approx(114.0).margin(1e-3));
  const auto p = points_on_surface(fs);
  for (std::size_t i = 0; i < 2; ++i) {
    CHECK(assign_points_to_regions({p[i]}, fs)[0] == std::optional<std::size_t>(i));
  }
}

TEST_CASE("dissolve merges adjacent squares and sums fields", "[geodata][geometry]") {
  TempDir dir;
  FeatureSet fs =
      read(dir, {test::feature(R"("code":"430102","pop":10)", test::box_polygon(0, 0, 1, 1, 10)),
                 test::feature(R"("code":"430103","pop":5.5)", test::box_polygon(1, 0, 2, 1, 10)),
                 test::feature(R"("code":"430211","pop":1)", test::box_polygon(5, 5, 6, 6))});
  auto key = prefix_key(fs, 4);
  CHECK(key(0) == "430100");
  CHECK(key(2) == "430200");
  FeatureSet merged = dissolve(fs, key, {"pop"});
  REQUIRE(merged.size() == 2);
  CHECK(merged.ids == std::vector<std::string>{"430100", "430200"});
  CHECK(merged.number(0, "count") == 2.0);
  CHECK(merged.number(0, "pop") == Approx(15.5));
  CHECK(GEOSGeomTypeId_r(geos_context(), merged.geometries[0].get()) == GEOS_POLYGON);
  const auto before = areas_km2(fs, auto_equal_area_crs({0, 0, 6, 6}));
  const auto after = areas_km2(merged, auto_equal_area_crs({0, 0, 6, 6}));
  CHECK(after[0] == Approx(before[0] + before[1]).epsilon(1e-9));
  CHECK_THROWS_WITH(dissolve(fs, key, {"population"}), Catch::Contains("field 'population'"));
}

TEST_CASE("prefix_key keeps short ids", "[geodata][geometry]") {
  FeatureSet fs;
  fs.ids = {"43", "4301"};
  auto key = prefix_key(fs, 4);
  CHECK(key(0) == "43");
  CHECK(key(1) == "4301");
}

TEST_CASE("points are assigned to regions, boundaries included", "[geodata][geometry]") {
  TempDir dir;
  FeatureSet fs = read(dir, {test::feature(R"("code":"a")", test::box_polygon(0, 0, 1, 1)),
                             test::feature(R"("code":"b")", test::box_polygon(1, 0, 2, 1))});
  const auto r =
      assign_points_to_regions({{0.5, 0.5}, {1.5, 0.5}, {1.0, 0.5}, {2.0, 1.0}, {5.0, 5.0}}, fs);
  CHECK(r[0] == std::optional<std::size_t>(0));
  CHECK(r[1] == std::optional<std::size_t>(1));
  CHECK(r[2] == std::optional<std::size_t>(0));  // on the shared edge: the first region
  CHECK(r[3] == std::optional<std::size_t>(1));  // on the outer corner
  CHECK_FALSE(r[4].has_value());                 // outside every region: reported, not dropped
}

TEST_CASE("adjacency needs a shared edge, not a corner", "[geodata][geometry]") {
  TempDir dir;
  FeatureSet fs = read(dir, {test::feature(R"("code":"a")", test::box_polygon(0, 0, 1, 1)),
                             test::feature(R"("code":"b")", test::box_polygon(1, 0, 2, 1)),
                             test::feature(R"("code":"c")", test::box_polygon(2, 1, 3, 2)),
                             test::feature(R"("code":"d")", test::box_polygon(0, 0.5, 1, 2))});
  // d overlaps a and shares part of b's west edge; c touches b at one corner only.
  const auto pairs = region_adjacency(fs);
  using P = std::pair<std::size_t, std::size_t>;
  CHECK(pairs == std::vector<P>{P{0, 1}, P{0, 3}, P{1, 3}});
}
