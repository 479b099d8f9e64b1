#include "equiroute/geodata/projection.hpp"

#include <fmt/format.h>
#include <geodesic.h>
#include <proj.h>

#include <algorithm>
#include <cmath>

#include "equiroute/core/error.hpp"

namespace equiroute::geodata {

namespace {

struct LatParallels {
  double lat_1, lat_2, lat_0, lon_0;
};

/// Snyder's rule of thumb (Map Projections — A Working Manual, 1987, p. 99): standard
/// parallels one sixth of the latitude range inside its limits.
LatParallels parallels(const LonLatBox& box) {
  const double span = box.max_lat - box.min_lat;
  return {box.min_lat + span / 6.0, box.max_lat - span / 6.0, (box.min_lat + box.max_lat) / 2.0,
          (box.min_lon + box.max_lon) / 2.0};
}

/// Conic projections degenerate when the standard parallels are symmetric about the equator.
bool conic_degenerate(const LatParallels& p) { return std::abs(p.lat_1 + p.lat_2) < 0.1; }

std::string context_error(PJ_CONTEXT* ctx) {
  const int err = proj_context_errno(ctx);
  const char* text = err ? proj_context_errno_string(ctx, err) : nullptr;
  return text ? text : "unknown PROJ error";
}

bool is_projected(PJ_CONTEXT* ctx, const PJ* crs) {
  switch (proj_get_type(crs)) {
    case PJ_TYPE_PROJECTED_CRS:
      return true;
    case PJ_TYPE_BOUND_CRS: {
      PJ* base = proj_get_source_crs(ctx, crs);
      const bool projected = base && proj_get_type(base) == PJ_TYPE_PROJECTED_CRS;
      proj_destroy(base);
      return projected;
    }
    case PJ_TYPE_COMPOUND_CRS: {
      PJ* horizontal = proj_crs_get_sub_crs(ctx, crs, 0);
      const bool projected = horizontal && is_projected(ctx, horizontal);
      proj_destroy(horizontal);
      return projected;
    }
    default:
      return false;
  }
}

}  // namespace

std::string auto_equal_area_crs(const LonLatBox& box) {
  const LatParallels p = parallels(box);
  if (conic_degenerate(p)) {
    // Lambert cylindrical equal-area, true scale at the centre latitude.
    return fmt::format(
        "+proj=cea +lat_ts={:.6f} +lon_0={:.6f} +x_0=0 +y_0=0 +ellps=WGS84 +units=m "
        "+no_defs +type=crs",
        p.lat_0, p.lon_0);
  }
  return fmt::format(
      "+proj=aea +lat_1={:.6f} +lat_2={:.6f} +lat_0={:.6f} +lon_0={:.6f} +x_0=0 +y_0=0 "
      "+ellps=WGS84 +units=m +no_defs +type=crs",
      p.lat_1, p.lat_2, p.lat_0, p.lon_0);
}

std::string auto_conformal_crs(const LonLatBox& box) {
  const LatParallels p = parallels(box);
  if (box.max_lat - box.min_lat < 1.0 || conic_degenerate(p)) {
    return fmt::format(
        "+proj=tmerc +lat_0={:.6f} +lon_0={:.6f} +k=1 +x_0=0 +y_0=0 +ellps=WGS84 "
        "+units=m +no_defs +type=crs",
        p.lat_0, p.lon_0);
  }
  return fmt::format(
      "+proj=lcc +lat_1={:.6f} +lat_2={:.6f} +lat_0={:.6f} +lon_0={:.6f} +x_0=0 +y_0=0 "
      "+ellps=WGS84 +units=m +no_defs +type=crs",
      p.lat_1, p.lat_2, p.lat_0, p.lon_0);
}

struct Projection::Impl {
  std::string definition;
  PJ_CONTEXT* ctx = nullptr;  // PROJ contexts are not thread-safe: one per Projection
  PJ* transform = nullptr;

