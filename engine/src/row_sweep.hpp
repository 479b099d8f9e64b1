#pragma once
// The one row-sweep kernel of the threshold and decay models (cumulative, gravity and step 2
// of the floating catchment family): for every demand point i,
//     A_i[a] = Σ_{j in reach(i), not skipped} w(i, t_ij) · V_j[a]
// over the sparse cost row of i, in destination order (so results are bit-identical for any
// thread count), and a point is "unreached" when no facility is in reach.

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <cstdint>
#include <span>

#include "equiroute/engine/access_model.hpp"

namespace equiroute::engine::detail {

/// Values per facility × attribute, row-major (supply S_j, or the 2SFCA ratios R_j), and
/// facilities to leave out although in reach (2SFCA: ratio undefined); `skip` may be empty.
struct FacilityValues {
  std::span<const double> values;
  std::size_t attributes = 0;
  std::span<const std::uint8_t> skip;
};

/// Fills result.scores, result.unreached and result.unreached_count (result.columns must be
/// set). `in_reach(t_s)` says whether a pair counts; `weight(i, t_s)` is its weight.
template <class InReach, class Weight>
void sweep_rows(const CostMatrix& costs, const FacilityValues& facilities, InReach in_reach,
                Weight weight, AccessResult& result) {
  // Rows per parallel task: large enough to amortise scheduling, small enough to balance.
  constexpr std::size_t kRowGrain = 256;
  const std::size_t n = costs.origin_count;
  const std::size_t attrs = facilities.attributes;
  result.demand_count = n;
  result.scores.assign(n * attrs, 0.0);
  result.unreached.assign(n, 0);
  tbb::parallel_for(tbb::blocked_range<std::size_t>(0, n, kRowGrain),
                    [&](const tbb::blocked_range<std::size_t>& rows) {
                      for (std::size_t i = rows.begin(); i != rows.end(); ++i) {
                        const auto dest = costs.row_destinations(i);
                        const auto times = costs.row_travel_s(i);
                        double* out = result.scores.data() + i * attrs;
                        bool reached = false;
                        for (std::size_t e = 0; e < dest.size(); ++e) {
                          if (!in_reach(times[e])) continue;
                          reached = true;
                          const std::size_t j = dest[e];
                          if (!facilities.skip.empty() && facilities.skip[j]) continue;
                          const double w = weight(i, times[e]);
                          const double* v = facilities.values.data() + j * attrs;
                          for (std::size_t a = 0; a < attrs; ++a) out[a] += w * v[a];
                        }
                        result.unreached[i] = reached ? 0 : 1;
                      }
                    });
  result.unreached_count = static_cast<std::size_t>(
      std::count(result.unreached.begin(), result.unreached.end(), std::uint8_t{1}));
}

}  // namespace equiroute::engine::detail
