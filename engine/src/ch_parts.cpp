// ContractionHierarchy: its arrays for storage, and a hierarchy over stored arrays (checked,
// so that a damaged file can never make a query read out of bounds).

#include <cmath>
#include <stdexcept>
#include <string>
#include <vector>

#include "equiroute/engine/contraction_hierarchy.hpp"

namespace equiroute::engine {
namespace {

void require(bool ok, const char* what) {
  if (!ok) throw std::invalid_argument(std::string("contraction hierarchy: ") + what);
}

/// Arcs stored at rank r lead to higher ranks only, with finite non-negative weights.
void check_arcs(std::span<const std::uint32_t> first, std::span<const std::uint32_t> other,
                std::span<const double> weight, std::size_t n) {
  require(first.size() == n + 1 && first[0] == 0 && first[n] == other.size() &&
              weight.size() == other.size(),
          "arc offsets are inconsistent");
  for (std::size_t r = 0; r < n; ++r) {
    require(first[r] <= first[r + 1], "arc offsets are inconsistent");
    for (auto e = first[r]; e < first[r + 1]; ++e)
      require(other[e] > r && other[e] < n, "an arc does not lead upwards");
  }
  for (const double w : weight)
    require(std::isfinite(w) && w >= 0.0, "an arc weight is negative or not finite");
}

}  // namespace

ContractionHierarchy::Parts ContractionHierarchy::parts() const noexcept {
  return {rank_,       up_first_,  up_head_,     up_weight_,
          down_first_, down_tail_, down_weight_, shortcuts_};
}

ContractionHierarchy ContractionHierarchy::from_parts(const Parts& p,
                                                      std::shared_ptr<const void> keep_alive) {
  const std::size_t n = p.rank.size();
  std::vector<char> seen(n, 0);
  for (const auto r : p.rank) {
    require(r < n && seen[r] == 0, "the ranks are not a permutation of the nodes");
    seen[r] = 1;
  }
  check_arcs(p.up_first, p.up_head, p.up_weight, n);
  check_arcs(p.down_first, p.down_tail, p.down_weight, n);
  ContractionHierarchy ch;
  ch.rank_ = FlatArray<std::uint32_t>::view(p.rank);
  ch.up_first_ = FlatArray<std::uint32_t>::view(p.up_first);
  ch.up_head_ = FlatArray<std::uint32_t>::view(p.up_head);
  ch.up_weight_ = FlatArray<double>::view(p.up_weight);
  ch.down_first_ = FlatArray<std::uint32_t>::view(p.down_first);
  ch.down_tail_ = FlatArray<std::uint32_t>::view(p.down_tail);
  ch.down_weight_ = FlatArray<double>::view(p.down_weight);
  ch.shortcuts_ = p.shortcuts;
  ch.keep_alive_ = std::move(keep_alive);
  return ch;
}

std::size_t ContractionHierarchy::memory_bytes() const noexcept {
  return rank_.bytes() + up_first_.bytes() + up_head_.bytes() + up_weight_.bytes() +
         down_first_.bytes() + down_tail_.bytes() + down_weight_.bytes();
}

}  // namespace equiroute::engine
