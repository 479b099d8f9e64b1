// SearchState: nearest and second-nearest open site per demand point.

#include <algorithm>
#include <cmath>
#include <limits>

#include "plan_search.hpp"

namespace equiroute::engine::detail {

bool better(const Score& a, const Score& b) {
  auto tolerance = [](double x, double y) {
    return 1e-9 * std::max({1.0, std::fabs(x), std::fabs(y)});
  };
  const double tp = tolerance(a.primary, b.primary);
  if (a.primary < b.primary - tp) return true;
  if (a.primary > b.primary + tp) return false;
  return a.secondary < b.secondary - tolerance(a.secondary, b.secondary);
}

SearchState::SearchState(const NearestProblem& problem)
    : problem_(problem),
      open_(problem.site_count, 0),
      d1_(problem.base_s),
      d2_(problem.base_s),
      s1_(problem.base_s.size(), kNoSite),
      add_time_(problem.base_s.size(), std::numeric_limits<double>::quiet_NaN()) {}

void SearchState::refresh(std::uint32_t point) {
  const SparseLists& rows = problem_.rows;
  double first = problem_.base_s[point];
  double second = problem_.base_s[point];
  std::uint32_t first_site = kNoSite;
  // Rows ascend by (time, site) and hold only times below the base: the first open entry
  // is the nearest, the next one (or the base) the second nearest.
  for (std::size_t e = rows.offsets[point]; e < rows.offsets[point + 1]; ++e) {
    if (!open_[rows.index[e]]) continue;
    if (first_site == kNoSite) {
      first_site = rows.index[e];
      first = rows.value[e];
    } else {
      second = rows.value[e];
      break;
    }
  }
  d1_[point] = first;
  d2_[point] = second;
  s1_[point] = first_site;
}

void SearchState::open(std::uint32_t site) {
  if (open_[site]) return;
  open_[site] = 1;
  open_list_.insert(std::upper_bound(open_list_.begin(), open_list_.end(), site), site);
  const SparseLists& columns = problem_.columns;
  for (std::size_t e = columns.offsets[site]; e < columns.offsets[site + 1]; ++e) {
    refresh(columns.index[e]);
  }
}

void SearchState::close(std::uint32_t site) {
  if (!open_[site]) return;
  open_[site] = 0;
  open_list_.erase(std::lower_bound(open_list_.begin(), open_list_.end(), site));
  const SparseLists& columns = problem_.columns;
  for (std::size_t e = columns.offsets[site]; e < columns.offsets[site + 1]; ++e) {
    refresh(columns.index[e]);
  }
}

void SearchState::move_changes(std::uint32_t add, std::uint32_t remove,
                               std::vector<TimeChange>& out) {
  out.clear();
  const SparseLists& columns = problem_.columns;
  if (add != kNoSite) {
    for (std::size_t e = columns.offsets[add]; e < columns.offsets[add + 1]; ++e) {
      add_time_[columns.index[e]] = columns.value[e];
    }
  }
  if (remove != kNoSite) {
    for (std::size_t e = columns.offsets[remove]; e < columns.offsets[remove + 1]; ++e) {
      const std::uint32_t p = columns.index[e];
      if (s1_[p] != remove) continue;
      double to = d2_[p];
      if (add_time_[p] < to) to = add_time_[p];  // NaN compares false
      out.push_back({p, d1_[p], to});
    }
  }
  if (add != kNoSite) {
    for (std::size_t e = columns.offsets[add]; e < columns.offsets[add + 1]; ++e) {
      const std::uint32_t p = columns.index[e];
      add_time_[p] = std::numeric_limits<double>::quiet_NaN();
      if (remove != kNoSite && s1_[p] == remove) continue;  // handled above
      if (columns.value[e] < d1_[p]) out.push_back({p, d1_[p], columns.value[e]});
    }
  }
}

}  // namespace equiroute::engine::detail
