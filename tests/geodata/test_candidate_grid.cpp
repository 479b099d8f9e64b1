#include <catch2/catch.hpp>
#include <cmath>

#include "equiroute/core/error.hpp"
#include "equiroute/geodata/candidate_grid.hpp"
#include "equiroute/geodata/geometry_ops.hpp"
#include "fixtures.hpp"
#include "support.hpp"

using namespace equiroute;
using namespace equiroute::geodata;
using equiroute::test::TempDir;

namespace {

constexpr const char* kUtm49 = "EPSG:32649";  // UTM zone 49N (Hunan)

/// A rectangle given in UTM 49N metres, densified every 100 m so that its edges stay
/// straight lines in that projection, as a GeoJSON polygon in lon/lat.
std::string utm_rectangle(double x0, double y0, double x1, double y1) {
  const Projection utm(kUtm49);
  std::vector<std::pair<double, double>> ring;
  auto edge = [&](double ax, double ay, double bx, double by) {
    const int steps = static_cast<int>(std::hypot(bx - ax, by - ay) / 100.0);
    for (int i = 0; i < steps; ++i) {
      const LonLat p = utm.inverse({ax + (bx - ax) * i / steps, ay + (by - ay) * i / steps});
      ring.emplace_back(p.lon, p.lat);
    }
  };
  edge(x0, y0, x1, y0);
  edge(x1, y0, x1, y1);
  edge(x1, y1, x0, y1);
  edge(x0, y1, x0, y0);
  return R"({"type":"Polygon","coordinates":[)" + test::ring(ring) + "]}";
}

FeatureSet read(const TempDir& dir, const std::vector<std::string>& features) {
  test::write_file(dir / "regions.geojson", test::collection(features));
  return read_features({.path = (dir / "regions.geojson").string(), .id_field = "code"});
}

}  // namespace

TEST_CASE("grid candidates are the cell centres inside the regions", "[geodata][grid]") {
  TempDir dir;
  // 10 km × 4 km at 1 km spacing: centres x = 500.5 … 509.5 km, y = 3000.5 … 3003.5 km.
  const FeatureSet one =
      read(dir, {test::feature(R"("code":"a")", utm_rectangle(500000, 3000000, 510000, 3004000))});
  const GridCandidates grid = grid_candidates(one, 1000.0, kUtm49);
  REQUIRE(grid.points.size() == 40);
  const Projection utm(kUtm49);
  const XY first = utm.forward(grid.points.front());
  CHECK(first.x == Approx(500500.0).margin(1e-6));
  CHECK(first.y == Approx(3000500.0).margin(1e-6));
  const XY last = utm.forward(grid.points.back());
  CHECK(last.x == Approx(509500.0).margin(1e-6));
  CHECK(last.y == Approx(3003500.0).margin(1e-6));
  CHECK(grid.ids.front() == "grid_0_0");
  CHECK(grid.ids.back() == "grid_3_9");
  // Row by row from the south-west: the second point is east of the first.
  CHECK(utm.forward(grid.points[1]).x == Approx(501500.0).margin(1e-6));
}

TEST_CASE("a grid point in two regions goes to the first, once", "[geodata][grid]") {
  TempDir dir;
  // The regions overlap in x = 504 … 505 km, where the column of centres 504.5 km lies (a
  // robust stand-in for a shared boundary, which rounding puts on either side).
  const FeatureSet two = read(
      dir, {test::feature(R"("code":"west")", utm_rectangle(500000, 3000000, 505000, 3004000)),
            test::feature(R"("code":"east")", utm_rectangle(504000, 3000000, 510000, 3004000))});
  const GridCandidates grid = grid_candidates(two, 1000.0, kUtm49);
  REQUIRE(grid.points.size() == 40);
  std::size_t west = 0;
  for (std::size_t r : grid.region) west += r == 0 ? 1 : 0;
  CHECK(west == 4 * 5);  // columns 500.5 … 504.5 km
}

TEST_CASE("grid candidates with the automatic projection follow the area", "[geodata][grid]") {
  TempDir dir;
  const FeatureSet box =
      read(dir, {test::feature(R"("code":"h")", test::box_polygon(112, 27, 113, 28, 100))});
  const double area = areas_km2(box)[0];  // ≈ 10,950 km²
  const GridCandidates grid = grid_candidates(box, 10000.0);
  // One point per 100 km², up to the cells cut by the boundary (perimeter ≈ 420 km).
  CHECK(static_cast<double>(grid.points.size()) == Approx(area / 100.0).epsilon(0.1));
  for (const LonLat& p : grid.points) {
    CHECK(p.lon > 112.0);
    CHECK(p.lon < 113.0);
  }
}

TEST_CASE("bad grid requests are clear errors", "[geodata][grid]") {
  TempDir dir;
  const FeatureSet one =
      read(dir, {test::feature(R"("code":"a")", utm_rectangle(500000, 3000000, 510000, 3004000))});
  auto bad = [&](double spacing, const std::string& words) {
    try {
      grid_candidates(one, spacing, kUtm49);
      FAIL("no error");
    } catch (const Error& e) {
      CHECK(e.kind() == ErrorKind::BadInput);
      CHECK_THAT(e.what(), Catch::Contains(words));
    }
  };
  bad(0.0, "positive number of metres");
  bad(1.0, "more than 2000000");               // 40 million points in the extent
  bad(50000.0, "no point of a 50000 m grid");  // no cell centre inside 10 km × 4 km
}
