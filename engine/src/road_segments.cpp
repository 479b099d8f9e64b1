#include "road_segments.hpp"

#include <algorithm>
#include <boost/graph/compressed_sparse_row_graph.hpp>
#include <boost/graph/strong_components.hpp>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>
#include <utility>

namespace equiroute::engine::detail {
namespace {

constexpr std::uint32_t kNone = std::numeric_limits<std::uint32_t>::max();
constexpr double kInf = std::numeric_limits<double>::infinity();

struct RawEdge {
  std::uint32_t u;
  std::uint32_t v;
  double travel_s;
  double length_m;
};

/// Valid edges without self-loops, sorted by (u, v, travel, length), parallel ones merged
/// into the first (fastest).
std::vector<RawEdge> merged_edges(const RoadEdges& edges, RoadGraphCounts& counts) {
  const std::size_t n = edges.node_count();
  const std::size_t m = edges.edge_count();
  std::vector<RawEdge> raw;
  raw.reserve(m);
  for (std::size_t i = 0; i < m; ++i) {
    const auto u = edges.from[i], v = edges.to[i];
    if (u >= n || v >= n)
      throw std::invalid_argument("RoadGraph: edge " + std::to_string(i) +
                                  " refers to a node out of range");
    const double t = edges.travel_s[i], len = edges.length_m[i];
    if (!std::isfinite(t) || t < 0.0 || !std::isfinite(len) || len < 0.0)
      throw std::invalid_argument("RoadGraph: edge " + std::to_string(i) +
                                  " has a negative or non-finite cost");
    if (u == v) {
      ++counts.merged_edges;
      continue;
    }
    raw.push_back({u, v, t, len});
  }
  std::sort(raw.begin(), raw.end(), [](const RawEdge& a, const RawEdge& b) {
    if (a.u != b.u) return a.u < b.u;
    if (a.v != b.v) return a.v < b.v;
    if (a.travel_s != b.travel_s) return a.travel_s < b.travel_s;
    return a.length_m < b.length_m;
  });
  std::size_t kept = 0;
  for (std::size_t i = 0; i < raw.size(); ++i) {
    if (kept > 0 && raw[kept - 1].u == raw[i].u && raw[kept - 1].v == raw[i].v) {
      ++counts.merged_edges;
      continue;
    }
    raw[kept++] = raw[i];
  }
  raw.resize(kept);
  return raw;
}

/// New id of every input node (kNone: dropped): the largest strongly connected component
/// (Boost's Tarjan, ties to the component holding the lowest node id), or every node with
/// an edge.
std::vector<std::uint32_t> kept_node_ids(const std::vector<RawEdge>& raw, std::size_t n,
                                         bool keep_largest, RoadGraphCounts& counts) {
  using Csr =
      boost::compressed_sparse_row_graph<boost::directedS, boost::no_property, boost::no_property,
                                         boost::no_property, std::uint32_t, std::uint32_t>;
  std::vector<std::uint32_t> component(n, 0);
  {
    std::vector<std::pair<std::uint32_t, std::uint32_t>> pairs(raw.size());
    for (std::size_t i = 0; i < raw.size(); ++i) pairs[i] = {raw[i].u, raw[i].v};
    const Csr full(boost::edges_are_sorted, pairs.begin(), pairs.end(), n);
    std::vector<std::pair<std::uint32_t, std::uint32_t>>().swap(pairs);
    counts.components =
        n == 0 ? 0
               : boost::strong_components(
                     full, boost::make_iterator_property_map(
                               component.begin(), boost::get(boost::vertex_index, full)));
  }
  std::vector<std::uint32_t> keep(n, kNone);
  std::uint32_t next = 0;
  if (!keep_largest || counts.components == 0) {
    // Every node that has an edge; isolated nodes would only be unreachable snap targets.
    std::vector<char> used(n, 0);
    for (const auto& e : raw) used[e.u] = used[e.v] = 1;
    for (std::uint32_t i = 0; i < n; ++i)
      if (used[i]) keep[i] = next++;
    return keep;
  }
  std::vector<std::size_t> size(counts.components, 0);
  std::vector<std::uint32_t> first(counts.components, kNone);
  for (std::uint32_t i = 0; i < n; ++i) {
    ++size[component[i]];
    first[component[i]] = std::min(first[component[i]], i);
  }
  std::uint32_t best = 0;
  for (std::uint32_t c = 1; c < counts.components; ++c)
    if (size[c] > size[best] || (size[c] == size[best] && first[c] < first[best])) best = c;
  for (std::uint32_t i = 0; i < n; ++i)
    if (component[i] == best) keep[i] = next++;
  return keep;
}

}  // namespace

std::int64_t SegmentGraph::find(std::uint32_t u, std::uint32_t v) const noexcept {
  const auto begin = head.begin() + first_out[u], end = head.begin() + first_out[u + 1];
  const auto it = std::lower_bound(begin, end, v);
  return it == end || *it != v ? -1 : it - head.begin();
}

SegmentGraph build_segment_graph(const RoadEdges& edges, const RoadGraphOptions& options) {
  const std::size_t n = edges.node_count();
  const std::size_t m = edges.edge_count();
  if (edges.to.size() != m || edges.length_m.size() != m || edges.travel_s.size() != m)
    throw std::invalid_argument("RoadGraph: edge arrays differ in size");
  if (n > std::numeric_limits<std::uint32_t>::max() / 2 ||
      m > std::numeric_limits<std::uint32_t>::max() / 2)
    throw std::invalid_argument("RoadGraph: more than 2^31 nodes or edges");
  SegmentGraph g;
  std::vector<RawEdge> raw = merged_edges(edges, g.counts);
  const auto keep = kept_node_ids(raw, n, options.keep_largest_component, g.counts);
  std::uint32_t kept_nodes = 0;
  for (std::uint32_t i = 0; i < n; ++i)
    if (keep[i] != kNone) ++kept_nodes;
  g.kept_input.resize(kept_nodes);
  for (std::uint32_t i = 0; i < n; ++i)
    if (keep[i] != kNone) g.kept_input[keep[i]] = i;
  g.counts.dropped_nodes = n - kept_nodes;

  // Renumbering is monotone, so the (u, v) order of the kept segments is preserved.
  g.first_out.assign(kept_nodes + 1, 0);
  for (const auto& e : raw) {
    const auto u = keep[e.u], v = keep[e.v];
    if (u == kNone || v == kNone) continue;
    ++g.first_out[u + 1];
    g.head.push_back(v);
    g.travel_s.push_back(e.travel_s);
    g.length_m.push_back(e.length_m);
  }
  for (std::size_t i = 0; i < kept_nodes; ++i) g.first_out[i + 1] += g.first_out[i];
  g.counts.raw_nodes = kept_nodes;
  g.counts.raw_edges = g.head.size();
  g.counts.dropped_edges = m - g.counts.merged_edges - g.head.size();
  if (g.head.empty())
    throw std::invalid_argument("RoadGraph: no edge left after dropping disconnected parts");
  return g;
}

namespace {

/// In-neighbours of every node (sorted), for the through-node test.
std::vector<std::uint32_t> in_counts_and_tails(const SegmentGraph& g,
                                               std::vector<std::uint32_t>& first_in) {
  const std::size_t n = g.node_count();
  first_in.assign(n + 1, 0);
  for (const auto v : g.head) ++first_in[v + 1];
  for (std::size_t i = 0; i < n; ++i) first_in[i + 1] += first_in[i];
  std::vector<std::uint32_t> tails(g.head.size());
  std::vector<std::uint32_t> fill(first_in.begin(), first_in.end() - 1);
  for (std::uint32_t u = 0; u < n; ++u)  // tails come out ascending per head
    for (auto e = g.first_out[u]; e < g.first_out[u + 1]; ++e) tails[fill[g.head[e]]++] = u;
  return tails;
}

/// Junction flags: a node is a through node when it has exactly two neighbours u ≠ w and
/// either in = {u}, out = {w} (one-way) or in = out = {u, w} (two-way).
std::vector<char> junctions(const SegmentGraph& g, bool compress) {
  const std::size_t n = g.node_count();
  std::vector<char> junction(n, 1);
  if (!compress) return junction;
  std::vector<std::uint32_t> first_in;
  const auto tails = in_counts_and_tails(g, first_in);
  for (std::uint32_t v = 0; v < n; ++v) {
    const std::uint32_t out0 = g.first_out[v], outs = g.first_out[v + 1] - out0;
    const std::uint32_t in0 = first_in[v], ins = first_in[v + 1] - in0;
    const bool one_way = outs == 1 && ins == 1 && g.head[out0] != tails[in0];
    const bool two_way =
        outs == 2 && ins == 2 && g.head[out0] == tails[in0] && g.head[out0 + 1] == tails[in0 + 1];
    junction[v] = one_way || two_way ? 0 : 1;
  }
  return junction;
}

class ChainWalker {
 public:
  ChainWalker(const SegmentGraph& g, ChainSet& out)
      : g_(g), out_(out), consumed_(g.head.size(), 0), visited_(g.node_count(), 0) {}

