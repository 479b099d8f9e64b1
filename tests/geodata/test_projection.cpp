#include <catch2/catch.hpp>
#include <cmath>

#include "equiroute/core/error.hpp"
#include "equiroute/geodata/projection.hpp"

using namespace equiroute;
using namespace equiroute::geodata;

TEST_CASE("auto CRS strings follow Snyder's one-sixth rule", "[geodata][projection]") {
  const LonLatBox box{108.0, 24.0, 114.0, 30.0};
  const std::string aea = auto_equal_area_crs(box);
  CHECK_THAT(aea, Catch::Contains("+proj=aea") && Catch::Contains("+lat_1=25.000000") &&
                      Catch::Contains("+lat_2=29.000000") && Catch::Contains("+lat_0=27.000000") &&
                      Catch::Contains("+lon_0=111.000000") && Catch::Contains("+ellps=WGS84") &&
                      Catch::Contains("+units=m"));
  CHECK_THAT(auto_conformal_crs(box),
             Catch::Contains("+proj=lcc") && Catch::Contains("+lat_1=25.000000"));
  CHECK_THAT(auto_conformal_crs({111, 28, 112, 28.5}), Catch::Contains("+proj=tmerc"));
  // Parallels symmetric about the equator make a conic degenerate: cylindrical instead.
  CHECK_THAT(auto_equal_area_crs({0, -1, 1, 1}), Catch::Contains("+proj=cea"));
}

TEST_CASE("Projection transforms lon/lat to metres and back", "[geodata][projection]") {
  const Projection p(auto_equal_area_crs({108.0, 24.0, 114.0, 30.0}));
  const XY origin = p.forward(LonLat{111.0, 27.0});
  CHECK(origin.x == Approx(0.0).margin(1e-6));
  CHECK(origin.y == Approx(0.0).margin(1e-6));
  const XY east = p.forward(LonLat{112.0, 27.0});
  CHECK(east.x > 90000.0);  // about 99 km per degree of longitude at 27°N
  CHECK(east.x < 101000.0);
  const LonLat back = p.inverse(east);
  CHECK(back.lon == Approx(112.0).margin(1e-9));
  CHECK(back.lat == Approx(27.0).margin(1e-9));
  const auto many = p.forward(std::vector<LonLat>{{111.0, 27.0}, {112.0, 27.0}});
  CHECK(many[1].x == Approx(east.x));
  const Projection copy = p.clone();
  CHECK(copy.definition() == p.definition());
  CHECK(copy.forward(LonLat{112.0, 27.0}).x == Approx(east.x));
}

TEST_CASE("Projection takes EPSG codes with lon/lat order whatever the authority says",
          "[geodata][projection]") {
  // CGCS2000 / 3-degree Gauss-Kruger CM 114E: false easting 500 km on the central meridian.
  const Projection gk("EPSG:4547");
  const XY p = gk.forward(LonLat{114.0, 28.0});
  CHECK(p.x == Approx(500000.0).margin(1e-3));
  CHECK(p.y == Approx(3099000.0).margin(5000.0));
}

TEST_CASE("Projection refuses CRSs it cannot use, naming them", "[geodata][projection][errors]") {
  CHECK_THROWS_WITH(Projection("EPSG:999999"), Catch::Contains("EPSG:999999"));
  CHECK_THROWS_WITH(Projection("+proj=nonsense"), Catch::Contains("+proj=nonsense"));
  CHECK_THROWS_WITH(Projection("EPSG:4326"),
                    Catch::Contains("EPSG:4326") && Catch::Contains("not a projected CRS"));
}

TEST_CASE("geodesic distance on the WGS 84 ellipsoid", "[geodata][projection]") {
  // Along the equator a geodesic is the equator: 1° = 2πa/360 with a = 6378137 m.
  const double one_degree = 2.0 * M_PI * 6378137.0 / 360.0;
  CHECK(geodesic_distance_m({0, 0}, {1, 0}) == Approx(one_degree).epsilon(1e-12));
  // Along a meridian, 1° of latitude at the equator is about 110,574 m (WGS 84 tables).
  CHECK(geodesic_distance_m({0, 0}, {0, 1}) == Approx(110574.4).margin(1.0));
  CHECK(geodesic_distance_m({113, 28}, {113, 28}) == 0.0);
}