  ~Impl() {
    proj_destroy(transform);
    proj_context_destroy(ctx);
  }
};

Projection::Projection(const std::string& crs) : impl_(std::make_unique<Impl>()) {
  impl_->definition = crs;
  impl_->ctx = proj_context_create();
  PJ_CONTEXT* ctx = impl_->ctx;
  // PROJ prints its own diagnostics to stderr; they become the Error below instead.
  proj_log_func(ctx, nullptr, [](void*, int, const char*) {});
  auto fail = [&](const std::string& why) {
    throw Error("cannot use CRS '" + crs + "': " + why, {}, ErrorKind::BadInput,
                "give a projected CRS: an EPSG code (e.g. EPSG:4547), a PROJ string or WKT");
  };
  // A bare PROJ string ("+proj=aea ...") denotes an operation; "+type=crs" makes it a CRS.
  std::string text = crs;
  if (text.find("+proj=") != std::string::npos && text.find("+type=crs") == std::string::npos) {
    text += " +type=crs";
  }
  PJ* target = proj_create(ctx, text.c_str());
  if (!target) fail(context_error(ctx));
  if (!is_projected(ctx, target)) {
    proj_destroy(target);
    fail("not a projected CRS (metres are needed)");
  }
  PJ* source = proj_create(ctx, "EPSG:4326");
  PJ* raw =
      source ? proj_create_crs_to_crs_from_pj(ctx, source, target, nullptr, nullptr) : nullptr;
  proj_destroy(source);
  proj_destroy(target);
  if (!raw) fail(context_error(ctx));
  // Longitude first, whatever the authority's axis order.
  impl_->transform = proj_normalize_for_visualization(ctx, raw);
  proj_destroy(raw);
  if (!impl_->transform) fail(context_error(ctx));
}

Projection::~Projection() = default;
Projection::Projection(Projection&&) noexcept = default;
Projection& Projection::operator=(Projection&&) noexcept = default;

const std::string& Projection::definition() const noexcept { return impl_->definition; }

XY Projection::forward(LonLat p) const {
  PJ_COORD c = proj_trans(impl_->transform, PJ_FWD, proj_coord(p.lon, p.lat, 0, 0));
  if (!std::isfinite(c.xy.x) || !std::isfinite(c.xy.y) || c.xy.x == HUGE_VAL) {
    throw Error(
        fmt::format("cannot project lon {} lat {} into '{}'", p.lon, p.lat, impl_->definition), {},
        ErrorKind::BadInput);
  }
  return {c.xy.x, c.xy.y};
}

LonLat Projection::inverse(XY p) const {
  PJ_COORD c = proj_trans(impl_->transform, PJ_INV, proj_coord(p.x, p.y, 0, 0));
  if (!std::isfinite(c.lp.lam) || !std::isfinite(c.lp.phi) || c.lp.lam == HUGE_VAL) {
    throw Error(fmt::format("cannot unproject x {} y {} from '{}'", p.x, p.y, impl_->definition),
                {}, ErrorKind::BadInput);
  }
  return {c.xy.x, c.xy.y};
}

std::vector<XY> Projection::forward(const std::vector<LonLat>& points) const {
  std::vector<XY> out(points.size());
  std::vector<double> x(points.size()), y(points.size());
  for (std::size_t i = 0; i < points.size(); ++i) {
    x[i] = points[i].lon;
    y[i] = points[i].lat;
  }
  proj_trans_generic(impl_->transform, PJ_FWD, x.data(), sizeof(double), x.size(), y.data(),
                     sizeof(double), y.size(), nullptr, 0, 0, nullptr, 0, 0);
  for (std::size_t i = 0; i < points.size(); ++i) {
    if (!std::isfinite(x[i]) || !std::isfinite(y[i]) || x[i] == HUGE_VAL) {
      throw Error(fmt::format("cannot project lon {} lat {} into '{}'", points[i].lon,
                              points[i].lat, impl_->definition),
                  {}, ErrorKind::BadInput);
    }
    out[i] = {x[i], y[i]};
  }
  return out;
}

Projection Projection::clone() const { return Projection(impl_->definition); }

double geodesic_distance_m(LonLat a, LonLat b) {
  // WGS 84 ellipsoid; Karney (2013), "Algorithms for geodesics", J. Geodesy 87:43-55.
  static const geod_geodesic wgs84 = [] {
    geod_geodesic g{};
    geod_init(&g, 6378137.0, 1.0 / 298.257223563);
    return g;
  }();
  double s12 = 0.0;
  geod_inverse(&wgs84, a.lat, a.lon, b.lat, b.lon, &s12, nullptr, nullptr);
  return s12;
}

}  // namespace equiroute::geodata
