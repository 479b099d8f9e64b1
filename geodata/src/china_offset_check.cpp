#include "equiroute/geodata/china_offset_check.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

namespace equiroute::geodata {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

double median(std::vector<double> v) {
  if (v.empty()) return kNaN;
  const std::size_t mid = v.size() / 2;
  std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(mid), v.end());
  const double upper = v[mid];
  if (v.size() % 2 == 1) return upper;
  const double lower = *std::max_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(mid));
  return 0.5 * (lower + upper);
}

/// Whether going from `before` to `after` is a substantial cut under `rule`.
bool substantial(double before, double after, const OffsetCheckRule& rule) {
  if (!(after < before)) return false;  // also false for NaN
  if (std::isinf(before)) return std::isfinite(after);
  const double cut = before - after;
  return cut >= rule.min_cut_m && cut >= rule.min_cut_share * before;
}

std::string metres(double m) {
  return std::isfinite(m) ? fmt::format("{:.0f} m", m) : std::string("beyond reach");
}

}  // namespace

double OffsetCheck::median_suggested_m() const {
  if (!suggested) return kNaN;
  return *suggested == ChinaDatum::Bd09 ? median_from_bd09_m : median_from_gcj02_m;
}

std::string OffsetCheck::warning(const std::string& what, const std::string& distance) const {
  if (!suggested) return {};
  const std::string datum = to_string(*suggested);
  return fmt::format(
      "{} look like {} coordinates, not WGS 84: their median {} is {} as given and {} if "
      "converted from {} (nothing was converted; declare crs = \"{}\" to convert them)",
      what, datum, distance, metres(median_as_given_m), metres(median_suggested_m()), datum, datum);
}

OffsetCheck check_china_offset(std::span<const LonLat> points,
                               const std::function<double(LonLat)>& distance_m,
                               const OffsetCheckRule& rule) {
  std::vector<double> as_given;
  std::vector<double> from_gcj02;
  std::vector<double> from_bd09;
  for (const LonLat& p : points) {
    if (outside_china(p)) continue;
    as_given.push_back(distance_m(p));
    from_gcj02.push_back(distance_m(wgs84_from_gcj02(p)));
    from_bd09.push_back(distance_m(wgs84_from_bd09(p)));
  }
  OffsetCheck out;
  out.points_checked = as_given.size();
  out.median_as_given_m = median(std::move(as_given));
  out.median_from_gcj02_m = median(std::move(from_gcj02));
  out.median_from_bd09_m = median(std::move(from_bd09));
  const bool gcj = substantial(out.median_as_given_m, out.median_from_gcj02_m, rule);
  const bool bd = substantial(out.median_as_given_m, out.median_from_bd09_m, rule);
  if (gcj && bd) {
    out.suggested =
        out.median_from_bd09_m < out.median_from_gcj02_m ? ChinaDatum::Bd09 : ChinaDatum::Gcj02;
  } else if (gcj) {
    out.suggested = ChinaDatum::Gcj02;
  } else if (bd) {
    out.suggested = ChinaDatum::Bd09;
  }
  return out;
}

}  // namespace equiroute::geodata