  /// Walks every chain leaving node `start` through a segment not walked yet.
  void walk_from(std::uint32_t start) {
    for (auto e = g_.first_out[start]; e < g_.first_out[start + 1]; ++e)
      if (!consumed_[e]) walk(start, e);
  }
  bool visited(std::uint32_t v) const { return visited_[v] != 0; }

 private:
  /// One chain from `start` along segment `e`, until a junction (possibly `start`).
  void walk(std::uint32_t start, std::uint32_t e) {
    const bool two_way = g_.find(g_.head[e], start) >= 0;
    double forward_m = 0.0, backward_m = 0.0;
    std::uint32_t cur = start;
    for (;;) {
      const std::uint32_t x = g_.head[e];
      consumed_[e] = 1;
      out_.forward_s.push_back(g_.travel_s[e]);
      forward_m += g_.length_m[e];
      if (two_way) {
        const auto r = static_cast<std::uint32_t>(g_.find(x, cur));
        consumed_[r] = 1;
        out_.backward_s.push_back(g_.travel_s[r]);
        backward_m += g_.length_m[r];
      } else {
        out_.backward_s.push_back(kInf);
      }
      if (out_.junction[x]) {
        out_.a.push_back(start);
        out_.b.push_back(x);
        break;
      }
      visited_[x] = 1;
      out_.interior.push_back(x);
      // A through node: its out-segment away from `cur` (the only one when one-way).
      std::uint32_t next = g_.first_out[x];
      if (two_way && g_.head[next] == cur) ++next;
      cur = x;
      e = next;
    }
    out_.first_segment.push_back(static_cast<std::uint32_t>(out_.forward_s.size()));
    out_.forward_m.push_back(forward_m);
    out_.backward_m.push_back(two_way ? backward_m : 0.0);
    out_.two_way.push_back(two_way ? 1 : 0);
  }

  const SegmentGraph& g_;
  ChainSet& out_;
  std::vector<char> consumed_;
  std::vector<char> visited_;
};

}  // namespace

ChainSet find_chains(const SegmentGraph& g, bool compress) {
  ChainSet chains;
  chains.junction = junctions(g, compress);
  chains.first_segment.push_back(0);
  const auto n = static_cast<std::uint32_t>(g.node_count());
  ChainWalker walker(g, chains);
  for (std::uint32_t v = 0; v < n; ++v)
    if (chains.junction[v]) walker.walk_from(v);
  // Through nodes not reached from any junction lie on rings: the lowest node of each ring
  // becomes a junction.
  for (std::uint32_t v = 0; v < n; ++v) {
    if (chains.junction[v] || walker.visited(v)) continue;
    chains.junction[v] = 1;
    walker.walk_from(v);
  }
  return chains;
}

}  // namespace equiroute::engine::detail
