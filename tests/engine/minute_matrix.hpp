#pragma once
// A sparse travel-cost matrix written as a dense table of minutes, for hand-computed tests.

#include <cstdint>
#include <vector>

#include "equiroute/engine/cost_matrix.hpp"

namespace equiroute::test {

/// CSR matrix from a dense table of minutes (negative = absent pair); times in seconds.
inline engine::CostMatrix matrix_from_minutes(const std::vector<std::vector<double>>& minutes) {
  engine::CostMatrix m;
  m.origin_count = minutes.size();
  m.destination_count = minutes.empty() ? 0 : minutes[0].size();
  for (const auto& row : minutes) {
    for (std::size_t j = 0; j < row.size(); ++j) {
      if (row[j] < 0) continue;
      m.destinations.push_back(static_cast<std::uint32_t>(j));
      m.travel_s.push_back(row[j] * 60.0);
    }
    m.row_offsets.push_back(m.destinations.size());
  }
  return m;
}

}  // namespace equiroute::test
