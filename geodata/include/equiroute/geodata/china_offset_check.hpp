#pragma once
// Detection of facility coordinates that are really GCJ-02 or BD-09 but were declared (or
// defaulted) as WGS 84: if converting them would bring them much closer to the road
// network (or to a set of reference points such as county seats), they are probably
// offset. The check only reports; it never converts (docs/coordinates.md, "Detection").

#include <cstddef>
#include <functional>
#include <optional>
#include <span>
#include <string>

#include "equiroute/core/geo_types.hpp"
#include "equiroute/geodata/china_coordinates.hpp"

namespace equiroute::geodata {

/// When a conversion counts as cutting the median distance "substantially": by at least
/// `min_cut_share` of the median as given AND by at least `min_cut_m`. The defaults
/// (40 %, 100 m) sit well inside the 300–700 m offsets of GCJ-02 and far above the few
/// metres a true WGS 84 point moves when snapped, so true points stay silent.
struct OffsetCheckRule {
  double min_cut_share = 0.4;
  double min_cut_m = 100.0;
};

struct OffsetCheck {
  std::size_t points_checked = 0;    ///< points inside the China box (others cannot be offset)
  double median_as_given_m = 0.0;    ///< NaN when no point was checked
  double median_from_gcj02_m = 0.0;  ///< after converting every point GCJ-02 → WGS 84
  double median_from_bd09_m = 0.0;   ///< after converting every point BD-09 → WGS 84
  /// The conversion that cuts the median substantially (the better one when both do).
  std::optional<ChinaDatum> suggested;

  /// Median after the suggested conversion (NaN when none is suggested).
  double median_suggested_m() const;
  /// One line for the log when a conversion is suggested, else "". `what` names the
  /// layer (e.g. "facilities 'hospitals.csv'"), `distance` the measure ("snap distance").
  std::string warning(const std::string& what, const std::string& distance = "snap distance") const;
};

/// Median of `distance_m(p)` over the points inside the China box, as given and after
/// each conversion to WGS 84, and which conversion (if any) passes `rule`. `distance_m`
/// returns metres (e.g. the snap distance to the road network; +inf when beyond reach) and
/// must be callable for any lon/lat.
OffsetCheck check_china_offset(std::span<const LonLat> points,
                               const std::function<double(LonLat)>& distance_m,
                               const OffsetCheckRule& rule = {});

}  // namespace equiroute::geodata
