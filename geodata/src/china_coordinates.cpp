#include "equiroute/geodata/china_coordinates.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <numbers>

#include "equiroute/core/error.hpp"

namespace equiroute::geodata {
namespace {

// GCJ-02 works on the Krasovsky 1940 ellipsoid (the published constants).
constexpr double kKrasovskyA = 6378245.0;                // semi-major axis, m
constexpr double kKrasovskyE2 = 0.00669342162296594323;  // first eccentricity squared
constexpr double kPi = std::numbers::pi;
// BD-09's rotation/scale constant, π · 3000 / 180.
constexpr double kBdXPi = kPi * 3000.0 / 180.0;
// Inverses stop when the forward image is this close to the input (degrees), far below
// the 1e-7° round trip the tests require; the contraction is ~1e-3 per step, so a few
// steps suffice and the bound on steps is only a guard.
constexpr double kInverseTolerance = 1e-12;
constexpr int kMaxInverseSteps = 30;

/// The published polynomial-plus-sines offset field, in "metres" before scaling.
double latitude_term(double x, double y) {
  double t = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * std::sqrt(std::abs(x));
  t += (20.0 * std::sin(6.0 * x * kPi) + 20.0 * std::sin(2.0 * x * kPi)) * 2.0 / 3.0;
  t += (20.0 * std::sin(y * kPi) + 40.0 * std::sin(y / 3.0 * kPi)) * 2.0 / 3.0;
  t += (160.0 * std::sin(y / 12.0 * kPi) + 320.0 * std::sin(y * kPi / 30.0)) * 2.0 / 3.0;
  return t;
}

double longitude_term(double x, double y) {
  double t = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * std::sqrt(std::abs(x));
  t += (20.0 * std::sin(6.0 * x * kPi) + 20.0 * std::sin(2.0 * x * kPi)) * 2.0 / 3.0;
  t += (20.0 * std::sin(x * kPi) + 40.0 * std::sin(x / 3.0 * kPi)) * 2.0 / 3.0;
  t += (150.0 * std::sin(x / 12.0 * kPi) + 300.0 * std::sin(x / 30.0 * kPi)) * 2.0 / 3.0;
  return t;
}

/// WGS 84 → GCJ-02 without the box rule: the offset scaled to degrees with the
/// Krasovsky meridian and parallel radii at the point's latitude.
LonLat gcj02_offset_applied(LonLat p) {
  const double x = p.lon - 105.0;
  const double y = p.lat - 35.0;
  const double phi = p.lat / 180.0 * kPi;
  const double s = std::sin(phi);
  const double m = 1.0 - kKrasovskyE2 * s * s;
  const double meridian_radius = kKrasovskyA * (1.0 - kKrasovskyE2) / (m * std::sqrt(m));
  const double parallel_radius = kKrasovskyA / std::sqrt(m) * std::cos(phi);
  const double dlat = latitude_term(x, y) * 180.0 / (meridian_radius * kPi);
  const double dlon = longitude_term(x, y) * 180.0 / (parallel_radius * kPi);
  return {p.lon + dlon, p.lat + dlat};
}

/// Solves forward(w) = target for w by the fixed-point step w ← w − (forward(w) − target),
/// starting from `start`: the offset fields vary slowly, so each step gains ~3 digits.
template <typename Forward>
LonLat invert(Forward forward, LonLat target, LonLat start) {
  LonLat w = start;
  for (int step = 0; step < kMaxInverseSteps; ++step) {
    const LonLat f = forward(w);
    const double dlon = f.lon - target.lon;
    const double dlat = f.lat - target.lat;
    if (std::abs(dlon) < kInverseTolerance && std::abs(dlat) < kInverseTolerance) break;
    w.lon -= dlon;
    w.lat -= dlat;
  }
  return w;
}

/// Baidu's own approximate BD-09 → GCJ-02 (the starting point of the exact inverse).
LonLat gcj02_from_bd09_approx(LonLat bd) {
  const double x = bd.lon - 0.0065;
  const double y = bd.lat - 0.006;
  const double z = std::sqrt(x * x + y * y) - 0.00002 * std::sin(y * kBdXPi);
  const double theta = std::atan2(y, x) - 0.000003 * std::cos(x * kBdXPi);
  return {z * std::cos(theta), z * std::sin(theta)};
}

}  // namespace

std::string to_string(ChinaDatum datum) { return datum == ChinaDatum::Bd09 ? "BD-09" : "GCJ-02"; }

std::optional<ChinaDatum> parse_china_datum(std::string_view text) {
  std::string t;
  for (char c : text) t += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  if (t == "GCJ-02" || t == "GCJ02") return ChinaDatum::Gcj02;
  if (t == "BD-09" || t == "BD09" || t == "BD09LL") return ChinaDatum::Bd09;
  return std::nullopt;
}

bool outside_china(LonLat p) {
  return p.lon < 72.004 || p.lon > 137.8347 || p.lat < 0.8293 || p.lat > 55.8271;
}

LonLat gcj02_from_wgs84(LonLat wgs84) {
  return outside_china(wgs84) ? wgs84 : gcj02_offset_applied(wgs84);
}

LonLat wgs84_from_gcj02(LonLat gcj02) {
  if (outside_china(gcj02)) return gcj02;
  return invert(gcj02_offset_applied, gcj02, gcj02);
}

LonLat bd09_from_gcj02(LonLat gcj02) {
  const double x = gcj02.lon;
  const double y = gcj02.lat;
  const double z = std::sqrt(x * x + y * y) + 0.00002 * std::sin(y * kBdXPi);
  const double theta = std::atan2(y, x) + 0.000003 * std::cos(x * kBdXPi);
  return {z * std::cos(theta) + 0.0065, z * std::sin(theta) + 0.006};
}

LonLat gcj02_from_bd09(LonLat bd09) {
  return invert(bd09_from_gcj02, bd09, gcj02_from_bd09_approx(bd09));
}

LonLat bd09_from_wgs84(LonLat wgs84) {
  return outside_china(wgs84) ? wgs84 : bd09_from_gcj02(gcj02_offset_applied(wgs84));
}

LonLat wgs84_from_bd09(LonLat bd09) {
  if (outside_china(bd09)) return bd09;
  const LonLat gcj02 = gcj02_from_bd09(bd09);
  return invert(gcj02_offset_applied, gcj02, gcj02);
}

LonLat to_wgs84(LonLat p, ChinaDatum datum) {
  return datum == ChinaDatum::Bd09 ? wgs84_from_bd09(p) : wgs84_from_gcj02(p);
}

LonLat from_wgs84(LonLat p, ChinaDatum datum) {
  return datum == ChinaDatum::Bd09 ? bd09_from_wgs84(p) : gcj02_from_wgs84(p);
}

GeomPtr geometry_to_wgs84(const GEOSGeometry* geometry, ChinaDatum datum) {
  auto convert = [](double* x, double* y, void* userdata) -> int {
    const LonLat w = to_wgs84({*x, *y}, *static_cast<const ChinaDatum*>(userdata));
    *x = w.lon;
    *y = w.lat;
    return 1;
  };
  ChinaDatum d = datum;
  GEOSGeometry* out = GEOSGeom_transformXY_r(geos_context(), geometry, convert, &d);
  if (!out) {
    throw Error(std::string("cannot convert a geometry from ") + to_string(datum) +
                    " to WGS 84: " + geos_last_error(),
                {}, ErrorKind::Internal);
  }
  return GeomPtr(out);
}

}  // namespace equiroute::geodata
