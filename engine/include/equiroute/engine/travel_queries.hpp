#pragma once
// Travel-time queries on a RoadGraph: one-to-many Dijkstra through a reusable per-thread
// query object, origin–destination matrices, nearest / k nearest facilities and isochrone
// pieces. Multi-threaded over sources with oneTBB; results are identical for any thread
// count (each source is computed independently and written to its own slot).

#include <cstddef>
#include <cstdint>
#include <functional>
#include <limits>
#include <span>
#include <vector>

#include "equiroute/engine/cost_matrix.hpp"
#include "equiroute/engine/road_graph.hpp"
#include "equiroute/engine/snapping.hpp"

namespace equiroute::engine {

inline constexpr double kUnreachable = std::numeric_limits<double>::infinity();

/// A start node of a search with its initial cost (seconds).
struct Seed {
  std::uint32_t node = 0;
  double cost_s = 0.0;
};

/// One-to-many Dijkstra over the forward (or backward) graph with an indexed 4-ary heap
/// over contiguous arrays. Buffers are sized once per graph and reset lazily (only the
/// touched nodes), so one object serves many queries; use one object per thread.
class DijkstraQuery {
 public:
  explicit DijkstraQuery(const RoadGraph& graph);

  /// Runs from `seeds` (multi-source; a node listed twice keeps its lower cost) until
  /// every node with distance ≤ cutoff_s is settled. `backward`: search the reversed
  /// graph (distances *to* the seeds). Throws std::invalid_argument on a seed node out of
  /// range or a negative seed cost.
  void run(std::span<const Seed> seeds, double cutoff_s = kUnreachable, bool backward = false);

  /// Runs like run() but stops as soon as all `targets` are settled (or the cutoff).
  void run_until(std::span<const Seed> seeds, std::span<const std::uint32_t> targets,
                 double cutoff_s = kUnreachable, bool backward = false);

  /// Runs like run() and calls `on_settle(node, distance_s)` for each settled node in
  /// order; the search stops when it returns false.
  void run_visit(std::span<const Seed> seeds, double cutoff_s, bool backward,
                 const std::function<bool(std::uint32_t, double)>& on_settle);

  /// Distance (s) of `node` from the last run's seeds, +inf when not settled.
  double distance_s(std::uint32_t node) const noexcept {
    const NodeState& n = state_[node];
    return n.generation == generation_ && n.heap_pos == kSettled ? n.dist : kUnreachable;
  }
  /// Nodes settled by the last run, in settling order (non-decreasing distance).
  std::span<const std::uint32_t> settled_nodes() const noexcept { return order_; }

  const RoadGraph& graph() const noexcept { return graph_; }

 private:
  template <bool Backward, class Stop>
  void search(std::span<const Seed> seeds, double cutoff_s, Stop&& stop);
  void begin_run();

