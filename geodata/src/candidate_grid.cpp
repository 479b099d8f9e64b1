#include "equiroute/geodata/candidate_grid.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <tuple>

#include "equiroute/core/error.hpp"
#include "equiroute/geodata/geometry_ops.hpp"
#include "equiroute/geodata/projection.hpp"

namespace equiroute::geodata {

namespace {

struct PreparedDeleter {
  void operator()(const GEOSPreparedGeometry* p) const noexcept {
    GEOSPreparedGeom_destroy_r(geos_context(), p);
  }
};
using PreparedPtr = std::unique_ptr<const GEOSPreparedGeometry, PreparedDeleter>;

struct Envelope {
  double min_x, min_y, max_x, max_y;
};

Envelope envelope_of(const GEOSGeometry* g) {
  auto* ctx = geos_context();
  Envelope e{};
  GEOSGeom_getXMin_r(ctx, g, &e.min_x);
  GEOSGeom_getYMin_r(ctx, g, &e.min_y);
  GEOSGeom_getXMax_r(ctx, g, &e.max_x);
  GEOSGeom_getYMax_r(ctx, g, &e.max_y);
  return e;
}

/// Grid index range [first, last] of cell centres (k + ½)·s inside [lo, hi].
std::pair<long long, long long> cells(double lo, double hi, double s) {
  return {static_cast<long long>(std::ceil(lo / s - 0.5)),
          static_cast<long long>(std::floor(hi / s - 0.5))};
}

struct Hit {
  long long row, column;
  std::size_t region;
  bool operator<(const Hit& o) const {
    return std::tie(row, column, region) < std::tie(o.row, o.column, o.region);
  }
};

}  // namespace

GridCandidates grid_candidates(const FeatureSet& regions, double spacing_m, const std::string& crs,
                               std::size_t max_points) {
  if (!(spacing_m > 0.0) || !std::isfinite(spacing_m)) {
    throw Error("the grid spacing must be a positive number of metres", {.field = "spacing_m"});
  }
  GridCandidates out;
  out.crs = crs.empty() ? auto_conformal_crs(bounding_box(regions)) : crs;
  const Projection projection(out.crs);
  auto* ctx = geos_context();
  std::vector<GeomPtr> projected;
  Envelope all{std::numeric_limits<double>::infinity(), std::numeric_limits<double>::infinity(),
               -std::numeric_limits<double>::infinity(), -std::numeric_limits<double>::infinity()};
  for (std::size_t r = 0; r < regions.size(); ++r) {
    projected.push_back(
        transform_geometry(regions.geometries[r].get(), projection, false, regions.context(r)));
    const Envelope e = envelope_of(projected.back().get());
    all = {std::min(all.min_x, e.min_x), std::min(all.min_y, e.min_y), std::max(all.max_x, e.max_x),
           std::max(all.max_y, e.max_y)};
  }
  const auto [c0, c1] = cells(all.min_x, all.max_x, spacing_m);
  const auto [r0, r1] = cells(all.min_y, all.max_y, spacing_m);
  const double extent_points = static_cast<double>(std::max(0LL, c1 - c0 + 1)) *
                               static_cast<double>(std::max(0LL, r1 - r0 + 1));
  if (extent_points > static_cast<double>(max_points)) {
    throw Error("a grid of " + fmt::format("{:g}", spacing_m) + " m has " +
                    std::to_string(static_cast<long long>(extent_points)) +
                    " points in the regions' extent, more than " + std::to_string(max_points),
                {.field = "spacing_m"}, ErrorKind::BadInput, "use a larger spacing");
  }
  std::vector<Hit> hits;
  for (std::size_t r = 0; r < projected.size(); ++r) {
    const PreparedPtr prepared(GEOSPrepare_r(ctx, projected[r].get()));
    const Envelope e = envelope_of(projected[r].get());
    const auto [x0, x1] = cells(e.min_x, e.max_x, spacing_m);
    const auto [y0, y1] = cells(e.min_y, e.max_y, spacing_m);
    for (long long row = y0; row <= y1; ++row) {
      for (long long column = x0; column <= x1; ++column) {
        GeomPtr point(GEOSGeom_createPointFromXY_r(ctx,
                                                   (static_cast<double>(column) + 0.5) * spacing_m,
                                                   (static_cast<double>(row) + 0.5) * spacing_m));
        if (GEOSPreparedIntersects_r(ctx, prepared.get(), point.get()) == 1) {
          hits.push_back({row, column, r});
        }
      }
    }
  }
  std::sort(hits.begin(), hits.end());
  for (std::size_t h = 0; h < hits.size(); ++h) {
    if (h > 0 && hits[h].row == hits[h - 1].row && hits[h].column == hits[h - 1].column) continue;
    const XY xy{(static_cast<double>(hits[h].column) + 0.5) * spacing_m,
                (static_cast<double>(hits[h].row) + 0.5) * spacing_m};
    out.points.push_back(projection.inverse(xy));
    out.region.push_back(hits[h].region);
    out.ids.push_back("grid_" + std::to_string(hits[h].row - r0) + "_" +
                      std::to_string(hits[h].column - c0));
  }
  if (out.points.empty()) {
    throw Error(
        "no point of a " + fmt::format("{:g}", spacing_m) + " m grid falls inside the regions",
        {.file = regions.path, .layer = regions.layer, .field = "spacing_m"}, ErrorKind::BadInput,
        "use a smaller spacing");
  }
  return out;
}

}  // namespace equiroute::geodata
