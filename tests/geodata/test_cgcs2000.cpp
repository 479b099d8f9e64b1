// CGCS2000 (China Geodetic Coordinate System 2000) inputs are handled by PROJ like any
// other CRS: geographic EPSG:4490 comes out as the same lon/lat (CGCS2000 and WGS 84 agree
// to centimetres, and PROJ applies no shift between them), and the projected Gauss-Krüger
// zones (EPSG:4547, central meridian 114°E) are unprojected correctly.

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <catch2/catch.hpp>
#include <cmath>
#include <memory>
#include <string>

#include "equiroute/geodata/feature_set.hpp"
#include "equiroute/geodata/gdal_init.hpp"
#include "support.hpp"

using namespace equiroute;
using namespace equiroute::geodata;
using equiroute::test::TempDir;

namespace {

/// A GeoPackage point layer in `epsg` with one point (x, y) in the CRS's traditional GIS
/// order (x = longitude or easting).
void write_point_layer(const std::string& path, int epsg, double x, double y) {
  ensure_gdal_registered();
  GDALDriver* drv = GetGDALDriverManager()->GetDriverByName("GPKG");
  std::unique_ptr<GDALDataset> ds(drv->Create(path.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
  REQUIRE(ds);
  OGRSpatialReference srs;
  REQUIRE(srs.importFromEPSG(epsg) == OGRERR_NONE);
  srs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  OGRLayer* layer = ds->CreateLayer("points", &srs, wkbPoint, nullptr);
  OGRFieldDefn f("id", OFTString);
  layer->CreateField(&f);
  OGRFeature feat(layer->GetLayerDefn());
  feat.SetField(0, "p1");
  feat.SetGeometryDirectly(new OGRPoint(x, y));
  REQUIRE(layer->CreateFeature(&feat) == OGRERR_NONE);
}

/// Meridian arc length from the equator to latitude φ on the CGCS2000 ellipsoid
/// (a = 6378137 m, 1/f = 298.257222101), by Simpson's rule on
/// M(φ) = ∫₀^φ a(1 − e²) / (1 − e² sin²t)^{3/2} dt — independent of PROJ.
double meridian_arc_m(double lat_deg) {
  const double a = 6378137.0;
  const double f = 1.0 / 298.257222101;
  const double e2 = f * (2.0 - f);
  const double phi = lat_deg * M_PI / 180.0;
  const int steps = 2000;  // even; error far below a millimetre
  auto g = [&](double t) {
    const double s = std::sin(t);
    return a * (1.0 - e2) / std::pow(1.0 - e2 * s * s, 1.5);
  };
  const double h = phi / steps;
  double sum = g(0.0) + g(phi);
  for (int k = 1; k < steps; ++k) sum += (k % 2 ? 4.0 : 2.0) * g(k * h);
  return sum * h / 3.0;
}

}  // namespace

TEST_CASE("a layer in CGCS2000 (EPSG:4490) reads as the same lon/lat", "[geodata][read][crs]") {
  TempDir dir;
  const std::string path = (dir / "cgcs2000.gpkg").string();
  write_point_layer(path, 4490, 112.9388, 28.2282);  // Changsha
  const auto p = point_coordinates(read_features({.path = path, .id_field = "id"}));
  REQUIRE(p.size() == 1);
  CHECK(p[0].lon == Approx(112.9388).margin(1e-9));
  CHECK(p[0].lat == Approx(28.2282).margin(1e-9));
  // The same point in a CSV whose CRS is given as EPSG:4490.
  const auto csv = dir / "cgcs2000.csv";
  test::write_file(csv, "id,lon,lat\np1,112.9388,28.2282\n");
  const auto q = point_coordinates(read_features({.path = csv.string(),
                                                  .id_field = "id",
                                                  .x_field = "lon",
                                                  .y_field = "lat",
                                                  .assume_crs = "EPSG:4490"}));
  CHECK(q[0].lon == Approx(112.9388).margin(1e-9));
  CHECK(q[0].lat == Approx(28.2282).margin(1e-9));
}

TEST_CASE("CGCS2000 Gauss-Krüger (EPSG:4547) points unproject to the expected lon/lat",
          "[geodata][read][crs]") {
  // On the central meridian a transverse Mercator northing with scale 1 (the CGCS2000
  // 3-degree zones) is the meridian arc, and the easting is the false easting 500 km.
  TempDir dir;
  const std::string path = (dir / "gk114.gpkg").string();
  write_point_layer(path, 4547, 500000.0, meridian_arc_m(28.0));
  const auto p = point_coordinates(read_features({.path = path, .id_field = "id"}));
  CHECK(p[0].lon == Approx(114.0).margin(1e-9));
  CHECK(p[0].lat == Approx(28.0).margin(1e-8));  // 1e-8° ≈ 1 mm
}