  const RoadGraph& graph_;
  static constexpr std::uint32_t kSettled = 0xFFFFFFFFu;
  /// Per-node search state in one 16-byte record (one cache line access per relaxation).
  /// Valid only when `generation` is the current run's; heap_pos == kSettled once settled.
  struct NodeState {
    double dist = kUnreachable;
    std::uint32_t generation = 0;
    std::uint32_t heap_pos = 0;
  };
  /// Heap entries carry their key, so sifting never touches the node states' distances.
  struct HeapEntry {
    double key;
    std::uint32_t node;
  };
  std::vector<NodeState> state_;
  std::vector<HeapEntry> heap_;  ///< 4-ary min-heap ordered by (key, node)
  std::vector<std::uint32_t> order_;
  std::vector<std::uint32_t> target_mark_;
  std::uint32_t generation_ = 0;
};

/// Seeds of a search leaving the snapped point `s` (access leg + partial edge to a and/or
/// b). Empty when `s` is unreachable.
std::vector<Seed> origin_seeds(const Snap& s);
/// Seeds of a backward search arriving at the snapped point `s`.
std::vector<Seed> destination_seeds(const Snap& s);

/// Cost (s) from origin snap `o` to destination snap `d` given the distances of a forward
/// search from `o` (`query` must have been run with origin_seeds(o)): the best of
/// arriving through d's chain end nodes and, when both lie on the same chain, moving
/// along it directly. Includes both access legs. +inf when unreachable.
double snapped_cost_s(const DijkstraQuery& query, const Snap& o, const Snap& d);

/// Direct travel (s) from snap `o` to snap `d` along their common chain in an allowed
/// direction, without access legs (the segment times between them, summed from o
/// onwards); +inf when they are not on the same chain or the direction is not allowed.
double same_segment_s(const RoadGraph& graph, const Snap& o, const Snap& d);

/// Throws std::invalid_argument when a reachable snap does not belong to `graph` (chain,
/// segment or end nodes out of range or inconsistent).
void check_snaps(const RoadGraph& graph, const std::vector<Snap>& snaps);

/// How od_matrix computes its searches.
enum class OdMethod {
  automatic,              ///< Dijkstra for small matrices, a contraction hierarchy for big ones
  dijkstra,               ///< one Dijkstra search per origin (or per destination)
  contraction_hierarchy,  ///< build a contraction hierarchy, then bucket many-to-many
};

/// How a matrix is computed on a contraction hierarchy (ch_od_matrix).
enum class HierarchyMethod {
  automatic,  ///< the cheaper of the two by an estimate from the input
  buckets,    ///< bucket many-to-many (Knopp et al. 2007)
  sweeps,     ///< RPHAST: upward search + sweep over the other side's target selection
};

struct QueryOptions {
  /// Pairs with travel time above this are omitted (seconds; +inf: none).
  double cutoff_s = kUnreachable;
  /// Worker threads (oneTBB task arena size); 0: all hardware threads.
  unsigned threads = 1;
  /// od_matrix only: force a method (tests, benchmarks); other queries ignore it.
  OdMethod method = OdMethod::automatic;
  /// Matrices on a contraction hierarchy: force an algorithm (tests, benchmarks).
  HierarchyMethod hierarchy_method = HierarchyMethod::automatic;
};

/// Origin–destination matrix between snapped points. Unreachable pairs (an unreachable
/// snap, no path, or beyond the cutoff) are absent. Small matrices: searches run from the
/// smaller side (backward from destinations when they are fewer), each stopped at the
/// cutoff or when all of the other side's segment ends are settled. Big matrices (see
/// od_matrix in travel_queries.cpp for the rule): a contraction hierarchy is built and the
/// matrix computed with the bucket algorithm (contraction_hierarchy.hpp). Both are exact.
CostMatrix od_matrix(const RoadGraph& graph, const std::vector<Snap>& origins,
                     const std::vector<Snap>& destinations, const QueryOptions& options = {});

/// One entry of a nearest-facility result.
struct NearestEntry {
  std::uint32_t destination = 0;
  double travel_s = 0.0;
};

/// For each origin, the k destinations with the least travel time, ascending by
/// (travel_s, destination index) — ties go to the lower index. Fewer than k when fewer
/// are reachable (within the cutoff). Per-origin search stopped once the k-th best is
/// final.
std::vector<std::vector<NearestEntry>> nearest_destinations(const RoadGraph& graph,
                                                            const std::vector<Snap>& origins,
                                                            const std::vector<Snap>& destinations,
                                                            std::size_t k,
                                                            const QueryOptions& options = {});

/// A reached piece of road: the straight segment from `from` to `to` (working CRS).
struct ReachedPiece {
  XY from;
  XY to;
};

/// Everything reachable from one origin within one time limit: the network pieces
/// (road segments wholly reached plus the reached part of segments left partly, following
/// the roads' shape points), the access leg from the point to the network, and the reached
/// graph nodes (junctions and dead ends; shape points are not graph nodes).
struct IsochronePieces {
  double limit_s = 0.0;
  std::vector<ReachedPiece> pieces;
  std::vector<std::uint32_t> nodes;
};

/// Reached network per origin and per limit: result[origin][limit index]. `limits_s`
/// must be ascending and positive (throws std::invalid_argument otherwise). Unreachable
/// origins get empty pieces.
std::vector<std::vector<IsochronePieces>> isochrone_pieces(const RoadGraph& graph,
                                                           const std::vector<Snap>& origins,
                                                           const std::vector<double>& limits_s,
                                                           unsigned threads = 1);

/// Runs `body(i)` for i in [0, n) in a oneTBB task arena of `threads` workers (0: all).
void parallel_over(std::size_t n, unsigned threads, const std::function<void(std::size_t)>& body);

}  // namespace equiroute::engine
