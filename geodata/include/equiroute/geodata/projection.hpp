#pragma once
// Coordinate systems with PROJ: one working CRS per run, chosen automatically (equal-area
// for areas, conformal for distances) or given by the user; geodesic distances.

#include <memory>
#include <string>
#include <vector>

#include "equiroute/core/geo_types.hpp"

namespace equiroute::geodata {

/// Albers equal-area conic fitted to `box`: standard parallels at 1/6 and 5/6 of the
/// latitude span (Snyder's rule of thumb), central meridian at the box centre. PROJ string.
std::string auto_equal_area_crs(const LonLatBox& box);

/// Conformal projection for distances fitted to `box` (Lambert conformal conic, same
/// parallels; transverse Mercator when the box is under 1 degree tall). PROJ string.
std::string auto_conformal_crs(const LonLatBox& box);

/// A PROJ transformation between WGS 84 lon/lat and one projected CRS (metres).
/// Not thread-safe: use one per thread (clone()).
class Projection {
 public:
  /// `crs`: "EPSG:n", a PROJ string or WKT. Throws Error naming the CRS text when PROJ
  /// cannot build it or it is not projected.
  explicit Projection(const std::string& crs);
  ~Projection();
  Projection(Projection&&) noexcept;
  Projection& operator=(Projection&&) noexcept;

  const std::string& definition() const noexcept;
  XY forward(LonLat p) const;
  LonLat inverse(XY p) const;
  std::vector<XY> forward(const std::vector<LonLat>& points) const;
  Projection clone() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// Geodesic (ellipsoidal, WGS 84) distance in metres, with PROJ's geodesic routines.
double geodesic_distance_m(LonLat a, LonLat b);

}  // namespace equiroute::geodata
