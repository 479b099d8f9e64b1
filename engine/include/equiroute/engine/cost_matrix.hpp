#pragma once
// Travel costs from origins (demand points) to destinations (facilities), the hand-over
// between routing and accessibility. Sparse: a pair that is absent is unreachable (or beyond
// the cutoff). Rows are origins in CSR order; within a row, destinations ascend.

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace equiroute::engine {

struct CostMatrix {
  std::size_t origin_count = 0;
  std::size_t destination_count = 0;
  std::vector<std::size_t> row_offsets{0};  ///< size origin_count + 1
  std::vector<std::uint32_t> destinations;  ///< destination index per entry, ascending per row
  std::vector<double> travel_s;             ///< seconds per entry, ≥ 0
  /// True when costs are straight-line estimates (no network): outputs must say so.
  bool approximate = false;

  std::size_t entries() const noexcept { return destinations.size(); }
  std::span<const std::uint32_t> row_destinations(std::size_t origin) const noexcept {
    return {destinations.data() + row_offsets[origin],
            row_offsets[origin + 1] - row_offsets[origin]};
  }
  std::span<const double> row_travel_s(std::size_t origin) const noexcept {
    return {travel_s.data() + row_offsets[origin], row_offsets[origin + 1] - row_offsets[origin]};
  }
};

}  // namespace equiroute::engine
