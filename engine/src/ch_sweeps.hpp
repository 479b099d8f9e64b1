#pragma once
// Private to the engine: PHAST and RPHAST sweeps over a contraction hierarchy (Delling,
// Goldberg, Nowatzyk & Werneck 2013, "PHAST: Hardware-accelerated shortest path trees";
// Delling, Goldberg & Werneck 2011, "Faster batched shortest paths in road networks").

#include <cstdint>
#include <functional>
#include <limits>
#include <span>
#include <vector>

#include "equiroute/engine/contraction_hierarchy.hpp"

namespace equiroute::engine::detail {

inline constexpr std::uint32_t kNotSelected = std::numeric_limits<std::uint32_t>::max();

/// The part of the hierarchy a sweep must visit so that the distances of some target nodes
/// are exact (RPHAST's target selection): the targets and, recursively, the higher nodes
/// their sweep arcs come from. Nodes get local ids in descending rank order (the sweep
/// order); each local node lists its sweep arcs with the local ids of their higher ends.
struct Selection {
  bool backward = false;                ///< distances to the sources (sweep over up arcs)
  std::vector<std::uint32_t> local_of;  ///< rank → local id, kNotSelected when absent
  std::vector<std::uint32_t> rank_of;   ///< local id → rank
  std::vector<std::uint32_t> first;     ///< local CSR of the sweep arcs
  std::vector<std::uint32_t> other;     ///< higher end, local id (< the node's)
  std::vector<double> weight;

  std::size_t size() const noexcept { return rank_of.size(); }
  std::size_t arc_count() const noexcept { return other.size(); }
};

/// Selection for the ranks in `targets` (forward: distances from sources, closed under the
/// down arcs' tails; backward: distances to sources, closed under the up arcs' heads).
Selection select_targets(const ContractionHierarchy& ch, std::span<const std::uint32_t> targets,
                         bool backward);
/// The whole hierarchy (PHAST).
Selection select_all(const ContractionHierarchy& ch, bool backward);

/// The distances of a group of up to 8 sources after one sweep, interleaved: the
/// distance of local id l for lane k (source first + k) is dist[l * stride + k], so one
/// node's distances for the whole group share a cache line.
struct SweepGroup {
  std::size_t first;  ///< index of the group's first source
  unsigned count;     ///< sources in the group (lanes used)
  const double* dist;
  unsigned stride;
  const double* at(std::uint32_t local) const noexcept {
    return dist + std::size_t{local} * stride;
  }
};

/// Runs sweeps for every source (its seeds; empty: no search, all +inf) in groups of up to
/// 8 (fewer on large selections, to bound the buffer), in parallel over groups, and calls
/// group() once per group. Distances may exceed the cutoff (the caller filters).
/// Deterministic: each source's distances depend on its seeds only.
void sweep_sources(const ContractionHierarchy& ch, const Selection& selection,
                   const std::vector<std::vector<Seed>>& sources, double cutoff_s, unsigned threads,
                   const std::function<void(const SweepGroup&)>& group);

}  // namespace equiroute::engine::detail
